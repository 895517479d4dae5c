"""`w4r serve` on the command line: registered, lazy, and saying where the room is."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request

from tests.conftest import FONT_CACHE, run_w4r
from tests.web.roomserver import RoomServer


def test_other_commands_do_not_load_the_web_server():
    code = "import sys, w4r.cli.app; print(sorted(m for m in ('starlette', 'uvicorn', 'pypdfium2', 'w4r.web') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serve_is_listed_and_bad_options_are_one_line():
    assert "serve" in run_w4r("--help").stdout
    res = run_w4r("serve", "--no-browser", "--port", "70000")
    assert res.returncode == 2 and res.stderr.strip().startswith("w4r: error: --port 70000")
    res = run_w4r("serve", "--no-browser", "--pin", "a!")
    assert res.returncode == 2 and "PIN" in res.stderr and "Traceback" not in res.stderr


def test_lan_prints_address_room_code_and_qr(tmp_path):
    env = {"W4R_CONFIG": str(tmp_path / "none.yaml"), "W4R_DATA_DIR": str(tmp_path / "data"), "W4R_CACHE_DIR": str(FONT_CACHE)}
    room = RoomServer(tmp_path / "rooms", "5555", "--lan", "--event", "Library 10 Dec", env=env).start()
    try:
        printed = "".join(room.output)
        assert "organiser PIN:  5555" in printed
        assert "writers join at http://" in printed and "room code" in printed
        assert "▄" in printed or "▀" in printed  # the QR code
        assert "library-10-dec.sqlite3" in printed
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(room.url)
            raise AssertionError("a networked room let a writer in without the room code")
        except urllib.error.HTTPError as exc:
            assert exc.code == 303 and exc.headers["location"] == "/join"
        with urllib.request.urlopen(room.url + "join") as r:
            assert "Room code" in r.read().decode()
    finally:
        assert room.stop() == 0
    assert "the writing room is closed" in "".join(room.output)
