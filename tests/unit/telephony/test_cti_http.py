"""A fake PBX posts event sequences to a real `hotline cti serve` on loopback."""

from __future__ import annotations

import pytest

from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import AuditEntry, CtiToken, MissedCall, PhoneCall, Staff
from tests.unit.telephony.fakepbx import cti_server, post, run

pytestmark = pytest.mark.slow


def _reopen(url: str) -> None:
    close_database()
    database.initialize(None)
    open_database(url)


@pytest.fixture
def desk(db_url: str, clock):
    """A database with a manager and an operator on extension 101, and a PBX token."""
    open_database(db_url)
    Staff.create(agent_no="9001", name="张经理", roles="operator,manager", created_at=clock.now())
    Staff.create(agent_no="1001", name="王丽", extension="101", created_at=clock.now())
    close_database()
    database.initialize(None)
    made = run(db_url, "cti", "token", "create", "--name", "sipgate", "--as", "9001")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    with cti_server(db_url) as base:
        yield db_url, base, token
    open_database(db_url)
    close_database()
    database.initialize(None)


def fields(event: str, call_id: str, **kw: object) -> dict:
    base = {"event": event, "callId": call_id, "direction": "in"}
    return {**base, **kw}


CALL = [
    fields("newCall", "c-1", **{"from": "02162345678", "to": "4008001234", "user[]": ["101"]}),
    fields("answer", "c-1", answeringNumber="101", **{"user[]": ["王丽"]}),
    fields("hangup", "c-1", cause="normalClearing", answeringNumber="101"),
]


def _call(url: str, call_id: str) -> PhoneCall:
    _reopen(url)
    return PhoneCall.get(PhoneCall.call_id == call_id)


@pytest.mark.parametrize("order", ["in order", "reversed", "duplicated", "json"])
def test_event_sequences_give_one_answered_call(desk, order: str) -> None:
    url, base, token = desk
    seq = {"in order": CALL, "reversed": CALL[::-1], "duplicated": CALL + CALL, "json": CALL}[order]
    for f in seq:
        status, body = post(base, token, f, as_json=order == "json")
        assert status == 200 and body["id"] > 0
    row = _call(url, "c-1")
    assert row.status == "answered" and row.extension == "101"
    assert row.agent.agent_no == "1001" and row.source == "cti:sipgate"
    assert PhoneCall.select().count() == 1
    assert not MissedCall.select().exists()


def test_missing_hangup_stays_open_until_closed_as_lost(desk) -> None:
    url, base, token = desk
    assert post(base, token, CALL[0])[0] == 200
    row = _call(url, "c-1")
    assert row.status == "ringing" and row.ended_at is None


def test_unknown_number_is_stored_as_a_missed_call(desk) -> None:
    url, base, token = desk
    post(base, token, fields("newCall", "u-1", **{"from": "13900001111", "queue": "hotline"}))
    post(base, token, fields("hangup", "u-1", cause="cancel"))
    row = _call(url, "u-1")
    assert row.customer_id is None and row.status == "missed" and row.queue == "hotline"
    assert MissedCall.get().number_norm == "13900001111"


@pytest.mark.parametrize("token", ["wrong", "0" * 12 + "x" * 32, "revoked"])
def test_wrong_or_revoked_token_gets_403_and_stores_nothing(desk, token: str) -> None:
    url, base, good = desk
    if token == "revoked":
        done = run(url, "cti", "token", "revoke", "--name", "sipgate", "--as", "9001")
        assert done.returncode == 0, done.stderr
        token = good
    status, _body = post(base, token, CALL[0])
    assert status == 403
    _reopen(url)
    assert not PhoneCall.select().exists()
    assert not AuditEntry.select().where(AuditEntry.action == "cti.event").exists()


def test_token_is_stored_hashed_and_listed_without_secret(desk) -> None:
    url, _base, token = desk
    _reopen(url)
    row = CtiToken.get()
    assert token not in row.hash and row.hash.startswith("$argon2id$")
    listed = run(url, "cti", "token", "list", "--as", "9001")
    assert "sipgate" in listed.stdout and token not in listed.stdout


def test_operator_may_not_create_tokens(desk) -> None:
    url, _base, _token = desk
    done = run(url, "cti", "token", "create", "--name", "x", "--as", "1001")
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_bad_event_gets_400(desk) -> None:
    _url, base, token = desk
    assert post(base, token, {"event": "ring", "callId": "z"})[0] == 400
    assert post(base, token, ["not", "an", "object"], as_json=True)[0] == 400


def test_non_loopback_host_refused_without_public_https_url(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    done = run(url, "cti", "serve", "--host", "0.0.0.0", "--port", "1")
    assert done.returncode != 0 and "--public-url" in done.stderr
