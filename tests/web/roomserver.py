"""A real writing room for end-to-end tests and screenshots: ``w4r serve`` in a subprocess on 127.0.0.1.

The command line is the one a teacher types (``--port 0`` picks a free port);
the address is read from what it prints, and the server is stopped with SIGINT
(Ctrl-C) and waited for, so nothing is left running.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


class RoomServer:
    def __init__(self, data: Path, pin: str = "246810", *extra: str, env: dict | None = None):
        self.data, self.pin, self.extra = Path(data), pin, extra
        self.env = {**os.environ, "W4R_TALLY_FILE": str(Path(data) / "tally.sqlite3"), **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.output: list[str] = []

    def start(self, timeout: float = 240.0) -> RoomServer:
        cmd = [sys.executable, "-m", "w4r", "serve", "--port", "0", "--no-browser", "--data", str(self.data), "--pin", self.pin, *self.extra]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env)
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("w4r serve ended early:\n" + "".join(self.output))
            self.output.append(line)
            m = re.search(r"organiser page: (http://127\.0\.0\.1:\d+/)", line)
            if m:
                self.url = m.group(1)
            if "stop with Ctrl-C" in line:
                break
        self._wait_ready(deadline)
        return self

    def _wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:  # not listening yet, or 503 while it warms up
                time.sleep(0.2)
        raise RuntimeError("w4r serve was not ready in time:\n" + "".join(self.output))

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.output.append(self.proc.stdout.read())
            self.proc.stdout.close()
        return self.proc.returncode

    def __enter__(self) -> RoomServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
