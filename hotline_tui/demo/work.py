"""The demo desk's work in progress: calls in every open state, callbacks,
dispatch requests and complaints, all placed around the clock's "now" (H6, H7,
F1, F2, F4, D1, D2, C3) so the desk and the review show live countdowns.

Everything goes through the services (intake, callbacks, dispatch,
complaints), each acting at its own moment, so timelines and audit entries are
the ones real work would leave.
"""

from __future__ import annotations

import random
import tomllib
from typing import Any

import pendulum

from hotline_tui import paths
from hotline_tui.domain import deadlines
from hotline_tui.domain.clock import FixedClock
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, transaction
from hotline_tui.store.models import Call, Contact, Customer, DispatchRequest, Staff


def _at(ctx: ServiceContext, when: pendulum.DateTime, actor: Staff | None = None) -> ServiceContext:
    """The same desk at another moment (a call taken an hour ago), maybe another person."""
    return ServiceContext(actor=actor or ctx.actor, settings=ctx.settings, clock=FixedClock(when))


def _symptoms() -> list[dict[str, Any]]:
    with (paths.DATA_DIR / "demo" / "library.toml").open("rb") as fh:
        return tomllib.load(fh)["entry"]


def _call(
    ctx: ServiceContext,
    unit: Customer,
    problem: dict[str, Any],
    *,
    started: pendulum.DateTime,
    status: str,
    hung_up: pendulum.DateTime | None = None,
) -> Call:
    """One hotline call taken at `started` and ended at `hung_up` through the intake
    services: on hold (H6), consultation (H7), on-site dispatch (H8) or solved (H5,
    with its F1 callback)."""
    from hotline_tui.services.calls.calls import start_call
    from hotline_tui.services.calls.outcomes import (
        consult_call,
        dispatch_call,
        hold_call,
        solve_call,
    )

    contact = unit.contacts.order_by(Contact.is_primary.desc(), Contact.id).first()
    product = unit.products.first()
    call = start_call(
        _at(ctx, started),
        customer_id=unit.id,
        contact_id=contact.id if contact else None,
        caller_phone=(contact.mobile or contact.phone) if contact else "",
        caller_name=contact.name if contact else "",
        product=product.product if product else problem["product"],
        version_text=product.version if product else "",
        modules=problem["modules"],
        dongle_no=product.dongle_no if product else "",
        symptom=problem["symptom"],
        recent_ops="最近做过月末结账和账套备份。",
    )
    if hung_up is None:
        return call
    later = _at(ctx, hung_up)
    if status == "on_hold":
        return hold_call(later, call.id)
    if status == "consultation":
        return consult_call(later, call.id)
    if status == "dispatch":
        return dispatch_call(later, call.id)
    return solve_call(later, call.id, resolution=problem["solution"])


# Summary labels: msgids with the count in them, translated by seed_demo.
OPEN_CALLS = N_("{n} open calls")
SOLVED_CALLS = N_("{n} solved calls")


def _seed_calls(ctx, staff, units, rng, problems) -> dict[str, int]:
    """Every operator has open items with due times: an open call, one on hold (H6)
    and one in consultation (H7); one hold is already overdue; plus solved calls
    of the last days, each with its F1 callback."""
    now = ctx.now()
    ops = [s for _, s in sorted(staff.items()) if s.has_role("operator")]
    counts = {OPEN_CALLS: 0, SOLVED_CALLS: 0}
    with transaction():
        for i, op in enumerate(ops):
            me = _at(ctx, now, op)
            pick = lambda: (rng.choice(units), rng.choice(problems))  # noqa: E731
            unit, problem = pick()
            _call(me, unit, problem, started=now.subtract(minutes=3 + i), status="open")
            unit, problem = pick()
            hung = now.subtract(minutes=8 + 7 * i)
            _call(
                me, unit, problem, started=hung.subtract(minutes=6), hung_up=hung, status="on_hold"
            )
            unit, problem = pick()
            hung = now.subtract(minutes=25 + 20 * i)
            _call(
                me,
                unit,
                problem,
                started=hung.subtract(minutes=9),
                hung_up=hung,
                status="consultation",
            )
            counts[OPEN_CALLS] += 3
            if i == 1:  # H6 breached: the promised callback is 15 minutes late
                unit, problem = pick()
                hung = now.subtract(minutes=75)
                _call(
                    me,
                    unit,
                    problem,
                    started=hung.subtract(minutes=5),
                    hung_up=hung,
                    status="on_hold",
                )
                counts[OPEN_CALLS] += 1
        for _ in range(30):  # solved in the last 2.5 days: their F1 callbacks are ahead
            op = rng.choice(ops)
            unit, problem = rng.choice(units), rng.choice(problems)
            started = now.subtract(hours=rng.randint(2, 60), minutes=rng.randint(0, 59))
            ended = started.add(minutes=rng.randint(4, 15))
            _call(
                _at(ctx, ended, op), unit, problem, started=started, hung_up=ended, status="solved"
            )
            counts[SOLVED_CALLS] += 1
    return counts


def _seed_callbacks(ctx, staff, units, rng) -> int:
    """F2 after on-site visits (next working day) and F4 periodic care by category."""
    from hotline_tui.services.callbacks.followups import create_callback

    cal = ctx.calendar()
    now = ctx.now()
    specialist = next((s for s in staff.values() if s.has_role("specialist")), ctx.actor)
    count = 0
    with transaction():
        for unit in rng.sample(units, 4):
            visited = now.subtract(hours=rng.randint(2, 30))
            create_callback(
                _at(ctx, visited, specialist),
                kind="F2",
                due_at=deadlines.f2_onsite_callback_due(visited, cal),
                customer_id=unit.id,
                owner_id=specialist.id,
            )
            count += 1
        cared = [u for u in units if u.category in ("vip", "key")][:12]
        for unit in cared:
            create_callback(
                _at(ctx, now.subtract(days=20), specialist),
                kind="F4",
                due_at=now.add(days=rng.randint(0, 14), hours=rng.randint(0, 8)),
                customer_id=unit.id,
                owner_id=specialist.id,
                channel=rng.choice(("phone", "phone", "qq")),
            )
            count += 1
    return count


def _seed_dispatches(ctx, staff, units, rng, problems) -> int:
    """H8/D1/D2: on-site requests; some still wait for the manager's check."""
    from hotline_tui.services.dispatch import orders as dispatch

    now = ctx.now()
    ops = [s for _, s in sorted(staff.items()) if s.has_role("operator")]
    engineers = [s for _, s in sorted(staff.items()) if s.has_role("engineer")]
    made = []
    with transaction():
        for i in range(7):
            unit, problem = rng.choice(units), rng.choice(problems)
            when = now.subtract(hours=rng.randint(1, 20), minutes=rng.randint(0, 59))
            me = _at(ctx, when, ops[i % len(ops)])
            if i % 3:  # H8: the hotline call could not solve it; the request carries its data
                call = _call(
                    me,
                    unit,
                    problem,
                    started=when.subtract(minutes=8),
                    hung_up=when,
                    status="dispatch",
                )
                made.append(DispatchRequest.get(DispatchRequest.call == call.id))
                continue
            req = dispatch.request_dispatch(
                me,
                customer_id=unit.id,
                problem=f"{problem['title']}。客户服务部转来,要求上门。",
                source="department",
            )
            made.append(req)
        verify = getattr(dispatch, "verify", None)
        assign = getattr(dispatch, "assign", None)
        if verify and assign and engineers:
            for j, req in enumerate(made[:3]):  # the rest are left "requested" (D1)
                req = verify(ctx, req.id, "已核实,需现场处理")
                if j < 2:
                    assign(
                        ctx, req.id, engineers[j % len(engineers)].id, expected_version=req.version
                    )
    return len(made)


COMPLAINTS = (
    ("attitude", "客户反映热线接听时语气生硬,问题描述未听完就被打断。"),
    ("delay", "约定上午上门处理加密锁问题,工程师下午三点才到,影响月末结账。"),
    ("quality", "年结问题上门处理后第二天再次出现,要求重新处理。"),
)


def _seed_complaints(ctx, staff, units, rng) -> int:
    """C1-C3: complaints against the 3-hour response clock, in several states:
    registered, checked by the supervisor, and being handled."""
    now = ctx.now()
    ops = [s for _, s in sorted(staff.items()) if s.has_role("operator")]
    from hotline_tui.services.complaints.handling import (
        check_complaint,
        handle_complaint,
        register_complaint,
    )

    supervisor = next((s for s in staff.values() if s.has_role("supervisor")), ctx.actor)
    with transaction():
        for i, (category, text) in enumerate(COMPLAINTS):
            unit = rng.choice(units)
            contact = unit.contacts.first()
            product = unit.products.first()
            received = now.subtract(minutes=40 + 50 * i)
            c = register_complaint(
                _at(ctx, received, ops[i % len(ops)]),
                source="vendor" if i == 2 else "direct",
                customer_id=unit.id,
                complainant_unit=unit.name,
                complainant=contact.name,
                phone=contact.mobile or contact.phone,
                unit_address=unit.address,
                received_at=received,
                department="热线组" if category == "attitude" else "技术支持部",
                level="general",
                category=category,
                product=product.product if product else "",
                version_text=product.version if product else "",
                modules=product.modules if product else "",
                description=text,
            )
            if i == 2:  # the vendor-forwarded one still waits for the supervisor (C2)
                continue
            # C2: the supervisor finds it valid and names who is responsible; C3 clock runs.
            checked = _at(ctx, received.add(minutes=15), supervisor)
            check_complaint(
                checked, c.id, responsible=c.department, owner_id=ctx.actor.id, note="已核实"
            )
            if i == 1:
                handle_complaint(
                    _at(ctx, received.add(minutes=35), ctx.actor),
                    c.id,
                    cause="前一家客户的上门服务超时,未及时通知客户改约时间。",
                    measures="当天安排工程师上门处理加密锁;调整派工,超时须提前电话告知客户。",
                )
    return len(COMPLAINTS)


def _seed_file_openings(ctx, staff, units, rng) -> None:
    """S2: restricted files opened during calls and by the manager, so the borrowing
    card (access log) has entries; operators get the minimum view."""
    from hotline_tui.services.customers.contacts import view_customer

    now = ctx.now()
    ops = [s for _, s in sorted(staff.items()) if s.has_role("operator")]
    restricted = [u for u in units if u.confidentiality != "secret"][:8]
    with transaction():
        for i, unit in enumerate(restricted):
            actor = ctx.actor if i % 3 == 0 else ops[i % len(ops)]
            when = now.subtract(hours=rng.randint(1, 70), minutes=rng.randint(0, 59))
            view_customer(_at(ctx, when, actor), unit.id, purpose="view" if i % 3 == 0 else "call")


FIRST_VISIT_NEEDS = (
    {"text": "新来的出纳需要培训出纳管理和网上银行对账。", "department": "training"},
    {"text": "下月起启用存货核算,希望实施顾问上门指导期初建账。", "department": "implementation"},
)


def _seed_first_visit(ctx: ServiceContext, staff: dict[str, Staff]) -> None:
    """S3: one first visit already made, its needs waiting to be handed over."""
    from hotline_tui.services.customers.first_visit import complete_first_visit
    from hotline_tui.store.models import Callback

    task = (
        Callback.select()
        .where((Callback.kind == "S3") & (Callback.status == "open"))
        .order_by(Callback.id)
        .first()
    )
    if task is None:
        return
    specialist = next((s for s in staff.values() if s.has_role("specialist")), ctx.actor)
    answers = {step: {"answer": "yes"} for step in ("confirm_person", "verify_record", "needs")}
    with transaction():
        complete_first_visit(
            _at(ctx, ctx.now().subtract(hours=2), specialist),
            task.id,
            answers,
            list(FIRST_VISIT_NEEDS),
        )


def seed_work(
    ctx: ServiceContext, staff: dict[str, Staff], units: list[Customer], rng: random.Random
) -> dict[str, int]:
    """Calls, callbacks, dispatch requests and complaints; counts by summary msgid."""
    problems = _symptoms()
    out = _seed_calls(ctx, staff, units, rng, problems)
    out[N_("{n} callbacks")] = _seed_callbacks(ctx, staff, units, rng)
    out[N_("{n} dispatch requests")] = _seed_dispatches(ctx, staff, units, rng, problems)
    out[N_("{n} complaints")] = _seed_complaints(ctx, staff, units, rng)
    _seed_file_openings(ctx, staff, units, rng)
    _seed_first_visit(ctx, staff)
    return out
