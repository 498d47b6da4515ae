"""A fake Asterisk on loopback speaking the AMI text protocol (Action/Response/Event)."""

from __future__ import annotations

import asyncio

BANNER = b"Asterisk Call Manager/5.0.2\r\n"


def block(fields: dict[str, str]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode() + b"\r\n"


class FakeAsterisk:
    """Accepts logins for one user; each session plays the next script of events.

    A script ending with "DROP" closes the connection after its events."""

    def __init__(self, user: str, secret: str, scripts: list[list]) -> None:
        self.user, self.secret, self.scripts = user, secret, list(scripts)
        self.logins: list[dict[str, str]] = []
        self.actions: list[dict[str, str]] = []
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    async def start(self) -> FakeAsterisk:
        self.server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _read(self, reader: asyncio.StreamReader) -> dict[str, str] | None:
        msg: dict[str, str] = {}
        while True:
            line = await reader.readline()
            if not line:
                return None
            text = line.decode().rstrip("\r\n")
            if not text:
                return msg
            k, _, v = text.partition(":")
            msg[k.strip()] = v.strip()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(BANNER)
        login = await self._read(reader)
        if login is None:
            writer.close()
            return
        self.logins.append(login)
        ok = login.get("Username") == self.user and login.get("Secret") == self.secret
        reply = {"Response": "Success" if ok else "Error", "ActionID": login.get("ActionID", "")}
        reply["Message"] = "Authentication accepted" if ok else "Authentication failed"
        writer.write(block(reply))
        await writer.drain()
        if not ok:
            writer.close()
            return
        script = self.scripts.pop(0) if self.scripts else []
        for item in script:
            if item == "DROP":
                writer.close()
                return
            writer.write(block(item))
            await writer.drain()
        while (action := await self._read(reader)) is not None:
            self.actions.append(action)
            writer.write(
                block(
                    {
                        "Response": "Success",
                        "ActionID": action.get("ActionID", ""),
                        "Message": "Originate successfully queued",
                    }
                )
            )
            await writer.drain()
        writer.close()
