"""Dialogs for the steps of a complaint (C2-C5, C7) and the C8 per-person view.

A step dialog shows only the fields its step needs, calls the service in a
worker and shows a refusal beside the field it names; it closes with the
updated complaint.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from hotline_tui.domain import complaint_flow as flow
from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.complaints import handling as svc
from hotline_tui.services.complaints.queries import PersonCount
from hotline_tui.store.models import Complaint
from hotline_tui.ui.support import FormModal, HotlineModal
from hotline_tui.ui.widgets.plain_table import PlainTable

YES_NO = {"yes": N_("Yes, resolved"), "no": N_("No, not resolved")}

#: step -> (title msgid, [(field, label msgid, kind)]); kind: input | response | resolved
STEP_FIELDS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    flow.CHECK: (
        N_("Valid: pass to the responsible (C2)"),
        [
            ("responsible", N_("Responsible department / person"), "input"),
            ("owner", N_("Responsible agent no. (blank: me)"), "input"),
            ("note", N_("Note"), "input"),
        ],
    ),
    flow.ARCHIVE: (
        N_("Outside the service contract: explained and archived (C2)"),
        [("explanation", N_("What was explained to the customer"), "input")],
    ),
    flow.HANDLE: (
        N_("Responsible, cause and measures (C3)"),
        [
            ("responsible", N_("Responsible department / person"), "input"),
            ("owner", N_("Hand to agent no. (blank: keep)"), "input"),
            ("cause", N_("Cause"), "input"),
            ("measures", N_("Measures"), "input"),
        ],
    ),
    flow.RESPOND: (
        N_("Customer contacted (C3)"),
        [
            ("response", N_("Offered"), "response"),
            ("cause", N_("Cause"), "input"),
            ("measures", N_("Measures"), "input"),
            ("note", N_("Note"), "input"),
        ],
    ),
    flow.RESULT: (N_("Result returned (C4)"), [("result", N_("Result"), "input")]),
    flow.VERIFY: (
        N_("Verified with the customer (C4)"),
        [
            ("resolved", N_("Resolved?"), "resolved"),
            ("note", N_("What the customer said"), "input"),
        ],
    ),
    flow.ESCALATE: (
        N_("Escalate to the vendor (C4)"),
        [("vendor_ref", N_("Vendor case reference"), "input"), ("note", N_("Reported"), "input")],
    ),
    flow.CLOSE: (
        N_("Close with measures (C7)"),
        [
            ("corrective", N_("Corrective measures"), "input"),
            ("preventive", N_("Preventive measures"), "input"),
        ],
    ),
    flow.REPORT: (
        N_("Result reported back to the vendor (C5)"),
        [("note", N_("How and what was reported"), "input")],
    ),
}


def _staff_id(field: str, agent_no: str) -> int | None:
    agent_no = (agent_no or "").strip()
    if not agent_no:
        return None
    staff = svc.find_staff(agent_no)
    if staff is None:
        raise ValidationError(field, "No staff member with agent number {no}", no=agent_no)
    return staff.id


def run_step(ctx: ServiceContext, step: str, c_id: int, version: int, v: dict) -> Complaint:
    """Call the service of `step` with the dialog's values (runs in a worker)."""
    ver = {"expected_version": version}
    if step == flow.CHECK:
        owner = _staff_id("owner", v["owner"])
        return svc.check_complaint(
            ctx, c_id, responsible=v["responsible"], owner_id=owner, note=v["note"], **ver
        )
    if step == flow.ARCHIVE:
        return svc.archive_complaint(ctx, c_id, explanation=v["explanation"], **ver)
    if step == flow.HANDLE:
        return svc.handle_complaint(
            ctx,
            c_id,
            responsible=v["responsible"] or None,
            owner_id=_staff_id("owner", v["owner"]),
            cause=v["cause"] or None,
            measures=v["measures"] or None,
            **ver,
        )
    if step == flow.RESPOND:
        return svc.respond_complaint(
            ctx,
            c_id,
            response=v["response"],
            note=v["note"],
            cause=v["cause"],
            measures=v["measures"],
            **ver,
        )
    if step == flow.RESULT:
        return svc.result_returned(ctx, c_id, result=v["result"], **ver)
    if step == flow.VERIFY:
        return svc.verify_complaint(
            ctx, c_id, resolved=v["resolved"] == "yes", note=v["note"], **ver
        )
    if step == flow.ESCALATE:
        return svc.escalate_complaint(ctx, c_id, note=v["note"], vendor_ref=v["vendor_ref"], **ver)
    if step == flow.CLOSE:
        return svc.close_complaint(
            ctx, c_id, corrective=v["corrective"], preventive=v["preventive"], **ver
        )
    return svc.report_to_vendor(ctx, c_id, note=v["note"], **ver)


class StepDialog(FormModal[Complaint]):
    """One step of a complaint; enter on the last field or ctrl+s saves."""

    BINDINGS = [Binding("ctrl+s", "submit", "Save", id="complaint.step.save")]
    DEFAULT_CSS = """
    StepDialog { align: center middle; }
    StepDialog > Vertical { width: 90; height: auto; border: round $primary; padding: 0 2;
        background: $surface; }
    StepDialog .field-error { color: $error; height: auto; }
    """

    def __init__(self, step: str, complaint: Complaint, prefill: dict[str, str] | None = None):
        super().__init__()
        self.step, self.complaint = step, complaint
        self.prefill = prefill or {}

    def compose(self) -> ComposeResult:
        title, fields = STEP_FIELDS[self.step]
        with Vertical():
            yield Static(f"{self.complaint.ref_no} · {_(title)}", classes="title")
            for name, label, kind in fields:
                yield Label(_(label))
                if kind == "response":
                    options = [(_(lbl), code) for code, lbl in flow.RESPONSES.items()]
                    yield Select(options, value="apology", allow_blank=False, id=f"f-{name}")
                elif kind == "resolved":
                    options = [(_(lbl), code) for code, lbl in YES_NO.items()]
                    yield Select(options, value="yes", allow_blank=False, id=f"f-{name}")
                else:
                    yield Input(value=self.prefill.get(name, ""), id=f"f-{name}")
                yield Static("", id=f"err-{name}", classes="field-error")
            yield Static("", id="form-error", classes="error")
            yield Static(_("Enter: next field / save · Esc: cancel"), classes="hint")

    def values(self) -> dict[str, Any]:
        out = {}
        for name, _label, _kind in STEP_FIELDS[self.step][1]:
            out[name] = self.query_one(f"#f-{name}").value
        return out

    def submit_form(self) -> None:
        self.action_submit()

    def show_error(self, exc: HotlineError) -> None:
        field = {"owner_id": "owner"}.get(getattr(exc, "field", ""), getattr(exc, "field", ""))
        target = self.query(f"#err-{field}") if field else None
        if target:
            target.first().update(str(exc))
            self.query_one(f"#f-{field}").focus()
        else:
            self.query_one("#form-error", Static).update(str(exc))

    def action_submit(self) -> None:
        for err in self.query(".field-error"):
            err.update("")
        self.query_one("#form-error", Static).update("")
        c = self.complaint
        self.call_service(
            run_step,
            self.ctx,
            self.step,
            c.id,
            c.version,
            self.values(),
            done=self.dismiss,
            failed=self.show_error,
        )


class PerPersonDialog(HotlineModal[None]):
    """C8: complaints about each person over the window; flagged at the threshold."""

    DEFAULT_CSS = """
    PerPersonDialog { align: center middle; }
    PerPersonDialog > Vertical { width: 90; height: 24; border: round $primary; padding: 0 1;
        background: $surface; }
    """

    def __init__(self, rows: list[PersonCount], months: int, threshold: int) -> None:
        super().__init__()
        self.rows, self.months, self.threshold = rows, months, threshold

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                _(
                    "Complaints per person, last {months} months (C8: {n} or more is flagged)",
                    months=self.months,
                    n=self.threshold,
                ),
                classes="title",
            )
            yield PlainTable(id="per-person", cursor_type="row", zebra_stripes=True)
            empty = "" if self.rows else _("No complaints about anyone in this period.")
            yield Static(empty, classes="hint")
            yield Static(_("Esc: close"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Agent no."), width=10)
        table.add_column(_("Name"), width=12)
        table.add_column(_("Department"), width=14)
        table.add_column(_("Valid"), width=6)
        table.add_column(_("To check"), width=8)
        table.add_column(_("C8"), width=16)
        for r in self.rows:
            flag = _("Disciplinary") if r.flagged else ""
            table.add_row(r.agent_no, r.name, r.department, str(r.count), str(r.pending), flag)


class TicketDialog(HotlineModal[dict]):
    """Ask for the call's ticket number; closes with the form's prefill from that call."""

    BINDINGS = [Binding("ctrl+s", "submit", "Open", id="complaint.ticket.open")]
    DEFAULT_CSS = """
    TicketDialog { align: center middle; }
    TicketDialog > Vertical { width: 60; height: auto; border: round $primary; padding: 0 2;
        background: $surface; }
    TicketDialog .field-error { color: $error; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Complaint from a call"), classes="title")
            yield Label(_("Ticket number of the call"))
            yield Input(placeholder="HL20261123-0001", id="f-ticket")
            yield Static("", id="err-ticket", classes="field-error")
            yield Static(_("Enter: open the form · Esc: cancel"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def show_error(self, exc: HotlineError) -> None:
        self.query_one("#err-ticket", Static).update(str(exc))

    def action_submit(self) -> None:
        from hotline_tui.services.complaints.queries import prefill_from_ticket

        self.query_one("#err-ticket", Static).update("")
        ticket = self.query_one("#f-ticket", Input).value
        self.call_service(
            prefill_from_ticket, self.ctx, ticket, done=self.dismiss, failed=self.show_error
        )
