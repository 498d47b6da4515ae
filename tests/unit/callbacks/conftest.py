"""Units for the callback tests: a regular and a VIP unit, each with a contact."""

from __future__ import annotations

import pendulum
import pytest

from hotline_tui.services.customers.contacts import create_customer


def make_unit(ctx, name: str, category: str, **extra):
    return create_customer(
        ctx,
        name=name,
        category=category,
        products=[{"product": "U8", "version": "13.0", "modules": "总账,报表"}],
        contacts=[{"name": "王建国", "title": "先生", "mobile": "13812345678", "is_primary": True}],
        **extra,
    )


@pytest.fixture
def units(staff, ctx_for):
    ctx = ctx_for(staff["manager"])
    return {
        "regular": make_unit(ctx, "上海宏达机械有限公司", "regular"),
        "vip": make_unit(ctx, "北京远景贸易有限公司", "vip"),
    }


def local(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="Asia/Shanghai")
