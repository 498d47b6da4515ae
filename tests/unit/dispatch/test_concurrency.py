"""D2: two managers assign the same request at once, each on their own
connection; the second is told who assigned it and when, and nothing is
overwritten (optimistic check on the version column). Both databases."""

from __future__ import annotations

import threading

import pytest

from hotline_tui.domain.errors import ConflictError, HotlineError
from hotline_tui.i18n import set_language
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.store.base import database
from hotline_tui.store.models import AuditEntry, DispatchEvent, DispatchRequest, Staff


def _in_own_connection(fn, *args, **kwargs):
    """Run in this thread's own database connection, like a second desk."""
    with database.connection_context():
        return fn(*args, **kwargs)


def test_d2_second_manager_assigning_gets_already_assigned_message(
    staff, order_in, ctx_for, clock
) -> None:
    set_language("en")
    now = clock.now()
    mgr2 = Staff.create(agent_no="9002", name="刘经理", roles="manager", created_at=now)
    eng2 = Staff.create(agent_no="3002", name="钱工", roles="engineer", created_at=now)
    req = order_in("verified")
    # Both managers have the same request on screen: two instances, same version.
    seen_a, seen_b = DispatchRequest.get_by_id(req.id), DispatchRequest.get_by_id(req.id)
    assert seen_a.version == seen_b.version

    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def desk(name: str, ctx, engineer_id: int, version: int) -> None:
        barrier.wait()
        try:
            results[name] = _in_own_connection(
                svc.assign, ctx, req.id, engineer_id, expected_version=version
            )
        except HotlineError as exc:
            results[name] = exc

    threads = [
        threading.Thread(
            target=desk, args=("a", ctx_for(staff["manager"]), staff["engineer"].id, seen_a.version)
        ),
        threading.Thread(target=desk, args=("b", ctx_for(mgr2), eng2.id, seen_b.version)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [k for k, v in results.items() if isinstance(v, DispatchRequest)]
    losers = [k for k, v in results.items() if isinstance(v, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, results
    winner = {"a": ("张经理", "赵工"), "b": ("刘经理", "钱工")}[winners[0]]
    message = str(results[losers[0]])
    assert "already assigned" in message
    assert winner[0] in message and winner[1] in message and "2026-11-23 10:00" in message

    final = DispatchRequest.get_by_id(req.id)
    assert final.state == "assigned" and final.version == seen_a.version + 1
    assert Staff.get_by_id(final.engineer_id).name == winner[1]  # not overwritten
    assert (
        DispatchEvent.select()
        .where((DispatchEvent.request == req.id) & (DispatchEvent.to_state == "assigned"))
        .count()
        == 1
    )
    assert AuditEntry.select().where(AuditEntry.action == "dispatch.assign").count() == 1

    # The stale screen trying again in turn gets the same clear refusal.
    with pytest.raises(ConflictError, match="already assigned"):
        svc.assign(ctx_for(mgr2), req.id, eng2.id, expected_version=seen_b.version)
