"""The standardized problem library (F4, H9): search as you type, filters,
the entry view, create/edit, the manager's review queue, drafts from calls.

The search runs in an exclusive thread worker on every keystroke; a result
that arrives after a newer keystroke is dropped, so typing never waits and the
table always shows the answer to what is in the box now.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from hotline_tui.i18n import N_, _
from hotline_tui.services.library import entries as library
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.library.form import CommentDialog, LibraryFormDialog, TicketDialog
from hotline_tui.ui.widgets.library.view import render_entry
from hotline_tui.ui.widgets.plain_table import PlainTable

STATUS_FILTERS = ("published", "review", "draft", "retired")


class LibraryScreen(HotlineScreen):
    LIVE_KINDS = frozenset({"library_entry"})
    _live_refresh = False

    def live_changed(self, event: object) -> None:
        """Another desk changed an entry: run what is typed again, in place."""
        self._live_refresh = True
        self.refresh_results()

    DEFAULT_CSS = """
    LibraryScreen #lib-bar { height: 3; }
    LibraryScreen #lib-query { width: 2fr; }
    LibraryScreen #lib-product { width: 1fr; }
    LibraryScreen #lib-module { width: 1fr; }
    LibraryScreen #lib-status { width: 20; }
    LibraryScreen #lib-main { height: 1fr; }
    LibraryScreen #lib-table { width: 3fr; height: 1fr; }
    LibraryScreen #lib-detail { width: 2fr; height: 1fr; border-left: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.open('desk')", "Back", id="library.back"),
        Binding("ctrl+f", "focus_search", "Search", priority=True, id="library.focus_search"),
        Binding("ctrl+n", "new_entry", "New entry", priority=True, id="library.new_entry"),
        Binding("ctrl+e", "edit_entry", "Edit", priority=True, id="library.edit_entry"),
        Binding("ctrl+t", "submit", "Submit for review", priority=True, id="library.submit"),
        Binding("ctrl+g", "review_queue", "Review queue", priority=True, id="library.review_queue"),
        Binding("ctrl+y", "publish", "Publish", priority=True, id="library.publish"),
        Binding("ctrl+b", "return_entry", "Return", priority=True, id="library.return_entry"),
        Binding("ctrl+r", "retire", "Retire", priority=True, id="library.retire"),
        Binding("ctrl+l", "from_call", "Draft from call", priority=True, id="library.from_call"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[library.SearchHit] = []
        self._seq = 0
        self._view_seq = 0
        self.current: library.EntryView | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="lib-bar"):
            yield Input(placeholder=_("Symptom, error code or pinyin"), id="lib-query")
            yield Select([], prompt=_("All products"), id="lib-product")
            yield Input(placeholder=_("Module"), id="lib-module")
            yield Select(
                [(_(library.STATUSES[s]), s) for s in STATUS_FILTERS],
                value="published",
                allow_blank=False,
                id="lib-status",
            )
        with Horizontal(id="lib-main"):
            yield PlainTable(id="lib-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="lib-detail"):
                yield Static("", id="lib-entry")
        yield Static("", id="lib-count", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="id", width=6)
        table.add_column(_("Title"), key="title", width=28)
        table.add_column(_("Match"), key="snippet")
        table.add_column(_("Product"), key="product", width=10)
        table.add_column(_("Used"), key="used", width=5)
        self.call_service(library.products, done=self._fill_products, group="lib-products")
        self.query_one("#lib-query", Input).focus()
        self.refresh_results()

    def _fill_products(self, names: list[str]) -> None:
        self.query_one("#lib-product", Select).set_options([(n, n) for n in names])

    # -- searching ---------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        product = self.query_one("#lib-product", Select).value
        status = self.query_one("#lib-status", Select).value
        return {
            "product": product if isinstance(product, str) else None,
            "module": self.query_one("#lib-module", Input).value.strip() or None,
            "statuses": (status if isinstance(status, str) else "published",),
        }

    def refresh_results(self) -> None:
        """Run the search for what is typed now; older answers are dropped."""
        self._seq += 1
        seq = self._seq
        query = self.query_one("#lib-query", Input).value
        filters = self.filters()
        if query.strip():
            fn, args = library.search, (query,)
        else:
            fn, args = library.browse, ()
        self.call_service(
            fn,
            *args,
            **filters,
            done=lambda hits: self._show(seq, hits),
            group="lib-search",
            exclusive=True,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("lib-query", "lib-module"):
            self.refresh_results()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_results()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "lib-query" and self.hits:
            self.query_one(DataTable).focus()

    def _show(self, seq: int, hits: list[library.SearchHit]) -> None:
        if seq != self._seq:
            return  # a newer keystroke is already on its way
        live, self._live_refresh = self._live_refresh, False
        self.hits = hits
        table = self.query_one(PlainTable)
        rows = []
        for h in hits:
            rows.append(
                (
                    str(h.entry_id),
                    [
                        str(h.entry_id),
                        Text.from_markup(h.title_markup or h.title),
                        Text.from_markup(h.snippet),
                        h.product,
                        str(h.usage_count),
                    ],
                )
            )
        # In place: a live refresh (another desk edited, submitted or reviewed
        # an entry) keeps the cursor and the entry shown; a new search starts on top.
        table.sync_rows(rows, mark=live)
        if not live and hits:
            table.move_cursor(row=0)
        self.query_one("#lib-count", Static).update(
            _("{n} entries", n=len(hits)) if hits else _("No matching entry")
        )
        if hits:
            self._load_entry(hits[min(table.cursor_row, len(hits) - 1)].entry_id)
        else:
            self.current = None
            self.query_one("#lib-entry", Static).update("")

    # -- the entry view ----------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self._load_entry(int(event.row_key.value))

    def _load_entry(self, entry_id: int) -> None:
        self._view_seq += 1
        seq = self._view_seq
        self.call_service(
            library.entry_view,
            entry_id,
            done=lambda view: self._show_entry(seq, view),
            group="lib-view",
            exclusive=True,
        )

    def _show_entry(self, seq: int, view: library.EntryView) -> None:
        if seq != self._view_seq:
            return
        self.current = view
        self.query_one("#lib-entry", Static).update(render_entry(view, self.ctx))

    def selected(self) -> Any | None:
        if self.current is None:
            self.notify(_("Pick an entry first"), severity="warning")
            return None
        return self.current.entry

    # -- actions -----------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#lib-query", Input).focus()

    def action_new_entry(self) -> None:
        publish = self.ctx.can("library.review")
        self.app.push_screen(LibraryFormDialog(publish=publish), self._saved)

    def action_edit_entry(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(LibraryFormDialog(entry), self._saved)

    def _saved(self, entry: Any | None) -> None:
        if entry is None:
            return
        self.notify(_("Entry #{id} saved: {title}", id=entry.id, title=entry.title))
        self._after_change(entry)

    def _after_change(self, entry: Any) -> None:
        self.refresh_results()
        self._load_entry(entry.id)

    def _do(self, fn: Any, *args: Any, message: str, **kwargs: Any) -> None:
        entry = self.selected()
        if entry is None:
            return

        def done(result: Any) -> None:
            self.notify(_(message, id=entry.id))
            self._after_change(result)

        self.call_service(fn, self.ctx, entry.id, *args, **kwargs, done=done)

    def action_submit(self) -> None:
        self._do(library.submit_for_review, message=N_("Entry #{id} is waiting for review"))

    def action_publish(self) -> None:
        self._do(library.review, True, "", message=N_("Entry #{id} is published"))

    def action_return_entry(self) -> None:
        if self.selected() is None:
            return

        def got(comment: str | None) -> None:
            if comment is not None:
                self._do(library.review, False, comment, message=N_("Entry #{id} went back"))

        self.app.push_screen(CommentDialog(), got)

    def action_retire(self) -> None:
        self._do(library.retire, message=N_("Entry #{id} is retired"))

    def action_review_queue(self) -> None:
        """The manager's queue: entries in review, oldest first."""
        self.query_one("#lib-query", Input).value = ""
        self.query_one("#lib-status", Select).value = "review"
        self.refresh_results()
        self.query_one(DataTable).focus()

    def action_from_call(self) -> None:
        def got(ticket: str | None) -> None:
            if ticket:
                self.call_service(library.draft_from_ticket, self.ctx, ticket, done=self._drafted)

        self.app.push_screen(TicketDialog(), got)

    def _drafted(self, entry: Any) -> None:
        self.notify(_("Draft #{id} made from the call; check it and submit", id=entry.id))
        self.query_one("#lib-status", Select).value = "draft"
        self.app.push_screen(LibraryFormDialog(entry), self._saved)

    ROLE_KEYS = {  # hidden from who may not; pressed anyway, each says who may
        "publish": "library.review",
        "return_entry": "library.review",
        "retire": "library.review",
        "review_queue": "library.review",
        "new_entry": "library.create",
        "from_call": "library.create",
        "edit_entry": "library.update",
        "submit": "library.submit",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs = self.ROLE_KEYS.get(action)
        if needs and self.app.ctx is not None and not self.app.ctx.can(needs):
            return False
        return True
