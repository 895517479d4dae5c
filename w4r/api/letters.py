"""``letter`` and ``card``: one appeal letter or one solidarity card, as bytes and (if asked) a file.

The order of the work is the command line's: every check that can fail runs
before anything is rendered, and strict checking stops the job before anything
is written.  Warnings and notes come back in the result, never printed.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.api.common import as_date, check_output, closed_notice, count, open_case, refuse_if_strict, stage, write_output
from w4r.api.options import LetterOptions, LetterResult, ProgressFn
from w4r.errors import InputError

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook

TO_VALUES = ("authorities", "individual")
LETTER_FORMATS = ("pdf", "email", "eml", "txt")
SUFFIXES = {"pdf": ".pdf", "email": ".txt", "eml": ".eml", "txt": ".txt"}


def default_output(case_id: str, to: str, fmt: str) -> str:
    """The file name a letter or card gets when none is given (the command line's default)."""
    return f"{case_id}-card.pdf" if to == "individual" else f"{case_id}-authorities{SUFFIXES[fmt]}"


def formats_for(to: str) -> tuple[str, ...]:
    if to == "authorities":
        return LETTER_FORMATS
    from w4r.render.card_type import CARD_FORMATS  # cards only: a letter does not load the card layouts

    return tuple(CARD_FORMATS)


def choose_format(to: str, value: str | None, paper: str) -> str:
    """``value`` checked against ``to``, or the default for it (cards: the paper's)."""
    if value is None:
        if to == "authorities":
            return "pdf"
        from w4r.render.formats import default_card_format

        return default_card_format(paper)
    value = value.strip().lower()
    allowed = formats_for(to)
    if value not in allowed:
        raise InputError(f"format {value} does not apply to a {'letter' if to == 'authorities' else 'card'}; choose one of {', '.join(allowed)}",
                         code="format-not-for", field="format", params={"format": value, "to": to, "allowed": allowed})
    return value


def _check(options: LetterOptions) -> None:
    if options.to not in TO_VALUES:
        raise InputError(f"to={options.to!r}: write to 'authorities' (the appeal letter) or 'individual' (the solidarity card)",
                         code="bad-to", field="to", params={"to": options.to})
    from w4r.render.formats import PAPER_NAMES

    if options.paper not in PAPER_NAMES:
        raise InputError(f"paper={options.paper!r}: choose {' or '.join(PAPER_NAMES)}", code="bad-paper", field="paper",
                         params={"paper": options.paper, "allowed": PAPER_NAMES})
    if options.event is not None and not options.count:
        raise InputError("an event goes with counting in the tally", code="event-without-count", field="event")
    if options.event is not None:
        from w4r.tally import clean_event  # the tally only when counting: a letter is the most common job

        clean_event(options.event)  # a bad event name stops the job before anything is made


def letter(options: LetterOptions, progress: ProgressFn | None = None) -> LetterResult:
    """The appeal letter of ``options.case`` (or, with ``to="individual"``, its solidarity card)."""
    _check(options)
    if options.lang:
        from w4r.compose.languages import canonical_code

        options = dataclasses.replace(options, lang=canonical_code(options.lang))  # "zh-hant" as typed is "zh-Hant"
    case = open_case(options.case, options.cases_dir)
    fmt = choose_format(options.to, options.format, options.paper)
    if options.output is None and options.output_dir is not None:
        options = dataclasses.replace(options, output=Path(options.output_dir) / default_output(case.id, options.to, fmt))
    from w4r.typeset.fonts import book

    fb = book()  # this job's fonts, handed to everything below that measures or draws text
    if options.to == "individual":
        if options.target != 1 or options.bilingual:
            raise InputError("a target and a bilingual letter are for letters to the authorities; a card goes to the person",
                             code="letter-only", field="target" if options.target != 1 else "bilingual")
        return _card(case, fmt, options, progress, fb)
    if options.design is not None or options.outline:
        raise InputError("a design and an outline are for cards", code="card-only", field="design" if options.design is not None else "outline")
    check_output(options.output, options.force)
    from w4r.api.senders import sender_of
    from w4r.compose.environment import template_folders
    from w4r.compose.letter import compose_letter
    from w4r.typeset.glyphcheck import missing_report

    stage(progress, "composing")
    composed = compose_letter(
        case,
        target_number=options.target,
        sender=sender_of(options),
        message=options.message,
        lang=options.lang or options.preferred_lang or "en",
        bilingual=options.bilingual,
        date=as_date(options.date),
        templates=template_folders(options.templates, options.cases_dir),
        glyph_check=partial(missing_report, fb=fb),
        for_the_record=options.for_the_record,
        lang_fallback=not options.lang,  # a preference, not a demand: an official who does not read it gets their own
    )
    if composed.for_the_record and options.count:
        raise InputError("a letter for the record only is not counted: the case's status rules the appeal out",
                         code="record-not-counted", field="count")
    warnings = list(composed.warnings)
    if fmt != "pdf":
        from w4r.compose.email import digital_warnings

        warnings += digital_warnings(composed, fmt)
    refuse_if_strict(warnings, options.strict, "letter")
    stage(progress, "rendering")
    if fmt == "pdf":
        from w4r.render.letter import render_letter

        data = render_letter(composed, paper=options.paper, fb=fb)
    else:
        from w4r.compose.email import render_digital

        data = render_digital(composed, fmt, date=as_date(options.date))[0]
    stage(progress, "writing")
    path = write_output(options.output, data, options.force)
    result = LetterResult(
        case.id, "letter", fmt, data, path, warnings, list(composed.notes),
        closed_notice(case, "record" if composed.for_the_record else "letter"),
        for_the_record=composed.for_the_record, rule=composed.rule, lang=composed.primary.lang.code,
    )
    if options.count:
        result.counted = count(case.id, result.tally_kind, 1, options.event)
    stage(progress, "writing", 1, 1)
    return result


def card(options: LetterOptions, progress: ProgressFn | None = None) -> LetterResult:
    """The solidarity card of ``options.case`` (``to`` is taken as ``individual``)."""
    return letter(dataclasses.replace(options, to="individual"), progress)


def _card(case, fmt: str, options: LetterOptions, progress: ProgressFn | None, fb: FontBook) -> LetterResult:
    from w4r.api.senders import sender_of
    from w4r.compose.card import compose_card, design_hits
    from w4r.compose.environment import template_folders
    from w4r.compose.notices import Notice, glyph_notices
    from w4r.render.card import render_card
    from w4r.render.card_type import CARD_FORMATS
    from w4r.render.designs import parse_design
    from w4r.typeset.glyphcheck import missing_report

    chosen_design, outline = parse_design(options.design, options.outline)
    check_output(options.output, options.force)
    stage(progress, "composing")
    templates = template_folders(options.templates, options.cases_dir)
    card = compose_card(case, sender=sender_of(options), message=options.message, lang=options.lang, templates=templates)
    notes = []
    lang = options.lang
    if lang and card.greeting_lang and card.greeting_lang != lang:
        from w4r.compose.languages import display_name

        name = display_name(card.greeting_lang)
        notes.append(Notice(f"the greeting is in {card.greeting_lang}, {name}: the case's form of {lang}", "greeting-variant",
                            lang=card.greeting_lang, language=name, requested=lang))
    hits = list(card.hits) + list(design_hits(case, chosen_design.motifs, templates))
    warnings = [Notice(h.describe(), "card-rule", rule=h.rule, found=h.found or h.term, says=h.says, where=h.where) for h in hits]
    # Characters no font has (a private-use code, a rare script) would print as a gap: said, as for letters.
    check = partial(missing_report, fb=fb)
    warnings += glyph_notices(check, card.message_text, "message", "card message")
    if card.signature:
        warnings += glyph_notices(check, card.signature, "sender-name", "your name")
    refuse_if_strict(warnings, options.strict, "card")
    stage(progress, "rendering")
    data = render_card(card, fmt, design=chosen_design, outline=outline, fb=fb)
    stage(progress, "writing")
    path = write_output(options.output, data, options.force)
    layout = CARD_FORMATS[fmt].layout
    result = LetterResult(case.id, "card", fmt, data, path, warnings, notes, closed_notice(case, "card"), rule=card.rule,
                          lang=card.greeting_lang, how_to_print=CARD_FORMATS[fmt].how_to_print, copies=layout.capacity if layout else 1)
    if options.count:
        result.counted = count(case.id, "cards", result.copies, options.event)
    stage(progress, "writing", 1, 1)
    return result
