"""The writing room under load: many writers previewing and sending at once against `w4r serve` on 127.0.0.1.

    python benchmarks/room_load.py                 # 30 writers x 10 messages
    python benchmarks/room_load.py --writers 5 --messages 4

Each writer is its own device (cookies, CSRF token) and, all starting at the
same moment, previews then sends each of its messages.  Afterwards the
organiser's roster must hold every acknowledged message exactly once, and the
SQLite file must pass its integrity check.  Prints the preview and send
median and 95th percentile (goals: send p95 < 300 ms, preview p95 < 800 ms).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web import roomload  # noqa: E402
from tests.web.roomserver import RoomServer  # noqa: E402

PIN = "314159"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=30)
    ap.add_argument("--messages", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"W4R_CONFIG": str(Path(tmp) / "none.yaml"), "W4R_DATA_DIR": str(Path(tmp) / "data")}
        with RoomServer(Path(tmp) / "rooms", PIN, env=env) as room:
            result = roomload.run(room.url, args.writers, args.messages)
            stored = roomload.stored_messages(room.url, PIN)
        counts = Counter(r["message"] for r in stored)
        lost = [m for m in result.sent if counts[m] != 1]
        db = next((Path(tmp) / "rooms").glob("*.sqlite3"))
        with sqlite3.connect(db) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    print(result.summary())
    print(f"stored {len(stored)} of {args.writers * args.messages}; lost or doubled {len(lost)}; integrity {integrity}; "
          f"cores {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}")
    ok = not result.errors and not lost and len(stored) == args.writers * args.messages and integrity == "ok"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
