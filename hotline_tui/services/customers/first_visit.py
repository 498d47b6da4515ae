"""The first visit after a sale (S3), worked from the customers screen.

The S3 task is a Callback of kind "S3" (scheduled by customers.register_sale or
create_customer with sold_at). Working it follows data/scripts/first_visit.toml:
the record is verified with the customer (which also counts as the S1 check),
and every need is recorded with the department it belongs to and a hand-over
deadline at the next working day's start.
"""

from __future__ import annotations

from typing import Any

import pendulum

from hotline_tui.domain.deadlines import s3_needs_handover_due
from hotline_tui.domain.errors import ConflictError, InvalidTransition, NotFound, ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, audit, snapshot, writing
from hotline_tui.store.models import Callback, Customer

SCRIPT_ID = "first_visit"
# S3: "needs are recorded with the department they belong to".
DEPARTMENTS = {
    "implementation": N_("Consulting and implementation"),
    "training": N_("Training"),
    "onsite": N_("On-site support"),
    "hotline": N_("Hotline desk"),
    "sales": N_("Sales"),
    "development": N_("Program changes"),
}
MAX_NEEDS = 20
MAX_NEED_TEXT = 500


def first_visit_task(customer_id: int) -> Callback | None:
    """The unit's open first-visit task (S3), the one due first, or None."""
    return (
        Callback.select()
        .where(
            (Callback.customer == customer_id)
            & (Callback.kind == "S3")
            & (Callback.status == "open")
        )
        .order_by(Callback.due_at, Callback.id)
        .first()
    )


def _check_needs(needs: Any) -> list[dict[str, str]]:
    if needs is None:
        return []
    if not isinstance(needs, list | tuple):
        raise ValidationError("needs", "Needs must be a list")
    if len(needs) > MAX_NEEDS:
        raise ValidationError("needs", "At most {n} needs per visit", n=MAX_NEEDS)
    out = []
    for i, need in enumerate(needs, start=1):
        if not isinstance(need, dict):
            raise ValidationError("needs", "Need {i}: not a need", i=i)
        text = need.get("text")
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise ValidationError("needs", "Need {i}: describe the need", i=i)
        if len(text) > MAX_NEED_TEXT:
            raise ValidationError("needs", "Need {i}: at most {n} characters", i=i, n=MAX_NEED_TEXT)
        dept = need.get("department")
        if dept not in DEPARTMENTS:
            raise ValidationError(
                "needs", "Need {i}: choose the department it belongs to (S3)", i=i
            )
        out.append({"text": text, "department": dept})
    return out


def _check_answers(answers: Any) -> dict[str, dict[str, str]]:
    """The script run's answers, JSON-ready: {step: {"answer": "yes"|"no", "reason": ...}}."""
    if answers is None:
        return {}
    if not isinstance(answers, dict):
        raise ValidationError("answers", "Answers must be a mapping of steps")
    out = {}
    for step, entry in answers.items():
        if not isinstance(entry, dict) or entry.get("answer") not in ("yes", "no"):
            raise ValidationError("answers", "Step {step}: answer yes or no", step=step)
        clean = {"answer": entry["answer"]}
        reason = entry.get("reason")
        if isinstance(reason, str) and reason.strip():
            clean["reason"] = reason.strip()[:MAX_NEED_TEXT]
        out[str(step)[:40]] = clean
    return out


def complete_first_visit(
    ctx: ServiceContext,
    callback_id: int,
    answers: dict[str, dict[str, str]] | None = None,
    needs: list[dict[str, str]] | None = None,
    expected_version: int | None = None,
) -> Callback:
    """S3: the first visit was made; the answers and needs are kept on the task, each
    need with its department and hand-over deadline (next working day's start). A
    record confirmed as correct counts as checked (S1)."""
    clean_answers = _check_answers(answers)
    clean_needs = _check_needs(needs)
    with writing(ctx, "callback.work"):
        task = Callback.get_or_none(Callback.id == callback_id)
        if task is None or task.kind != "S3":
            raise NotFound("First-visit task {id} does not exist", id=callback_id)
        if task.status != "open":
            raise InvalidTransition("This first visit was already made")
        from hotline_tui.services.calls.ownership import require_owner

        require_owner(ctx, task, f"S3 #{task.id}")  # H10
        if expected_version is not None and task.version != expected_version:
            raise ConflictError("Someone else changed this record; reopen it and try again")
        now = ctx.now()
        due = s3_needs_handover_due(now, ctx.calendar())
        before = snapshot(task)
        task.answers = {
            "script": SCRIPT_ID,
            "steps": clean_answers,
            "needs": [{**n, "handover_due": due.isoformat()} for n in clean_needs],
        }
        task.result = "; ".join(n["text"] for n in clean_needs)[:500]
        task.status = "done"
        task.done_at = now
        task.attempts += 1
        task.version += 1
        task.save()
        audit(ctx, "callback.first_visit", task, before=before)
        if task.customer_id and clean_answers.get("verify_record", {}).get("answer") == "yes":
            customer = Customer.get_by_id(task.customer_id)
            old = snapshot(customer, ["checked_at"])
            customer.checked_at = now  # S1: the record was verified with the customer
            customer.updated_at = now
            customer.save()
            audit(ctx, "customer.checked", customer, before=old)
    return task


def pending_needs(ctx: ServiceContext) -> list[dict[str, Any]]:
    """S3: needs recorded on first visits whose hand-over deadline is still ahead or
    just passed (the last 7 days), earliest deadline first, for the departments."""
    since = ctx.now().subtract(days=7)
    out = []
    for task in (
        Callback.select()
        .where((Callback.kind == "S3") & (Callback.status == "done") & (Callback.done_at > since))
        .order_by(Callback.done_at)
    ):
        unit = task.customer.name if task.customer else ""
        for need in (task.answers or {}).get("needs", []):
            out.append(
                {
                    **need,
                    "handover_due": pendulum.parse(need["handover_due"]),
                    "customer_id": task.customer_id,
                    "unit": unit,
                    "callback_id": task.id,
                }
            )
    out.sort(key=lambda n: (n["handover_due"], n["callback_id"]))
    return out
