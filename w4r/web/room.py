"""The room's state: its settings, store, case library, engine thread, keys and limits.

One Room per running ``w4r serve``; the routes reach it as ``request.app.state.room``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from w4r.web import engine
from w4r.web.preview import PreviewCache
from w4r.web.security import PinGuard, RateLimit, Signer, new_pin
from w4r.web.store import Store, event_slug

# Size limits: what a card or letter can use, with room to spare; anything larger is refused.
MAX_BODY = 32 * 1024  # bytes of one request
MAX_NAME = 60
MAX_MESSAGE = 2000
MAX_NOTE = 500


@dataclass
class RoomConfig:
    data_dir: Path
    event: str = ""
    pin: str = ""
    room_code: str | None = None  # asked of writers when the room is on the network
    lan: bool = False
    paper: str = "a4"
    card_format: str = "a5"
    cases_dir: Path | None = None
    templates: Path | None = None
    public_url: str = ""  # the address writers type or scan
    warm_up: bool = True
    # Per device: previews come as the writer types, sends one at a time.
    preview_limit: tuple[int, float] = (40, 120.0)
    send_limit: tuple[int, float] = (20, 20.0)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        if not self.event:
            self.event = f"Writing room {dt.date.today().isoformat()}"
        if not self.pin:
            self.pin = new_pin()


class Room:
    def __init__(self, config: RoomConfig):
        self.config = config
        self.store = Store.for_event(config.data_dir, config.event)
        self.files = config.data_dir / event_slug(config.event)  # print runs and exports of this event
        self.signer = Signer(self.store.secret())
        self.pins = PinGuard(config.pin)
        self.preview_limit = RateLimit(*config.preview_limit)
        self.send_limit = RateLimit(*config.send_limit)
        self.previews = PreviewCache()
        self.library = engine.Library(config.cases_dir, config.templates)
        # One thread for the library: ReportLab and the font book are not made for several at once.
        self._engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="w4r-engine")
        self._warm: asyncio.Future | None = None

    async def run(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` on the engine thread, awaited."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine, lambda: fn(*args, **kwargs))

    def start(self) -> None:
        if self.config.warm_up:
            self._engine.submit(engine.warm_up, self.library)

    def close(self) -> None:
        self._engine.shutdown(wait=False, cancel_futures=True)

    @property
    def ended(self) -> bool:
        return self.store.meta("ended") is not None

    def print_dir(self) -> Path:
        path = self.files / "prints"
        path.mkdir(parents=True, exist_ok=True)
        return path
