"""Many writers at once against a running room: each a device of its own, previewing and sending.

Used by ``benchmarks/room_load.py`` (30 writers x 10 messages, timed) and by a
light test in the suite (nothing lost, no timing asserted).
"""

from __future__ import annotations

import csv
import io
import re
import statistics
import threading
import time
from dataclasses import dataclass, field

CASES = ("chow-hang-tung", "sasha", "rita", "manahel")


@dataclass
class LoadResult:
    writers: int
    messages: int
    preview_ms: list[float] = field(default_factory=list)
    send_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # every message the server acknowledged
    wall_s: float = 0.0

    @staticmethod
    def pct(values: list[float], p: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        return (f"{self.writers} writers x {self.messages} messages in {self.wall_s:.1f} s; "
                f"preview p50 {statistics.median(self.preview_ms):.0f} ms, p95 {self.pct(self.preview_ms, 95):.0f} ms; "
                f"send p50 {statistics.median(self.send_ms):.0f} ms, p95 {self.pct(self.send_ms, 95):.0f} ms; "
                f"errors {len(self.errors)}")


def _writer(url: str, w: int, messages: int, start: threading.Barrier, result: LoadResult, lock: threading.Lock) -> None:
    import httpx

    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as c:
        case = CASES[w % len(CASES)]
        page = c.get(f"/write/{case}?kind=card").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        start.wait()
        for m in range(messages):
            text = f"Writer {w} message {m}: Привет, we are thinking of you 🌈 and hope you are well."
            form = {"csrf": token, "case": case, "kind": "card", "name": f"W{w}", "message": text, "lang": "", "sub_id": ""}
            t0 = time.perf_counter()
            r = c.post("/preview", data=form)
            t1 = time.perf_counter()
            ok_preview = r.status_code == 200 and "data:image/png" in r.text
            r2 = c.post("/send", data=form)
            t2 = time.perf_counter()
            with lock:
                result.preview_ms.append((t1 - t0) * 1000)
                result.send_ms.append((t2 - t1) * 1000)
                if not ok_preview:
                    result.errors.append(f"preview {w}/{m}: {r.status_code}")
                if r2.status_code == 303 and r2.headers["location"].startswith("/sent/"):
                    result.sent.append(text)
                else:
                    result.errors.append(f"send {w}/{m}: {r2.status_code}")


def run(url: str, writers: int, messages: int) -> LoadResult:
    result = LoadResult(writers, messages)
    lock = threading.Lock()
    start = threading.Barrier(writers + 1)
    threads = [threading.Thread(target=_writer, args=(url, w, messages, start, result, lock)) for w in range(writers)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    result.wall_s = time.perf_counter() - t0
    return result


def stored_messages(url: str, pin: str) -> list[dict[str, str]]:
    """The roster as the organiser downloads it: every text the room kept."""
    import httpx

    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as c:
        page = c.get("/organiser/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert c.post("/organiser/login", data={"csrf": token, "pin": pin}).status_code == 303
        text = c.get("/organiser/roster.csv").content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
