"""`hotline passwd` (one's own password) and `hotline staff add|reset-password|unlock`
(managers). A one-time password is printed once and must be changed at its
first use; passwords are read with no echo, or from --password-stdin."""

from __future__ import annotations

import argparse

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "passwd",
        help="change your own password (--password-stdin: old and new on two lines)",
    )
    p.set_defaults(handler=passwd)
    p = sub.add_parser("staff", help="staff accounts (managers): add, reset a password, unlock")
    ssub = p.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = ssub.add_parser("add", help="add a staff member; prints a one-time password once")
    add.add_argument("agent_no", metavar="AGENT_NO")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--roles", required=True, help="comma-separated: operator, manager, engineer, ..."
    )
    add.add_argument("--department", default="")
    add.add_argument("--phone", default="")
    add.set_defaults(handler=add_staff)
    r = ssub.add_parser("reset-password", help="a new one-time password for someone")
    r.add_argument("agent_no", metavar="AGENT_NO")
    r.set_defaults(handler=reset)
    u = ssub.add_parser("unlock", help="lift a lockout after failed sign-ins")
    u.add_argument("agent_no", metavar="AGENT_NO")
    u.set_defaults(handler=unlock)


def new_password(env) -> str:
    """A new password: the next line of --password-stdin, or typed twice."""
    from hotline_tui.domain.errors import ValidationError

    first = env.secrets.next(_("New password: "))
    if env.secrets.from_stdin:
        return first
    if env.secrets.next(_("The new password again: ")) != first:
        raise ValidationError("password", "The two new passwords differ")
    return first


def passwd(env) -> int:
    from hotline_tui.domain.errors import PermissionDenied
    from hotline_tui.services.auth.sign_in import change_own_password

    ctx = env.context(changing_password=True)  # the old password proves who
    if ctx.via_token:
        raise PermissionDenied("A token cannot change a password: sign in with your password")
    # The old password was just verified by the sign-in; the service checks it again.
    old = env.secrets.last
    change_own_password(ctx, old, new_password(env))
    print(_("Password changed for {who}.", who=f"{ctx.actor.agent_no} {ctx.actor.name}"))
    return 0


def add_staff(env) -> int:
    from hotline_tui.services.auth.sign_in import reset_password
    from hotline_tui.services.auth.staff import create_staff

    ctx = env.context()  # staff.manage: managers
    a = env.args
    person = create_staff(ctx, a.agent_no, a.name, a.roles, department=a.department, phone=a.phone)
    once = reset_password(ctx, person.agent_no)
    print(
        _(
            "{who} added. One-time password (shown once, to be changed at the first sign-in):",
            who=f"{person.agent_no} {person.name}",
        )
    )
    print(once)
    return 0


def reset(env) -> int:
    from hotline_tui.services.auth.sign_in import reset_password

    once = reset_password(env.context(), env.args.agent_no)
    print(
        _(
            "New one-time password for {no} (shown once, to be changed at the first sign-in):",
            no=env.args.agent_no,
        )
    )
    print(once)
    return 0


def unlock(env) -> int:
    from hotline_tui.cli_identity import place
    from hotline_tui.services.auth.sign_in import unlock as lift

    lift(env.context(), env.args.agent_no, place())
    print(_("{no} is unlocked.", no=env.args.agent_no))
    return 0
