"""Permissions live in the services (docs/DESIGN.md, crash safety and load): the role x action table
(`domain/permissions.ACTIONS`) is tested exhaustively against the SERVICE
FUNCTIONS. `REGISTRY` maps every action to a call that exercises a service
guarded by it; each role calls it, and a role the table does not allow must be
refused with PermissionDenied, while an allowed role must not be. An action
added to the table without an entry here fails `test_every_action_is_exercised`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from hotline_tui.config import Settings
from hotline_tui.domain import permissions
from hotline_tui.domain.clock import FixedClock
from hotline_tui.domain.errors import HotlineError, PermissionDenied
from hotline_tui.services.admin import audit_log, backup, desk_reads
from hotline_tui.services.admin import calendar as calendar_admin
from hotline_tui.services.auth import security_settings, staff, tokens
from hotline_tui.services.auth import sign_in as auth
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.callbacks import care as callback_care
from hotline_tui.services.callbacks import followups as callbacks
from hotline_tui.services.callbacks.followups import create_callback
from hotline_tui.services.calls import calls, change_requests, drafts
from hotline_tui.services.calls import outcomes as call_outcomes
from hotline_tui.services.complaints import handling as comp
from hotline_tui.services.complaints import queries as comp_queries
from hotline_tui.services.complaints import report as complaint_report
from hotline_tui.services.customers import contacts as customers
from hotline_tui.services.customers import destruction as customer_destruction
from hotline_tui.services.customers import transfer as customer_import
from hotline_tui.services.dispatch import followup as dispatch_followup
from hotline_tui.services.dispatch import orders as dispatch
from hotline_tui.services.dispatch import queries as dispatch_queries
from hotline_tui.services.duty import board as handover_board
from hotline_tui.services.duty import checklist as duty_checklist
from hotline_tui.services.duty import handover, roster
from hotline_tui.services.duty import sessions as duty
from hotline_tui.services.library import entries as library
from hotline_tui.services.library import spreadsheet as library_io
from hotline_tui.services.review import open_items, open_items_export, reassign, stats
from hotline_tui.store.models import Staff
from tests.cli_helpers import cli_as, stdin_text
from tests.conftest import T0


@dataclass
class Env:
    """One single-role staff member per role, a manager to prepare records, a folder."""

    people: dict[str, Staff]
    boss: ServiceContext
    settings: Settings
    clock: FixedClock
    tmp: Path
    url: str

    def ctx(self, who: Staff) -> ServiceContext:
        return ServiceContext(actor=who, settings=self.settings, clock=self.clock)

    def unit(self, level: str = "secret") -> int:
        c = customers.create_customer(
            self.boss,
            name=f"权限测试单位{next(_SEQ)}",
            confidentiality=level,
            contacts=[{"name": "钱会计", "mobile": "13912345678"}],
        )
        return c.id

    def call(self, owner: ServiceContext | None = None) -> Any:
        who = owner if owner is not None and owner.can("call.take") else self.boss
        return calls.start_call(who, customer_id=self.unit(), symptom="凭证无法保存")

    def order(self, state: str, engineer: Staff | None = None) -> int:
        """A work order driven by the manager (and its engineer) up to `state`."""
        eng = engineer or self.people["engineer"]
        req = dispatch.request_dispatch(self.boss, customer_id=self.unit(), problem="上门")
        steps = ["verified", "assigned", "appointed", "on_site", "signed"]
        for step in steps[: steps.index(state) + 1] if state in steps else []:
            if step == "verified":
                dispatch.verify(self.boss, req.id)
            elif step == "assigned":
                req = dispatch.DispatchRequest.get_by_id(req.id)
                dispatch.assign(self.boss, req.id, eng.id, expected_version=req.version)
            elif step == "appointed":
                dispatch.appoint(self.boss, req.id, self.clock.now().add(hours=2))
            elif step == "on_site":
                dispatch.arrive(self.boss, req.id)
            elif step == "signed":
                dispatch.sign_off(
                    self.boss,
                    req.id,
                    signer="客户",
                    work_done="完成",
                    cause="磁盘空间不足",
                    prevention="定期清理磁盘",
                    customer_checked=True,
                    customer_opinion="满意",
                )
        return req.id

    def complaint(self, state: str, owner: Staff) -> int:
        c = comp.register_complaint(
            self.boss,
            complainant_unit="某单位",
            complainant="钱先生",
            phone="13912345678",
            department="服务部",
            description="上门迟到",
            level="general",
            category="delay",
        )
        if state == "registered":
            return c.id
        comp.check_complaint(self.boss, c.id, responsible="服务部", owner_id=owner.id)
        if state == "in_progress":
            return c.id
        comp.respond_complaint(self.ctx(owner), c.id, response="apology", cause="c", measures="m")
        comp.result_returned(self.ctx(owner), c.id, result="客户满意")
        if state == "verifying":
            return c.id
        comp.verify_complaint(self.boss, c.id, resolved=True)
        return c.id

    def engineer_for(self, ctx: ServiceContext) -> Staff:
        """Work orders of an engineer acting are theirs (D3): object rules are not roles."""
        return ctx.actor if ctx.actor.has_role("engineer") else self.people["engineer"]


Thunk = Callable[[], Any]
#: prepares the records the action needs (as the manager), returns the service call
_SEQ = itertools.count(1)
Act = Callable[[Env, ServiceContext], Thunk]


def _customer_import(env: Env, ctx: ServiceContext) -> Any:
    path = env.tmp / "units.csv"
    env.unit()
    customer_import.export_customers(env.boss, path)
    return partial(customer_import.import_customers, ctx, path)


def _library_import(env: Env, ctx: ServiceContext) -> Any:
    path = env.tmp / "library.csv"
    library_io.export_entries(env.boss, path)
    return partial(library_io.import_entries, ctx, path)


def _entry(env: Env, status: str = "draft") -> Any:
    return library.create_entry(env.boss, title="凭证无法保存", solution="重装", status=status)


def _full_view(env: Env, ctx: ServiceContext) -> Thunk:
    unit = env.unit("top_secret")

    def run() -> Any:
        view = customers.view_customer(ctx, unit)
        if not view.full:  # S2: the minimum view is how a 绝密 file is refused
            raise PermissionDenied("minimum view only")
        return view

    return run


def _away(env: Env, ctx: ServiceContext) -> Thunk:
    if ctx.can("duty.sign_in"):
        handover.sign_in_for_duty(ctx)
    return partial(duty.mark_away, ctx, "去洗手间")


def _end_duty(env: Env, ctx: ServiceContext) -> Thunk:
    if ctx.can("duty.sign_in"):
        handover.sign_in_for_duty(ctx)
    return partial(duty.end_of_duty, ctx, "无遗留")


def _assign(env: Env, ctx: ServiceContext) -> Thunk:
    rid = env.order("verified")
    version = dispatch.DispatchRequest.get_by_id(rid).version
    return partial(dispatch.assign, ctx, rid, env.people["engineer"].id, expected_version=version)


def _others_call(env: Env, ctx: ServiceContext) -> Thunk:
    """H10: closing a call someone else owns (the manager took it for an operator)."""
    someone = env.people["operator"] if ctx.actor.id != env.people["operator"].id else None
    owner = env.ctx(someone) if someone else env.boss
    return partial(call_outcomes.abandon_call, ctx, env.call(owner).id, "空线")


def _edit_restricted(env: Env, ctx: ServiceContext) -> Thunk:
    return partial(customers.update_customer, ctx, env.unit("top_secret"), address="北京")


COMPLAINT = {
    "complainant_unit": "某单位",
    "complainant": "钱先生",
    "phone": "13912345678",
    "department": "服务部",
    "description": "态度差",
    "level": "general",
    "category": "attitude",
}


REGISTRY: dict[str, Act] = {
    "staff.manage": lambda e, c: partial(staff.create_staff, c, "7777", "新人", "operator"),
    "calendar.manage": lambda e, c: partial(
        calendar_admin.set_override, c, date(2026, 11, 23), False, "停电"
    ),
    "customer.create": lambda e, c: partial(customers.create_customer, c, name="新单位"),
    "customer.update": lambda e, c: partial(customers.update_customer, c, e.unit(), address="北京"),
    "customer.import": _customer_import,
    "customer.export": lambda e, c: partial(customer_import.export_customers, c, e.tmp / "out.csv"),
    "customer.view": lambda e, c: partial(customers.view_customer, c, e.unit()),
    "customer.view_confidential": _full_view,
    "contact.create": lambda e, c: partial(customers.add_contact, c, e.unit(), name="孙出纳"),
    "contact.update": lambda e, c: partial(
        customers.update_contact,
        c,
        customers.Customer.get_by_id(e.unit()).contacts[0].id,
        title="会计",
    ),
    "access_log.view": lambda e, c: partial(audit_log.access_log, c),
    "security.manage": lambda e, c: partial(
        security_settings.update_security_settings, c, idle_minutes=5
    ),
    "signin_log.view": lambda e, c: partial(auth.sign_in_log, c),
    "password.change_own": lambda e, c: partial(
        auth.change_own_password, c, f"hotline-{c.actor.agent_no}", "a-new-long-password"
    ),
    "call.take": lambda e, c: partial(calls.start_call, c, symptom="打不开"),
    "call.update": lambda e, c: partial(calls.update_call, c, e.call(c).id, symptom="取数不对"),
    "call.close": lambda e, c: partial(call_outcomes.abandon_call, c, e.call(c).id, "空线"),
    "call.transfer": lambda e, c: partial(
        call_outcomes.transfer_call, c, e.call(c).id, to_department="财务软件部"
    ),
    "draft.save": lambda e, c: partial(drafts.save_draft, c, {"symptom": "打不开"}),
    "library.create": lambda e, c: partial(library.create_entry, c, title="打印预览空白"),
    "library.update": lambda e, c: partial(
        library.update_entry, c, _entry(e).id, None, symptom="空白"
    ),
    "library.submit": lambda e, c: partial(library.submit_for_review, c, _entry(e).id),
    "library.review": lambda e, c: partial(
        library.review, c, library.submit_for_review(e.boss, _entry(e).id).id, True
    ),
    "library.delete": lambda e, c: partial(library.delete_entry, c, _entry(e).id),
    "library.apply": lambda e, c: partial(
        library.apply_entry, c, e.call(c).id, _entry(e, "published").id
    ),
    "library.import": _library_import,
    "roster.edit": lambda e, c: partial(
        roster.assign, c, date(2026, 11, 23), "day", e.people["operator"].id
    ),
    "duty.sign_in": lambda e, c: partial(handover.sign_in_for_duty, c),
    "duty.away": _away,
    "customer.destroy": lambda e, c: partial(
        customer_destruction.approve_destruction,
        c,
        customer_destruction.request_destruction(e.boss, e.unit(), "客户已注销").id,
    ),
    "duty.checklist": lambda e, c: partial(
        duty_checklist.complete_checklist, c, "start", list(duty_checklist.START_ITEMS)
    ),
    "change.request": lambda e, c: partial(
        change_requests.request_change, c, e.call().id, steps="审核凭证", error_message="类型不匹配"
    ),
    "change.review": lambda e, c: partial(
        change_requests.review_change,
        c,
        change_requests.request_change(e.boss, e.call().id, steps="审核", error_message="报错").id,
        opinion="同意",
        promised_on="2026-12-01",
    ),
    "change.follow": lambda e, c: partial(change_requests.late_checks, c),
    "handover.write": _end_duty,
    "handover.accept": lambda e, c: partial(handover.refresh_my_handovers, c),
    "handover.board": lambda e, c: partial(handover_board.duty_board, c, date(2026, 11, 23)),
    "dispatch.request": lambda e, c: partial(
        dispatch.request_dispatch, c, customer_id=e.unit(), problem="上门"
    ),
    "dispatch.verify": lambda e, c: partial(dispatch.verify, c, e.order("requested")),
    "dispatch.assign": _assign,
    "dispatch.appointment": lambda e, c: partial(
        dispatch.appoint, c, e.order("assigned", e.engineer_for(c)), e.clock.now().add(hours=3)
    ),
    "dispatch.onsite": lambda e, c: partial(
        dispatch.arrive, c, e.order("appointed", e.engineer_for(c))
    ),
    "dispatch.close": lambda e, c: partial(
        dispatch.sign_off,
        c,
        e.order("on_site", e.engineer_for(c)),
        signer="客户",
        work_done="完成",
        cause="磁盘空间不足",
        prevention="定期清理磁盘",
        customer_checked=True,
        customer_opinion="满意",
    ),
    "dispatch.redispatch": lambda e, c: partial(
        dispatch.redispatch, c, _failed(e, e.engineer_for(c)), note="换人"
    ),
    "dispatch.escalate": lambda e, c: partial(
        dispatch.escalate, c, _failed(e, e.engineer_for(c)), vendor_ref="V-1", note="已报厂商"
    ),
    "dispatch.sheet_returned": lambda e, c: partial(
        dispatch_followup.sheet_returned, c, e.order("signed")
    ),
    "dispatch.qa_select": lambda e, c: partial(
        dispatch_followup.select_for_qa, c, [e.order("signed")]
    ),
    "dispatch.track": lambda e, c: partial(
        dispatch.track_vendor, c, _escalated(e, e.engineer_for(c)), note="厂商已复现"
    ),
    "callback.create": lambda e, c: partial(
        create_callback, c, kind="F4", due_at=e.clock.now().add(days=3), customer_id=e.unit()
    ),
    "callback.work": lambda e, c: partial(
        callbacks.record_unreachable, c, _callback(e, c).id, note="无人接听"
    ),
    "callback.schedule": lambda e, c: partial(callback_care.schedule_care_callbacks, c),
    "complaint.register": lambda e, c: partial(comp.register_complaint, c, **COMPLAINT),
    "complaint.check": lambda e, c: partial(
        comp.check_complaint,
        c,
        e.complaint("registered", c.actor),
        responsible="服务部",
        owner_id=c.actor.id,
    ),
    "complaint.respond": lambda e, c: partial(
        comp.respond_complaint,
        c,
        e.complaint("in_progress", c.actor),
        response="apology",
        cause="c",
        measures="m",
    ),
    "complaint.handle": lambda e, c: partial(
        comp.verify_complaint, c, e.complaint("verifying", c.actor), resolved=True
    ),
    "complaint.close": lambda e, c: partial(
        comp.close_complaint,
        c,
        e.complaint("resolved", c.actor),
        corrective="培训",
        preventive="考核",
    ),
    "complaint.report": lambda e, c: partial(comp_queries.per_person, c),
    "review.open_items": lambda e, c: partial(open_items.review_items, c),
    "open_items.export": lambda e, c: partial(
        open_items_export.export_open_items, c, e.clock.now()
    ),
    "stats.view": lambda e, c: partial(stats.report, c, 7),
    "item.reassign": lambda e, c: partial(
        reassign.reassign, c, "call", e.call().id, e.people["operator"].id, reason="请假"
    ),
    "item.override_owner": _others_call,
    "customer.edit_restricted": _edit_restricted,
    "backup.run": lambda e, c: partial(backup.backup, c, e.url, e.tmp / f"b{c.actor.id}.db"),
    # the command line's reads (services/desk_reads.py) and access tokens
    "audit.view": lambda e, c: partial(desk_reads.audit_trail, c),
    "calendar.view": lambda e, c: partial(desk_reads.calendar_month, c),
    "dispatch.sheet": lambda e, c: partial(dispatch_queries.sheet_data, c, e.order("verified")),
    "library.read": lambda e, c: partial(desk_reads.library_search, c, "备份"),
    "library.reindex": lambda e, c: partial(desk_reads.library_reindex, c),
    "report.callbacks": lambda e, c: partial(desk_reads.callback_month, c, date(2026, 11, 1)),
    "report.daily": lambda e, c: partial(desk_reads.daily_summary, c, date(2026, 11, 23)),
    "roster.view": lambda e, c: partial(
        desk_reads.roster_export, c, date(2026, 11, 23), str(e.tmp / "r.csv"), "csv"
    ),
    "token.create": lambda e, c: partial(tokens.create_token, c),
    "token.revoke": lambda e, c: partial(tokens.revoke_token, c, tokens.create_token(c).row.key),
    "token.manage_all": lambda e, c: partial(tokens.list_tokens, c, everyone=True),
    # telephony (docs/TELEPHONY.md)
    "cti.manage": lambda e, c: partial(_cti().create_token, c, f"pbx{c.actor.id}"),
    "cti.view": lambda e, c: partial(_phone_log().call_log, c, e.clock.now().date()),
    "missed_call.return": lambda e, c: partial(_missed_calls().mark_returned, c, _missed(e)),
    "missed_call.acknowledge": lambda e, c: partial(
        _missed_calls().acknowledge, c, [_missed(e)], "打错了"
    ),
}


def _cti() -> Any:
    from hotline_tui.services.calls import cti_tokens

    return cti_tokens


def _phone_log() -> Any:
    from hotline_tui.services.calls import phone_log

    return phone_log


def _missed_calls() -> Any:
    from hotline_tui.services.calls import missed_calls

    return missed_calls


def _missed(env: Env) -> int:
    """A fresh missed-call item (a PBX call nobody answered)."""
    from hotline_tui.domain.telephony import CallEvent
    from hotline_tui.services.calls.telephony import ingest
    from hotline_tui.store.models import MissedCall, PhoneCall

    n = PhoneCall.select().count()
    at = env.clock.now()
    number = f"1390000{n:04d}"
    ingest(CallEvent("newCall", f"perm-{n}", at, from_number=number), "t", env.settings, at)
    ingest(CallEvent("hangup", f"perm-{n}", at.add(seconds=9)), "t", env.settings, at)
    return MissedCall.get(MissedCall.number == number).id


def _callback(env: Env, owner: ServiceContext | None = None) -> Any:
    return create_callback(
        env.boss,
        kind="F1",
        due_at=env.clock.now().add(days=3),
        customer_id=env.unit(),
        owner_id=owner.actor.id if owner is not None else None,
    )


def _failed(env: Env, engineer: Staff) -> int:
    rid = env.order("on_site", engineer)
    dispatch.not_solved(env.boss, rid, "缺配件")
    return rid


def _escalated(env: Env, engineer: Staff) -> int:
    rid = _failed(env, engineer)
    dispatch.escalate(env.boss, rid, vendor_ref="V-9", note="已报厂商")
    return rid


#: Actions in the table that no service checks yet (reported gaps, docs/DESIGN.md, crash safety and load):
#: listed here by name so the coverage test below keeps them visible. (None left:
#: call/callback reassigning was dropped from the table, as it goes through
#: item.reassign; reading the audit trail is audit.view.)
UNCHECKED: dict[str, str] = {}


def test_every_action_is_exercised() -> None:
    """A new action in the table without a service call here fails this test."""
    missing = set(permissions.ACTIONS) - set(REGISTRY) - set(UNCHECKED)
    assert not missing, f"add these actions to REGISTRY: {sorted(missing)}"
    assert not (set(REGISTRY) | set(UNCHECKED)) - set(permissions.ACTIONS)


@pytest.fixture
def env(sqlite_db: object, tmp_path: Path, settings: Settings, clock: FixedClock) -> Env:
    people = {
        role: Staff.create(agent_no=f"{n + 1}00{n}", name=f"{role}", roles=role, created_at=T0)
        for n, role in enumerate(permissions.ROLES)
    }
    boss_staff = Staff.create(agent_no="9999", name="经理", roles="manager", created_at=T0)
    boss = ServiceContext(actor=boss_staff, settings=settings, clock=clock)
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    return Env(people, boss, settings, clock, tmp_path, url)


def _outcome(env: Env, action: str, role: str) -> str:
    ctx = env.ctx(env.people[role])
    call = REGISTRY[action](env, ctx)  # preparing must work: errors here fail the test
    try:
        call()
    except PermissionDenied as exc:
        return f"refused: {exc}"
    except HotlineError:
        return "allowed"  # got past the permission check; refused on the data
    return "allowed"


@pytest.mark.parametrize("action", sorted(REGISTRY))
def test_service_enforces_role_table(env: Env, action: str) -> None:
    """Every role x action pair: refused exactly when the table forbids it."""
    wrong = []
    for role in permissions.ROLES:
        expected = permissions.allowed([role], action)
        got = _outcome(env, action, role)
        if expected != (got == "allowed"):
            wrong.append(f"{role}: table says {'allow' if expected else 'refuse'}, service {got}")
    assert not wrong, "\n".join(wrong)


def test_inactive_staff_is_refused_everything(env: Env) -> None:
    """A staff member who left keeps no rights, whatever the roles say."""
    gone = env.people["manager"]
    staff.update_staff(env.boss, gone.id, active=False)
    gone = Staff.get_by_id(gone.id)
    with pytest.raises(PermissionDenied):
        customers.create_customer(env.ctx(gone), name="离职者建的单位")


def test_s2_every_role_and_level_full_only_where_allowed_and_logged(env: Env) -> None:
    """S2 over the whole grid: 机密/绝密 in full only for managers (and roles the
    settings allow), the minimum view for the others, every opening logged."""
    from hotline_tui.services.auth.security_settings import update_security_settings
    from hotline_tui.store.models import AccessLog

    update_security_settings(env.boss, confidential_roles=["supervisor"])  # the database's
    for level in ("secret", "confidential", "top_secret"):
        unit = customers.create_customer(
            env.boss, name=f"S2测试{level}", confidentiality=level, address="机要路1号"
        )
        for role, person in env.people.items():
            logged = AccessLog.select().count()
            view = customers.view_customer(env.ctx(person), unit.id, purpose="call")
            restricted = level != "secret"
            full = not restricted or role in ("manager", "supervisor")
            assert view.full == full, (level, role)
            assert (view.customer.address == "机要路1号") == full
            assert AccessLog.select().count() == logged + (1 if restricted else 0)
            if restricted:
                last = AccessLog.select().order_by(AccessLog.id.desc()).get()
                assert (last.actor_id, last.view) == (person.id, "full" if full else "minimum")


def test_c7_pending_report_only_for_complaint_report_roles(env: Env) -> None:
    """The C7 reminder is part of the report: the same roles as the C8 view."""
    for role, person in env.people.items():
        ctx = env.ctx(person)
        if permissions.allowed([role], "complaint.report"):
            complaint_report.report_pending(ctx)
        else:
            with pytest.raises(PermissionDenied):
                complaint_report.report_pending(ctx)


def test_everyone_sees_their_own_open_items_only_reviewers_see_others(env: Env) -> None:
    """The desk (owner = self) needs no review right; every owner's or another
    person's items need review.open_items."""
    mine = env.call(env.ctx(env.people["operator"]))
    operator = env.ctx(env.people["operator"])
    assert [i.id for i in open_items.review_items(operator, owner_id=operator.actor.id)] == [
        mine.id
    ]
    for owner_id in (None, env.people["manager"].id):
        with pytest.raises(PermissionDenied):
            open_items.review_items(operator, owner_id=owner_id)
    for role in ("manager", "supervisor"):
        found = open_items.review_items(env.ctx(env.people[role]), kinds=["call"])
        assert mine.id in [i.id for i in found]


# -- the manager's read-only views: the statistics, the handover board and the
#    open-items exports, in the services and on the command line (docs/DESIGN.md, the manager's review, R3) --

#: action -> the checked entry point, called with a context
READ_VIEWS: dict[str, Callable[[ServiceContext], Any]] = {
    "stats.view": lambda c: stats.reports(c),
    "handover.board": lambda c: handover_board.duty_board(c, date(2026, 11, 23)),
    "handover.board/overdue": lambda c: handover_board.overdue_names(c),
    "handover.board/record": lambda c: handover_board.handover_record(c),
    "open_items.export": lambda c: list(open_items_export.export_open_items(c, c.now())),
}


@pytest.mark.parametrize("view", sorted(READ_VIEWS))
def test_manager_views_refuse_an_operator_and_serve_the_manager(staff, ctx_for, view: str) -> None:
    """Both databases: the operator is refused, told in words who may (never the
    permission's internal name), the manager and the supervisor are served."""
    action = view.split("/")[0]
    with pytest.raises(PermissionDenied) as refused:
        READ_VIEWS[view](ctx_for(staff["operator"]))
    said = str(refused.value)
    assert action not in said and "1001" in said and "服务部经理" in said
    for role in ("manager", "supervisor"):
        READ_VIEWS[view](ctx_for(staff[role]))  # no PermissionDenied


def test_chosen_handover_is_for_the_board_roles_only(staff, ctx_for, clock) -> None:
    """The review's Enter on a handover (docs/DESIGN.md, the manager's review) reads it through handover.board."""
    from hotline_tui.store.models import Handover

    h = Handover.create(
        from_staff=staff["operator2"],
        to_staff=staff["operator"],
        note="夜班交接",
        created_at=clock.now(),
        due_at=clock.now().add(minutes=30),
    )
    with pytest.raises(PermissionDenied):
        handover_board.chosen_handover(ctx_for(staff["operator"]), h.id)
    chosen = handover_board.chosen_handover(ctx_for(staff["manager"]), h.id)
    assert (chosen.outgoing, chosen.incoming) == ("1002 李强", "1001 王丽")


CLI_VIEWS = (
    ["open-items"],
    ["open-items", "--json"],
    ["export", "open-items", "{tmp}/open.csv"],
    ["handover", "show"],
)


@pytest.mark.parametrize("words", CLI_VIEWS, ids=lambda w: " ".join(w[:2]))
def test_cli_refuses_an_operator_in_one_line_and_serves_the_manager(
    staff, db_url, tmp_path, capsys, monkeypatch, words
) -> None:
    """Both databases: `--as` an operator, proven, exits non-zero with one clear
    line and no traceback; no `--as` at all says how to name oneself; a manager
    gets the list (the command's own --as, the password on standard input)."""
    from hotline_tui.cli import main

    monkeypatch.delenv("HOTLINE_AS", raising=False)
    args = [w.replace("{tmp}", str(tmp_path)) for w in words]
    for who, code in (("1001", 2), (None, 2), ("9001", 0)):
        as_ = ["--as", who] if who else []
        with stdin_text(f"hotline-{who}\n" if who else ""):
            got = main(["--db", db_url, "--lang", "en", "--password-stdin", *args, *as_])
        out, err = capsys.readouterr()
        assert got == code, (who, out, err)
        if code:
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
            assert ("may not do this" if who else "--as AGENT_NO") in err
    monkeypatch.setenv("HOTLINE_AS", "9001")  # scripts name themselves once
    with stdin_text("hotline-9001\n"):
        assert main(["--db", db_url, "--password-stdin", *args]) == 0


def test_cli_operator_still_lists_their_own_open_items(staff, db_url, capsys) -> None:
    """The desk rule of review_items: one's own items need no review right."""

    code = cli_as(db_url, "1001", "open-items", "--owner", "1001", "--json")
    assert code == 0 and capsys.readouterr().out.strip() == "[]"
