"""``w4r cases new``: a commented case file to fill in, valid YAML from the start."""

from __future__ import annotations

_TEMPLATE = '''# Case file: one person or group at risk.  Format: docs/case-format.md
# Fill in every value marked FILL IN, delete what does not apply, then run
#   w4r validate {id}.yaml        (every problem, with its line)
#   w4r cases preview {id}.yaml   (the letter, card and briefing sheet as PDFs)
# Write in your own words; give every fact its date ("since 2021"), and its source below.
id: {id}
name: FILL IN full name as the campaign writes it
# known_as: the name people know (optional)
first_name: FILL IN
# name_native: the name in the person's own script (optional), with native_lang: a language code
pronoun: they            # she, he or they
country: FILL IN
campaign_years: [{year}]

summary: >-
  FILL IN one or two sentences: who, what happened, and since when.

story: |-
  FILL IN a few short paragraphs for the briefing sheet, each fact with its date.

appeal_facts: >-
  FILL IN one to three sentences addressed to the official, with dates.

# What happened, oldest first; the last event with a status is the case's status today.
# Statuses: detained, imprisoned, house-arrest, on-trial, sentenced, death-sentence, at-risk,
# re-detained, released, freed, acquitted, pardoned, sentence-quashed, granted-visa, action-closed.
timeline:
  - date: {today}            # YYYY-MM-DD
    event: FILL IN what happened
    status: imprisoned
    # source: where this was published

# What the letter asks, each item finishing "I respectfully urge you to ...".
ask:
  - FILL IN release NAME immediately and unconditionally

# When the person is freed, released or acquitted, w4r refuses appeal letters, unless
# the case says what to ask then (e.g. that remaining charges be dropped):
# status_asks:
#   - status: released
#     ask:
#       - drop the remaining charges against her
#     facts: She was released on 1 March 2026, but the charges against her still stand.

# Who the letter goes to.  Give verified_on only on the day you checked the official
# and the address against a source; letters warn when it is more than 12 months old.
targets:
  - title: FILL IN e.g. Prosecutor General
    name: FILL IN the official's name (or delete this line)
    address:
      - FILL IN street
      - FILL IN TOWN AND POSTCODE
    country: FILL IN COUNTRY IN CAPITALS
    salutation: FILL IN e.g. Dear Prosecutor General
    languages: [en]
    # verified_on: YYYY-MM-DD
# No official to write to?  Delete targets: and say why instead:
# card_only: No official or postal address for an appeal was published.

solidarity:
  recipient: FILL IN name on the card's envelope
  # address: [lines]     (leave out when cards go through your Amnesty section)
  greetings:
    - lang: en
      text: FILL IN a short greeting, e.g. We are thinking of you!
  # For when the person is free: cards then congratulate instead.
  congratulations:
    - lang: en
      text: FILL IN e.g. We are so happy that you are free!
  rules:
    checks: [amnesty, charges, trial, politics, religion, holidays]
    languages: [en]

sources:
  - title: FILL IN the page the facts come from
    url: https://FILL-IN.example
    # accessed: YYYY-MM-DD
# last_verified: YYYY-MM-DD   (only the day you checked the facts against the sources)
unverified:
  - FILL IN anything you could not confirm, or delete this list
'''


def case_template(case_id: str) -> str:
    import datetime as dt

    today = dt.date.today()
    return _TEMPLATE.format(id=case_id, year=today.year, today=today.isoformat())


PLACEHOLDER = "FILL IN"


def unfilled(path) -> list[str]:
    """``file:line:column: FILL IN left`` for every placeholder 'w4r cases new' wrote and nobody replaced."""
    from w4r.userfiles import CASE_FILE, UserFileError, read_user_file

    try:
        text = read_user_file(path, CASE_FILE).decode("utf-8", errors="replace")
    except UserFileError:
        return []  # the loader reports unreadable files
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        col = code.find(PLACEHOLDER)
        if col >= 0:
            found.append(f"{path}:{number}:{col + 1}: '{PLACEHOLDER}' is still there; replace it with the case's facts")
    return found
