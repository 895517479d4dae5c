"""The writers' pages: join with the room code, pick a case, write with a live preview, send, see your own.

A writer is a device (a signed cookie), never an account; every query for a
writer's texts is filtered by that device, so no writer sees another's.
"""

from __future__ import annotations

import base64

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from w4r.web.pages import ROOM_COOKIE, device, joined, read_form, render, room
from w4r.web.room import MAX_MESSAGE, MAX_NAME

KINDS = ("card", "letter")


def _gate(request: Request) -> Response | None:
    """The room-code page for a device that has not joined a networked room yet."""
    if room(request).ended:
        return render(request, "ended.html")
    if not joined(request):
        return RedirectResponse("/join", status_code=303)
    return None


async def home(request: Request) -> Response:
    stop = _gate(request)
    if stop:
        return stop
    r = room(request)
    mine = r.store.by_device(device(request))
    return render(request, "home.html", cases=r.library.infos(), mine=len(mine))


async def join(request: Request) -> Response:
    r = room(request)
    if request.method == "GET":
        if joined(request):
            return RedirectResponse("/", status_code=303)
        return render(request, "join_code.html", wrong=False)
    form = await read_form(request)
    code = form.text("code", 20).upper().replace(" ", "")
    if not r.config.room_code or not r.send_limit.allow("join:" + device(request)):
        raise HTTPException(429)
    if code != r.config.room_code.upper():
        return render(request, "join_code.html", status_code=400, wrong=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(ROOM_COOKIE, r.signer.sign("room", code), httponly=True, samesite="lax", max_age=86400)
    return response


def _case_or_404(request: Request, case_id: str):
    info = next((i for i in room(request).library.infos() if i.id == case_id), None)
    if info is None:
        raise HTTPException(404)
    return info


def _kind(value: str, info) -> str:
    kind = value if value in KINDS else "card"
    if kind == "card" and not info.has_card:
        kind = "letter"
    if kind == "letter" and info.closed:
        kind = "card"  # never ask to free someone already free
    return kind


async def write(request: Request) -> Response:
    stop = _gate(request)
    if stop:
        return stop
    info = _case_or_404(request, request.path_params["case_id"])
    kind = _kind(request.query_params.get("kind", "card"), info)
    return render(request, "write.html", case=info, kind=kind, name="", message="", chosen_lang="", sub_id="", draft=None)


async def edit(request: Request) -> Response:
    """A text the organiser sent back, opened again for its writer."""
    stop = _gate(request)
    if stop:
        return stop
    sub = room(request).store.get(int(request.path_params["sub_id"]))
    if sub is None or sub.device != device(request) or sub.status != "returned":
        raise HTTPException(404)
    info = _case_or_404(request, sub.case_id)
    return render(request, "write.html", case=info, kind=sub.kind, name=sub.name, message=sub.message,
                  chosen_lang=sub.lang, sub_id=str(sub.id), draft=None, note=sub.note)


def _text(form) -> tuple[str, str, str, str, str]:
    case_id = form.text("case", 80, required=True)
    kind = form.text("kind", 10)
    if kind not in KINDS:
        raise HTTPException(400, detail="field:kind")
    name = form.text("name", MAX_NAME)
    message = form.text("message", MAX_MESSAGE, multiline=True)
    lang = form.text("lang", 12)
    return case_id, kind, name, message, lang


async def preview(request: Request) -> Response:
    """The live preview: the page as it prints, what the card rules say, whether it fits, the greeting."""
    r = room(request)
    form = await read_form(request)
    case_id, kind, name, message, lang = _text(form)
    _case_or_404(request, case_id)
    if not r.preview_limit.allow(device(request)):
        return render(request, "_preview.html", status_code=429, draft=None, image=None, busy=True, kind=kind)
    cfg = r.config
    key = r.previews.key(case_id, kind, name, message, lang, cfg.paper, cfg.card_format)
    draft = await r.check(case_id, kind, name, message, lang or None)
    image = None
    if draft.notes and all(n.code == "error" for n in draft.notes):
        pass  # nothing to draw: the note says why
    else:
        cached = r.previews.get(key)
        if cached is None and draft.fits:
            cached = await r.draw(case_id, kind, name, message, lang or None)
            r.previews.put(key, cached)
        if cached is not None:
            png, draft.pages = cached[0], (cached[1] if kind == "letter" else 1)
            image = base64.b64encode(png).decode("ascii")
    return render(request, "_preview.html", draft=draft, image=image, busy=False, kind=kind)


async def send(request: Request) -> Response:
    r = room(request)
    stop = _gate(request)
    if stop:
        return stop
    form = await read_form(request)
    case_id, kind, name, message, lang = _text(form)
    info = _case_or_404(request, case_id)
    kind = _kind(kind, info)
    sub_id = form.text("sub_id", 12)
    if not r.send_limit.allow(device(request)):
        raise HTTPException(429)
    draft = await r.check(case_id, kind, name, message, lang or None)
    missing = [] if name else ["name"]
    if not message:
        missing.append("message")
    if missing or not draft.can_send:
        return render(request, "write.html", status_code=400, case=info, kind=kind, name=name, message=message,
                      chosen_lang=lang, sub_id=sub_id, draft=draft, missing=missing)
    if sub_id:
        if not sub_id.isdigit() or not await r.write(r.store.resubmit, int(sub_id), device(request), name=name, message=message, lang=lang):
            raise HTTPException(404)
        new_id = int(sub_id)
    else:
        new_id = await r.write(r.store.add, device=device(request), name=name, case_id=case_id, kind=kind, message=message, lang=lang)
    return RedirectResponse(f"/sent/{new_id}", status_code=303)


async def sent(request: Request) -> Response:
    sub = room(request).store.get(int(request.path_params["sub_id"]))
    if sub is None or sub.device != device(request):
        raise HTTPException(404)
    info = _case_or_404(request, sub.case_id)
    return render(request, "sent.html", sub=sub, case=info)


async def mine(request: Request) -> Response:
    stop = _gate(request)
    if stop:
        return stop
    r = room(request)
    names = {i.id: i.name for i in r.library.infos()}
    return render(request, "mine.html", subs=r.store.by_device(device(request)), names=names)


routes = [
    Route("/", home),
    Route("/join", join, methods=["GET", "POST"]),
    Route("/write/{case_id:str}", write),
    Route("/edit/{sub_id:int}", edit),
    Route("/preview", preview, methods=["POST"]),
    Route("/send", send, methods=["POST"]),
    Route("/sent/{sub_id:int}", sent),
    Route("/mine", mine),
]
