"""The browser desk's web server: textual-serve with the doors a desk needs shut.

textual-serve runs one app process per browser tab over a websocket. As it
comes, any web page open on the machine could open that websocket (browsers
do not apply the same-origin rule to websockets), its page loads a font from
another site and its static folder lists directories. `DeskServer` keeps
textual-serve's app handling and replaces the web part:

- a request whose Host is not one this server serves is refused (DNS rebinding);
- the websocket is refused unless its Origin is the page's own;
- every response carries a Content-Security-Policy, `X-Frame-Options: DENY`,
  `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`;
- the page, its script, its style and its fonts all come from this server;
- static folders are served without directory listings;
- each tab's app learns the browser's address for the sign-in log
  (`HOTLINE_REMOTE_ADDR`), and never an identity from the server's shell.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from hotline_tui.i18n import _

HERE = Path(__file__).resolve().parent
#: Environment variables a browser tab's app must never inherit from the server's shell.
IDENTITY_ENV = ("HOTLINE_AS", "HOTLINE_TOKEN")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower case, the default port left out."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443), ("ws", 80), ("wss", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def csp(ws_origins: list[str]) -> str:
    """Everything from this server; no frames, no forms, no plugins.

    Styles allow 'unsafe-inline' because xterm.js writes its own <style> element
    for the terminal's colours; scripts do not.
    """
    connect = " ".join(["'self'", *ws_origins])
    return (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"font-src 'self'; img-src 'self' data:; connect-src {connect}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class _TabApp(AppService):
    """One tab's app, told where the browser is and told no one's identity."""

    def __init__(self, *args: Any, remote: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.remote = remote

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        for name in IDENTITY_ENV:
            environment.pop(name, None)
        environment["HOTLINE_REMOTE_ADDR"] = self.remote
        return environment


class DeskServer(Server):
    """textual-serve's app handling behind checks on Host, Origin and headers."""

    def __init__(self, command: str, *, host: str, port: int, title: str, public_url: str | None):
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.given_public_url = public_url
        self.statics_path = Path(__import__("textual_serve").__file__).parent / "static"
        self.templates_path = HERE / "templates"
        self.hosts = self._served_hosts()

    def _served_hosts(self) -> set[str]:
        """The Host headers this server answers: its public name, and loopback names."""
        hosts: set[str] = set()
        if self.given_public_url:
            parts = urlsplit(self.given_public_url)
            hosts.add(parts.netloc.lower())
            if parts.port is None:
                hosts.add(f"{parts.netloc.lower()}:{443 if parts.scheme == 'https' else 80}")
        if is_loopback(self.host):
            for name in LOOPBACK_NAMES:
                hosts.add(f"{name}:{self.port}")
                if self.port == 80:
                    hosts.add(name)
        else:
            hosts.add(f"{self.host.lower()}:{self.port}")
        return hosts

    def page_origin(self, request: web.Request) -> str:
        """The origin the page was served from (the proxy's, when there is one)."""
        if self.given_public_url:
            return origin_of(self.given_public_url)
        return origin_of(f"http://{request.host}")

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.host.lower() not in self.hosts:
            response: web.StreamResponse = web.Response(
                status=421, text=_("This server does not serve {host}", host=request.host)
            )
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                response = exc
        origin = self.page_origin(request) if request.host.lower() in self.hosts else ""
        ws = ["ws" + origin[4:]] if origin.startswith("http") else []
        response.headers["Content-Security-Policy"] = csp(ws)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.static("/desk", HERE / "static", show_index=False, name="desk"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        origin = self.page_origin(request)
        ws_origin = "ws" + origin[4:]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_origin}/ws",
            "config": {"static": {"url": "/static/"}, "desk": {"url": "/desk/"}},
            "application": {"name": self.title},
            "ended": _("The session has ended."),
            "restart": _("Start again"),
        }
        return aiohttp_jinja2.render_template("index.html", request, context)

    def remote_of(self, request: web.Request) -> str:
        """The browser's address; a proxy on this machine may name it (X-Real-IP)."""
        peer = request.remote or ""
        forwarded = request.headers.get("X-Real-IP", "")
        if self.given_public_url and forwarded and is_loopback(peer):
            return forwarded
        return peer

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin", "")
        if not origin or origin_of(origin) != self.page_origin(request):
            return web.Response(status=403, text=_("This page may not open the desk"))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        app_service = _TabApp(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
            remote=self.remote_of(request),
        )
        try:
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        finally:
            await app_service.stop()
        return websocket


def check_public_url(host: str, public_url: str | None) -> None:
    """Refuse a host/public URL pair a desk must not start with.

    Off loopback the desk goes out only behind a TLS reverse proxy, named by an
    https:// public URL: a plain-HTTP desk would carry passwords in clear.
    """
    from hotline_tui.domain.errors import ValidationError

    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(
                "public_url", "--public-url must be a full URL such as https://desk.example.com"
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValidationError("public_url", "--public-url must name the site's root, no path")
    if is_loopback(host):
        return
    if public_url is None or not public_url.startswith("https://"):
        raise ValidationError(
            "public_url",
            "Serving on {host} needs --public-url https://... naming the TLS address "
            "of the reverse proxy in front (see docs/DEPLOYING.md)",
            host=host,
        )


def strip_identity(environ: dict[str, str] | Any = os.environ) -> None:
    """No identity from the server's shell reaches a browser tab."""
    for name in IDENTITY_ENV:
        environ.pop(name, None)
