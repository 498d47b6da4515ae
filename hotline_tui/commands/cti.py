"""`hotline cti ...`: the phone system's ways in (docs/TELEPHONY.md).

`serve` runs the generic CTI webhook, `ami` follows an Asterisk, `token`
manages the PBX tokens (a manager's job). Secrets never travel on the command
line: the AMI secret comes from a file or the environment.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from hotline_tui.i18n import _

DEFAULT_PORT = 8765
AMI_SECRET_ENV = "HOTLINE_AMI_SECRET"


def _add_as(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="agent_no", metavar="AGENT_NO", help="your agent number (manager)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cti", help="telephony: the PBX webhook, the Asterisk client, tokens")
    csub = p.add_subparsers(dest="cti_command", metavar="COMMAND", required=True)

    s = csub.add_parser("serve", help="take PBX events on POST /api/v1/cti/TOKEN")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    s.add_argument("--public-url", metavar="URL", help="the https:// URL PBXs post to (a proxy)")
    s.set_defaults(handler=serve)

    # no abbreviations: "--secret X" must not pass for --secret-file
    a = csub.add_parser(
        "ami", help="follow an Asterisk over the Manager Interface", allow_abbrev=False
    )
    a.add_argument("--host", default="127.0.0.1")
    a.add_argument("--port", type=int, default=5038)
    a.add_argument("--user", required=True, help="the manager.conf user (read rights suffice)")
    a.add_argument(
        "--secret-file", metavar="PATH", help=f"file holding the secret (else ${AMI_SECRET_ENV})"
    )
    a.set_defaults(handler=ami)

    x = csub.add_parser("extension", help="staff's PBX extensions (managers)")
    xsub = x.add_subparsers(dest="extension_command", metavar="COMMAND", required=True)
    xs = xsub.add_parser("set", help="give a staff member their extension ('' clears it)")
    xs.add_argument("agent", metavar="AGENT_NO")
    xs.add_argument("extension", metavar="EXTENSION")
    _add_as(xs)
    xs.set_defaults(handler=extension_set)
    xl = xsub.add_parser("list", help="who has which extension")
    _add_as(xl)
    xl.set_defaults(handler=extension_list)

    t = csub.add_parser("token", help="the PBX tokens (managers)")
    tsub = t.add_subparsers(dest="token_command", metavar="COMMAND", required=True)
    c = tsub.add_parser("create", help="a new token, shown once")
    c.add_argument("--name", required=True, help="which PBX it is for")
    _add_as(c)
    c.set_defaults(handler=token_create)
    li = tsub.add_parser("list", help="the tokens (never their secret)")
    _add_as(li)
    li.set_defaults(handler=token_list)
    r = tsub.add_parser("revoke", help="stop a token working")
    r.add_argument("--name", required=True)
    _add_as(r)
    r.set_defaults(handler=token_revoke)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost (the rule of the browser mode)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, public_url: str | None) -> None:
    """Loopback unless a proxy's https:// URL is given, as for the browser mode."""
    from hotline_tui.domain.errors import ValidationError

    if is_loopback(host):
        return
    if not (public_url or "").startswith("https://"):
        raise ValidationError(
            "host",
            "Listening on {host} needs --public-url https://... (a TLS proxy in front)",
            host=host,
        )


def serve(env: Any) -> int:
    from aiohttp import web

    from hotline_tui.cti.webhook import CtiServer
    from hotline_tui.domain.errors import ValidationError

    if not 0 < env.args.port < 65536:
        raise ValidationError("port", "A port is a number from 1 to 65535")
    check_host(env.args.host, env.args.public_url)
    env.open_db()
    print(
        _(
            "CTI endpoint: http://{host}:{port}/api/v1/cti/TOKEN",
            host=env.args.host,
            port=env.args.port,
        ),
        file=sys.stderr,
        flush=True,
    )
    web.run_app(
        CtiServer(env.settings).app(),
        host=env.args.host,
        port=env.args.port,
        print=None,
        access_log=None,
    )
    return 0


def read_secret(path: str | None) -> str:
    from hotline_tui.domain.errors import ValidationError

    if path:
        try:
            with open(path, encoding="utf-8") as f:
                secret = f.read().strip()
        except OSError as exc:
            raise ValidationError(
                "secret", "Cannot read the secret file: {why}", why=exc.strerror
            ) from None
    else:
        secret = os.environ.get(AMI_SECRET_ENV, "").strip()
    if not secret:
        raise ValidationError(
            "secret", "No AMI secret: give --secret-file PATH or set {env}", env=AMI_SECRET_ENV
        )
    return secret


def ami(env: Any) -> int:
    import asyncio

    from hotline_tui.cti.ami import AmiFollower

    secret = read_secret(env.args.secret_file)
    env.open_db()
    follower = AmiFollower(env.args.host, env.args.port, env.args.user, secret, env.settings)

    async def close_stale_calls() -> None:
        from hotline_tui.cti.webhook import STALE_EVERY_SECONDS
        from hotline_tui.services.calls.telephony import close_stale

        while True:  # calls whose hang-up never came are closed as lost
            await asyncio.sleep(STALE_EVERY_SECONDS)
            await asyncio.to_thread(close_stale, env.settings)

    async def both() -> None:
        await asyncio.gather(follower.run_forever(), close_stale_calls())

    asyncio.run(both())
    return 0


def token_create(env: Any) -> int:
    from hotline_tui.services.calls.cti_tokens import create_token

    ctx = env.context(env.args.agent_no)
    row, token = create_token(ctx, env.args.name)
    print(_("Token for {name} (shown only now, keep it safe):", name=row.name))
    print(token)
    return 0


def token_list(env: Any) -> int:
    from hotline_tui.services.calls.cti_tokens import list_tokens

    ctx = env.context(env.args.agent_no)
    for row in list_tokens(ctx):
        state = _("revoked") if row.revoked_at else _("active")
        print(f"{row.name}\t{ctx.local(row.created_at).format('YYYY-MM-DD HH:mm')}\t{state}")
    return 0


def token_revoke(env: Any) -> int:
    from hotline_tui.services.calls.cti_tokens import revoke_token

    ctx = env.context(env.args.agent_no)
    row = revoke_token(ctx, env.args.name)
    print(_("Token {name} revoked", name=row.name))
    return 0


def extension_set(env: Any) -> int:
    from hotline_tui.services.calls.extensions import set_extension

    ctx = env.context(env.args.agent_no)
    staff = set_extension(ctx, env.args.agent, env.args.extension)
    print(
        _(
            "{no} {name}: extension {ext}",
            no=staff.agent_no,
            name=staff.name,
            ext=staff.extension or "—",
        )
    )
    return 0


def extension_list(env: Any) -> int:
    from hotline_tui.services.calls.extensions import extensions

    ctx = env.context(env.args.agent_no)
    for staff in extensions(ctx):
        print(f"{staff.extension}\t{staff.agent_no}\t{staff.name}")
    return 0
