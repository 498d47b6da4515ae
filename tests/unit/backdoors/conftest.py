"""A restricted (绝密) unit with two contacts and a dongle, for the S2 tests."""

from __future__ import annotations

import pytest

from hotline_tui.services.customers.contacts import create_customer


@pytest.fixture
def secret_unit(staff, ctx_for):
    return create_customer(
        ctx_for(staff["manager"]),
        name="某研究所",
        confidentiality="top_secret",
        address="北京市海淀区某路 1 号",
        products=[{"product": "U8", "version": "13.0", "dongle_no": "D-999", "serial_no": "S-1"}],
        contacts=[
            {"name": "王主任", "mobile": "13811112222", "email": "w@x.cn", "is_primary": True},
            {"name": "李会计", "phone": "010-62345678", "im": "QQ 12345"},
        ],
    )
