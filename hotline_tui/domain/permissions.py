"""Who may do what: the role × action table is data, checked by every service.

The UI hiding a button is a convenience; `check()` in the service is the rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from hotline_tui.domain.errors import PermissionDenied
from hotline_tui.i18n import N_

OPERATOR = "operator"
MANAGER = "manager"
ENGINEER = "engineer"
SUPERVISOR = "supervisor"
SPECIALIST = "specialist"

ROLES = (OPERATOR, MANAGER, ENGINEER, SUPERVISOR, SPECIALIST)
ROLE_LABELS = {
    OPERATOR: N_("Hotline operator"),
    MANAGER: N_("Service manager"),
    ENGINEER: N_("Field engineer"),
    SUPERVISOR: N_("Quality supervisor"),
    SPECIALIST: N_("Service specialist"),
}

_ALL = frozenset(ROLES)
_DESK = frozenset({OPERATOR, MANAGER, ENGINEER, SUPERVISOR, SPECIALIST})
_MGR = frozenset({MANAGER})

#: action -> roles allowed. Adding an action here is how a service gets a permission.
ACTIONS: dict[str, frozenset[str]] = {
    # staff and settings
    "staff.manage": _MGR,
    "calendar.manage": _MGR,
    # sign-in: the security settings (lockout, idle, passwords, S2 roles) and the log
    "security.manage": _MGR,
    "signin_log.view": _MGR,
    "password.change_own": _ALL,
    # customers (S1, S2)
    "customer.create": _DESK,
    "customer.update": frozenset({OPERATOR, MANAGER, SUPERVISOR, SPECIALIST}),
    "customer.import": _MGR,
    "customer.export": _MGR,
    "customer.view": _ALL,
    "customer.view_confidential": _MGR,
    "contact.create": _DESK,
    "contact.update": frozenset({OPERATOR, MANAGER, SUPERVISOR, SPECIALIST}),
    "access_log.view": _MGR,
    # hotline calls (H1-H14)
    "call.take": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "call.update": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "call.close": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "call.transfer": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "draft.save": _ALL,
    # library (H9)
    "library.create": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "library.update": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "library.submit": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "library.review": _MGR,
    "library.delete": _MGR,
    "library.apply": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),
    "library.import": _MGR,
    # roster and handover (R1-R4)
    "roster.edit": _MGR,
    "duty.sign_in": frozenset({OPERATOR, MANAGER}),
    "duty.away": frozenset({OPERATOR, MANAGER}),
    "handover.write": frozenset({OPERATOR, MANAGER}),
    "handover.accept": frozenset({OPERATOR, MANAGER}),
    # R3: everyone's handovers (the duty board, the overdue list, `hotline handover show`)
    "handover.board": frozenset({MANAGER, SUPERVISOR}),
    # dispatch (D1-D6)
    "dispatch.request": frozenset({OPERATOR, MANAGER, ENGINEER, SUPERVISOR, SPECIALIST}),
    "dispatch.verify": _MGR,
    "dispatch.assign": _MGR,
    "dispatch.appointment": frozenset({ENGINEER, MANAGER}),
    "dispatch.onsite": frozenset({ENGINEER, MANAGER}),
    "dispatch.close": frozenset({ENGINEER, MANAGER}),
    "dispatch.redispatch": _MGR,
    "dispatch.escalate": _MGR,
    "dispatch.sheet_returned": frozenset({MANAGER, SPECIALIST}),
    "dispatch.qa_select": _MGR,
    "dispatch.track": frozenset({ENGINEER, MANAGER}),  # D5 vendor tracking notes
    # callbacks (F1-F7)
    "callback.create": _DESK,
    "callback.work": frozenset({OPERATOR, MANAGER, SUPERVISOR, SPECIALIST}),
    "callback.schedule": frozenset({MANAGER, SUPERVISOR, SPECIALIST}),  # F3, F4 care schedule
    # complaints (C1-C8)
    "complaint.register": _DESK,
    "complaint.check": frozenset({SUPERVISOR, MANAGER}),
    "complaint.handle": frozenset({SUPERVISOR, MANAGER}),
    "complaint.close": frozenset({SUPERVISOR, MANAGER}),
    # C3: the named responsible person (any role) records cause, measures, contact
    "complaint.respond": _DESK,
    # C7, C8: the monthly analysis and the per-person view
    "complaint.report": frozenset({SUPERVISOR, MANAGER}),
    # review and records
    "review.open_items": frozenset({MANAGER, SUPERVISOR}),
    # docs/DESIGN.md, the manager's review: the whole list to a file (CSV/XLSX, `hotline export open-items`)
    "open_items.export": frozenset({MANAGER, SUPERVISOR}),
    # docs/DESIGN.md, the manager's review: the per-operator and per-day figures (F12)
    "stats.view": frozenset({MANAGER, SUPERVISOR}),
    # H10: moving any open item (call, callback, complaint, handover) to another owner
    "item.reassign": _MGR,
    # the audit trail is read on the server with the CLI (`hotline audit`), not by role
    "backup.run": _MGR,
}


def allowed(roles: Iterable[str], action: str) -> bool:
    """True when any of `roles` may perform `action` (unknown actions: nobody)."""
    permitted = ACTIONS.get(action, frozenset())
    return any(role in permitted for role in roles)


def check(roles: Iterable[str], action: str, who: str = "") -> None:
    """Raise PermissionDenied unless the roles allow the action."""
    roles = list(roles)
    if not allowed(roles, action):
        raise PermissionDenied(
            "{who} may not do this ({action}): it needs one of the roles {needed}",
            who=who or "?",
            action=action,
            needed=", ".join(sorted(ACTIONS.get(action, ()))) or "-",
        )
