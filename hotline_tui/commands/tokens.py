"""`hotline token create|list|revoke`: personal access tokens for scripts.

A script sets HOTLINE_TOKEN instead of typing a password; the token is
shown once at creation and stored only as a hash (services/tokens.py).
"""

from __future__ import annotations

import argparse
import sys

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("token", help="personal access tokens for scripts (HOTLINE_TOKEN)")
    tsub = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    c = tsub.add_parser("create", help="make a token, shown once (proven by your password)")
    c.add_argument(
        "--expires", default="90d", metavar="90d", help="lifetime: days (90d) or weeks (12w)"
    )
    c.add_argument("--read-only", action="store_true", help="the token may read but not change")
    c.add_argument("--label", default="", help="what the token is for (e.g. monitoring)")
    c.set_defaults(handler=create)
    ls = tsub.add_parser("list", help="your tokens (managers: --all for everyone's)")
    ls.add_argument("--all", action="store_true", help="everyone's tokens (managers)")
    ls.set_defaults(handler=list_)
    r = tsub.add_parser("revoke", help="revoke a token by its ID")
    r.add_argument("key", metavar="ID", help="the token's ID, as `hotline token list` shows it")
    r.set_defaults(handler=revoke)


def create(env) -> int:
    from hotline_tui.services.auth.tokens import create_token, parse_lifetime

    days = parse_lifetime(env.args.expires)
    made = create_token(
        env.context(), days=days, read_only=env.args.read_only, label=env.args.label
    )
    expires = made.row.expires_at.strftime("%Y-%m-%d")
    kind = _("read-only") if made.row.read_only else _("read and write")
    print(
        _("Token {key} ({kind}), valid until {day}:", key=made.row.key, kind=kind, day=expires),
        file=sys.stderr,
    )
    print(made.secret)
    print(
        _("It is shown only this once: keep it like a password (HOTLINE_TOKEN)."), file=sys.stderr
    )
    return 0


def list_(env) -> int:
    from hotline_tui.services.auth.tokens import list_tokens, token_state

    ctx = env.context()
    states = {"active": _("active"), "expired": _("expired"), "revoked": _("revoked")}
    rows = list_tokens(ctx, everyone=env.args.all)
    for t in rows:
        used = ctx.local(t.last_used_at).format("YYYY-MM-DD HH:mm") if t.last_used_at else "—"
        print(
            "  ".join(
                [
                    t.key,
                    t.staff.agent_no,
                    states[token_state(t, ctx.now())],
                    _("read-only") if t.read_only else _("read and write"),
                    ctx.local(t.expires_at).format("YYYY-MM-DD") if t.expires_at else "—",
                    used,
                    t.label,
                ]
            ).rstrip()
        )
    if not rows:
        print(_("No tokens."))
    return 0


def revoke(env) -> int:
    from hotline_tui.services.auth.tokens import revoke_token

    row = revoke_token(env.context(), env.args.key)
    print(_("Token {key} revoked.", key=row.key))
    return 0
