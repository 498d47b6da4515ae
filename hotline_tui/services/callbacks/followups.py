"""Follow-up callbacks (F1-F6): creating them is shared by every rule that
promises one; working them (script answers, unreachable tries, a new problem
turned into a hotline call) happens here too, always through `writing(...)`.

Retry rule for an unreachable customer (documented for the desk, F-rules leave
it open): each failed try is logged as a CallbackAttempt; the next try is
2 hours later if that is still within the same working day (before the end of
work, 18:00 local by default), otherwise 10:00 on the next working day. Both
`next_try_at` and `due_at` move there, so the desk's countdown shows the next
try; `first_due_at` keeps the rule's due time for the F7 report. After
MAX_ATTEMPTS failed tries the callback closes as "unreachable".
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from typing import Any

import pendulum

from hotline_tui.domain.calendar import BusinessCalendar
from hotline_tui.domain.errors import ConflictError, InvalidTransition, NotFound, ValidationError
from hotline_tui.domain.scripts import (
    RECORD_REASON,
    Script,
    open_problems,
    question_words,
)
from hotline_tui.i18n import N_
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    clean_text,
    snapshot,
    writing,
)
from hotline_tui.shipped import call_scripts
from hotline_tui.store.models import Callback, CallbackAttempt

CHANNELS = {"phone": N_("Phone"), "qq": N_("QQ"), "email": N_("E-mail")}
KINDS = {
    "F1": N_("After a hotline call"),
    "F2": N_("After an on-site visit"),
    "F3": N_("After project acceptance"),
    "F4": N_("Periodic care"),
    "S3": N_("First visit"),
    "birthday": N_("Birthday care"),
    "holiday": N_("Holiday care"),
    "inspection": N_("Yearly on-site inspection"),  # F4: key/VIP units
}
STATUSES = {
    "open": N_("Open"),
    "done": N_("Done"),
    "unreachable": N_("Unreachable"),
    "cancelled": N_("Cancelled"),
}
#: Which call script each kind is worked with (data/scripts/*.toml).
SCRIPT_FOR_KIND = {
    "F1": "callback_hotline",
    "F3": "callback_hotline",
    "F2": "callback_onsite",
    "F4": "callback_care",
    "birthday": "callback_care",
    "holiday": "callback_care",
    "inspection": "callback_care",
    "S3": "first_visit",
}
#: Script steps whose answer is the customer's satisfaction (F6).
SATISFACTION_STEPS = ("attitude", "satisfied")
MAX_ATTEMPTS = 3
RETRY_HOURS = 2
RETRY_NEXT_DAY_AT = time(10, 0)
MAX_NOTE = 500
MAX_SYMPTOM = 5000


@cache
def scripts() -> dict[str, Script]:
    """The callback scripts, read once (a restart reloads edited files)."""
    return call_scripts()


def script_for(kind: str) -> Script:
    return scripts()[SCRIPT_FOR_KIND.get(kind, "callback_hotline")]


def create_callback(
    ctx: ServiceContext,
    *,
    kind: str,
    due_at: datetime,
    customer_id: int | None = None,
    contact_id: int | None = None,
    call_id: int | None = None,
    dispatch_id: int | None = None,
    owner_id: int | None = None,
    channel: str = "phone",
    due_rule: str = "",
) -> Callback:
    """Schedule a callback; works inside a caller's transaction (as a savepoint)."""
    if kind not in KINDS:
        raise ValidationError("kind", "Unknown callback kind {kind}", kind=kind)
    if channel not in CHANNELS:
        raise ValidationError("channel", "Channel must be phone, QQ or e-mail")
    if due_at is None or getattr(due_at, "tzinfo", None) is None:
        raise ValidationError("due_at", "A due time with its time zone is required")
    with writing(ctx, "callback.create"):
        cb = Callback.create(
            kind=kind,
            customer=customer_id,
            contact=contact_id,
            call=call_id,
            dispatch=dispatch_id,
            owner=owner_id if owner_id is not None else ctx.actor.id,
            channel=channel,
            due_at=due_at,
            first_due_at=due_at,
            due_rule=due_rule or (kind if kind.startswith(("F", "S")) else ""),
            created_at=ctx.now(),
        )
        audit(ctx, "callback.create", cb)
    return cb


# -- working a callback -------------------------------------------------------


def get_callback(callback_id: Any) -> Callback:
    ok = isinstance(callback_id, int) and not isinstance(callback_id, bool)
    cb = Callback.get_or_none(Callback.id == callback_id) if ok else None
    if cb is None:
        raise NotFound("Callback {id} does not exist", id=callback_id)
    return cb


def _open_callback(
    callback_id: Any, expected_version: int | None, ctx: ServiceContext | None = None
) -> Callback:
    cb = get_callback(callback_id)
    if cb.status != "open":
        raise InvalidTransition("This callback is already closed")
    if ctx is not None:
        from hotline_tui.services.calls.ownership import require_owner

        require_owner(ctx, cb, f"{cb.kind} #{cb.id}")  # H10
    if expected_version is not None and cb.version != expected_version:
        raise ConflictError(
            "This record was changed by someone else meanwhile{by}; reload and try again", by=""
        )
    return cb


def _note(value: Any, field: str = "note", limit: int = MAX_NOTE) -> str:
    return clean_text(field, value, limit)


def check_answers(script: Script, answers: Any) -> dict[str, dict[str, str]]:
    """F6: answers per question step; a "no" that the script sends to
    record_reason must carry its reason (checked here, not only on screen)."""
    if not isinstance(answers, dict) or not answers:
        raise ValidationError("answers", "Work through the script before finishing")
    out: dict[str, dict[str, str]] = {}
    for step_id, entry in answers.items():
        try:
            step = script.step(str(step_id))
        except KeyError:
            raise ValidationError("answers", "Unknown script step {step}", step=step_id) from None
        if not step.is_question:
            raise ValidationError("answers", "Step {step} is not a question", step=step_id)
        answer = entry.get("answer") if isinstance(entry, dict) else None
        if answer not in ("yes", "no"):
            raise ValidationError("answers", "Step {step}: answer yes or no", step=step_id)
        reason = _note(entry.get("reason"), "reason")
        if answer == "no" and step.no == RECORD_REASON and not reason:
            raise ValidationError(
                "reason", "Record the reason for the answer no at step {step} (F6)", step=step_id
            )
        out[step.id] = {"answer": answer, **({"reason": reason} if reason else {})}
    return out


def satisfaction(answers: dict[str, dict[str, str]]) -> bool | None:
    """F6: the attitude/satisfaction answer, or None when it was not asked."""
    for step in SATISFACTION_STEPS:
        if step in answers:
            return answers[step]["answer"] == "yes"
    return None


def answer_lines(script: Script, answers: dict[str, dict[str, str]], lang: str) -> list[str]:
    """F6: each answer as the question in words, yes/no and the reason (what the
    care record and the dialog show, never the step's id)."""
    words = {"yes": "是", "no": "否"} if not lang.startswith("en") else {"yes": "yes", "no": "no"}
    out = []
    for step_id, a in answers.items():
        line = f"{question_words(script, step_id, lang)} {words.get(a['answer'], a['answer'])}"
        out.append(line + (f" — {a['reason']}" if a.get("reason") else ""))
    return out


def finish_callback(
    ctx: ServiceContext,
    callback_id: int,
    answers: dict[str, dict[str, str]],
    note: str = "",
    expected_version: int | None = None,
    no_new_call_reason: str = "",
) -> Callback:
    """F2/F6: the customer was reached and the script worked through; the answers
    (as the questions in words), the reasons for every "no" and the satisfaction go
    into the care record. F5: a problem left unsolved needs its new hotline call,
    or the stated reason why none was opened."""
    note = _note(note)
    declined = _note(no_new_call_reason, "no_new_call_reason")
    with writing(ctx, "callback.work"):
        cb = _open_callback(callback_id, expected_version, ctx)
        if cb.kind == "S3":
            raise ValidationError("kind", "A first visit is saved with its own form (S3)")
        script = script_for(cb.kind)
        clean = check_answers(script, answers)
        problems = open_problems(script, clean)
        if problems and cb.new_call_id is None and not declined:
            raise ValidationError(
                "no_new_call_reason",
                "The customer still has a problem: open a new hotline call for it, "
                "or write why none is needed",
            )
        before = snapshot(cb)
        now = ctx.now()
        lang = ctx.settings.language
        lines = answer_lines(script, clean, lang)
        cb.answers = {
            "script": script.id,
            "steps": clean,
            "questions": {step: question_words(script, step, lang) for step in clean},
            **({"no_new_call_reason": declined} if problems and declined else {}),
        }
        cb.satisfied = satisfaction(clean)
        head = "No new hotline call: " if lang.startswith("en") else "未生成新的热线记录:"
        extra = [head + declined] if problems and declined else []
        cb.result = "\n".join([note, *lines, *extra]).strip()[:2000]
        cb.status, cb.done_at, cb.next_try_at = "done", now, None
        cb.attempts += 1
        bump_version(cb, cb.version)
        CallbackAttempt.create(callback=cb, at=now, actor=ctx.actor, result="reached", note=note)
        audit(ctx, "callback.finish", cb, before=before)
    return cb


def next_try(at: datetime, cal: BusinessCalendar) -> pendulum.DateTime:
    """The retry rule (module docstring): +2 h within the working day, else the next
    working day at 10:00 local."""
    local = cal.local(at)
    candidate = local.add(hours=RETRY_HOURS)
    if cal.is_working_day(local.date()) and candidate <= cal.working_day_end(local.date()):
        return candidate.in_tz("UTC")
    day = cal.next_working_day(local.date())
    return cal.at_local(day, RETRY_NEXT_DAY_AT).in_tz("UTC")


def record_unreachable(
    ctx: ServiceContext, callback_id: int, note: str = "", expected_version: int | None = None
) -> Callback:
    """The customer could not be reached: log the attempt, schedule the next try,
    or close as unreachable after MAX_ATTEMPTS tries."""
    note = _note(note)
    with writing(ctx, "callback.work"):
        cb = _open_callback(callback_id, expected_version, ctx)
        before = snapshot(cb)
        now = ctx.now()
        cb.attempts += 1
        if cb.first_due_at is None:  # created before migration 0007
            cb.first_due_at = cb.due_at
        CallbackAttempt.create(
            callback=cb, at=now, actor=ctx.actor, result="unreachable", note=note
        )
        if cb.attempts >= MAX_ATTEMPTS:
            cb.status, cb.done_at, cb.next_try_at = "unreachable", now, None
            cb.result = note or cb.result
        else:
            cb.next_try_at = cb.due_at = next_try(now, ctx.calendar())
        bump_version(cb, cb.version)
        audit(ctx, "callback.unreachable", cb, before=before)
    return cb


def change_channel(
    ctx: ServiceContext, callback_id: int, channel: str, expected_version: int | None = None
) -> Callback:
    """F1 allows QQ or e-mail instead of the phone: switch how this callback is made."""
    if channel not in CHANNELS:
        raise ValidationError("channel", "Channel must be phone, QQ or e-mail")
    with writing(ctx, "callback.work"):
        cb = _open_callback(callback_id, expected_version, ctx)
        before = snapshot(cb)
        cb.channel = channel
        bump_version(cb, cb.version)
        audit(ctx, "callback.channel", cb, before=before)
    return cb
