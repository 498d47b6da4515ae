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
    # personal access tokens: one's own, and (managers) anyone's
    "token.create": _ALL,
    "token.revoke": _ALL,
    "token.manage_all": _MGR,
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
    "customer.destroy": _MGR,  # S2: a file is destroyed only with a manager's approval
    # S2: changing any unit's level, or anything of a 机密/绝密 unit
    "customer.edit_restricted": _MGR,
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
    "change.request": frozenset({OPERATOR, MANAGER, ENGINEER, SPECIALIST}),  # H17
    "change.review": _MGR,  # H17: the manager's opinion and promised date
    "change.follow": frozenset(
        {OPERATOR, MANAGER, ENGINEER, SPECIALIST}
    ),  # H17: told, late, delivered
    "duty.checklist": frozenset({OPERATOR, MANAGER}),  # R5
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
    # H10: working on an item someone else owns (edit, transfer, close)
    "item.override_owner": _MGR,
    # the audit trail (`hotline audit`): every change, before and after
    "audit.view": _MGR,
    "backup.run": _MGR,
    # reads of the command line (services/desk_reads.py)
    "report.daily": frozenset({MANAGER, SUPERVISOR}),
    "report.callbacks": frozenset({MANAGER, SUPERVISOR, SPECIALIST}),
    "dispatch.sheet": frozenset({ENGINEER, MANAGER, SPECIALIST, SUPERVISOR}),
    "roster.view": _ALL,
    "library.read": _ALL,
    "library.reindex": _MGR,
    "calendar.view": _ALL,
    # telephony: missed calls are work; PBX tokens are the manager's
    "missed_call.return": frozenset({OPERATOR, MANAGER, SUPERVISOR, SPECIALIST}),
    "missed_call.acknowledge": _MGR,
    "cti.manage": _MGR,
    "cti.view": frozenset({OPERATOR, MANAGER, SUPERVISOR, SPECIALIST}),
}


def allowed(roles: Iterable[str], action: str) -> bool:
    """True when any of `roles` may perform `action` (unknown actions: nobody)."""
    permitted = ACTIONS.get(action, frozenset())
    return any(role in permitted for role in roles)


#: What an action is, in words, for a refusal ("只有服务部经理可以审核派单");
#: an action not listed is "do this". Never the action's internal name.
ACTION_WORDS = {
    "dispatch.verify": N_("check dispatch requests"),
    "dispatch.assign": N_("assign dispatch requests"),
    "dispatch.redispatch": N_("dispatch again"),
    "dispatch.escalate": N_("escalate to the vendor"),
    "dispatch.qa_select": N_("pick orders for the QA library"),
    "dispatch.appointment": N_("agree visit times"),
    "dispatch.onsite": N_("record on-site work"),
    "dispatch.close": N_("close work orders"),
    "dispatch.sheet_returned": N_("archive service sheets"),
    "review.open_items": N_("review every open item"),
    "stats.view": N_("see the statistics"),
    "roster.edit": N_("edit the roster"),
    "library.review": N_("review library entries"),
    "item.reassign": N_("reassign items"),
    "customer.view_confidential": N_("open restricted customer files"),
    "access_log.view": N_("read the access log"),
    "callback.schedule": N_("schedule care callbacks"),
    "callback.create": N_("create callbacks"),
    "open_items.export": N_("export the open items"),
    "complaint.report": N_("see complaints per person"),
    "library.create": N_("write library entries"),
    "library.update": N_("change library entries"),
    "library.submit": N_("submit library entries"),
}


def who_may(action: str) -> str:
    """The roles that may perform `action`, in words ("服务部经理、服务工程师")."""
    from hotline_tui.i18n import _

    roles = [r for r in ROLES if r in ACTIONS.get(action, ())]
    return "、".join(_(ROLE_LABELS[r]) for r in roles) or "-"


def refusal(action: str) -> str:
    """One line saying who may ("只有服务部经理可以审核派单"), for a key or a service."""
    from hotline_tui.i18n import _

    what = ACTION_WORDS.get(action)
    if what:
        return _("Only {roles} may {what}", roles=who_may(action), what=_(what))
    return _("Only {roles} may do this", roles=who_may(action))


def check(roles: Iterable[str], action: str, who: str = "") -> None:
    """Raise PermissionDenied unless the roles allow the action; the message says
    who may, in words (never the action's internal name)."""
    roles = list(roles)
    if not allowed(roles, action):
        raise PermissionDenied("{who} may not do this: {why}", who=who or "?", why=refusal(action))
