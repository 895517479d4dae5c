"""The organiser's pages, behind the PIN: review, print, downloads, the projector, the join sheet, the end.

Every action is a POST with the CSRF token; every page checks the organiser's
session first.  Print runs go through the same batch engine as ``w4r batch``.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from w4r.web import engine, qr
from w4r.web.pages import ORGANISER_COOKIE, client, read_form, render, require_organiser, room
from w4r.web.room import MAX_MESSAGE, MAX_NOTE
from w4r.web.xlsx import workbook


async def login(request: Request) -> Response:
    r = room(request)
    if request.method == "GET":
        return render(request, "login.html", wrong=False, locked=int(r.pins.locked(client(request))))
    form = await read_form(request)
    pin = form.text("pin", 20)
    session = r.pins.try_pin(client(request), pin)
    if session is None:
        locked = int(r.pins.locked(client(request)))
        return render(request, "login.html", status_code=429 if locked else 401, wrong=not locked, locked=locked)
    response = RedirectResponse("/organiser", status_code=303)
    response.set_cookie(ORGANISER_COOKIE, r.signer.sign("organiser", session), httponly=True, samesite="strict")
    return response


async def logout(request: Request) -> Response:
    await read_form(request)
    r = room(request)
    r.pins.end_session(r.signer.unsign("organiser", request.cookies.get(ORGANISER_COOKIE)))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(ORGANISER_COOKIE)
    return response


def _grouped(subs, by: str, names: dict[str, str]):
    groups: dict[str, list] = defaultdict(list)
    for s in subs:
        groups[names.get(s.case_id, s.case_id) if by == "case" else (s.name or "?")].append(s)
    return sorted(groups.items(), key=lambda kv: kv[0].casefold())


async def review(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    by = "writer" if request.query_params.get("by") == "writer" else "case"
    show = request.query_params.get("show", "open")
    subs = r.store.all()
    if show == "open":
        subs = [s for s in subs if s.status in ("pending", "returned", "approved")]
    names = {i.id: i.name for i in r.library.infos()}
    notes = {}
    for s in subs:
        if s.status in ("pending", "approved", "returned"):
            notes[s.id] = (await r.check(s.case_id, s.kind, s.name, s.message, s.lang or None)).notes
    return render(request, "review.html", groups=_grouped(subs, by, names), by=by, show=show, notes=notes, names=names,
                  counts=r.store.status_counts())


async def submission_preview(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    s = r.store.get(request.path_params["sub_id"])
    if s is None or not s.message:
        raise HTTPException(404)
    try:
        png, _pages = await r.draw(s.case_id, s.kind, s.name, s.message, s.lang or None)
    except Exception:  # noqa: BLE001 - a text that no longer fits shows its note instead of a picture
        raise HTTPException(404) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})


async def act(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    form = await read_form(request)
    sub_id = request.path_params["sub_id"]
    action = request.path_params["action"]
    if action == "approve":
        r.store.set_status(sub_id, "approved")
    elif action == "return":
        r.store.set_status(sub_id, "returned", form.text("note", MAX_NOTE, multiline=True))
    elif action == "edit":
        r.store.edit(sub_id, form.text("message", MAX_MESSAGE, required=True, multiline=True))
    else:
        raise HTTPException(404)
    back = form.text("back", 200)
    return RedirectResponse(back if back.startswith("/organiser") else "/organiser", status_code=303)


async def approve_all(request: Request) -> Response:
    """Approve every text waiting for review that has no card-rule note and fits."""
    require_organiser(request)
    r = room(request)
    await read_form(request)
    for s in r.store.all("pending"):
        draft = await r.check(s.case_id, s.kind, s.name, s.message, s.lang or None)
        if not draft.notes:
            r.store.set_status(s.id, "approved")
    return RedirectResponse("/organiser", status_code=303)


async def print_page(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    approved = r.store.all("approved")
    return render(request, "print.html", approved=approved, runs=r.store.prints(), problems=None,
                  letters=sum(1 for s in approved if s.kind == "letter"), cards=sum(1 for s in approved if s.kind == "card"))


async def print_run(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    await read_form(request)
    approved = r.store.all("approved")
    if not approved:
        return RedirectResponse("/organiser/print", status_code=303)
    number = len(r.store.prints()) + 1
    out = r.print_dir() / f"print-run-{number}.pdf"
    result = await r.run(engine.print_run, engine.roster_rows(approved), out, paper=r.config.paper,
                         card_format=r.config.card_format, library=r.library)
    # Rows the batch refused (a case file changed meanwhile) stay approved, to fix and print later.
    refused = {row for row, _c, _m in result.problems}
    printed = [s.id for i, s in enumerate(approved, start=2) if i not in refused]
    letters = sum(c["letters"] for c in result.counts.values())
    cards = sum(c["cards"] for c in result.counts.values())
    r.store.add_print(out.name, result.pages, letters, cards, printed)
    return RedirectResponse("/organiser/print", status_code=303)


async def posted(request: Request) -> Response:
    """The stack is in the post: its letters and cards go into the tally, once."""
    require_organiser(request)
    r = room(request)
    await read_form(request)
    run = request.path_params["run"]
    subs = r.store.submissions_of_print(run)
    if r.store.mark_posted(run):
        counts: dict[str, dict[str, int]] = {}
        for s in subs:
            c = counts.setdefault(s.case_id, {"letters": 0, "cards": 0})
            c["letters" if s.kind == "letter" else "cards"] += 1
        await r.run(engine.add_to_tally, counts, engine.clean_event(r.config.event[:60]))
    return RedirectResponse("/organiser/print", status_code=303)


async def download_print(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    run = next((p for p in r.store.prints() if p.id == request.path_params["run"]), None)
    path = r.print_dir() / run.file if run else None
    if path is None or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="application/pdf", filename=path.name)


def _roster(r) -> list[dict[str, str]]:
    return engine.roster_rows([s for s in r.store.all() if s.message])


async def download_roster(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    fmt = request.path_params["fmt"]
    rows = _roster(r)
    if fmt == "csv":
        data, media = ("\ufeff" + engine.roster_csv(rows)).encode("utf-8"), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data = workbook([list(engine.ROSTER_COLUMNS)] + [[row[c] for c in engine.ROSTER_COLUMNS] for row in rows])
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise HTTPException(404)
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="roster.{fmt}"'})


async def export(request: Request) -> Response:
    """Everything of this event in one zip: the print runs' PDFs and the roster as CSV and xlsx."""
    require_organiser(request)
    r = room(request)
    rows = _roster(r)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("roster.csv", "\ufeff" + engine.roster_csv(rows))
        z.writestr("roster.xlsx", workbook([list(engine.ROSTER_COLUMNS)] + [[row[c] for c in engine.ROSTER_COLUMNS] for row in rows]))
        for run in r.store.prints():
            path = r.print_dir() / run.file
            if path.is_file():
                z.write(path, run.file)
    r.store.set_meta("exported", str(len(rows)))
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="writing-room-export.zip"'})


def _counts(r) -> list[tuple[str, int, int]]:
    counts = r.store.counts()
    names = {i.id: i.name for i in r.library.infos()}
    return sorted(((names.get(cid, cid), c["card"], c["letter"]) for cid, c in counts.items()), key=lambda t: -(t[1] + t[2]))


async def projector(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    template = "_counts.html" if request.headers.get("hx-request") else "projector.html"
    return render(request, template, counts=_counts(r))


async def join_sheet(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    url = r.config.public_url
    return render(request, "join_sheet.html", url=url, code=r.config.room_code,
                  qr_svg=qr.svg(url, 260, url) if url else "")


async def end(request: Request) -> Response:
    require_organiser(request)
    r = room(request)
    exported = r.store.meta("exported") is not None
    if request.method == "GET":
        return render(request, "end.html", exported=exported, ended=r.ended, refused=False)
    form = await read_form(request)
    if not exported or form.get("confirm") != "yes":
        return render(request, "end.html", status_code=400, exported=exported, ended=r.ended, refused=True)
    for run in r.store.prints():
        (r.print_dir() / run.file).unlink(missing_ok=True)
    r.end()
    return RedirectResponse("/organiser/end", status_code=303)


async def dashboard(request: Request) -> Response:
    require_organiser(request)
    return RedirectResponse("/organiser/review", status_code=303)


routes = [
    Route("/organiser", dashboard),
    Route("/organiser/login", login, methods=["GET", "POST"]),
    Route("/organiser/logout", logout, methods=["POST"]),
    Route("/organiser/review", review),
    Route("/organiser/approve-all", approve_all, methods=["POST"]),
    Route("/organiser/submission/{sub_id:int}/preview.png", submission_preview),
    Route("/organiser/submission/{sub_id:int}/{action:str}", act, methods=["POST"]),
    Route("/organiser/print", print_page),
    Route("/organiser/print/run", print_run, methods=["POST"]),
    Route("/organiser/print/{run:int}/posted", posted, methods=["POST"]),
    Route("/organiser/print/{run:int}.pdf", download_print),
    Route("/organiser/roster.{fmt:str}", download_roster),
    Route("/organiser/export.zip", export),
    Route("/organiser/projector", projector),
    Route("/organiser/join-sheet", join_sheet),
    Route("/organiser/end", end, methods=["GET", "POST"]),
]
