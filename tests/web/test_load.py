"""A light load test in the suite: writers sending at once against a real server lose nothing.

The full run (30 writers x 10 messages, timed) is ``benchmarks/room_load.py``;
no timing is asserted here.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from tests.conftest import FONT_CACHE
from tests.web import roomload
from tests.web.roomserver import RoomServer

pytestmark = pytest.mark.xdist_group("room-load")

PIN = "271828"


def test_five_writers_four_messages_at_once_nothing_lost(tmp_path):
    env = {"W4R_CONFIG": str(tmp_path / "none.yaml"), "W4R_DATA_DIR": str(tmp_path / "data"), "W4R_CACHE_DIR": str(FONT_CACHE)}
    with RoomServer(tmp_path / "rooms", PIN, env=env) as room:
        result = roomload.run(room.url, writers=5, messages=4)
        stored = roomload.stored_messages(room.url, PIN)
    assert result.errors == []
    assert len(result.sent) == 20
    counts = Counter(r["message"] for r in stored)
    assert all(counts[m] == 1 for m in result.sent) and len(stored) == 20
    # Each writer's texts carry that writer's name: nothing was mixed up between devices.
    for row in stored:
        assert row["message"].startswith(f"Writer {row['name'][1:]} ")
    db = next((tmp_path / "rooms").glob("*.sqlite3"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(DISTINCT device) FROM submissions").fetchone()[0] == 5
