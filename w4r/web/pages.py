"""What every route shares: the templates, the device and language of a request, and reading a form safely.

A form is read only up to ``MAX_BODY`` bytes, must carry the device's CSRF
token, and each field has a maximum length; breaking any of these ends the
request with a short page (403, 413 or 400), never with a trace.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from w4r.web import i18n
from w4r.web.room import MAX_BODY, Room

TEMPLATES_DIR = Path(__file__).parent / "templates"
DEVICE_COOKIE = "w4r_device"
LANG_COOKIE = "w4r_lang"
ORGANISER_COOKIE = "w4r_organiser"
ROOM_COOKIE = "w4r_room"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,  # every value is HTML-escaped unless a template says otherwise (none does)
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def room(request: Request) -> Room:
    return request.app.state.room


def device(request: Request) -> str:
    """This browser's id (set by the middleware on its first visit)."""
    return request.state.device


def lang(request: Request) -> str:
    return request.state.lang


def gettext_for(request: Request):
    return i18n.translations(lang(request)).gettext


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    r = room(request)
    t = i18n.translations(lang(request))
    html = _env.get_template(template).render(
        request=request,
        _=t.gettext,
        ngettext=t.ngettext,
        lang=lang(request),
        languages=i18n.LANGUAGES,
        language_name=lambda code: i18n.language_name(code, lang(request)),
        long_date=lambda value: i18n.long_date(value, lang(request)),
        csrf=r.signer.csrf_token(device(request)),
        event=r.config.event,
        organiser=is_organiser(request),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def is_organiser(request: Request) -> bool:
    r = room(request)
    session = r.signer.unsign("organiser", request.cookies.get(ORGANISER_COOKIE))
    return r.pins.session_ok(session)


def require_organiser(request: Request) -> None:
    if not is_organiser(request):
        raise HTTPException(303, headers={"Location": "/organiser/login"})


def joined(request: Request) -> bool:
    """Whether this device has typed the room code (always, when the room has none)."""
    r = room(request)
    code = r.config.room_code
    if not code:
        return True
    return r.signer.unsign("room", request.cookies.get(ROOM_COOKIE)) == code.upper() or is_organiser(request)


class Form(dict):
    def text(self, name: str, limit: int, *, required: bool = False, multiline: bool = False) -> str:
        value = self.get(name, "")
        if len(value) > limit:
            raise HTTPException(413, detail=f"field:{name}")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not multiline:
            value = " ".join(value.split())
        else:
            value = value.strip()
        if required and not value:
            raise HTTPException(400, detail=f"field:{name}")
        return value


async def read_form(request: Request) -> Form:
    """The posted form, if it is small enough and carries this device's CSRF token."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise HTTPException(413, detail="body")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(413, detail="body")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, detail="form") from None
    form = Form()
    for key, value in pairs:
        form.setdefault(key, value)
    if not room(request).signer.csrf_ok(device(request), form.get("csrf")):
        raise HTTPException(403, detail="csrf")
    return form


def client(request: Request) -> str:
    """The address a request came from: what the PIN lock is kept by."""
    return request.client.host if request.client else "?"
