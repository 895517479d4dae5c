"""The writing room end to end: `w4r serve` on 127.0.0.1, driven by Debian's Chromium through Playwright.

One server and one browser for the whole module (the module stays on one
xdist worker).  The organiser logs in once at the start, so the PIN-lockout
test (same address, 127.0.0.1) cannot lock the other tests out.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.conftest import FONT_CACHE
from tests.web.roomserver import CHROMIUM, RoomServer

pytestmark = [
    pytest.mark.xdist_group("room-e2e"),
]

PIN = "975310"
MESSAGE = "Привет, Hang-tung! Мы думаем о тебе 🌈 and we pray for you"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    home = tmp_path_factory.mktemp("room-e2e")
    env = {"W4R_CONFIG": str(home / "config.yaml"), "W4R_DATA_DIR": str(home / "data"), "W4R_CACHE_DIR": str(FONT_CACHE)}
    server = RoomServer(home / "rooms", PIN, env=env).start()
    yield server
    assert server.stop() == 0, "".join(server.output)
    assert "Traceback" not in "".join(server.output)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture(scope="module")
def organiser(room, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(room.url + "organiser/login")
    page.get_by_label("PIN").fill(PIN)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/organiser/review"))
    yield page
    context.close()


@pytest.fixture
def writer(browser):
    context = browser.new_context(viewport={"width": 360, "height": 760}, locale="en-GB")
    yield context.new_page()
    context.close()


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _write_card(page, url: str, name: str, message: str) -> None:
    page.goto(url + "write/chow-hang-tung?kind=card")
    page.get_by_label("Your first name").fill(name)
    page.get_by_label("Your message").fill(message)


def test_writer_card_to_printed_pdf(room, writer, organiser):
    from pypdf import PdfReader

    _write_card(writer, room.url, "Маша", MESSAGE)
    # The live preview: the page as printed, the greeting, and what the card rules say.
    writer.wait_for_selector("#preview img.page", timeout=30000)
    writer.wait_for_selector("#preview .note.rule", timeout=30000)
    assert "religion" in writer.inner_text("#preview") and "pray" in writer.inner_text("#preview")
    assert "幸彤" in writer.inner_text("#preview .greeting")
    png = writer.locator("#preview img.page").evaluate("img => img.naturalWidth")
    assert png > 100
    writer.get_by_role("button", name="Send").click()
    writer.wait_for_selector(".received")
    sub_id = writer.url.rsplit("/", 1)[1]

    organiser.goto(room.url + "organiser/review")
    item = organiser.locator(f"#s{sub_id}")
    assert "Привет, Hang-tung!" in item.inner_text() and "religion" in item.inner_text()
    item.get_by_role("button", name="Approve").click()
    organiser.wait_for_load_state()
    organiser.goto(room.url + "organiser/print")
    organiser.get_by_role("button", name="Print the approved texts").click()
    link = organiser.get_by_role("link", name=re.compile(r"Download run \d+"))
    link.last.wait_for(timeout=60000)
    with organiser.expect_download() as dl:
        link.last.click()
    pdf = Path(dl.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Привет, Hang-tung!" in text and "Мы думаем о тебе" in text
    assert "Маша" in text


def test_second_writer_cannot_see_the_first(room, browser, writer):
    _write_card(writer, room.url, "Olga", "Тайное послание от Ольги")
    writer.get_by_role("button", name="Send").click()
    writer.wait_for_selector(".received")
    first_url = writer.url
    other = browser.new_context(viewport={"width": 360, "height": 760})
    page = other.new_page()
    try:
        page.goto(room.url + "mine")
        assert "Тайное послание" not in page.content()
        response = page.goto(first_url)
        assert response.status == 404 and "Тайное послание" not in page.content()
    finally:
        other.close()


def test_post_without_csrf_token_is_refused(room, writer):
    writer.goto(room.url)
    response = writer.request.post(room.url + "send", form={"case": "chow-hang-tung", "kind": "card", "name": "Eve", "message": "forged"})
    assert response.status == 403
    writer.goto(room.url + "mine")
    assert "forged" not in writer.content()


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_writer_pages(room, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        problems = {}
        page.goto(room.url)
        problems["home"] = _serious(page)
        _write_card(page, room.url, "Ann", "Thinking of you, we pray")
        page.wait_for_selector("#preview img.page", timeout=30000)
        problems["write"] = _serious(page)
        page.get_by_role("button", name="Send").click()
        page.wait_for_selector(".received")
        problems["sent"] = _serious(page)
        page.goto(room.url + "mine")
        problems["mine"] = _serious(page)
        page.goto(room.url + "organiser/login")
        problems["login"] = _serious(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
        assert not any(problems.values()), problems
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_organiser_pages(room, organiser, width):
    organiser.set_viewport_size({"width": width, "height": 800})
    problems = {}
    for path in ("organiser/review", "organiser/review?by=writer&show=all", "organiser/print", "organiser/projector",
                 "organiser/join-sheet", "organiser/end"):
        organiser.goto(room.url + path)
        problems[path] = _serious(organiser)
        assert organiser.evaluate("document.documentElement.scrollWidth") <= width, path
    organiser.set_viewport_size({"width": 1280, "height": 900})
    assert not any(problems.values()), problems


def test_keyboard_alone_sends_a_card(room, writer):
    writer.goto(room.url + "write/chow-hang-tung?kind=card")
    writer.focus("#name")
    writer.keyboard.type("Kim")
    writer.keyboard.press("Tab")
    writer.keyboard.type("Hello from the keyboard")
    for _ in range(5):  # to the Send button
        if writer.evaluate("document.activeElement.textContent.trim()") == "Send":
            break
        writer.keyboard.press("Tab")
    writer.keyboard.press("Enter")
    writer.wait_for_selector(".received")


def test_wrong_pin_five_times_locks(room, browser, organiser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(room.url + "organiser/login")
        for _ in range(5):
            page.get_by_label("PIN").fill("111111")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
        assert "Too many wrong PINs" in page.inner_text("main")
        page.get_by_label("PIN").fill(PIN)  # now even the right one waits
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        assert "/organiser/login" in page.url and "Too many wrong PINs" in page.inner_text("main")
    finally:
        context.close()
    organiser.goto(room.url + "organiser/review")  # an organiser already logged in carries on
    assert "/organiser/review" in organiser.url
