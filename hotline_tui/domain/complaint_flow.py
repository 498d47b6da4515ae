"""The complaint workflow (C1-C7), as data.

A complaint comes directly or is forwarded by the vendor (C1). The quality
supervisor checks it: a true complaint goes to the responsible department or
person, one outside the service contract is explained and archived and does
not count (C2). The responsible person finds the cause, decides the measures
and contacts the customer within 3 hours (C3). When the result comes back the
supervisor verifies it with the customer within 1 working day; an unresolved
complaint goes up to the vendor (C4). It closes only with corrective and
preventive measures (C7); a vendor-forwarded one is then reported back to the
vendor within 1 working day (C5).

`TRANSITIONS` is the whole truth about which step may follow which and who may
take it; `transition()` refuses anything else with `InvalidTransition`.
"""

from __future__ import annotations

from collections.abc import Iterable

from hotline_tui.domain.errors import InvalidTransition
from hotline_tui.domain.flow import Transition, actions_from, find_step
from hotline_tui.i18n import N_

# -- the form's choices (C1, C6) ---------------------------------------------
SOURCES: dict[str, str] = {"direct": N_("Customer directly"), "vendor": N_("Forwarded by vendor")}

#: C6: the eight categories (服务延时 ... 售前承诺过高); each has a standard answer (C9).
CATEGORIES: dict[str, str] = {
    "delay": N_("Service delay"),
    "quality": N_("Service quality"),
    "attitude": N_("Service attitude"),
    "skill": N_("Technical skill"),
    "conduct": N_("Service conduct"),
    "charges": N_("Service charges"),
    "product": N_("Product problem"),
    "oversold": N_("Over-promised in sales"),
}

#: C6: the service complaints, whose shares the monthly report gives (C7).
SERVICE_CATEGORIES: tuple[str, ...] = ("delay", "quality", "attitude", "skill", "conduct")

#: C6: 投诉级别 一般 / 严重 / 重大.
LEVELS: dict[str, str] = {
    "general": N_("General"),
    "serious": N_("Serious"),
    "major": N_("Major"),
}

#: C3: what the responsible person offered the customer.
RESPONSES: dict[str, str] = {
    "service": N_("New service"),
    "apology": N_("Apology"),
    "compensation": N_("Compensation"),
}

# -- states -----------------------------------------------------------------
REGISTERED = "registered"
ARCHIVED = "archived"  # C2: outside the service contract, explained, not counted
IN_PROGRESS = "in_progress"  # passed to the responsible department / person
RESPONDED = "responded"  # C3: the customer was contacted
VERIFYING = "verifying"  # C4: result back, the supervisor verifies
RESOLVED = "resolved"  # verified solved; closes with measures (C7)
UNRESOLVED = "unresolved"  # verified not solved; goes to the vendor (C4)
ESCALATED = "escalated"
VENDOR_REPORT = "vendor_report"  # C5: closed, the result still owed to the vendor
CLOSED = "closed"

STATE_LABELS: dict[str, str] = {
    REGISTERED: N_("Registered, to check"),
    ARCHIVED: N_("Archived, not counted"),
    IN_PROGRESS: N_("With the responsible"),
    RESPONDED: N_("Customer contacted"),
    VERIFYING: N_("Result back, to verify"),
    RESOLVED: N_("Verified resolved"),
    UNRESOLVED: N_("Verified unresolved"),
    ESCALATED: N_("Escalated to vendor"),
    VENDOR_REPORT: N_("Closed, report to vendor"),
    CLOSED: N_("Closed"),
}
STATES = tuple(STATE_LABELS)
#: Done: no deadline any more, off the open-items list.
FINAL_STATES = (ARCHIVED, CLOSED)

# -- actions ----------------------------------------------------------------
CHECK = "check"
ARCHIVE = "archive"
HANDLE = "handle"
RESPOND = "respond"
RESULT = "result"
VERIFY = "verify"
ESCALATE = "escalate"
CLOSE = "close"
REPORT = "report_vendor"

ACTION_LABELS: dict[str, str] = {
    CHECK: N_("Check: valid"),
    ARCHIVE: N_("Outside contract: archive"),
    HANDLE: N_("Responsible, cause, measures"),
    RESPOND: N_("Customer contacted"),
    RESULT: N_("Result returned"),
    VERIFY: N_("Verify with customer"),
    ESCALATE: N_("Escalate to vendor"),
    CLOSE: N_("Close with measures"),
    REPORT: N_("Reported to vendor"),
}

SUPERVISOR = "supervisor"
MANAGER = "manager"
_QA = frozenset({SUPERVISOR, MANAGER})
#: The responsible person may be anyone at the desk; the service checks it is them.
_ANYONE = frozenset({"operator", MANAGER, "engineer", SUPERVISOR, "specialist"})


#: Every allowed step: from where, to where, by whom (C2-C7).
TRANSITIONS: tuple[Transition, ...] = (
    Transition(CHECK, (REGISTERED,), IN_PROGRESS, _QA, "complaint.check", "C2"),
    Transition(ARCHIVE, (REGISTERED,), ARCHIVED, _QA, "complaint.check", "C2"),
    Transition(HANDLE, (IN_PROGRESS, RESPONDED), "", _ANYONE, "complaint.respond", "C3"),
    Transition(RESPOND, (IN_PROGRESS,), RESPONDED, _ANYONE, "complaint.respond", "C3"),
    Transition(RESULT, (RESPONDED, ESCALATED), VERIFYING, _ANYONE, "complaint.respond", "C4"),
    Transition(VERIFY, (VERIFYING,), "", _QA, "complaint.handle", "C4"),
    Transition(ESCALATE, (UNRESOLVED,), ESCALATED, _QA, "complaint.handle", "C4"),
    Transition(CLOSE, (RESOLVED,), "", _QA, "complaint.close", "C7"),
    Transition(REPORT, (VENDOR_REPORT,), CLOSED, _QA, "complaint.close", "C5"),
)

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))


def find(state: str, action: str) -> Transition | None:
    """The table row for `action` from `state`, if there is one."""
    return find_step(TRANSITIONS, state, action)


def allowed_actions(state: str, roles: Iterable[str]) -> list[str]:
    """The actions someone with `roles` may take from `state`, in table order."""
    return actions_from(TRANSITIONS, state, roles)


def transition(state: str, action: str, roles: Iterable[str]) -> Transition:
    """The step `action` takes from `state` for someone with `roles`, or InvalidTransition."""
    roles = set(roles)
    row = find(state, action)
    if row is None:
        raise InvalidTransition(
            "A complaint in state “{state}” cannot be “{action}”; allowed now: {allowed}",
            state=STATE_LABELS.get(state, state),
            action=ACTION_LABELS.get(action, action),
            allowed=", ".join(ACTION_LABELS[a] for a in allowed_actions(state, roles)) or "-",
        )
    if not roles & row.roles:
        raise InvalidTransition(
            "“{action}” in state “{state}” is for the quality supervisor or the manager",
            action=ACTION_LABELS.get(action, action),
            state=STATE_LABELS.get(state, state),
        )
    return row


def verify_target(resolved: bool) -> str:
    """C4: a verified result either stands or the complaint goes to the vendor."""
    return RESOLVED if resolved else UNRESOLVED


def close_target(source: str) -> str:
    """C5: a vendor-forwarded complaint still owes the vendor its result."""
    return VENDOR_REPORT if source == "vendor" else CLOSED


def is_open(state: str) -> bool:
    return state not in FINAL_STATES


def counts(valid: bool | None) -> bool:
    """C2: only a checked, valid complaint counts as a service-quality complaint."""
    return valid is True
