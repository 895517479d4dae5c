"""The ASGI application: routes, static files, the per-request middleware and the error pages.

``create_app(config)`` is what ``w4r serve`` runs under uvicorn and what the
tests drive with Starlette's test client.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from w4r.web import i18n, organiser, writer
from w4r.web.pages import DEVICE_COOKIE, LANG_COOKIE, render
from w4r.web.room import Room, RoomConfig
from w4r.web.security import new_device_id

STATIC_DIR = Path(__file__).parent / "static"

# Only this app's own files, scripts and styles; no frames, no outside requests.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class RoomMiddleware:
    """Gives every request its device id (a signed cookie, made on the first visit) and its language,
    and adds the security headers to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        room: Room = scope["app"].state.room
        device = room.signer.unsign("device", request.cookies.get(DEVICE_COOKIE))
        new_cookie = None
        if device is None:
            device = new_device_id()
            new_cookie = room.signer.sign("device", device)
        chosen = request.query_params.get("lang")
        lang_cookie = chosen if chosen in i18n.LANGUAGES else None
        scope.setdefault("state", {})
        scope["state"]["device"] = device
        scope["state"]["lang"] = i18n.choose(lang_cookie or request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"cache-control",) or not static]
                for name, value in SECURITY_HEADERS.items():
                    if name == "Cache-Control" and static:
                        value = "public, max-age=3600"
                    headers.append((name.lower().encode(), value.encode()))
                if new_cookie:
                    headers.append((b"set-cookie", f"{DEVICE_COOKIE}={new_cookie}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000".encode()))
                if lang_cookie:
                    headers.append((b"set-cookie", f"{LANG_COOKIE}={lang_cookie}; SameSite=Lax; Path=/; Max-Age=31536000".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error_page(request: Request, status: int) -> Response:
    try:
        return render(request, "error.html", status_code=status, status=status)
    except Exception:  # noqa: BLE001 - the error page itself failed: still no trace
        return PlainTextResponse(f"Error {status}", status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (301, 302, 303, 307) and exc.headers:
        return Response(status_code=exc.status_code, headers=exc.headers)
    if request.headers.get("hx-request") and exc.status_code == 403:
        return PlainTextResponse("", status_code=403)
    return _error_page(request, exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    # The reason stays on the organiser's terminal (uvicorn logs it); the browser gets a plain page.
    return _error_page(request, 500)


async def health(request: Request) -> Response:
    """200 once the room is warmed up and ready for a class, 503 while it is still loading."""
    ready = request.app.state.room.ready()
    return PlainTextResponse("ok" if ready else "starting", status_code=200 if ready else 503)


def _lifespan(room: Room):
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        room.start()
        try:
            yield
        finally:
            room.close()

    return lifespan


def create_app(config: RoomConfig) -> Starlette:
    room = Room(config)
    routes = [
        *writer.routes,
        *organiser.routes,
        Route("/health", health),
        Mount("/static", StaticFiles(directory=STATIC_DIR, html=False, follow_symlink=False), name="static"),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        middleware=[Middleware(RoomMiddleware)],
        exception_handlers={HTTPException: http_error, Exception: server_error, 500: server_error},
        lifespan=_lifespan(room),
    )
    app.state.room = room
    return app
