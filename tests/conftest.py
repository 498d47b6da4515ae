"""Shared fixtures: a fixed clock, staff in every role, and a migrated database
on SQLite and (where a server can be started) PostgreSQL.

`db` runs a test on both engines; `sqlite_db` only on SQLite (UI tests).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hypothesis import settings as hypothesis_settings

from hotline_tui import quietgc
from hotline_tui.config import Settings
from hotline_tui.domain.clock import FixedClock
from hotline_tui.i18n import set_language
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.base import database
from hotline_tui.store.db import close_database, open_database
from hotline_tui.store.models import Staff
from tests.pgcluster import Cluster, PgUnavailable

# Hypothesis profiles (docs/DEVELOPING.md "Tests"): `ci`, the default and what
# scripts/test and CI run, is derandomized (the same examples on every run and
# machine, no example database), so a failure is a failure every time; `dev`
# explores ten times longer with fresh random examples:
# HYPOTHESIS_PROFILE=dev scripts/test tests/reliability
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Monday 2026-11-23 10:00 in Shanghai: a normal working morning.
T0 = pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai")

STAFF = {
    "operator": ("1001", "王丽"),
    "operator2": ("1002", "李强"),
    "manager": ("9001", "张经理"),
    "engineer": ("3001", "赵工"),
    "supervisor": ("5001", "孙监督"),
    "specialist": ("6001", "周专员"),
}


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real settings or data; English-free defaults per test."""
    monkeypatch.setenv("HOTLINE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    monkeypatch.delenv("HOTLINE_LANG", raising=False)
    monkeypatch.delenv("HOTLINE_CONFIG", raising=False)
    set_language("zh_CN")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """argon2id with tiny costs in tests (the one parameter place), so signing in
    costs the suite nothing; tests of the real costs set their own."""
    from hotline_tui.services.auth import hashing as auth_hashing

    previous = auth_hashing.use_parameters(auth_hashing.CHEAP)
    yield
    auth_hashing.use_parameters(previous)


def demo_password(agent_no: str) -> str:
    """The password every test staff member signs in with."""
    return f"hotline-{agent_no}"


@pytest.fixture(autouse=True)
def _staff_have_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every staff member a test creates (fixtures, factories, services) gets the
    password `hotline-<agent no.>`, so signing in works the one documented way."""
    from hotline_tui.services.auth import hashing as auth_hashing
    from hotline_tui.store.models import Credential

    create = Staff.create.__func__  # type: ignore[attr-defined]

    def create_with_password(cls, **fields):
        person = create(cls, **fields)
        if not Credential.select().where(Credential.staff == person.id).exists():
            Credential.create(
                staff=person,
                password_hash=auth_hashing.hash_password(demo_password(person.agent_no)),
                changed_at=person.created_at,
            )
        return person

    monkeypatch.setattr(Staff, "create", classmethod(create_with_password))


@pytest.fixture(autouse=True)
def _idle_lock_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's idle check runs every 15 s of real time against the app's clock;
    a test that moves its FixedClock hours ahead must not find its desk locked
    because a slow machine took 15 s. Idle-lock tests call `app.lock_if_idle()`."""
    from hotline_tui.ui import session

    monkeypatch.setattr(session, "IDLE_CHECK_SECONDS", 24 * 3600.0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def settings() -> Settings:
    return Settings()


# -- PostgreSQL -------------------------------------------------------------
_cluster: Cluster | None = None
_cluster_error: str | None = None
_counter = itertools.count()


def _pg_cluster() -> Cluster:
    global _cluster, _cluster_error
    if _cluster is None and _cluster_error is None:
        try:
            _cluster = Cluster().start()
            _cluster.admin("CREATE DATABASE hotline_template")
            open_database(_cluster.url("hotline_template"))
            close_database()
        except PgUnavailable as exc:
            _cluster_error = str(exc)
    if _cluster is None:
        if os.environ.get("HOTLINE_REQUIRE_PG"):
            pytest.fail(
                f"PostgreSQL required (HOTLINE_REQUIRE_PG) but unavailable: {_cluster_error}"
            )
        pytest.skip(f"PostgreSQL tests skipped: {_cluster_error}")
    return _cluster


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _cluster is not None:
        _cluster.stop()


def new_pg_url() -> str:
    """A fresh, migrated PostgreSQL database (cloned from a migrated template)."""
    cluster = _pg_cluster()
    name = f"t_{os.getpid()}_{next(_counter)}"
    cluster.admin(f"CREATE DATABASE {name} TEMPLATE hotline_template")
    return cluster.url(name)


def new_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_pg_url() if request.param == "postgres" else new_sqlite_url(tmp_path)


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    """A migrated database on each engine, bound to the models."""
    handle = open_database(db_url)
    yield handle
    close_database()
    database.initialize(None)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[object]:
    handle = open_database(new_sqlite_url(tmp_path))
    yield handle
    close_database()


def _make_staff(now: pendulum.DateTime) -> dict[str, Staff]:
    out = {}
    for key, (no, name) in STAFF.items():
        role = "operator" if key == "operator2" else key
        roles = "operator,manager" if key == "manager" else role
        out[key] = Staff.create(agent_no=no, name=name, roles=roles, created_at=now)
    return out


@pytest.fixture
def staff(db: object, clock: FixedClock) -> dict[str, Staff]:
    """One staff member per role (the manager also takes calls)."""
    return _make_staff(clock.now())


@pytest.fixture
def sqlite_staff(sqlite_db: object, clock: FixedClock) -> dict[str, Staff]:
    return _make_staff(clock.now())


@pytest.fixture
def ctx_for(settings: Settings, clock: FixedClock):
    """Build a service context for a staff member: `ctx_for(staff["manager"])`."""

    def make(actor: Staff) -> ServiceContext:
        return ServiceContext(actor=actor, settings=settings, clock=clock)

    return make


def have_pg_binaries() -> bool:
    return bool(shutil.which("pg_ctl")) or bool(
        list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    )


class FakeGc:
    """Stands in for the gc module so a test process keeps its own collector."""

    def __init__(self) -> None:
        self.enabled = True
        self.frozen = 0

    def isenabled(self) -> bool:
        return self.enabled

    def disable(self) -> None:
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True

    def freeze(self) -> None:
        self.frozen += 1


@pytest.fixture
def fake_gc(monkeypatch: pytest.MonkeyPatch) -> FakeGc:
    fake = FakeGc()
    monkeypatch.setattr(quietgc, "gc", fake)
    monkeypatch.setattr(quietgc, "_quiet", {"on": False})
    return fake
