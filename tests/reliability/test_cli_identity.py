"""Impersonation tried on the command line: `--as` only says who, a password or
an access token proves it, and every command that reads or writes desk data
refuses without that proof, in one line, with no traceback."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys

import pytest

from hotline_tui.cli import build_parser, main
from hotline_tui.services.auth.tokens import create_token
from hotline_tui.services.base import ServiceContext
from hotline_tui.store.models import AccessToken, CalendarOverride, Credential, SignInEvent, Staff
from tests.cli_helpers import cli_as, cli_token, hotline_as, stdin_text

#: Commands with their own rules, tested on their own below and elsewhere:
#: the desk (signs in at its box), `serve` (each tab signs in), `init` and
#: `demo` (only a new database runs them without a manager's proof).
#: The PBX bridges run as services with their own secrets (a CTI token, the
#: AMI secret from a file or the environment), not as a person.
OWN_RULES = {"run", "serve", "init", "demo", "cti serve", "cti ami"}

#: Every command that reads or writes desk data, a valid command line for it,
#: and the roles that may run it. A new command must be added here (the test
#: below fails while it is missing), so none runs for anyone by accident.
MGR, SUP, SPEC, ENG, OP = "manager", "supervisor", "specialist", "engineer", "operator"
ALL = {MGR, SUP, SPEC, ENG, OP}
DESK_COMMANDS: dict[str, tuple[list[str], set[str]]] = {
    "audit": (["audit"], {MGR}),
    "access-log": (["access-log"], {MGR}),
    "access-log --sign-ins": (["access-log", "--sign-ins"], {MGR}),
    "backup": (["backup", "{tmp}/b.db"], {MGR}),
    "restore": (["restore", "{tmp}/b.db", "--check-only"], {MGR}),
    "calendar show": (["calendar", "show", "--month", "2026-11"], ALL),
    "calendar set": (["calendar", "set", "2026-11-28", "off"], {MGR}),
    "callbacks schedule": (["callbacks", "schedule"], {MGR, SUP, SPEC}),
    "callbacks accepted": (
        ["callbacks", "accepted", "--customer", "1", "--date", "2026-11-20"],
        ALL,  # callback.create: any desk role
    ),
    "complaints per-person": (["complaints", "per-person"], {MGR, SUP}),
    "customers import": (["customers", "import", "{tmp}/c.csv"], {MGR}),
    "customers export": (["customers", "export", "{tmp}/c.csv"], {MGR}),
    "dispatch sheet": (["dispatch", "sheet", "1"], {ENG, MGR, SPEC, SUP}),
    "handover show": (["handover", "show"], {MGR, SUP}),
    "roster export": (["roster", "export", "--week", "2026-W48", "--output", "{tmp}/r.csv"], ALL),
    "library search": (["library", "search", "备份"], ALL),
    "library export": (["library", "export", "{tmp}/l.csv"], {MGR}),
    "library import": (["library", "import", "{tmp}/l.csv"], {MGR}),
    "library reindex": (["library", "reindex"], {MGR}),
    "open-items": (["open-items"], {MGR, SUP}),
    "export open-items": (["export", "open-items", "{tmp}/o.csv"], {MGR, SUP}),
    "report callbacks": (["report", "callbacks", "--month", "2026-11"], {MGR, SUP, SPEC}),
    "report complaints": (["report", "complaints", "--month", "2026-10"], {MGR, SUP}),
    "report daily": (["report", "daily", "--date", "2026-11-23"], {MGR, SUP}),
    "token create": (["token", "create"], ALL),
    "token list": (["token", "list"], ALL),
    "token revoke": (["token", "revoke", "0123456789"], ALL),
    "passwd": (["passwd"], ALL),
    "staff add": (["staff", "add", "1003", "钱敏", "--roles", "operator"], {MGR}),
    "staff reset-password": (["staff", "reset-password", "1002"], {MGR}),
    "staff unlock": (["staff", "unlock", "1002"], {MGR}),
    "calls log": (["calls", "log", "--date", "2026-11-23"], {OP, MGR, SUP, SPEC}),
    "calls ack": (["calls", "ack", "1", "--reason", "wrong number"], {MGR}),
    "cti token create": (["cti", "token", "create", "--name", "pbx"], {MGR}),
    "cti token list": (["cti", "token", "list"], {MGR}),
    "cti token revoke": (["cti", "token", "revoke", "--name", "pbx"], {MGR}),
    "cti extension list": (["cti", "extension", "list"], {MGR}),
    "cti extension set": (["cti", "extension", "set", "1001", "801"], {MGR}),
}


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out: list[str] = []
            for name, sub in action.choices.items():
                out += leaf_commands(sub, (*prefix, name))
            return out
    return [" ".join(prefix)]


def argv_of(name: str, tmp_path) -> list[str]:
    return [a.format(tmp=tmp_path) for a in DESK_COMMANDS[name][0]]


@pytest.fixture
def url(staff, db_url: str) -> str:
    return db_url


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is not a terminal (a script, cron): nothing is asked."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.delenv("HOTLINE_AS", raising=False)
    monkeypatch.delenv("HOTLINE_TOKEN", raising=False)


def token_for(staff_member, settings, clock, **kw) -> str:
    ctx = ServiceContext(actor=staff_member, settings=settings, clock=clock)
    return create_token(ctx, **kw).secret


def one_line_refusal(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_every_command_is_either_guarded_or_has_its_own_rules() -> None:
    """A new command cannot slip through: it must be listed with its roles."""
    listed = {name.split(" --")[0] for name in DESK_COMMANDS}
    assert set(leaf_commands(build_parser())) == listed | OWN_RULES


@pytest.mark.parametrize("name", sorted(DESK_COMMANDS))
def test_every_desk_data_command_refuses_without_proof(
    url: str, name: str, tmp_path, no_terminal, capsys
) -> None:
    assert main(["--lang", "en", "--db", url, *argv_of(name, tmp_path)]) != 0
    assert "--as" in one_line_refusal(capsys)


@pytest.mark.parametrize("name", sorted(DESK_COMMANDS))
def test_every_desk_data_command_refuses_a_name_without_a_password(
    url: str, name: str, tmp_path, no_terminal, capsys
) -> None:
    """`--as 9001` alone, or HOTLINE_AS=9001, proves nothing."""
    assert main(["--lang", "en", "--db", url, "--as", "9001", *argv_of(name, tmp_path)]) != 0
    assert "HOTLINE_TOKEN" in one_line_refusal(capsys)


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, roles) in DESK_COMMANDS.items() if OP not in roles)
)
def test_an_operator_s_proof_does_not_open_a_manager_s_command(
    url: str, name: str, staff, settings, clock, tmp_path, no_terminal, capsys
) -> None:
    token = token_for(staff["operator"], settings, clock)
    assert cli_token(url, token, "--lang", "en", *argv_of(name, tmp_path)) != 0
    assert "may not" in one_line_refusal(capsys)


def test_hotline_as_in_the_environment_proves_nothing(
    url: str, monkeypatch, no_terminal, capsys
) -> None:
    monkeypatch.setenv("HOTLINE_AS", "9001")
    assert main(["--lang", "en", "--db", url, "access-log"]) != 0
    assert "HOTLINE_TOKEN" in one_line_refusal(capsys)


def test_a_token_proves_its_owner(url: str, staff, settings, clock, no_terminal, capsys) -> None:
    token = token_for(staff["manager"], settings, clock)
    assert cli_token(url, token, "calendar", "set", "2026-11-28", "working") == 0
    assert CalendarOverride.get().working is True
    assert AccessToken.get().last_used_at is not None


def test_a_token_cannot_act_as_someone_else(
    url: str, staff, settings, clock, no_terminal, capsys
) -> None:
    token = token_for(staff["operator"], settings, clock)
    assert cli_token(url, token, "--lang", "en", "--as", "9001", "audit") != 0
    assert "belongs to 1001" in one_line_refusal(capsys)


@pytest.mark.parametrize("state", ["expired", "revoked", "mangled"])
def test_an_expired_revoked_or_mangled_token_is_refused(
    url: str, staff, settings, clock, no_terminal, capsys, state: str
) -> None:
    token = token_for(staff["manager"], settings, clock)
    if state == "expired":
        AccessToken.update(expires_at=clock.now().subtract(days=400)).execute()
    elif state == "revoked":
        AccessToken.update(revoked_at=clock.now()).execute()
    else:
        token = token[:-3] + "xyz"
    assert cli_token(url, token, "--lang", "en", "calendar", "set", "2026-11-28", "off") != 0
    line = one_line_refusal(capsys)
    assert {"expired": "expired", "revoked": "revoked", "mangled": "not valid"}[state] in line
    assert CalendarOverride.select().count() == 0


def test_a_read_only_token_reads_but_may_not_write(
    url: str, staff, settings, clock, no_terminal, capsys
) -> None:
    token = token_for(staff["manager"], settings, clock, read_only=True)
    assert cli_token(url, token, "calendar", "show", "--month", "2026-11") == 0
    capsys.readouterr()
    assert cli_token(url, token, "--lang", "en", "calendar", "set", "2026-11-28", "off") != 0
    assert "read-only" in one_line_refusal(capsys)
    assert CalendarOverride.select().count() == 0


def test_a_token_made_from_a_token_is_refused(
    url: str, staff, settings, clock, no_terminal, capsys
) -> None:
    token = token_for(staff["manager"], settings, clock)
    assert cli_token(url, token, "--lang", "en", "token", "create") != 0
    assert "password" in one_line_refusal(capsys)
    assert AccessToken.select().count() == 1


def test_token_list_never_shows_a_secret(
    url: str, staff, settings, clock, no_terminal, capsys
) -> None:
    token = token_for(staff["manager"], settings, clock, label="监控")
    assert cli_token(url, token, "token", "list") == 0
    out = capsys.readouterr().out
    assert AccessToken.get().key in out and token.split("_", 2)[2] not in out
    assert "$argon2" not in out


def test_stdin_helper_restores_stdin() -> None:
    before = sys.stdin
    with stdin_text("x"):
        assert sys.stdin is not before
    assert sys.stdin is before
    assert callable(cli_as)


# -- passwords -------------------------------------------------------------
def test_the_right_password_proves_who_runs_the_command(url: str, capsys) -> None:
    assert cli_as(url, "9001", "calendar", "set", "2026-11-28", "off") == 0
    assert CalendarOverride.get().working is False
    event = SignInEvent.select().order_by(SignInEvent.id.desc()).first()
    assert (event.agent_no, event.event) == ("9001", "sign_in")
    assert event.terminal.startswith("cli")


def test_hotline_as_names_who_and_the_password_proves_it(url: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HOTLINE_AS", "9001")
    with stdin_text("hotline-9001\n"):
        assert main(["--db", url, "--password-stdin", "access-log"]) == 0


def test_a_command_s_own_as_still_names_who(url: str, capsys) -> None:
    with stdin_text("hotline-9001\n"):
        assert main(["--db", url, "--password-stdin", "open-items", "--as", "9001"]) == 0


def test_a_wrong_password_is_refused_in_one_line_and_logged(url: str, capsys) -> None:
    assert cli_as(url, "9001", "--lang", "en", "audit", password="hotline-1001") != 0
    assert "Wrong agent number or password" in one_line_refusal(capsys)
    event = SignInEvent.select().order_by(SignInEvent.id.desc()).first()
    assert (event.agent_no, event.event) == ("9001", "failure")


def test_an_unknown_agent_number_gets_the_same_answer(url: str, capsys) -> None:
    assert cli_as(url, "9999", "--lang", "en", "audit", password="whatever-1") != 0
    assert "Wrong agent number or password" in one_line_refusal(capsys)


def test_password_stdin_without_a_name_says_who_is_missing(url: str, monkeypatch, capsys) -> None:
    monkeypatch.delenv("HOTLINE_AS", raising=False)
    with stdin_text("hotline-9001\n"):
        assert main(["--lang", "en", "--db", url, "--password-stdin", "audit"]) != 0
    assert "--as" in one_line_refusal(capsys)


def test_lockout_through_the_cli_and_a_manager_unlocks(url: str, capsys) -> None:
    for _ in range(5):
        assert cli_as(url, "1001", "--lang", "en", "token", "list", password="not-it-1") != 0
    capsys.readouterr()
    assert cli_as(url, "1001", "--lang", "en", "token", "list") != 0  # the right one, locked
    assert "locked" in one_line_refusal(capsys)
    assert SignInEvent.select().where(SignInEvent.event == "lockout").count() == 1
    assert cli_as(url, "9001", "staff", "unlock", "1001") == 0
    assert cli_as(url, "1001", "token", "list") == 0
    assert SignInEvent.select().where(SignInEvent.event == "unlock").count() == 1


def test_passwd_changes_one_s_own_password(url: str, capsys) -> None:
    assert cli_as(url, "1001", "passwd", more="a-new-secret-9\n") == 0
    assert cli_as(url, "1001", "token", "list") != 0  # the old one no longer works
    assert cli_as(url, "1001", "token", "list", password="a-new-secret-9") == 0


def test_staff_add_prints_a_one_time_password_that_must_be_changed(url: str, capsys) -> None:
    assert cli_as(url, "9001", "staff", "add", "1003", "钱敏", "--roles", "operator") == 0
    once = capsys.readouterr().out.strip().splitlines()[-1]
    assert Staff.get(Staff.agent_no == "1003").roles == "operator"
    assert Credential.get(Credential.staff == Staff.get(Staff.agent_no == "1003")).must_change
    assert cli_as(url, "1003", "--lang", "en", "token", "list", password=once) != 0
    assert "hotline passwd" in one_line_refusal(capsys)
    assert cli_as(url, "1003", "passwd", password=once, more="qian-min-2026\n") == 0
    assert cli_as(url, "1003", "token", "list", password="qian-min-2026") == 0


def test_reset_password_is_for_managers_only(url: str, capsys) -> None:
    assert cli_as(url, "1001", "--lang", "en", "staff", "reset-password", "1002") != 0
    assert "may not" in one_line_refusal(capsys)
    assert cli_as(url, "9001", "staff", "reset-password", "1002") == 0
    assert cli_as(url, "1002", "token", "list") != 0  # the old password is gone


def test_managers_read_the_sign_in_log(url: str, capsys) -> None:
    cli_as(url, "1001", "token", "list", password="wrong-one-1")
    capsys.readouterr()
    assert cli_as(url, "9001", "access-log", "--sign-ins") == 0
    out = capsys.readouterr().out
    assert "登录失败" in out and "1001" in out and "cli" in out


def test_init_creates_the_first_manager_of_a_new_database(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with stdin_text("first-manager-pw\n"):
        argv = ["--db", url, "--as", "9001", "--password-stdin", "init", "--name", "张经理"]
        assert main(argv) == 0
    assert cli_as(url, "9001", "staff", "unlock", "9001", password="first-manager-pw") == 0
    with stdin_text("second-manager-pw\n"):
        argv = ["--db", url, "--as", "9002", "--password-stdin", "init", "--name", "冒名"]
        assert main(argv) == 0  # settings and schema are fine; nobody new is made
    assert not Staff.select().where(Staff.agent_no == "9002").exists()


def test_init_gives_an_upgraded_database_its_first_password(url: str, capsys) -> None:
    """A database from before passwords has staff but no passwords: its manager
    gets the first one from `hotline init` (whoever runs it holds the database);
    an operator does not, and once one exists init makes nobody's."""
    Credential.delete().execute()
    with stdin_text("operator-first-pw\n"):
        argv = ["--db", url, "--lang", "en", "--as", "1001", "--password-stdin", "init"]
        assert main(argv) == 2
    assert "Only an active manager" in one_line_refusal(capsys)
    assert not Credential.select().exists()
    with stdin_text("manager-first-pw\n"):
        argv = ["--db", url, "--as", "9001", "--password-stdin", "init"]
        assert main(argv) == 0
    assert cli_as(url, "9001", "staff", "unlock", "1001", password="manager-first-pw") == 0
    with stdin_text("another-first-pw\n"):
        assert main(["--db", url, "--as", "1001", "--password-stdin", "init"]) == 0
    assert Credential.select().count() == 1  # still only the manager's


def test_demo_never_writes_into_a_database_in_use(url: str, no_terminal, capsys) -> None:
    """Demo data (and its public passwords) only go into an empty database: with no
    identity (scripts/run's `demo --if-empty`) or a manager's, a database in use is kept."""
    before = Staff.select().count()
    assert main(["--db", url, "demo", "--if-empty"]) == 0
    assert main(["--lang", "en", "--db", url, "demo"]) != 0
    assert "empty database" in one_line_refusal(capsys)
    assert cli_as(url, "9001", "--lang", "en", "demo") != 0
    assert "empty database" in one_line_refusal(capsys)
    assert Staff.select().count() == before


def test_a_real_process_proves_with_stdin_and_with_a_token(
    url: str, staff, settings, clock
) -> None:
    """As a script runs it: `echo PASSWORD | hotline --as N --password-stdin ...`,
    then HOTLINE_TOKEN; neither secret shows in the process's arguments."""
    import os

    done = hotline_as(url, "9001", ["--lang", "en", "audit", "--json"])
    assert done.returncode == 0, done.stderr
    wrong = hotline_as(url, "9001", ["--lang", "en", "audit"], password="hotline-1001")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().splitlines() == ["hotline: Wrong agent number or password"]
    token = token_for(staff["manager"], settings, clock, read_only=True)
    env = os.environ | {"HOTLINE_TOKEN": token, "HOTLINE_LANG": "en"}
    env.pop("HOTLINE_AS", None)
    read = subprocess.run(
        [sys.executable, "-m", "hotline_tui.cli", "--db", url, "open-items", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert read.returncode == 0, read.stderr
    write = subprocess.run(
        [
            sys.executable,
            "-m",
            "hotline_tui.cli",
            "--db",
            url,
            "calendar",
            "set",
            "2026-11-28",
            "off",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert write.returncode != 0 and "read-only" in write.stderr


def test_restore_into_a_new_database_needs_no_one(tmp_path, url: str, capsys) -> None:
    """Nobody can prove anything on an empty database: restoring one is how it
    gets its people back. A database in use needs its manager."""
    if not url.startswith("sqlite"):
        pytest.skip("a file backup of SQLite is enough to show the rule")
    assert cli_as(url, "9001", "backup", str(tmp_path / "b.db")) == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    with stdin_text(""):
        assert main(["--db", fresh, "restore", str(tmp_path / "b.db"), "--check-only"]) == 0
        assert main(["--db", url, "restore", str(tmp_path / "b.db"), "--check-only"]) != 0


def test_a_token_is_no_fresh_password_for_the_logs(
    url: str, staff, settings, clock, no_terminal, capsys
) -> None:
    """Step-up: the access and sign-in logs want a recent password, not an old token."""
    token = token_for(staff["manager"], settings, clock)  # made at the fixed clock's time
    assert cli_token(url, token, "--lang", "en", "access-log", "--sign-ins") != 0
    assert "password again" in one_line_refusal(capsys)
    assert cli_as(url, "9001", "access-log", "--sign-ins") == 0
