"""D4: what the signed sheet records and when it is due back; D6: QA picks only
sheets whose callback was made and that the manager signed off."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from hotline_tui.domain.errors import ValidationError
from hotline_tui.services.dispatch import followup as follow
from hotline_tui.services.dispatch import orders as svc
from hotline_tui.store.models import DispatchRequest
from tests.unit.dispatch.conftest import *  # noqa: F403 - the dispatch fixtures
from tests.unit.dispatch.test_services import called_back_and_signed_off

SHEET = {"signer": "陈会计", "work_done": "清理磁盘,重新备份成功"}


def test_d4_sign_off_records_cause_prevention_check_and_opinion(staff, order_in, ctx_for) -> None:
    eng = ctx_for(staff["engineer"])
    req = order_in("on_site")
    with pytest.raises(ValidationError) as err:
        svc.sign_off(eng, req.id, **SHEET)
    assert err.value.field == "cause"
    with pytest.raises(ValidationError) as err:  # the customer has not checked the result
        svc.sign_off(
            eng, req.id, **SHEET, cause="磁盘满", prevention="定期清理", customer_opinion="好"
        )
    assert err.value.field == "customer_checked"
    svc.sign_off(
        eng,
        req.id,
        **SHEET,
        cause="磁盘空间不足导致备份失败",
        prevention="每月清理一次磁盘",
        customer_checked=True,
        customer_opinion="工程师讲解清楚,满意",
    )
    row = DispatchRequest.get_by_id(req.id)
    assert (row.cause, row.prevention, row.customer_checked, row.customer_opinion) == (
        "磁盘空间不足导致备份失败",
        "每月清理一次磁盘",
        True,
        "工程师讲解清楚,满意",
    )


def test_d4_sheet_return_deadline_is_a_setting(staff, order_in, ctx_for, clock) -> None:
    mgr = ctx_for(staff["manager"])
    req = order_in("signed")  # signed on Monday 2026-11-23
    monday = mgr.calendar().working_day_start(date(2026, 11, 30)).in_tz("UTC")
    assert DispatchRequest.get_by_id(req.id).due_at == monday  # before the next Monday's start
    policy = dataclasses.replace(mgr.policy, sheet_return_next_day=1)
    next_day = dataclasses.replace(mgr, settings=mgr.settings.with_overrides(policy=policy))
    clock.advance(days=1)  # Tuesday 10:00: late under "the next day", not under "Monday"
    assert follow.unreturned_sheets(mgr) == []
    assert [s.id for s in follow.unreturned_sheets(next_day)] == [req.id]


def test_d6_qa_picks_only_called_back_and_signed_off_sheets(staff, order_in, ctx_for) -> None:
    mgr, op = ctx_for(staff["manager"]), ctx_for(staff["operator"])
    waiting = order_in("signed")
    with pytest.raises(ValidationError) as err:  # no callback yet
        follow.manager_sign_off(mgr, waiting.id)
    assert err.value.field == "callback"
    with pytest.raises(ValidationError):
        follow.select_for_qa(mgr, [waiting.id])
    assert follow.qa_candidates() == []
    done = called_back_and_signed_off(order_in("signed"), op, mgr)
    assert done.manager_signed_at is not None
    assert follow.qa_candidates() == [done.id]
    assert follow.select_for_qa(mgr, [done.id]) == 1
