"""``w4r serve``: start the room under uvicorn, say where it is, open the browser.

The socket is bound here, before uvicorn starts, so the address printed is the
one that works (``--port 0`` picks a free port) and a port in use is a
one-line error.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from w4r.errors import InputError
from w4r.web.room import RoomConfig

PIN_ENV = "W4R_PIN"
DEFAULT_PORT = 8765


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent: connecting a UDP socket only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere, but it selects the LAN interface
            return s.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on port {port} ({exc.strerror}); choose another with --port, e.g. --port {port + 1}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def has_display() -> bool:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def check_pin(pin: str | None) -> str | None:
    if pin is None or pin == "":
        return None
    pin = pin.strip()
    if not (4 <= len(pin) <= 20) or not pin.isalnum():
        raise InputError("the organiser PIN must be 4 to 20 letters or digits")
    return pin


def run(config: RoomConfig, *, port: int, open_browser: bool, out=print) -> None:
    import uvicorn

    from w4r.web import qr
    from w4r.web.app import create_app

    host = "0.0.0.0" if config.lan else "127.0.0.1"
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    shown_host = lan_address() if config.lan else "127.0.0.1"
    config.public_url = f"http://{shown_host}:{actual}/" if config.lan else ""
    local = f"http://127.0.0.1:{actual}/"
    app = create_app(config)
    out(f"w4r writing room for {config.event!r}")
    out(f"  organiser page: {local}organiser (on this computer)")
    out(f"  organiser PIN:  {config.pin}")
    if config.lan:
        out(f"  writers join at {config.public_url} with room code {config.room_code}")
        out(qr.terminal(config.public_url))
        out("  a sheet to print or project with this code: Organiser > Join sheet")
    else:
        out(f"  writers use {local} on this computer (start with --lan to let phones join)")
    out(f"  texts are kept in {app.state.room.store.path}")
    out("  stop with Ctrl-C")
    if open_browser and has_display():
        threading.Timer(1.0, webbrowser.open, args=(f"{local}organiser",)).start()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, date_header=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn has shut down cleanly and passes Ctrl-C on: for a server that is the normal way to stop.
        pass
    out(f"the writing room is closed; texts are kept in {app.state.room.store.path} until 'End the event'")


def default_data_dir() -> Path:
    from w4r import paths

    return paths.data_dir() / "rooms"


def preview_processes() -> int:
    """One process drawing previews per core, up to four (the server itself stays responsive on one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))
