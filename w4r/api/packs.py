"""``pack``: an event pack, planned, rendered in memory and written (a folder or one zip)."""

from __future__ import annotations

from typing import Callable

from w4r.api.common import as_date, stage
from w4r.api.options import PackOptions, ProgressFn
from w4r.pack.run import PackResult


def pack(options: PackOptions, progress: ProgressFn | None = None, on_warning: Callable[[str], None] | None = None) -> PackResult:
    """Every file of the pack written to ``options.output``; the result lists them, with the warnings.

    Rendering a pack takes a while: ``on_warning`` (if given) hears each
    warning as soon as it is known, before rendering starts; the result holds
    them all the same.
    """
    import dataclasses
    import datetime as dt

    from w4r.api.letters import choose_format
    from w4r.errors import Notice
    from w4r.cases import CaseLibrary
    from w4r.compose.environment import template_folders
    from w4r.compose.sender import make_sender
    from w4r.pack.plan import PackOptions as Plan, plan_pack
    from w4r.pack.run import destination, run
    from w4r.pack.sheets.handout import Event
    from w4r.typeset.fonts import book

    day = as_date(options.date)
    planned = Plan(
        case_ids=tuple(options.cases),
        include_closed=options.include_closed,
        letters=options.letters,
        cards=options.cards,
        paper=options.paper,
        lang=options.lang,
        card_format=choose_format("individual", options.card_format, options.paper),
        design=options.design,
        event=Event(name=options.event, date=day, group=options.group),
        date=day or dt.date.today(),
        # Envelopes carry the group's return address; letters leave the sender blank for each writer.
        return_address=make_sender(options.return_name, options.return_address),
        templates=template_folders(options.templates, options.cases_dir),
    )
    dest = destination(str(options.output), options.zipped)
    stage(progress, "planning")
    plan = plan_pack(CaseLibrary.open(options.cases_dir), planned, fb=book())  # the pack's fonts, taken once
    for warning in plan.warnings if on_warning else ():
        on_warning(warning)
    stage(progress, "rendering", 0, len(plan.files))
    result = run(plan, dest, force=options.force, on_file=lambda done, total: stage(progress, "rendering", done, total))
    for warning in result.warnings[len(plan.warnings):] if on_warning else ():
        on_warning(warning)
    # Every warning as data: those the plan made carry their own code, the rest a general one.
    result = dataclasses.replace(result, warnings=[w if isinstance(w, Notice) else Notice(w, "pack-warning") for w in result.warnings])
    stage(progress, "writing", 1, 1)
    return result
