"""The desk's work mix for the load tool (docs/DESIGN.md, crash safety and load): one `Desk` per worker
process, an operator who also steps work orders as the manager / engineer /
specialist would. Every operation goes through the services; conflicts are
counted as the operator would see them, anything else is a crash."""

from __future__ import annotations

import random
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pendulum

from hotline_tui.domain.clock import Clock, FixedClock

#: The run's day: Monday 2026-11-23 10:00 Shanghai (ticket numbers share one day).
T0 = pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai")
MIX = (
    ("take_call", 30),
    ("apply_library", 20),
    ("work_callback", 15),
    ("dispatch_step", 20),
    ("accept_handover", 10),
    ("lookup", 5),
)
#: audit actions whose count must equal the successes the workers counted
COUNTED = (
    "call.take",
    "call.solve",
    "call.hold",
    "call.consult",
    "call.dispatch",
    "call.callback_attempt",
    "library.apply",
    "dispatch.request",
    "dispatch.verify",
    "dispatch.assign",
    "dispatch.appoint",
    "dispatch.arrive",
    "dispatch.sign_off",
    "dispatch.sheet_returned",
    "dispatch.close",
    "handover.accept",
    "duty.sign_in",
)
BUSY_RETRIES = 6


class RunClock(Clock):
    """T0 plus the time elapsed since the worker started: one day, moving forward."""

    def __init__(self, start: pendulum.DateTime) -> None:
        self.start, self.t0 = start.in_tz("UTC"), time.monotonic()

    def now(self) -> pendulum.DateTime:
        return self.start.add(microseconds=int((time.monotonic() - self.t0) * 1e6))


@dataclass
class Plan:
    """What setup made, handed to every worker (picklable ids only)."""

    url: str
    operators: list[int]
    managers: list[int]
    engineers: list[int]
    specialist: int
    units: list[tuple[int, int, str]]  # customer id, contact id, phone
    entries: list[int]
    handover_days: list[str]


@dataclass
class Tally:
    ops: int = 0
    ok: Counter = field(default_factory=Counter)  # audit action -> successes
    refused: Counter = field(default_factory=Counter)  # error class -> count
    applies: Counter = field(default_factory=Counter)  # entry id -> successful applies
    retries: int = 0
    crashes: list[str] = field(default_factory=list)
    elapsed: float = 0.0


# -- the worker ---------------------------------------------------------------


class Desk:
    """One worker process: an operator who also steps work orders as needed."""

    def __init__(self, plan: Plan, index: int, seed: int) -> None:
        from hotline_tui.config import Settings
        from hotline_tui.services.base import ServiceContext
        from hotline_tui.store.models import Staff

        self.plan, self.rng, self.tally = plan, random.Random(seed * 1000 + index), Tally()
        settings, clock = Settings(), RunClock(T0)
        self.ctx = {
            sid: ServiceContext(Staff.get_by_id(sid), settings, clock)
            for sid in {*plan.operators, *plan.managers, *plan.engineers, plan.specialist}
        }
        self.me = self.ctx[plan.operators[index]]
        self.mgr = self.ctx[plan.managers[index % len(plan.managers)]]
        day = pendulum.parse(plan.handover_days[index], tz=settings.timezone)
        self.hctx = ServiceContext(self.me.actor, settings, FixedClock(day.at(17, 5)))

    def run(self, ops: int) -> Tally:
        from hotline_tui.services.duty import handover

        self.attempt("duty.sign_in", lambda: handover.sign_in_for_duty(self.hctx))
        names, weights = zip(*MIX, strict=True)
        start = time.perf_counter()
        for _n in range(ops):
            getattr(self, self.rng.choices(names, weights)[0])()
            self.tally.ops += 1
        self.tally.elapsed = time.perf_counter() - start
        return self.tally

    def attempt(self, action: str, fn: Callable[[], Any]) -> Any:
        """One service call as the operator makes it: a busy database is retried."""
        from hotline_tui.domain.errors import HotlineError
        from hotline_tui.services.base import BusyError

        for n in range(BUSY_RETRIES):
            try:
                result = fn()
            except BusyError:
                self.tally.retries += 1
                time.sleep(0.01 * 2**n * (1 + self.rng.random()))
                continue
            except HotlineError as exc:
                self.tally.refused[type(exc).__name__] += 1
                return None
            except Exception:  # the load tool's whole point: count, never hide
                self.tally.crashes.append(traceback.format_exc(limit=3)[-600:])
                return None
            if action:
                self.tally.ok[action] += 1
            return result
        self.tally.refused["BusyError"] += 1
        return None

    # -- the mix -----------------------------------------------------------
    def _start(self) -> Any:
        from hotline_tui.services.calls import calls

        cid, kid, phone = self.rng.choice(self.plan.units)
        return self.attempt(
            "call.take",
            lambda: calls.start_call(
                self.me, customer_id=cid, contact_id=kid, caller_phone=phone, symptom="凭证无法保存"
            ),
        )

    def take_call(self) -> None:
        from hotline_tui.services.calls import outcomes as out

        call = self._start()
        if call is None:
            return
        kind = self.rng.choices(("solve", "hold", "consult", "dispatch"), (5, 3, 1, 1))[0]
        if kind == "solve":
            self.attempt(
                "call.solve",
                lambda: out.solve_call(self.me, call.id, call.version, resolution="重装"),
            )
        elif kind == "hold":
            self.attempt("call.hold", lambda: out.hold_call(self.me, call.id, call.version))
        elif kind == "consult":
            self.attempt("call.consult", lambda: out.consult_call(self.me, call.id, call.version))
        elif self.attempt(
            "call.dispatch", lambda: out.dispatch_call(self.me, call.id, call.version)
        ):
            self.tally.ok["dispatch.request"] += 1

    def apply_library(self) -> None:
        from hotline_tui.services.calls import outcomes as out
        from hotline_tui.services.calls.calls import apply_library_answer

        call = self._start()
        if call is None:
            return
        entry = self.rng.choice(self.plan.entries)
        done = self.attempt("library.apply", lambda: apply_library_answer(self.me, call.id, entry))
        if done is None:
            return
        self.tally.applies[entry] += 1
        call, text = done
        self.attempt(
            "call.solve", lambda: out.solve_call(self.me, call.id, call.version, resolution=text)
        )

    def work_callback(self) -> None:
        """H6: call an on-hold caller back; reached callers are solved (races expected)."""
        from peewee import fn

        from hotline_tui.services.calls import outcomes as out
        from hotline_tui.store.models import Call

        row = (
            Call.select(Call.id)
            .where(Call.status.in_(("on_hold", "consultation")))
            .order_by(fn.Random())
            .first()
        )
        if row is None:
            return self.take_call()
        result = self.rng.choice(("reached", "reached", "no_answer", "busy"))
        call = self.attempt(
            "call.callback_attempt", lambda: out.record_attempt(self.me, row.id, result=result)
        )
        if call is not None and result == "reached":
            self.attempt(
                "call.solve",
                lambda: out.solve_call(self.me, call.id, call.version, resolution="回电已解决"),
            )

    def dispatch_step(self) -> None:
        """D1-D6: move a random open work order one step, as the role that does it."""
        from peewee import fn

        from hotline_tui.services.dispatch import orders as d
        from hotline_tui.services.dispatch.followup import sheet_returned
        from hotline_tui.store.models import DispatchRequest

        row = (
            DispatchRequest.select()
            .where(
                DispatchRequest.state.in_(
                    ("requested", "verified", "assigned", "appointed", "on_site", "signed")
                )
            )
            .order_by(fn.Random())
            .first()
        )
        if row is None or self.rng.random() < 0.1:
            cid, _kid, _phone = self.rng.choice(self.plan.units)
            self.attempt(
                "dispatch.request",
                lambda: d.request_dispatch(self.me, customer_id=cid, problem="上门"),
            )
            return
        eng = self.ctx.get(row.engineer_id) if row.engineer_id else None
        rid, when = row.id, self.me.now().add(hours=2)
        step: dict[str, tuple[str, Callable[[], Any]]] = {
            "requested": ("dispatch.verify", lambda: d.verify(self.mgr, rid)),
            "verified": (
                "dispatch.assign",
                lambda: d.assign(
                    self.mgr,
                    rid,
                    self.rng.choice(self.plan.engineers),
                    expected_version=row.version,
                ),
            ),
            "assigned": ("dispatch.appoint", lambda: d.appoint(eng, rid, when)),
            "appointed": ("dispatch.arrive", lambda: d.arrive(eng, rid)),
            "on_site": (
                "dispatch.sign_off",
                lambda: d.sign_off(
                    eng,
                    rid,
                    signer="客户",
                    work_done="重装完成",
                    cause="磁盘空间不足",
                    prevention="定期清理磁盘",
                    customer_checked=True,
                    customer_opinion="满意",
                ),
            ),
            "signed": (
                ("dispatch.close", lambda: d.close(self.mgr, rid))
                if row.sheet_returned_at
                else (
                    "dispatch.sheet_returned",
                    lambda: sheet_returned(self.ctx[self.plan.specialist], rid),
                )
            ),
        }
        action, call = step[row.state]
        self.attempt(action, call)

    def accept_handover(self) -> None:
        """R3: accept the next pending item of this desk's handover."""
        from hotline_tui.services.duty import handover
        from hotline_tui.store.models import Handover, HandoverItem

        item = (
            HandoverItem.select(HandoverItem.id)
            .join(Handover)
            .where(
                (Handover.to_staff == self.me.actor.id)
                & (Handover.status == "open")
                & (HandoverItem.status != "accepted")
            )
            .order_by(HandoverItem.id)
            .first()
        )
        if item is None:
            return self.take_call()
        self.attempt("handover.accept", lambda: handover.accept_item(self.hctx, item.id))

    def lookup(self) -> None:
        from hotline_tui.services.customers import contacts as customers
        from hotline_tui.services.library import entries as library

        _cid, _kid, phone = self.rng.choice(self.plan.units)
        self.attempt("", lambda: customers.find_caller(phone))
        self.attempt("", lambda: library.search("凭证 保存"))
