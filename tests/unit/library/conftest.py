"""Library test helpers: a manager's and an operator's context, and a quick entry."""

from __future__ import annotations

import pytest

from hotline_tui.services.library import entries as library


@pytest.fixture
def mgr(staff, ctx_for):
    return ctx_for(staff["manager"])


@pytest.fixture
def op(staff, ctx_for):
    return ctx_for(staff["operator"])


@pytest.fixture
def publish(mgr):
    """Create a published entry: publish(title, symptom=..., ...)."""

    def make(title: str, **fields: str):
        return library.create_entry(mgr, title=title, status="published", **fields)

    return make
