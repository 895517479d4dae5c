"""A case's briefing as plain data, for ``w4r show``, JSON output and briefing sheets."""

from __future__ import annotations

import textwrap
from typing import Any

from w4r.cases.schema import Case


def briefing_data(case: Case) -> dict[str, Any]:
    from w4r.cases.status import appeal_rule, card_kind

    sol = case.solidarity
    rule = appeal_rule(case)
    return {
        "id": case.id,
        "name": case.name,
        "name_native": case.name_native,
        "known_as": case.known_as,
        "country": case.country,
        "campaign_years": case.campaign_years,
        "status": case.status.value,
        "status_label": case.status.label,
        "status_date": case.current.date.isoformat(),
        "status_event": case.current.event,
        "closed": case.closed,
        "summary": case.summary,
        "story": case.story,
        "timeline": [
            {"date": e.date.isoformat(), "event": e.event, "status": e.status.value if e.status else None}
            for e in case.timeline
        ],
        "ask": list(rule.ask) if rule.writes_letter else case.ask,
        "appeal": {"rule": rule.kind, "label": rule.label, "writes_letter": rule.writes_letter},
        "status_asks": [{"status": a.status.value, "ask": a.ask, "facts": a.facts} for a in case.status_asks],
        "card_only": case.card_only,
        "targets": [
            {
                "number": i,
                "title": t.title,
                "name": t.name,
                "organisation": t.organisation,
                "address": t.address,
                "country": t.country,
                "salutation": t.salutation,
                "languages": t.languages,
                "email": t.email,
                "years": t.years,
                "verified": t.verified,
                "verified_on": t.verified_on.isoformat() if t.verified_on else None,
                "note": t.note,
            }
            for i, t in enumerate(case.targets, start=1)
        ],
        "solidarity": None
        if sol is None
        else {
            "recipient": sol.recipient,
            "care_of": sol.care_of,
            "address": sol.address,
            "country": sol.country,
            "greetings": [g.model_dump() for g in sol.greetings],
            "congratulations": [g.model_dump() for g in sol.congratulations],
            "card": card_kind(case),
            "card_greetings": [g.model_dump() for g in (sol.congratulations if card_kind(case) == "congratulations" else sol.greetings)],
            "card_rules": sol.rules.model_dump(),
            "verified": sol.verified,
            "note": sol.note,
        },
        "action_url": case.action_url,
        "sources": [s.model_dump(mode="json") for s in case.sources],
        "last_verified": case.last_verified.isoformat() if case.last_verified else None,
        "unverified": case.unverified,
    }


RULE_TEXT = {
    "amnesty": "do not mention Amnesty",
    "charges": "do not mention the charges",
    "trial": "do not mention the trial or the court",
    "politics": "keep politics out",
    "religion": "no religious words or symbols",
    "holidays": "no Christmas or New Year: write season's greetings",
}


def _para(text: str, indent: str = "  ") -> str:
    return "\n".join(
        textwrap.fill(p, width=88, initial_indent=indent, subsequent_indent=indent) for p in text.split("\n\n")
    )


def briefing_text(d: dict[str, Any], how: dict[str, str] | None = None) -> str:
    """The briefing as plain text; ``how`` says how a front end asks for each piece of mail
    (``{"letter": ..., "card": ...}``), added to its heading."""
    how = how or {}
    lines: list[str] = []
    name = f"{d['name']} ({d['name_native']})" if d["name_native"] else d["name"]
    lines.append(f"{name} - {d['country']} - Write for Rights {', '.join(map(str, d['campaign_years']))}")
    closed = "  (case closed: good news)" if d["closed"] else ""
    lines.append(f"Status: {d['status_label']} since {d['status_date']}{closed}: {d['status_event']}")
    lines.append("")
    lines.append("Story")
    lines.append(_para(d["story"]))
    lines.append("")
    appeal = d["appeal"]
    if not d["ask"]:
        lines.append("The ask: none (no official to write to)")
    elif appeal["rule"] == "no-appeal":
        lines.append(f"The ask: none today ({appeal['label']}); the appeal as it was:")
    elif appeal["rule"] == "status-ask":
        lines.append(f"The ask ({appeal['label']})")
    else:
        lines.append("The ask")
    lines.extend(f"  - {a}" for a in d["ask"])
    lines.append("")
    lines.append("Who to write to (appeal letter" + (f", {how['letter']}" if how.get("letter") else "") + ")")
    if d["card_only"]:
        lines.append(f"  Nobody: this case is card-only. {d['card_only']}")
    for t in d["targets"]:
        who = f"{t['title']}, {t['name']}" if t["name"] else t["title"]
        flag = "" if t["verified"] else "  [address UNVERIFIED: check before posting]"
        lines.append(f"  {t['number']}. {who}{flag}")
        checked = f"address last checked on {t['verified_on']}" if t["verified_on"] else "address never checked against a source"
        lines.append(f"     ({checked})")
        for a in ([t["organisation"]] if t["organisation"] else []) + t["address"] + [t["country"]]:
            lines.append(f"       {a}")
        lines.append(f"     Salutation: {t['salutation']}    Languages: {', '.join(t['languages'])}")
        if t["email"]:
            lines.append(f"     Email: {t['email']}")
        if t["note"]:
            lines.append(f"     Note: {t['note']}")
    lines.append("")
    sol = d["solidarity"]
    lines.append("Solidarity mail (card" + (f", {how['card']}" if how.get("card") else "") + ")")
    if sol is None:
        lines.append("  No solidarity address in this case file.")
    else:
        flag = "" if sol["verified"] else "  [UNVERIFIED]"
        lines.append(f"  To: {sol['recipient']}{flag}")
        if sol["care_of"]:
            lines.append(f"  c/o {sol['care_of']}")
        for a in sol["address"] + ([sol["country"]] if sol["country"] else []):
            lines.append(f"      {a}")
        if not sol["address"]:
            lines.append("  No postal address: send cards through your Amnesty section.")
        if sol["card"] == "congratulations":
            lines.append("  The person is free: cards congratulate.")
        for g in sol["card_greetings"]:
            meaning = f"  ({g['english']})" if g.get("english") else ""
            lines.append(f"  Greeting [{g['lang']}]: {g['text']}{meaning}")
        rules = sol["card_rules"]
        lines.append("  Card rules:")
        lines.extend(f"    - {RULE_TEXT.get(r, r)}" for r in rules["checks"])
        lines.append(f"    - sign with: {rules['sender_identity'].replace('-', ' ')}")
        lines.extend(f"    - {n}" for n in rules["notes"])
        if sol["note"]:
            lines.append(_para(sol["note"]))
    lines.append("")
    lines.append(f"Case facts last checked against a source on {d['last_verified']}" if d["last_verified"] else "Case facts not yet checked against a source")
    for u in d["unverified"]:
        lines.append(f"  UNVERIFIED: {u}")
    lines.append("Sources: " + "; ".join(s["title"] + (f" <{s['url']}>" if s.get("url") else "") for s in d["sources"]))
    return "\n".join(lines)
