"""``w4r serve``: the writing room, a local web app for a class or an event.

Only this module's few lines load with the command line; the web server and
its libraries are imported when ``w4r serve`` runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, papers_help, settings


@app.command("serve")
def serve(
    lan: bool = typer.Option(False, "--lan", help="Listen on the local network so phones can join (with a room code); default: this computer only."),
    port: int = typer.Option(8765, "--port", help="The port to listen on (0: any free port)."),
    data: Optional[Path] = typer.Option(None, "--data", help="Folder for the event's texts and print runs (default: w4r's data folder)."),
    pin: Optional[str] = typer.Option(None, "--pin", envvar="W4R_PIN", help="The organiser's PIN (default: a new one, printed at start)."),
    event: Optional[str] = typer.Option(None, "--event", help="The event's name: one store per event (default: 'Writing room' and today's date)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the organiser page in a browser."),
    paper: Optional[str] = typer.Option(None, "--paper", help=f"{papers_help()}."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Open a writing room: writers write on their phones, you review and print."""
    from w4r.errors import InputError
    from w4r.web import server
    from w4r.web.room import RoomConfig
    from w4r.web.security import new_room_code

    cfg = settings()
    paper_name = (paper or cfg.paper or "a4").strip().lower()
    from w4r.render.formats import PAPER_NAMES

    if paper_name not in PAPER_NAMES:
        raise InputError(f"--paper {paper_name}: choose {' or '.join(PAPER_NAMES)}")
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: choose 1024 to 65535, or 0 for any free port")
    from w4r.render.formats import default_card_format

    card_format = cfg.card_format or default_card_format(paper_name)
    config = RoomConfig(
        data_dir=data or server.default_data_dir(), event=(event or "").strip(), pin=server.check_pin(pin) or "",
        room_code=new_room_code() if lan else None, lan=lan, paper=paper_name, card_format=card_format,
        preview_processes=server.preview_processes(),
        cases_dir=cases_dir, templates=templates,
    )
    server.run(config, port=port, open_browser=not no_browser and os.environ.get("CI") is None)
