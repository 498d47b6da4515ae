"""Complaints (F9): the list by due time, the registration form (C6), every step
on a key (C2-C5, C7), the timeline of a complaint and the C8 per-person view.

Another screen (intake, callbacks) opens a complaint form with its caller filled
in through `open_complaint_from(app, "call" | "callback", id)`: it sets
`app.open_item` to a `ComplaintFrom` and opens this screen. An open item of kind
"complaint" (from the desk or the review) selects that complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.i18n import N_, _
from hotline_tui.services.complaints.queries import (
    ComplaintDetail,
    ComplaintRow,
    PersonCount,
    complaint_detail,
    list_complaints,
    per_person,
    prefill_from_call,
    prefill_from_callback,
)
from hotline_tui.services.complaints.report import report_pending
from hotline_tui.services.review.open_items import OpenItem
from hotline_tui.store.models import Complaint
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.complaints.detail import detail_text, timeline_text
from hotline_tui.ui.widgets.complaints.dialogs import PerPersonDialog, StepDialog, TicketDialog
from hotline_tui.ui.widgets.complaints.form import ComplaintForm
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable
from hotline_tui.ui.widgets.rule_words import RULE_WORDS, rule_words

#: key action -> workflow step
STEP_ACTIONS = {
    "check": flow.CHECK,
    "archive": flow.ARCHIVE,
    "handle": flow.HANDLE,
    "respond": flow.RESPOND,
    "result": flow.RESULT,
    "verify": flow.VERIFY,
    "escalate": flow.ESCALATE,
    "close": flow.CLOSE,
    "report_vendor": flow.REPORT,
}
SOURCE_SHORT = {"direct": N_("Direct"), "vendor": N_("Vendor")}


@dataclass(frozen=True)
class ComplaintFrom:
    """Hand-off: open the registration form filled from a call or a callback."""

    kind: str  # "call" | "callback"
    id: int


def open_complaint_from(app: Any, kind: str, item_id: int) -> None:
    """Open the complaints screen with the form filled from this call or callback."""
    app.open_item = ComplaintFrom(kind, item_id)
    app.action_open("complaints")


def fit(labels: dict[str, str]) -> int:
    """The column width that shows every translated label whole."""
    return max(cell_len(_(label)) for label in labels.values())


def manager_view(ctx: Any) -> tuple[list[PersonCount], Any]:
    """C8 counts and the pending C7 report, in one worker call."""
    return per_person(ctx), report_pending(ctx)


class ComplaintsScreen(HotlineScreen):
    LIVE_KINDS = frozenset({"complaint", "complaint_event", "customer"})
    BINDINGS = [
        Binding("n", "register", "New complaint", id="complaints.register"),
        Binding("f", "from_call", "From a call", id="complaints.from_call"),
        Binding("c", "check", "Valid", id="complaints.check"),
        Binding("x", "archive", "Outside contract", id="complaints.archive"),
        Binding("h", "handle", "Cause/measures", id="complaints.handle"),
        Binding("s", "respond", "Contacted", id="complaints.respond"),
        Binding("t", "result", "Result back", id="complaints.result"),
        Binding("v", "verify", "Verify", id="complaints.verify"),
        Binding("e", "escalate", "To vendor", id="complaints.escalate"),
        Binding("z", "close", "Close", id="complaints.close"),
        Binding("b", "report_vendor", "Reported to vendor", id="complaints.report_vendor"),
        Binding("p", "per_person", "Per person (C8)", id="complaints.per_person"),
        Binding("a", "toggle_done", "Show closed", id="complaints.toggle_done"),
        Binding("r", "reload", "Refresh", id="complaints.reload"),
    ]
    DEFAULT_CSS = """
    ComplaintsScreen #complaint-table { height: 1fr; }
    ComplaintsScreen #complaint-bottom { height: 45%; min-height: 15; border-top: solid $primary; }
    ComplaintsScreen #complaint-detail { width: 1fr; padding: 0 1; }
    ComplaintsScreen #complaint-timeline { width: 1fr; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ComplaintRow] = []
        self.detail: ComplaintDetail | None = None
        self.show_done = False
        self.select_id: int | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("Complaints by due time"), classes="title", id="complaint-title")
        yield PlainTable(id="complaint-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="complaint-empty", classes="hint")
        with Horizontal(id="complaint-bottom"):
            with VerticalScroll(id="complaint-detail"):
                yield Static("", id="detail-text")
            with VerticalScroll(id="complaint-timeline"):
                yield Static("", id="timeline-text")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # widths from the labels in the language shown (Chinese is double-width);
        # the complainant unit takes what the window has left
        widths = {
            "left": 13,  # "超时 1天 02:00"
            "no": 15,
            "status": fit(flow.STATE_LABELS),
            "level": fit(flow.LEVELS),
            "category": fit(flow.CATEGORIES),
            "owner": 8,
            "rule": fit({k: RULE_WORDS[k] for k in ("C3", "C4", "C5")}),
        }
        spare = self.app.size.width - 8 - sum(widths.values()) - 2 * (len(widths) + 1)
        widths["unit"] = max(10, min(spare, 60))
        for key, label in (
            ("left", N_("Time left")),
            ("no", N_("No.")),
            ("status", N_("Status")),
            ("level", N_("Level")),
            ("category", N_("Category")),
            ("unit", N_("Complainant unit")),
            ("owner", N_("Handled by")),
            ("rule", N_("Why")),
        ):
            table.add_column(_(label), key=key, width=widths[key])
        self.set_interval(1.0, self.tick)

    def on_screen_resume(self) -> None:
        """Shown, the first time included: take the hand-off and load (once)."""
        self.take_open_item()
        self.action_reload()

    # -- loading -----------------------------------------------------------
    def take_open_item(self) -> None:
        """Act on the hand-off from the desk, a call or a callback."""
        item = getattr(self.app, "open_item", None)
        kind, item_id = getattr(item, "kind", None), getattr(item, "id", None)
        if isinstance(item, OpenItem) and kind != "complaint":
            return  # the desk's item for another screen, not a hand-off to this one
        if kind not in ("complaint", "call", "callback"):
            return
        self.app.open_item = None
        if kind == "complaint":
            self.select_id = item_id
        elif kind == "call":
            self.call_service(prefill_from_call, self.ctx, item_id, done=self.open_form)
        elif kind == "callback":
            self.call_service(prefill_from_callback, self.ctx, item_id, done=self.open_form)

    def action_reload(self) -> None:
        if self.ctx is None:
            return
        self.call_service(list_complaints, self.show_done, done=self.show_rows, group="complaints")
        if self.ctx.can("complaint.report"):
            self.call_service(manager_view, self.ctx, done=self.show_flagged, group="complaints-c8")

    def show_flagged(self, view: tuple[list[PersonCount], Any]) -> None:
        """C8: the manager's view names anyone at the threshold, above the list;
        C7: last month's analysis report while it is due."""
        rows, pending = view
        flagged = [r for r in rows if r.flagged]
        title = Text(_("Complaints by due time"))
        if pending:
            month, due = pending
            due_text = self.ctx.local(due).format("MM-DD HH:mm")
            msg = _("C7 report {month} due {due}", month=month, due=due_text)
            title.append("   " + msg, style="bold")
        if flagged:
            names = ", ".join(f"{r.agent_no} {r.name} ({r.count})" for r in flagged)
            months = self.ctx.policy.complaints_window_months
            msg = _("C8, last {months} months: {names}", months=months, names=names)
            title.append("   " + msg, style="bold red")
        self.query_one("#complaint-title", Static).update(title)

    def show_rows(self, rows: list[ComplaintRow]) -> None:
        """In place (`PlainTable.sync_rows`): the cursor stays on its complaint,
        unless one was asked for (a hand-off)."""
        self.rows = rows
        table = self.query_one(DataTable)
        keep = self.select_id
        now = self.ctx.now()
        cells = []
        for row in rows:
            level = Text(_(flow.LEVELS[row.level]), style="bold" if row.level != "general" else "")
            unit = f"★ {row.unit}" if row.gm_call else row.unit
            cells.append(
                (
                    str(row.id),
                    [
                        time_left(row.due_at, now),
                        row.ref_no,
                        _(flow.STATE_LABELS.get(row.status, row.status)),
                        level,
                        _(flow.CATEGORIES.get(row.category, row.category)),
                        unit,
                        row.owner,
                        rule_words(row.due_rule),
                    ],
                )
            )
        table.sync_rows(cells, volatile=("left",))
        empty = "" if rows else _("No open complaints.")
        self.query_one("#complaint-empty", Static).update(empty)
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        self.select_id = None
        if index is not None:
            table.move_cursor(row=index)
        if rows:
            self.load_detail(rows[min(table.cursor_row, len(rows) - 1)].id)
        else:
            self.detail = None
            self.render_detail()

    @property
    def current(self) -> ComplaintRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.current
        if row is not None and (self.detail is None or self.detail.complaint.id != row.id):
            self.load_detail(row.id)

    def load_detail(self, complaint_id: int) -> None:
        self.call_service(
            complaint_detail, complaint_id, done=self.show_detail, group="complaint-detail"
        )

    def show_detail(self, detail: ComplaintDetail) -> None:
        self.detail = detail
        self.render_detail()
        self.refresh_bindings()

    def tick(self) -> None:
        now = self.ctx.now()
        table = self.query_one(DataTable)
        for row in self.rows:
            try:
                table.update_cell(str(row.id), "left", time_left(row.due_at, now))
            except Exception:
                continue

    # -- the detail and the timeline -----------------------------------------
    def render_detail(self) -> None:
        d = self.detail
        detail = detail_text(d, self.ctx.local) if d else ""
        timeline = timeline_text(d, self.ctx.local) if d else ""
        self.query_one("#detail-text", Static).update(detail)
        self.query_one("#timeline-text", Static).update(timeline)

    # -- keys ----------------------------------------------------------------
    ROLE_KEYS = {"per_person": "complaint.report"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STEP_ACTIONS:
            d = self.detail
            if d is None or self.ctx is None:
                return False
            return STEP_ACTIONS[action] in flow.allowed_actions(
                d.complaint.status, self.ctx.actor.role_list
            )
        if action == "per_person":
            return self.ctx is not None and self.ctx.can("complaint.report")
        return True

    def action_register(self) -> None:
        self.open_form({})

    def action_from_call(self) -> None:
        """Register a complaint about a call: its caller, unit and product filled in."""
        self.app.push_screen(TicketDialog(), self.open_prefill)

    def open_prefill(self, prefill: dict[str, Any] | None) -> None:
        if prefill is not None:
            self.open_form(prefill)

    def open_form(self, prefill: dict[str, Any]) -> None:
        self.app.push_screen(ComplaintForm(prefill), self.after_change)

    def after_change(self, complaint: Complaint | None) -> None:
        if complaint is None:
            return
        self.select_id = complaint.id
        self.notify(
            _("{no}: {state}", no=complaint.ref_no, state=_(flow.STATE_LABELS[complaint.status]))
        )
        self.action_reload()

    def run_step(self, action: str) -> None:
        if self.detail is None:
            return
        c = self.detail.complaint
        prefill = {"responsible": c.responsible, "cause": c.cause, "measures": c.measures}
        self.app.push_screen(StepDialog(STEP_ACTIONS[action], c, prefill), self.after_change)

    def action_check(self) -> None:
        self.run_step("check")

    def action_archive(self) -> None:
        self.run_step("archive")

    def action_handle(self) -> None:
        self.run_step("handle")

    def action_respond(self) -> None:
        self.run_step("respond")

    def action_result(self) -> None:
        self.run_step("result")

    def action_verify(self) -> None:
        self.run_step("verify")

    def action_escalate(self) -> None:
        self.run_step("escalate")

    def action_close(self) -> None:
        self.run_step("close")

    def action_report_vendor(self) -> None:
        self.run_step("report_vendor")

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        self.action_reload()

    def action_per_person(self) -> None:
        policy = self.ctx.policy
        self.call_service(
            per_person,
            self.ctx,
            done=lambda rows: self.app.push_screen(
                PerPersonDialog(
                    rows, policy.complaints_window_months, policy.complaints_per_person_threshold
                )
            ),
        )
