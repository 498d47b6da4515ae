"""The operator's desk: their own open items and promises with live countdowns.

The desk is also where the operator signs in: until an agent number and its
password are proven, the sign-in box stands where the items will be. Signing
in fills the table in place, with no second screen to build and paint.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain.deadlines import countdown_words
from hotline_tui.domain.errors import HotlineError
from hotline_tui.i18n import N_, _
from hotline_tui.services.auth.ahead import desk_sign_in
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.live import desk_items
from hotline_tui.services.review.open_items import KINDS, OpenItem, open_items
from hotline_tui.ui.messages import WORK_KINDS
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.columns import measured_widths
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.dispatch.layout import fit
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable
from hotline_tui.ui.widgets.rule_words import rule_words
from hotline_tui.ui.workers import wait_until_open

#: (key, label, width before any item is measured). The customer comes before the
#: item text: a long symptom must not push it off screen.
DESK_COLUMNS = (
    ("left", N_("Time left"), 13),
    ("due", N_("Due"), 11),
    ("kind", N_("Kind"), 4),
    ("rule", N_("Why"), 10),
    ("customer", N_("Customer"), 16),
    ("title", N_("Item"), 40),
)


class DeskScreen(HotlineScreen):
    BINDINGS = [
        Binding("r", "reload", "Refresh", id="desk.reload"),
        Binding("enter", "open_item", "Open", id="desk.open.item"),
        Binding("escape", "leave", "Quit", id="desk.leave"),
    ]
    #: The desk follows every change to work items, even under another screen,
    #: so what is handed to the operator pops a notice wherever they are.
    LIVE_KINDS = WORK_KINDS
    LIVE_WHEN_COVERED = True

    def __init__(self, first: list[OpenItem] | None = None) -> None:
        """`first`: the signed-in operator's items, already fetched (`hotline --as`)."""
        super().__init__()
        self.items: list[OpenItem] = []
        self._loaded = False  # a list was shown: a reload can tell what is new
        self._first = first
        # Set before mounting: a class changed later restyles every widget on the screen.
        self.set_class(not self.signed_in, "-signed-out", update=False)

    @property
    def signed_in(self) -> bool:
        return self.app.ctx is not None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        if self.signed_in:
            yield from self._items_part()
        else:
            # Title and hint on the box's border: fewer widgets to style at start.
            with Vertical(id="signin-row") as box:
                box.border_title = _("Sign in to the hotline desk")
                box.border_subtitle = _("Press Enter to sign in")
                yield Input(placeholder=_("Agent number (工号)"), id="agent-no")
                yield Input(placeholder=_("Password"), password=True, id="password")
                yield Static("", id="signin-error", classes="error")
        yield KeyBar()

    def _items_part(self) -> list[Widget]:
        """The title, the table of items (columns set) and the empty-list line."""
        table = PlainTable(id="desk-table", cursor_type="row", zebra_stripes=True)
        self._set_columns(table, [width for _key, _label, width in DESK_COLUMNS])
        title = Static(_("My open items and promises"), classes="title", id="desk-title")
        return [title, table, Static("", id="desk-empty", classes="hint")]

    def _add_items_part(self) -> None:
        """Signed out, the items' part is built hidden once the box is on screen
        (while the agent number is typed), so the box shows sooner (docs/PERFORMANCE.md)."""
        if self.query("#desk-table"):
            return
        part = self._items_part()
        for widget in part:
            widget.display = False
        self.mount_all(part, before=self.query_one(KeyBar))

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        if self._first is not None:  # shown in the first frame; no reload on resume
            self.show_items(self._first)
        if not self.signed_in:
            box = self.query_one("#agent-no", Input)
            box.focus()
            self.call_after_refresh(self._add_items_part)
            # Say at once if the database cannot be opened (it opens while this paints).
            self.call_service(
                wait_until_open, failed=self._sign_in_failed, group="db-open", connection=False
            )
            if self.app.start_as:  # `hotline --as AGENT_NO`: the number typed, not the password
                box.value = self.app.start_as
                self.query_one("#password", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Signed out, only leaving is offered; signed in, everything but leaving."""
        if action == "leave":
            return not self.signed_in
        if action in ("reload", "open_item"):
            return self.signed_in
        return True

    # -- sign-in -------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id not in ("agent-no", "password") or self.signed_in:
            return
        event.stop()
        password = self.query_one("#password", Input)
        if event.input.id == "agent-no" and not password.value:
            password.focus()  # Enter after the number goes on to the password
            return
        self._sign_in(self.query_one("#agent-no", Input).value, password.value)

    def _sign_in(self, agent_no: str, password: str) -> None:
        self.query_one("#signin-error", Static).update("")
        app = self.app
        ahead, app.ahead = app.ahead, None  # the warm-up's items, for this sign-in only
        self.call_service(
            desk_sign_in,
            agent_no,
            password,
            app.place,
            app.settings,
            app.clock,
            ahead,
            done=self._signed_in,
            failed=self._sign_in_failed,
            group="sign-in",
            exclusive=True,
        )

    def _signed_in(self, found: tuple[ServiceContext, list[OpenItem]]) -> None:
        if self.signed_in:  # Enter pressed twice: the first answer signed in
            return
        ctx, items = found
        self.query_one("#password", Input).value = ""  # no secret kept in a widget
        self.app.sign_in(ctx)
        self._add_items_part()  # if Enter came before the box was first shown
        # Only these change: a class on the screen would restyle every widget.
        self.query_one("#signin-row").display = False
        for shown in ("#desk-title", "#desk-table", "#desk-empty"):
            self.query_one(shown).display = True
        self.query_one(DataTable).focus()
        self.refresh_bindings()
        self.show_items(items)

    def _sign_in_failed(self, exc: HotlineError) -> None:
        if self.signed_in:
            return
        self.query_one("#signin-error", Static).update(str(exc))
        password = self.query_one("#password", Input)
        password.value = ""  # the number stays as typed; the password is typed again
        number = self.query_one("#agent-no", Input)
        (password if number.value.strip() else number).focus()

    def action_leave(self) -> None:
        """Escape before signing in closes the desk."""
        if not self.signed_in:
            self.app.exit()

    # -- the items -----------------------------------------------------------
    def on_screen_resume(self) -> None:
        """Load when shown (signing in, or `first`, brings the first list itself)."""
        if self._first is not None:
            self._first = None
            return
        self.action_reload()

    def action_reload(self) -> None:
        if not self.signed_in:
            return
        shown = {item.key for item in self.items} if self._loaded else None
        self.call_service(
            desk_items,
            self.ctx.actor.id,
            shown,
            open_items,  # looked up here, so a test can count the desk's queries
            done=self._reloaded,
            failed=self._load_failed,
            group="desk",
            exclusive=True,
        )

    def _reloaded(self, found: tuple[list[OpenItem], list[OpenItem]]) -> None:
        items, handed = found
        if not self.is_attached:
            return
        self.show_items(items)
        for item in handed:  # put here by someone else: say so wherever the operator is
            self.app.notice(item)

    def _set_columns(self, table: PlainTable, widths: list[int]) -> None:
        """(Re)build the columns when their measured widths change."""
        if getattr(self, "_widths", None) == widths:
            return
        self._widths = widths
        table.set_columns(
            [(key, _(label), w) for (key, label, _w), w in zip(DESK_COLUMNS, widths, strict=True)]
        )

    def show_items(self, items: list[OpenItem]) -> None:
        """Show the items in place: the cursor stays on its item (by key), also
        when the list re-sorts; a row another desk changed is briefly marked."""
        self.items = items
        self._loaded = True
        table = self.query_one(PlainTable)
        now = self.ctx.now()
        rows = [
            (
                time_left(item.due_at, now),
                self.ctx.local(item.due_at).strftime("%m-%d %H:%M") if item.due_at else "—",
                _(KINDS[item.kind]),
                rule_words(item.rule),
                item.customer,
                item.title,
            )
            for item in items
        ]
        labels = [_(label) for _key, label, _w in DESK_COLUMNS]
        sample = (countdown_words(-(2 * 86400 + 1)), "", "", "", "", "")  # widest countdown
        widths = measured_widths(
            labels, [*rows, sample], self.size.width or 120, flex={4: 1, 5: 3}, caps={4: 20}
        )
        self._set_columns(table, widths)
        table.sync_rows(
            (
                (item.key, [*row[:4], fit(row[4], widths[4]), fit(row[5], widths[5])])
                for item, row in zip(items, rows, strict=True)
            ),
            volatile=("left",),
        )
        table.measure_now()  # one paint of the new list, not two
        empty = "" if items else _("Nothing open: every promise is kept.")
        self.query_one("#desk-empty", Static).update(empty)
        self.app.desk_shown()

    def on_resize(self) -> None:
        """The columns are measured for the screen's width."""
        if self.signed_in and self.items:
            self.show_items(self.items)

    def _load_failed(self, exc: HotlineError) -> None:
        self.show_error(exc)
        self.app.desk_shown()

    def tick(self) -> None:
        """Recompute only the countdown column: no database work each second."""
        if not self.signed_in:
            return
        table = self.query_one(DataTable)
        now = self.ctx.now()
        for item in self.items:
            key = f"{item.kind}:{item.id}"
            try:
                table.update_cell(key, "left", time_left(item.due_at, now))
            except Exception:
                continue

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on the focused table (DataTable binds Enter itself) opens the item."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row is None:
            return
        self.app.open_work_item(self.items[table.cursor_row])
