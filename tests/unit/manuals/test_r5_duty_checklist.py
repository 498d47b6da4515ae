"""R5: the start and end of duty checklist, recorded as done, seen by the manager."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import PermissionDenied, ValidationError
from hotline_tui.services.duty import checklist as svc
from tests.unit.callbacks.conftest import local


def test_r5_start_checklist_recorded_only_when_every_item_is_ticked(staff, ctx_for, clock) -> None:
    op = ctx_for(staff["operator"])
    items = svc.checklist(op, "start")
    assert set(items) == {"crm", "qq_wechat", "remote", "phones_silent"}
    with pytest.raises(ValidationError) as err:
        svc.complete_checklist(op, "start", ["crm", "remote"])
    assert err.value.field == "items"
    row = svc.complete_checklist(op, "start", list(items))
    assert row.moment == "start" and row.done_at == clock.now()


def test_r5_end_checklist_adds_the_forward_before_a_day_off(staff, ctx_for, clock) -> None:
    op = ctx_for(staff["operator"])
    assert set(svc.checklist(op, "end")) == {"fax_auto"}  # Monday: Tuesday is a working day
    clock.set(local(2026, 11, 27, 17, 30))  # Friday evening
    assert set(svc.checklist(op, "end")) == {"fax_auto", "forward_mobile"}


def test_r5_manager_sees_who_did_the_checklist(staff, ctx_for, clock) -> None:
    op, mgr = ctx_for(staff["operator"]), ctx_for(staff["manager"])
    svc.complete_checklist(op, "start", list(svc.START_ITEMS))
    day = op.local(clock.now()).date()
    rows = svc.checklists_on(mgr, day)
    assert [(r.agent_no, r.moment) for r in rows] == [(staff["operator"].agent_no, "start")]
    with pytest.raises(PermissionDenied):
        svc.checklists_on(op, day)
