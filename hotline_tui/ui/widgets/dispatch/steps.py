"""The dispatch screen's steps (D1-D6): each key opens its dialog if it needs
one, runs the service step and reloads the list on the order it acted on.

A mixin of `DispatchScreen` (ui/screens/dispatch.py), which gives it
`current`, `show_orders` and `_load_sheets`; kept apart so the screen file
holds the layout and the list, this one what each key does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hotline_tui.i18n import N_, _
from hotline_tui.services.dispatch import followup as follow
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.services.dispatch.queries import OrderRow, engineer_loads, list_orders
from hotline_tui.services.duty.roster import plain_date
from hotline_tui.ui.support import ScreenMixin
from hotline_tui.ui.widgets.dispatch.dialogs import (
    AppointmentDialog,
    AssignDialog,
    ConfirmListDialog,
    EscalateDialog,
    ReasonDialog,
    SignOffDialog,
)


class DispatchSteps(ScreenMixin):
    """The step actions of the dispatch screen (its BINDINGS name them)."""

    current: OrderRow | None
    focus_id: int | None

    def _run(self, fn: Callable[..., Any], *args: Any, message: str, **kwargs: Any) -> None:
        def done(result: Any) -> None:
            self.notify(message)
            new = getattr(result, "id", None)
            self.focus_id = new if new is not None else self.focus_id
            self.call_service(list_orders, self.ctx, done=self.show_orders, group="dispatch-list")
            self._load_sheets()

        self.focus_id = self.current.id if self.current else None
        self.call_service(fn, self.ctx, *args, done=done, **kwargs)

    def _ask(self, dialog: Any, then: Callable[[Any], None]) -> None:
        self.app.push_screen(dialog, lambda v: v is not None and then(v))

    def _title(self, label: str) -> str:
        row = self.current
        return f"{_(label)} · {row.order_no} {row.customer}" if row else _(label)

    def _step(self, fn: Callable[..., Any], msgid: str) -> None:
        """A step without a dialog, on the highlighted order; `msgid` takes {no}."""
        row = self.current
        self._run(fn, row.id, message=_(msgid, no=row.order_no))

    def action_verify(self) -> None:
        self._step(svc.verify, N_("{no} verified"))

    def action_return_request(self) -> None:
        no = self.current.order_no
        self._with_text("Return", svc.return_request, _("{no} returned", no=no))

    def action_assign(self) -> None:
        row = self.current

        def picked(engineer_id: int) -> None:
            self._run(
                svc.assign,
                row.id,
                engineer_id,
                expected_version=row.version,
                message=_("{no} assigned", no=row.order_no),
            )

        # D2: the load on the day that matters: the agreed visit's day when
        # reassigning (D3), else today.
        day = self.ctx.local(row.appointment_at).date() if row.appointment_at else None

        def loads(rows: list) -> None:
            self._ask(AssignDialog(self._title("Assign"), rows, day), picked)

        self.call_service(engineer_loads, self.ctx, plain_date(day) if day else None, done=loads)

    def _appointment(self, reschedule: bool, then: Callable[[dict[str, Any]], None]) -> None:
        if self.cal is None:
            return
        label = "Reschedule" if reschedule else "Appointment"
        dialog = AppointmentDialog(
            self._title(label), self.cal, self.ctx.now(), reschedule=reschedule
        )
        self._ask(dialog, then)

    def action_appoint(self) -> None:
        row = self.current
        self._appointment(
            False,
            lambda v: self._run(
                svc.appoint, row.id, v["when"], message=_("{no}: visit agreed", no=row.order_no)
            ),
        )

    def action_reschedule(self) -> None:
        row = self.current
        self._appointment(
            True,
            lambda v: self._run(
                svc.reschedule,
                row.id,
                v["when"],
                reason=v["reason"],
                customer_agreed=v["agreed"],
                message=_("{no}: visit rescheduled", no=row.order_no)
                if v["agreed"]
                else _("{no}: the customer refused; the manager decides (D3)", no=row.order_no),
            ),
        )

    def action_arrive(self) -> None:
        self._step(svc.arrive, N_("{no}: on site"))

    def action_sign_off(self) -> None:
        row = self.current
        self._ask(
            SignOffDialog(self._title("Sign off"), row.contact),
            lambda v: self._run(
                svc.sign_off,
                row.id,
                signer=v["signer"],
                work_done=v["work_done"],
                cause=v["cause"],
                prevention=v["prevention"],
                customer_checked=v["customer_checked"],
                customer_opinion=v["customer_opinion"],
                message=_("{no} signed; callback due next working day (F2)", no=row.order_no),
            ),
        )

    def _with_text(self, label: str, fn: Callable[..., Any], message: str) -> None:
        row = self.current
        self._ask(
            ReasonDialog(self._title(label)),
            lambda v: self._run(fn, row.id, v["text"], message=message),
        )

    def action_not_solved(self) -> None:
        self._with_text("Not solved", svc.not_solved, _("Closed unsolved; the manager decides"))

    def action_redispatch(self) -> None:
        self._step(svc.redispatch, N_("{no} re-dispatched"))

    def action_escalate(self) -> None:
        row = self.current
        self._ask(
            EscalateDialog(self._title("Escalate")),
            lambda v: self._run(
                svc.escalate,
                row.id,
                v["vendor_ref"],
                v["note"],
                message=_("{no} escalated to the vendor", no=row.order_no),
            ),
        )

    def action_track(self) -> None:
        self._with_text("Vendor note", svc.track_vendor, _("Tracking note saved"))

    def action_vendor_solved(self) -> None:
        self._with_text("Vendor solved", svc.vendor_solved, _("Vendor case closed: solved"))

    def action_cancel_order(self) -> None:
        """The customer withdrew the request before the visit (manager only)."""
        row = self.current
        self._with_text("Cancel order", svc.cancel, _("{no} cancelled", no=row.order_no))

    def action_close_order(self) -> None:
        self._step(svc.close, N_("{no} closed"))

    def action_sheet_returned(self) -> None:
        row = self.current
        self._run(follow.sheet_returned, row.id, message=_("Paper sheet handed in"))

    def action_manager_sign_off(self) -> None:
        """D6: the manager signs the sheet off once its callback was made."""
        row = self.current
        self._run(follow.manager_sign_off, row.id, message=_("Sheet signed off by the manager"))

    def action_qa_sample(self) -> None:
        def suggested(ids: list[int]) -> None:
            if not ids:
                self.notify(_("No signed service sheets waiting for the QA pick"))
                return
            self.call_service(list_orders, self.ctx, ids, done=lambda rows: confirm(ids, rows))

        def confirm(ids: list[int], rows: list[OrderRow]) -> None:
            lines = [f"{r.order_no}  {r.customer}  {r.engineer}  {r.signed_by}" for r in rows]
            title = _(
                "Suggested QA sample: {n} signed sheets ({pct}%)",
                n=len(ids),
                pct=self.ctx.policy.qa_sample_percent,
            )
            self._ask(
                ConfirmListDialog(title, lines),
                lambda ok: self._run(
                    follow.select_for_qa, ids, message=_("{n} sheets picked for QA", n=len(ids))
                ),
            )

        self.call_service(follow.suggest_qa_sample, self.ctx, done=suggested)
