"""Every route of the writing room through Starlette's test client: what it shows, what it refuses."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import CARD, PIN, csrf, login, make_client, send_card


# Starlette's test client prefers another HTTP library in newer releases; httpx is what it runs on here.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_home_lists_open_cases_with_card_and_letter_links(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "Chow Hang-tung" in r.text and "/write/chow-hang-tung?kind=card" in r.text
    assert "/write/chow-hang-tung?kind=letter" in r.text
    # Sasha is free: a card of congratulations, never a letter asking for her release.
    assert "/write/sasha?kind=card" in r.text and "/write/sasha?kind=letter" not in r.text
    assert "w4r_device=" in r.headers["set-cookie"]


def test_security_headers_on_every_page(client):
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_write_page_has_labelled_fields_and_the_token(client):
    r = client.get("/write/chow-hang-tung?kind=card")
    assert r.status_code == 200
    for field in ("name", "message"):
        assert f'<label for="{field}">' in r.text and f'id="{field}"' in r.text
    assert re.search(r'name="csrf" value="[0-9a-f]{32}"', r.text)
    assert client.get("/write/nobody").status_code == 404


def test_letter_for_a_freed_person_becomes_a_card(client):
    r = client.get("/write/sasha?kind=letter")
    assert 'name="kind" value="card"' in r.text


def test_preview_shows_page_greeting_and_rule_note(client):
    token = csrf(client)
    r = client.post("/preview", data={**CARD, "csrf": token, "name": "Маша", "message": "Привет! 🌈 We are praying for you."})
    assert r.status_code == 200
    assert 'src="data:image/png;base64,' in r.text
    assert "幸彤" in r.text  # the greeting in the person's language
    assert "religion" in r.text and "praying" in r.text


def _letter_notes(client, case: str, lang: str = "") -> list[str]:
    r = client.post("/preview", data={"case": case, "kind": "letter", "lang": lang, "sub_id": "", "csrf": csrf(client),
                                      "name": "Ann", "message": "Hello"})
    assert r.status_code == 200
    return re.findall(r'<li class="note[^"]*">(.*?)</li>', r.text, re.S)


def test_library_warnings_are_worded_in_the_room_language_without_file_paths(client):
    client.get("/?lang=de")
    page = client.get("/write/chow-hang-tung?kind=letter").text
    assert re.search(r'<option value="zh-Hant">Chinesisch \(\w+\)</option>', page)  # a name a class can read, not a code
    notes = _letter_notes(client, "chow-hang-tung", "zh-Hant")
    assert len(notes) == 1
    assert "Übersetzung des Briefs (Chinesisch" in notes[0]  # the language named in German, by Babel
    assert ".yaml" not in notes[0] and "/" not in notes[0]  # the command line's words name the file; the room does not
    notes = _letter_notes(client, "luis-manuel", "es")
    assert any("Amtsperson und Adresse (President of the Republic of Cuba) wurden nie" in n for n in notes)


def test_why_no_letter_is_worded_in_the_room_language(client):
    client.get("/?lang=es")
    (note,) = _letter_notes(client, "sasha")  # freed on 1 August 2024 (case-updates)
    assert note.startswith("Aleksandra Skochilenko ha quedado en libertad (1 de agosto de 2024)")
    assert "Escribe una tarjeta" in note
    client.get("/?lang=fr")
    (note,) = _letter_notes(client, "rita")  # Amnesty closed the action on 18 September 2025
    assert "depuis le 18 septembre 2025" in note and "carte" not in note  # no further letters, and no card offered
    (note,) = _letter_notes(client, "manahel", "xx")
    assert note.startswith("La lettre n’existe pas en xx")


LONG = "Hello friend. " * 142  # within the field's limit, too long for a postcard (A6)


def test_preview_says_when_a_card_is_too_long(tmp_path):
    with make_client(tmp_path / "room", card_format="a6-4up") as c:
        r = c.post("/preview", data={**CARD, "csrf": csrf(c), "name": "Ann", "message": LONG})
        assert re.search(r"Too long for the card: \d+ characters fit, your text has 1987", r.text)
        assert "data:image/png" not in r.text  # nothing is drawn that would not print


def test_send_stores_and_confirms_only_to_its_writer(client, tmp_path):
    sub = send_card(client)
    r = client.get(f"/sent/{sub}")
    assert r.status_code == 200 and "received" in r.text
    assert "Привет! Thinking of you" in client.get("/mine").text
    with make_client(tmp_path / "room") as other:  # another phone, same room
        assert other.get(f"/sent/{sub}").status_code == 404
        assert "Привет" not in other.get("/mine").text


def test_send_refuses_a_card_that_does_not_fit(tmp_path):
    with make_client(tmp_path / "room", card_format="a6-4up") as c:
        r = c.post("/send", data={**CARD, "csrf": csrf(c), "name": "Ann", "message": LONG})
        assert r.status_code == 400 and "Too long for the card" in r.text
        assert c.app.state.room.store.all() == []


def test_send_needs_a_name(client):
    token = csrf(client)
    r = client.post("/send", data={**CARD, "csrf": token, "name": "", "message": "Hi"})
    assert r.status_code == 400 and "your name" in r.text


def test_message_is_escaped_in_every_page(client):
    sub = send_card(client, message="<script>alert(1)</script> hi")
    mine = client.get("/mine").text
    assert "<script>alert(1)</script>" not in mine and "&lt;script&gt;alert(1)&lt;/script&gt;" in mine
    login(client)
    review = client.get("/organiser/review").text
    assert "<script>alert(1)</script>" not in review and "&lt;script&gt;" in review
    assert sub


def test_post_without_or_with_a_wrong_csrf_token_is_refused(client):
    for data in ({}, {"csrf": "0" * 32}):
        r = client.post("/send", data={**CARD, "name": "Ann", "message": "Hi", **data})
        assert r.status_code == 403
    assert client.app.state.room.store.all() == []
    assert client.post("/organiser/login", data={"pin": PIN}).status_code == 403


def test_size_limits_per_field_and_request(client):
    token = csrf(client)
    r = client.post("/send", data={**CARD, "csrf": token, "name": "A" * 61, "message": "Hi"})
    assert r.status_code == 413
    r = client.post("/send", data={**CARD, "csrf": token, "name": "Ann", "message": "x" * 2001})
    assert r.status_code == 413
    r = client.post("/send", content=b"a=" + b"x" * 40_000, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert client.app.state.room.store.all() == []


def test_rate_limit_per_device(tmp_path):
    with make_client(tmp_path / "room", send_limit=(3, 0.001)) as c:
        for _ in range(3):
            send_card(c)
        token = csrf(c)
        r = c.post("/send", data={**CARD, "csrf": token, "name": "Ann", "message": "Hi"})
        assert r.status_code == 429
        with make_client(tmp_path / "room", send_limit=(3, 0.001)) as other:
            send_card(other)  # another device is not held back


def test_organiser_pages_need_the_pin(client):
    for path in ("/organiser", "/organiser/review", "/organiser/print", "/organiser/projector", "/organiser/join-sheet",
                 "/organiser/end", "/organiser/roster.csv", "/organiser/export.zip", "/organiser/print/1.pdf"):
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/organiser/login", path
    token = csrf(client)
    r = client.post("/organiser/approve-all", data={"csrf": token})
    assert r.status_code == 303 and r.headers["location"] == "/organiser/login"


def test_pin_locks_after_five_wrong_tries(client):
    token = csrf(client)
    for i in range(4):
        r = client.post("/organiser/login", data={"csrf": token, "pin": "000000"})
        assert r.status_code == 401, i
    r = client.post("/organiser/login", data={"csrf": token, "pin": "000000"})
    assert r.status_code == 429 and "Too many wrong PINs" in r.text
    # Locked: even the right PIN is refused now.
    r = client.post("/organiser/login", data={"csrf": token, "pin": PIN})
    assert r.status_code == 429
    assert client.get("/organiser/review").status_code == 303


def test_review_approve_send_back_and_edit(client):
    a = send_card(client, name="Ann", message="Thinking of you")
    b = send_card(client, name="Ben", message="We pray for you")
    token = login(client)
    r = client.get("/organiser/review")
    assert r.status_code == 200 and "Ann" in r.text and "Ben" in r.text and "religion" in r.text
    assert "Ann" in client.get("/organiser/review?by=writer").text
    png = client.get(f"/organiser/submission/{a}/preview.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    client.post("/organiser/approve-all", data={"csrf": token})
    store = client.app.state.room.store
    assert store.get(a).status == "approved" and store.get(b).status == "pending"  # a rule note waits for a person
    client.post(f"/organiser/submission/{b}/return", data={"csrf": token, "note": "Please leave out the prayer"})
    assert store.get(b).status == "returned"
    mine = client.get("/mine").text
    assert "Please leave out the prayer" in mine and f"/edit/{b}" in mine
    assert client.get(f"/edit/{b}").status_code == 200
    r = client.post("/send", data={**CARD, "csrf": token, "name": "Ben", "message": "Thinking of you", "sub_id": str(b)})
    assert r.status_code == 303 and store.get(b).status == "pending" and store.get(b).message == "Thinking of you"
    client.post(f"/organiser/submission/{b}/edit", data={"csrf": token, "message": "Thinking of you always"})
    assert store.get(b).message == "Thinking of you always"
    assert client.post(f"/organiser/submission/{b}/explode", data={"csrf": token}).status_code == 404


def test_print_run_download_posted_and_tally(client, isolated_user):
    from pypdf import PdfReader
    import io

    sub = send_card(client, name="Маша", message="Привет, Hang-tung!")
    token = login(client)
    client.post(f"/organiser/submission/{sub}/approve", data={"csrf": token})
    r = client.post("/organiser/print/run", data={"csrf": token})
    assert r.status_code == 303
    pdf = client.get("/organiser/print/1.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Привет, Hang-tung!" in text
    assert client.app.state.room.store.get(sub).status == "printed"
    client.post("/organiser/print/1/posted", data={"csrf": token})
    client.post("/organiser/print/1/posted", data={"csrf": token})  # twice: counted once
    from w4r.tally import Tally

    totals = {t.case_id: t for t in Tally().totals()}
    assert totals["chow-hang-tung"].cards == 1
    assert client.get("/organiser/print/9.pdf").status_code == 404


def test_roster_downloads(client):
    import io
    import zipfile

    send_card(client, name="=cmd", message="Hello")
    login(client)
    csv_text = client.get("/organiser/roster.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "name,message,case,to,lang,group"
    assert "'=cmd" in csv_text  # a spreadsheet would run =cmd as a formula
    xlsx = client.get("/organiser/roster.xlsx")
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as z:
        assert "=cmd" in z.read("xl/worksheets/sheet1.xml").decode()
    assert client.get("/organiser/roster.txt").status_code == 404


def test_projector_shows_counts_not_names(client):
    send_card(client, name="Zebedee", message="Hello")
    login(client)
    r = client.get("/organiser/projector")
    assert "1 cards and 0 letters" in r.text and "Zebedee" not in r.text
    partial = client.get("/organiser/projector", headers={"hx-request": "true"})
    assert "<html" not in partial.text and "Chow Hang-tung" in partial.text


def test_end_of_event_needs_the_export_then_deletes_texts(client):
    sub = send_card(client, name="Ann", message="A secret message")
    token = login(client)
    r = client.post("/organiser/end", data={"csrf": token, "confirm": "yes"})
    assert r.status_code == 400  # no export yet
    assert client.get("/organiser/export.zip").status_code == 200
    r = client.post("/organiser/end", data={"csrf": token, "confirm": "yes"})
    assert r.status_code == 303
    store = client.app.state.room.store
    assert store.get(sub).message == "" and store.counts()["chow-hang-tung"]["card"] == 1
    assert b"A secret message" not in store.path.read_bytes()
    assert "ended" in client.get("/").text


def test_lan_room_needs_the_room_code(tmp_path):
    with make_client(tmp_path / "room", room_code="KXT4P", lan=True, public_url="http://192.0.2.5:8765/") as c:
        assert c.get("/").headers["location"] == "/join"
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/join").text).group(1)
        assert c.post("/join", data={"csrf": token, "code": "WRONG"}).status_code == 400
        r = c.post("/join", data={"csrf": token, "code": "kxt4p"})
        assert r.status_code == 303
        assert c.get("/").status_code == 200
        login(c)
        sheet = c.get("/organiser/join-sheet").text
        assert "KXT4P" in sheet and "<svg" in sheet and "http://192.0.2.5:8765/" in sheet


def test_language_from_browser_and_switch(client):
    assert "Karte schreiben" in client.get("/", headers={"accept-language": "de-CH,de;q=0.9,en;q=0.5"}).text
    r = client.get("/?lang=es")
    assert "Escribir una tarjeta" in r.text and "w4r_lang=es" in r.headers["set-cookie"]
    assert "Escribir una tarjeta" in client.get("/").text
    assert "Écrire une carte" in client.get("/?lang=fr").text


def test_static_files_and_no_listing_or_traversal(client):
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/room.css").headers["content-type"].startswith("text/css")
    for path in ("/static/", "/static", "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                 "/static/../../pyproject.toml", "/../w4r/web/app.py", "/templates/base.html"):
        r = client.get(path, follow_redirects=True)  # /static redirects to /static/, which lists nothing
        assert r.status_code == 404, path
        assert "from starlette" not in r.text and "Traceback" not in r.text


def test_a_bug_shows_a_plain_page_without_a_trace(client, monkeypatch):
    from w4r.web import engine

    def broken(*a, **k):
        raise RuntimeError("secret internals /home/teacher")

    monkeypatch.setattr(engine, "check", broken)
    token = csrf(client)
    r = client.post("/preview", data={**CARD, "csrf": token, "name": "Ann", "message": "Hi"})
    assert r.status_code == 500
    assert "Traceback" not in r.text and "secret internals" not in r.text and "Something went wrong" in r.text
