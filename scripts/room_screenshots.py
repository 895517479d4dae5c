"""Screenshots of the writing room for the README (docs/room-*.png), from a real server and Chromium.

    python scripts/room_screenshots.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.web.roomserver import CHROMIUM, RoomServer  # noqa: E402

MESSAGE = "Dear Hang-tung, I am Mia, 15, from Leipzig. Our class thinks of you every day. Привет from my friend Oleg! 🌈"
OUT = ROOT / "docs"


def shoot(page, name: str, width: int, height: int, full: bool = False) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)


def main(out: Path = OUT, draft: bool = False) -> None:
    global OUT
    OUT = out
    with tempfile.TemporaryDirectory() as tmp, RoomServer(Path(tmp), "135790", "--lan", "--event", "Class 9b") as room, sync_playwright() as p:
        code = re.search(r"room code (\w+)", "".join(room.output)).group(1)
        browser = p.chromium.launch(executable_path=CHROMIUM)
        writer = browser.new_context(viewport={"width": 360, "height": 760}, device_scale_factor=1, locale="en-GB")
        page = writer.new_page()
        page.goto(room.url)
        shoot(page, "room-writer-join-phone", 360, 640)
        page.fill("#code", code)
        page.click("button[type=submit] >> text=Join")
        page.wait_for_selector("h1:has-text('Write for Rights')")
        shoot(page, "room-writer-home-phone", 360, 760)
        page.goto(room.url + "write/chow-hang-tung?kind=card")
        page.fill("#name", "Mia")
        page.fill("#message", MESSAGE + " We pray for you.")
        page.wait_for_selector("#preview img.page", timeout=20000)
        page.wait_for_selector("text=pray", timeout=20000)
        page.locator("#preview").scroll_into_view_if_needed()
        shoot(page, "room-writer-card-phone", 360, 760)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "room-writer-card-laptop", 1280, 800)
        page.fill("#message", MESSAGE)
        page.wait_for_selector("text=Fits the card", timeout=20000)
        page.click("button.send")
        page.wait_for_selector(".received")
        for name, text in (("Jonas", "Hello Sasha, we think of you."), ("Lea", "Liebe Grüße aus der 9b!")):
            page.goto(room.url + "write/sasha?kind=card")
            page.fill("#name", name)
            page.fill("#message", text)
            page.click("button.send")
            page.wait_for_selector(".received")
        org = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB").new_page()
        org.goto(room.url + "organiser/login")
        org.fill("#pin", "135790")
        org.click("button[type=submit] >> text=Log in")
        org.wait_for_selector("h1:has-text('Review')")
        org.wait_for_timeout(1500)
        shoot(org, "room-organiser-review-laptop", 1280, 800)
        shoot(org, "room-organiser-review-phone", 360, 760)
        org.set_viewport_size({"width": 1280, "height": 800})
        org.click("text=Approve all waiting texts without notes")
        org.goto(room.url + "organiser/print")
        org.click("text=Print the approved texts")
        org.wait_for_selector("text=Download run 1", timeout=60000)
        shoot(org, "room-organiser-print-laptop", 1280, 800)
        org.goto(room.url + "organiser/projector")
        shoot(org, "room-projector-laptop", 1280, 800)
        org.goto(room.url + "organiser/join-sheet")
        shoot(org, "room-join-sheet-laptop", 1280, 900)
        browser.close()


if __name__ == "__main__":
    main()
