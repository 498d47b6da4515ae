"""`POST /api/v1/cti/TOKEN`: the generic CTI API that Zammad documents, so PBX
bridges written for it (sipgate, placetel, Asterisk scripts) post here unchanged.

Form-encoded or JSON; `event` is newCall | answer | hangup. A wrong or revoked
token gets 403 and nothing is stored. Database work runs on one worker thread
(the writes are short; one thread keeps SQLite's single writer happy).
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pendulum
from aiohttp import web

from hotline_tui.config import Settings
from hotline_tui.domain.telephony import BadEvent, CallEvent
from hotline_tui.services.calls.cti_tokens import check_token
from hotline_tui.services.calls.telephony import close_stale, ingest

log = logging.getLogger("hotline.cti")
MAX_BODY = 64 * 1024
STALE_EVERY_SECONDS = 60


def _users(data: Any, multi: list[str] | None) -> tuple[str, ...]:
    if multi:
        return tuple(u for u in multi if u)
    value = data.get("user[]", data.get("user"))
    if isinstance(value, list):
        return tuple(str(u) for u in value if u)
    return (str(value),) if value else ()


def parse_event(data: dict[str, Any], multi_users: list[str] | None = None) -> CallEvent:
    """The API's fields as one CallEvent, timed now (the API carries no time)."""

    def text(key: str, limit: int = 64) -> str:
        value = data.get(key)
        return "" if value is None else str(value).strip()[:limit]

    users = _users(data, multi_users)
    direction = text("direction") or "in"
    extension = text("extension", 32)
    # the one user a new incoming call rings at is where it rings (its extension)
    if not extension and text("event") == "newCall" and direction == "in" and len(users) == 1:
        extension = users[0][:32]
    return CallEvent(
        kind=text("event"),
        call_id=text("callId", 250),
        at=pendulum.now("UTC"),
        from_number=text("from"),
        to_number=text("to"),
        direction=direction,
        users=tuple(u[:64] for u in users[:20]),
        queue=text("queue"),
        extension=extension,
        answering_number=text("answeringNumber"),
        cause=text("cause", 32),
    )


class CtiServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-db")

    async def _db(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    async def post(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        row = await self._db(check_token, token)
        if row is None:
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            if request.content_type == "application/json":
                data = await request.json()
                if not isinstance(data, dict):
                    raise BadEvent("expected a JSON object")
                multi = None
            else:
                form = await request.post()
                data = {k: form.get(k) for k in form}
                multi = [str(v) for v in form.getall("user[]", [])]
            ev = parse_event(data, multi)
        except (BadEvent, ValueError, json.JSONDecodeError) as exc:
            return web.json_response({"error": str(exc)[:200]}, status=400)
        call_id = await self._db(ingest, ev, f"cti:{row.name}", self.settings)
        return web.json_response({"id": call_id})

    async def _close_stale_loop(self, app: web.Application) -> Any:
        async def loop() -> None:
            while True:
                await asyncio.sleep(STALE_EVERY_SECONDS)
                try:
                    await self._db(close_stale, self.settings)
                except Exception:
                    log.exception("closing stale calls failed")

        task = asyncio.create_task(loop())
        yield
        task.cancel()

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post("/api/v1/cti/{token}", self.post)
        app.cleanup_ctx.append(self._close_stale_loop)
        return app
