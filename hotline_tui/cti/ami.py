"""A small asyncio client of the Asterisk Manager Interface (AMI).

AMI is a line protocol over TCP: a banner line, then blocks of `Key: Value`
lines ended by an empty line (actions from us, responses and events from
Asterisk). We log in with a read-only manager user, follow the call events
and map them to the same `CallEvent`s the webhook produces; a dropped
connection is retried with growing pauses. `originate()` dials out for the
operator (it needs a user with the originate right).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pendulum

from hotline_tui.config import Settings
from hotline_tui.domain.telephony import BadEvent, CallEvent

log = logging.getLogger("hotline.ami")
Message = dict[str, str]

#: Q.850 hang-up causes as the generic CTI API names them.
CAUSES = {
    "16": "normalClearing",
    "17": "busy",
    "18": "noAnswer",
    "19": "noAnswer",
    "21": "busy",
    "1": "notFound",
    "34": "congestion",
}


class AmiError(Exception):
    """Login refused or the connection broke."""


async def read_message(reader: asyncio.StreamReader) -> Message:
    """One block of `Key: Value` lines up to the empty line."""
    msg: Message = {}
    while True:
        line = await reader.readline()
        if not line:
            raise AmiError("connection closed")
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if not text:
            if msg:
                return msg
            continue
        key, sep, value = text.partition(":")
        if sep:
            msg[key.strip()] = value.strip()


def encode(action: Message) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in action.items()).encode() + b"\r\n"


@dataclass
class AmiMapper:
    """AMI call events -> CallEvents, keyed by the call's Linkedid."""

    staff_extensions: Callable[[], set[str]] = set
    queues: dict[str, str] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)

    def map(self, m: Message) -> CallEvent | None:
        name = m.get("Event", "")
        linked = m.get("Linkedid") or m.get("Uniqueid") or ""
        first = m.get("Uniqueid") == linked
        now = pendulum.now("UTC")
        try:
            if name == "Newchannel" and first:
                caller = m.get("CallerIDNum", "")
                out = caller in self.staff_extensions()
                return CallEvent(
                    "newCall",
                    linked,
                    now,
                    from_number=caller,
                    to_number=m.get("Exten", ""),
                    direction="out" if out else "in",
                    users=(caller,) if out else (),
                )
            if name == "QueueCallerJoin":
                self.queues[linked] = m.get("Queue", "")
                return CallEvent(
                    "newCall",
                    linked,
                    now,
                    from_number=m.get("CallerIDNum", ""),
                    queue=m.get("Queue", ""),
                )
            if name == "DialBegin":
                ext = m.get("DestCallerIDNum") or m.get("DestExten", "")
                return CallEvent(
                    "newCall",
                    m.get("Linkedid") or linked,
                    now,
                    from_number=m.get("CallerIDNum", ""),
                    extension=ext,
                    queue=self.queues.get(linked, ""),
                )
            if name in ("BridgeEnter", "AgentConnect") and (not first or name == "AgentConnect"):
                who = m.get("MemberName") if name == "AgentConnect" else m.get("CallerIDNum")
                self.answered.add(linked)
                return CallEvent("answer", linked, now, answering_number=who or "")
            if name == "QueueCallerAbandon":
                return CallEvent("hangup", linked, now, cause="abandon")
            if name == "Hangup" and first:
                cause = CAUSES.get(m.get("Cause", ""), "normalClearing")
                if linked not in self.answered and cause == "normalClearing":
                    cause = "cancel"  # the caller gave up before anyone picked up
                self.answered.discard(linked)
                self.queues.pop(linked, None)
                return CallEvent("hangup", linked, now, cause=cause)
        except BadEvent as exc:
            log.warning("AMI event skipped: %s", exc)
        return None


class AmiConnection:
    """One logged-in AMI session."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self._ids = itertools.count(1)

    @classmethod
    async def open(
        cls, host: str, port: int, user: str, secret: str, timeout: float = 10.0
    ) -> AmiConnection:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        banner = await asyncio.wait_for(reader.readline(), timeout)
        if not banner.startswith(b"Asterisk Call Manager"):
            writer.close()
            raise AmiError("not an Asterisk Manager Interface")
        conn = cls(reader, writer)
        reply = await asyncio.wait_for(
            conn.action(
                {"Action": "Login", "Username": user, "Secret": secret, "Events": "call,agent"}
            ),
            timeout,
        )
        if reply.get("Response") != "Success":
            writer.close()
            raise AmiError("login refused")  # never echo the secret or the server's text
        return conn

    async def action(self, action: Message) -> Message:
        """Send an action and wait for its response (events in between are dropped)."""
        action_id = str(next(self._ids))
        self.writer.write(encode({**action, "ActionID": action_id}))
        await self.writer.drain()
        while True:
            msg = await read_message(self.reader)
            if "Response" in msg and msg.get("ActionID") == action_id:
                return msg

    async def events(self) -> Message:
        return await read_message(self.reader)

    def close(self) -> None:
        self.writer.close()


class AmiFollower:
    """Follow an Asterisk for ever: log in, map events, reconnect with backoff."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        secret: str,
        settings: Settings,
        sink: Callable[[CallEvent], Awaitable[None]] | None = None,
        max_backoff: float = 30.0,
        first_backoff: float = 1.0,
    ) -> None:
        self.host, self.port, self.user, self._secret = host, port, user, secret
        self.settings = settings
        self.sink = sink or self._ingest
        self.max_backoff, self.first_backoff = max_backoff, first_backoff
        self.mapper = AmiMapper(staff_extensions=_staff_extensions)
        self.connected = asyncio.Event()
        self.logins = 0

    async def _ingest(self, ev: CallEvent) -> None:
        from hotline_tui.services.calls.telephony import ingest

        await asyncio.to_thread(ingest, ev, f"ami:{self.host}", self.settings)

    async def run_once(self) -> None:
        conn = await AmiConnection.open(self.host, self.port, self.user, self._secret)
        self.logins += 1
        self.connected.set()
        try:
            while True:
                ev = self.mapper.map(await conn.events())
                if ev is not None:
                    await self.sink(ev)
        finally:
            self.connected.clear()
            conn.close()

    async def run_forever(self) -> None:
        delay = self.first_backoff
        while True:
            logins = self.logins
            try:
                await self.run_once()
            except (TimeoutError, AmiError, OSError) as exc:
                log.warning("AMI %s:%s: %s", self.host, self.port, exc)
            if self.logins > logins:
                delay = self.first_backoff  # it worked for a while: start the pauses over
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_backoff)


def _staff_extensions() -> set[str]:
    from hotline_tui.store.models import Staff

    return {s.extension for s in Staff.select(Staff.extension).where(Staff.extension != "")}


async def originate(
    host: str,
    port: int,
    user: str,
    secret: str,
    channel: str,
    number: str,
    context: str,
    caller_id: str = "",
) -> bool:
    """Ring the operator's own phone (`channel`, e.g. PJSIP/101), then dial `number`."""
    conn = await AmiConnection.open(host, port, user, secret)
    try:
        reply = await conn.action(
            {
                "Action": "Originate",
                "Channel": channel,
                "Exten": number,
                "Context": context,
                "Priority": "1",
                "Async": "true",
                "CallerID": caller_id or number,
            }
        )
        return reply.get("Response") == "Success"
    finally:
        conn.close()
