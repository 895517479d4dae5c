"""The room's state: its settings, store, case library, engine thread, keys and limits.

One Room per running ``w4r serve``; the routes reach it as ``request.app.state.room``.
"""

from __future__ import annotations

import asyncio
import dataclasses
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
    preview_processes: int = 0  # 0: previews drawn on the engine thread (tests); w4r serve uses one per core
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
        self._pool = None
        self._warm = None
        self._ended = self.store.meta("ended") is not None
        self.drafts = PreviewCache(1000)  # checked texts, so Send need not check again what the preview just did

    async def run(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` on the engine thread, awaited."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine, lambda: fn(*args, **kwargs))

    async def write(self, fn, *args, **kwargs):
        """A store call off the event loop: a commit waits for the disk, the other requests need not."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: fn(*args, **kwargs))

    def start(self) -> None:
        if self.config.warm_up:
            self._warm = self._engine.submit(engine.warm_up, self.library)
        if self.config.preview_processes > 0:
            from w4r.web.preview import PreviewPool

            self._pool = PreviewPool(self.config.preview_processes, self.config.cases_dir, self.config.templates)

    def close(self) -> None:
        self._engine.shutdown(wait=False, cancel_futures=True)
        if self._pool is not None:
            self._pool.close()

    def ready(self) -> bool:
        """Whether fonts and layouts are loaded, here and in the preview workers (the first writer waits otherwise)."""
        return (self._warm is None or self._warm.done()) and (self._pool is None or self._pool.ready())

    async def draw(self, case_id: str, kind: str, name: str, message: str, lang: str | None) -> tuple[bytes, int]:
        """The preview PNG and page count: in a worker process when there are some, else on the engine thread."""
        from w4r.web import preview

        args = (case_id, kind, name, message, lang, self.config.paper, self.config.card_format)
        if self._pool is not None:
            return await self._pool.draw(*args)
        return await self.run(preview.draw, self.library, *args)

    async def check(self, case_id: str, kind: str, name: str, message: str, lang: str | None) -> engine.Draft:
        """What the card rules and the fit say about a text; the same text is checked once."""
        key = self.drafts.key(case_id, kind, name, message, lang, self.config.card_format)
        draft = self.drafts.get(key)
        if draft is None:
            draft = await self.run(engine.check, self.library, case_id, kind, name, message, lang, self.config.card_format)
            self.drafts.put(key, draft)
        return dataclasses.replace(draft, notes=list(draft.notes))

    @property
    def ended(self) -> bool:
        return self._ended

    def end(self) -> None:
        self.store.erase_texts()
        self._ended = True
        self.previews = PreviewCache()
        self.drafts = PreviewCache(1000)

    def print_dir(self) -> Path:
        path = self.files / "prints"
        path.mkdir(parents=True, exist_ok=True)
        return path
