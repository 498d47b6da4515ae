"""Follow-up callbacks (F1-F6, S3): the list by due time with kind, unit, contact,
channel, owner and a live countdown; filters mine / all / overdue; Enter works
the selected callback through its script (CallbackWorkDialog; a first visit
opens the first-visit form), U logs an unreachable try straight from the list,
P records a project acceptance and schedules its final callback (F3).

For managers, supervisors and specialists the screen runs the idempotent care
schedule (F4, birthdays, holidays) once per session when it opens; for the
specialist, who owns the care calls, it already ran right after sign-in
(`ui.start_of_duty`, after sign-in).
"""

from __future__ import annotations

import logging
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.scripts import ScriptRun
from hotline_tui.i18n import N_, _
from hotline_tui.services.callbacks import followups as svc
from hotline_tui.services.callbacks.care import schedule_care_callbacks
from hotline_tui.services.callbacks.queries import (
    CallbackDetail,
    CallbackRow,
    callback_detail,
    list_callbacks,
)
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.callbacks.work import CallbackWorkDialog
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

SCOPE_TITLES = {
    "mine": N_("My callbacks by due time"),
    "all": N_("All open callbacks by due time"),
    "overdue": N_("Overdue callbacks"),
}
log = logging.getLogger(__name__)


class CallbacksScreen(HotlineScreen):
    LIVE_KINDS = frozenset({"callback", "callback_attempt", "customer", "contact"})
    BINDINGS = [
        Binding("enter", "work", "Work", id="callbacks.work"),
        Binding("u", "unreachable", "Unreachable", id="callbacks.unreachable"),
        Binding("d", "dial", "Dial", id="callbacks.dial"),
        Binding("m", "scope('mine')", "Mine", id="callbacks.mine"),
        Binding("a", "scope('all')", "All", id="callbacks.all"),
        Binding("o", "scope('overdue')", "Overdue", id="callbacks.overdue"),
        Binding("h", "channel", "Channel", id="callbacks.channel"),
        Binding("c", "complaint", "Complaint", id="callbacks.complaint"),
        Binding("g", "reassign", "Reassign", id="callbacks.reassign"),
        Binding("s", "schedule", "Schedule care", id="callbacks.schedule"),
        Binding("p", "project_accepted", "Project accepted", id="callbacks.accepted"),
        Binding("r", "reload", "Refresh", id="callbacks.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scope = "mine"
        self.rows: list[CallbackRow] = []
        self.select_id: int | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", classes="title", id="cb-title")
        yield PlainTable(id="cb-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cb-empty", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Time left"), key="left", width=12)
        table.add_column(_("Due"), key="due", width=11)
        table.add_column(_("Kind"), key="kind", width=14)
        # the unit's name takes what a wide window has left (Chinese is double-width)
        spare = self.app.size.width - 12 - 11 - 14 - 10 - 6 - 12 - 5 - 2 * 9 - 4
        table.add_column(_("Customer"), key="customer", width=max(30, min(spare, 60)))
        table.add_column(_("Contact"), key="contact", width=10)
        table.add_column(_("Channel"), key="channel", width=6)
        table.add_column(_("Owner"), key="owner", width=12)
        table.add_column(_("Tries"), key="tries", width=5)
        if self.ctx.can("callback.schedule") and not getattr(self.app, "care_scheduled", False):
            self.app.care_scheduled = True  # once per session; the service is idempotent
            self.call_service(schedule_care_callbacks, self.ctx, done=self._scheduled)
        self.set_interval(1.0, self.tick)

    def on_screen_resume(self) -> None:
        """Shown, the first time included: take the hand-off and load (once;
        a care schedule started on mount reloads again when it is done)."""
        self.take_open_item()
        self.action_reload()

    def take_open_item(self) -> None:
        """Opened from the desk or the review: show that callback selected."""
        item = getattr(self.app, "open_item", None)
        if getattr(item, "kind", None) == "callback":
            self.app.open_item = None
            self.select_id = int(item.id)
            if getattr(item, "owner_id", None) != self.ctx.actor.id:
                self.scope = "all"

    # -- the list ------------------------------------------------------------------
    def action_scope(self, scope: str) -> None:
        self.scope = scope
        self.action_reload()

    def action_reload(self) -> None:
        self.call_service(
            list_callbacks, self.ctx, self.scope, done=self.show_rows, group="cb", exclusive=True
        )

    def show_rows(self, rows: list[CallbackRow]) -> None:
        """In place (`PlainTable.sync_rows`): the cursor stays on its callback,
        unless one was asked for (opened from the desk or the review)."""
        table = self.query_one("#cb-table", PlainTable)
        keep = self.select_id
        self.select_id = None
        self.rows = rows
        now = self.ctx.now()
        cells = []
        for row in rows:
            owner = row.owner.split(" ", 1)[-1] if row.owner else "—"
            cells.append(
                (
                    str(row.id),
                    [
                        time_left(row.due_at, now),
                        self.ctx.local(row.due_at).format("MM-DD HH:mm"),
                        _(svc.KINDS.get(row.kind, row.kind)),
                        row.customer or "—",
                        row.contact or "—",
                        _(svc.CHANNELS.get(row.channel, row.channel)),
                        owner,
                        str(row.attempts),
                    ],
                )
            )
        table.sync_rows(cells, volatile=("left",))
        index = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if index is not None:
            table.move_cursor(row=index)
        title = _(SCOPE_TITLES[self.scope])
        self.query_one("#cb-title", Static).update(f"{title} ({len(rows)})")
        empty = "" if rows else _("No open callbacks here.")
        self.query_one("#cb-empty", Static).update(empty)

    def tick(self) -> None:
        table = self.query_one(DataTable)
        now = self.ctx.now()
        for row in self.rows:
            try:
                table.update_cell(str(row.id), "left", time_left(row.due_at, now))
            except Exception:
                continue

    @property
    def current(self) -> CallbackRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _scheduled(self, res: Any) -> None:
        if res.total:
            self.notify(_("Care callbacks created: {n}", n=res.total))
        self.action_reload()

    def action_schedule(self) -> None:
        self.call_service(schedule_care_callbacks, self.ctx, done=self._scheduled)

    def action_project_accepted(self) -> None:
        """F3: a project was accepted; its final callback joins the list."""
        from hotline_tui.ui.widgets.callbacks.project_acceptance import ProjectAcceptanceDialog

        def done(cb: Any) -> None:
            if cb is None:
                return
            due = self.ctx.local(cb.due_at).format("YYYY-MM-DD HH:mm")
            self.notify(_("Final callback (F3) due by {due}", due=due))
            self.select_id = cb.id
            if cb.owner_id != self.ctx.actor.id and self.scope == "mine":
                self.scope = "all"
            self.action_reload()

        self.app.push_screen(ProjectAcceptanceDialog(), done)

    # -- working a callback ------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_work()

    def action_work(self) -> None:
        row = self.current
        if row is not None:
            self.call_service(callback_detail, self.ctx, row.id, done=self._work)

    def _work(self, detail: CallbackDetail) -> None:
        script = svc.scripts()[detail.script_id]
        run = ScriptRun(script, flags=set(detail.flags))
        if detail.row.kind == "S3":
            self._first_visit(detail, run)
            return

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                self.action_reload()
            elif result["action"] == "unreachable":
                self._unreachable(detail.row, result["note"], result["version"])
            elif result["action"] == "complaint":
                self._complaint(detail.row.id)
            else:
                self.call_service(
                    svc.finish_callback,
                    self.ctx,
                    detail.row.id,
                    result["answers"],
                    result["note"],
                    result["version"],
                    no_new_call_reason=result.get("no_new_call_reason", ""),
                    done=self._finished,
                )

        self.app.push_screen(CallbackWorkDialog(detail, run), done)

    def _first_visit(self, detail: CallbackDetail, run: ScriptRun) -> None:
        """S3: the first visit is worked with its own form (the customers' dialog)."""
        from hotline_tui.services.customers.first_visit import complete_first_visit
        from hotline_tui.ui.widgets.customers.first_visit import FirstVisitDialog

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.call_service(
                    complete_first_visit,
                    self.ctx,
                    detail.row.id,
                    values["answers"],
                    values["needs"],
                    detail.row.version,
                    done=self._finished,
                )

        title = _("First visit: {unit}", unit=escape(detail.row.customer))
        self.app.push_screen(FirstVisitDialog(title, run, detail.values), done)

    def _finished(self, cb: Any) -> None:
        self.notify(_("Callback done; the answers are in the care record"))
        self.action_reload()

    def _unreachable(self, row: CallbackRow, note: str = "", version: int | None = None) -> None:
        def done(cb: Any) -> None:
            if cb.status == "unreachable":
                self.notify(_("Not reached after {n} tries: closed as unreachable", n=cb.attempts))
            else:
                when = self.ctx.local(cb.next_try_at).format("MM-DD HH:mm")
                self.notify(_("Attempt logged; next try {when}", when=when))
            self.select_id = cb.id
            self.action_reload()

        version = row.version if version is None else version
        self.call_service(svc.record_unreachable, self.ctx, row.id, note, version, done=done)

    def action_dial(self) -> None:
        """Ring the operator's phone, then the contact's (AMI Originate), logged as an attempt."""
        from hotline_tui.services.calls.dial_out import dial_callback

        row = self.current
        if row is not None:
            self.call_service(
                dial_callback,
                self.ctx,
                row.id,
                done=lambda n: self.notify(_("Dialling {number}", number=n)),
            )

    def action_unreachable(self) -> None:
        row = self.current
        if row is not None:
            self._unreachable(row)

    def action_channel(self) -> None:
        """F1: phone, QQ or e-mail; each press moves to the next channel."""
        row = self.current
        if row is None:
            return
        order = list(svc.CHANNELS)
        channel = order[(order.index(row.channel) + 1) % len(order)]
        self.select_id = row.id
        self.call_service(
            svc.change_channel,
            self.ctx,
            row.id,
            channel,
            row.version,
            done=lambda cb: self.action_reload(),
        )

    ROLE_KEYS = {  # pressed anyway, each says who may
        "reassign": "item.reassign",
        "schedule": "callback.schedule",
        "project_accepted": "callback.create",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only a manager sees the reassign key (item.reassign)."""
        if action == "reassign":
            return self.ctx is not None and self.ctx.can("item.reassign")
        if action == "schedule":
            return self.ctx is not None and self.ctx.can("callback.schedule")
        if action == "project_accepted":
            return self.ctx is not None and self.ctx.can("callback.create")
        return True

    def action_reassign(self) -> None:
        """H10: the manager hands a callback to another owner, with a reason."""
        from hotline_tui.services.auth.staff import list_staff
        from hotline_tui.services.review.open_items import OpenItem
        from hotline_tui.ui.widgets.review.reassign_dialog import ReassignDialog

        row = self.current
        if row is None:
            return
        item = OpenItem(
            kind="callback",
            id=row.id,
            title=_(svc.KINDS.get(row.kind, row.kind)),
            customer=row.customer,
            owner=row.owner,
            owner_id=row.owner_id,
            due_at=row.due_at,
            rule=row.kind,
            status=row.status,
        )

        def done(result: Any) -> None:
            if result is not None:
                self.notify(
                    _("{title} now belongs to {owner}", title=result.title, owner=result.owner)
                )
                self.action_reload()

        def got(staff: list[Any]) -> None:
            choices = [(f"{s.agent_no} {s.name}", s.id) for s in staff]
            self.select_id = row.id
            self.app.push_screen(ReassignDialog(item, choices), done)

        self.call_service(list_staff, done=got)

    def _complaint(self, callback_id: int) -> None:
        from hotline_tui.ui.screens.complaints.complaints import open_complaint_from

        open_complaint_from(self.app, "callback", callback_id)

    def action_complaint(self) -> None:
        row = self.current
        if row is not None:
            self._complaint(row.id)
