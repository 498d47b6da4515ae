"""A known caller for the call tests: one unit with a contact and a product."""

from __future__ import annotations

import pytest

from hotline_tui.services.customers.contacts import create_customer


@pytest.fixture
def unit(staff, ctx_for):
    return create_customer(
        ctx_for(staff["manager"]),
        name="上海宏达机械有限公司",
        category="vip",
        products=[
            {"product": "U8", "version": "13.0", "modules": "总账,报表", "dongle_no": "D-778"}
        ],
        contacts=[{"name": "王建国", "title": "先生", "mobile": "13812345678", "is_primary": True}],
    )


FORM = {
    "caller_phone": "138 1234 5678",
    "product": "U8",
    "version_text": "13.0",
    "modules": "总账",
    "symptom": "月末结账时提示账套被占用",
    "recent_ops": "昨天升级了补丁",
    "category": "general",
}
