"""Fixtures for the writing room: the app under Starlette's test client, and helpers to post its forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PIN = "482913"
CARD = {"case": "chow-hang-tung", "kind": "card", "lang": "", "sub_id": ""}


def make_client(tmp: Path, **config):
    from starlette.testclient import TestClient

    from w4r.web.app import create_app
    from w4r.web.room import RoomConfig

    cfg = RoomConfig(data_dir=tmp, pin=PIN, warm_up=False, **config)
    return TestClient(create_app(cfg), raise_server_exceptions=False, follow_redirects=False)


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path / "room") as c:
        yield c


def csrf(client) -> str:
    """This client's CSRF token, as its pages carry it."""
    html = client.get("/write/chow-hang-tung?kind=card").text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client) -> str:
    token = csrf(client)
    r = client.post("/organiser/login", data={"csrf": token, "pin": PIN})
    assert r.status_code == 303, r.text
    return token


def send_card(client, name="Маша", message="Привет! Thinking of you 🌈", **extra) -> int:
    token = csrf(client)
    r = client.post("/send", data={**CARD, "csrf": token, "name": name, "message": message, **extra})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])
