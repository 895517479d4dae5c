"""``envelope``: an envelope to print on (page size = envelope size), for the letter or for the cards."""

from __future__ import annotations

from pathlib import Path

from w4r.api.common import as_date, check_output, closed_notice, open_case, refuse_if_strict, stage, write_output
from w4r.api.options import EnvelopeOptions, EnvelopeResult, ProgressFn
from w4r.errors import InputError

MAX_CARDS_PER_ENVELOPE = 100  # a padded envelope of cards; beyond it the number is a typing slip


def default_output(case_id: str, to: str) -> str:
    return f"{case_id}-envelope-{to}.pdf"


def envelope(options: EnvelopeOptions, progress: ProgressFn | None = None) -> EnvelopeResult:
    """The envelope of ``options.case``: to the official (``to="authorities"``) or to the person, for cards."""
    from w4r.api.senders import sender_of
    from w4r.compose.envelope import authorities_envelope, individual_envelope
    from w4r.compose.notices import Notice, glyph_notices
    from w4r.render import formats
    from w4r.render.envelope import envelope_geometry, render_envelope
    from w4r.typeset.fonts import book
    from w4r.typeset.glyphcheck import missing_report

    if options.to not in ("authorities", "individual"):
        raise InputError(f"to={options.to!r}: 'authorities' or 'individual'", code="bad-to", field="to", params={"to": options.to})
    case = open_case(options.case, options.cases_dir)
    size = (options.size or formats.paper(options.paper).envelope).strip().lower()
    envelope_geometry(size)  # an unknown size fails before any other work
    cards = options.cards
    if cards is not None:
        if options.to == "authorities":
            raise InputError("a number of cards is for envelopes of cards", code="cards-not-for-letter", field="cards")
        if cards < 1:
            raise InputError(f"{cards} cards: give the number of cards in the envelope, 1 or more", code="cards-too-few", field="cards",
                             params={"cards": cards})
        if cards > MAX_CARDS_PER_ENVELOPE:
            raise InputError(f"{cards} cards: an envelope holds at most {MAX_CARDS_PER_ENVELOPE} cards; use more envelopes",
                             code="cards-too-many", field="cards", params={"cards": cards, "most": MAX_CARDS_PER_ENVELOPE})
    if options.to == "individual" and options.target != 1:
        raise InputError("a target is for envelopes to the authorities; cards go to the person's solidarity address",
                         code="target-not-for-cards", field="target")
    output = options.output
    if output is None and options.output_dir is not None:
        output = Path(options.output_dir) / default_output(case.id, options.to)
    check_output(output, options.force)
    sender = sender_of(options)
    stage(progress, "composing")
    if options.to == "authorities":
        env = authorities_envelope(case, target_number=options.target, sender=sender, date=as_date(options.date), for_the_record=options.for_the_record)
    else:
        env = individual_envelope(case, sender=sender, count=cards)
    stage(progress, "rendering")
    fb = book()  # this job's fonts
    data = render_envelope(env, size, fb=fb)
    warnings = [w if isinstance(w, Notice) else Notice(w, "solidarity-address-unverified") for w in env.unverified]
    for i, line in enumerate(env.sender):
        name = i == 0 and sender.name
        warnings += glyph_notices(lambda text: missing_report(text, fb), line, "sender-name" if name else "sender-address", "your name" if name else "your address")
    refuse_if_strict(warnings, options.strict, "envelope")
    stage(progress, "writing")
    path = write_output(output, data, options.force)
    record = options.to == "authorities" and options.for_the_record and case.status.no_appeal
    notes = [Notice(env.sender_note, "sender-shortened")] if env.sender_note else []
    stage(progress, "writing", 1, 1)
    return EnvelopeResult(case.id, size, data, path, warnings, notes, closed_notice(case, "record" if record else "letter"))
