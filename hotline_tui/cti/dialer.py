"""Dialling out through Asterisk (AMI Originate): the operator's own phone rings,
then the customer's number is dialled.

Configured in the desk's environment, the secret from a file or the
environment like `hotline cti ami`: HOTLINE_AMI_HOST (needed to dial at all),
HOTLINE_AMI_PORT (5038), HOTLINE_AMI_USER, HOTLINE_AMI_SECRET or
HOTLINE_AMI_SECRET_FILE, HOTLINE_AMI_CHANNEL (a template, default
"PJSIP/{extension}") and HOTLINE_AMI_CONTEXT (default "from-internal").
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field

from hotline_tui.cti.ami import AmiError, originate
from hotline_tui.i18n import _


class DialError(Exception):
    """Dialling is not set up, or the PBX refused (the message names which)."""


@dataclass(frozen=True)
class Dialer:
    host: str
    port: int
    user: str
    secret: str = field(repr=False)  # never in a log line or an error
    channel: str = "PJSIP/{extension}"
    context: str = "from-internal"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Dialer | None:
        env = dict(os.environ) if env is None else env
        host = env.get("HOTLINE_AMI_HOST", "").strip()
        if not host:
            return None
        secret = env.get("HOTLINE_AMI_SECRET", "").strip()
        path = env.get("HOTLINE_AMI_SECRET_FILE", "").strip()
        if path and not secret:
            try:
                with open(path, encoding="utf-8") as f:
                    secret = f.read().strip()
            except OSError:
                secret = ""
        return cls(
            host=host,
            port=int(env.get("HOTLINE_AMI_PORT", "5038") or 5038),
            user=env.get("HOTLINE_AMI_USER", "").strip(),
            secret=secret,
            channel=env.get("HOTLINE_AMI_CHANNEL", "PJSIP/{extension}"),
            context=env.get("HOTLINE_AMI_CONTEXT", "from-internal"),
        )

    def dial(self, extension: str, number: str) -> None:
        """Blocking (a worker thread): ring `extension`, then dial `number`."""
        channel = self.channel.format(extension=extension)
        try:
            ok = asyncio.run(
                originate(
                    self.host, self.port, self.user, self.secret, channel, number, self.context
                )
            )
        except (AmiError, OSError, TimeoutError) as exc:
            raise DialError(_("the phone system did not answer")) from exc
        if not ok:
            raise DialError(_("the phone system refused to dial"))
