"""What a case's status lets w4r write: no appeal for a freed person, the ask the case gives
for that status, congratulation cards, and officials whose entry has aged."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import page_text, run_w4r
from tests.cases.test_packs import CASE

STATUS_ASK = """\
status_asks:
  - status: released
    ask:
      - drop the remaining charges against Ana Example
      - let her travel abroad to see her family
    facts: She was released on 1 October 2026, but the charges against her still stand.
"""


def _case_dir(tmp_path: Path, *, status: str = "imprisoned", extra: str = "", verified_on: str = "2026-11-20") -> Path:
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    text = CASE.format(id="ana-example", status=status, official="Jo Official").replace("verified_on: 2026-11-20", f"verified_on: {verified_on}")
    if status != "imprisoned":
        text = text.replace("    status: " + status, "    status: imprisoned\n  - date: 2026-10-01\n    event: Released on bail\n    status: " + status)
    (folder / "ana-example.yaml").write_text(text + extra, encoding="utf-8")
    return folder


def test_sasha_letter_refuses_with_the_release_date_and_writes_nothing(tmp_path):
    r = run_w4r("letter", "sasha", "--to", "authorities", cwd=tmp_path)
    assert r.returncode == 5, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1
    assert "freed on 1 August 2024" in lines[0]
    assert "--to individual" in lines[0] and "--force" in lines[0]
    assert list(tmp_path.iterdir()) == []
    # The same for its envelope and its email.
    assert run_w4r("envelope", "sasha", cwd=tmp_path).returncode == 5
    assert run_w4r("letter", "sasha", "--format", "email", cwd=tmp_path).returncode == 5
    assert list(tmp_path.iterdir()) == []


def test_force_makes_the_old_letter_for_the_record(tmp_path):
    r = run_w4r("letter", "sasha", "--force", "--date", "2026-12-10", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "for the record only" in r.stderr and "do not post it" in r.stderr
    assert (tmp_path / "sasha-authorities.pdf").exists()


def test_a_freed_case_with_a_status_ask_writes_that_ask(tmp_path):
    folder = _case_dir(tmp_path, status="released", extra=STATUS_ASK)
    out = tmp_path / "ana.pdf"
    r = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "--date", "2026-12-10", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "ask for released status" in r.stderr
    text = " ".join(page_text(out).split())
    assert "drop the remaining charges against Ana Example" in text
    assert "let her travel abroad" in text
    assert "released on 1 October 2026" in text
    assert "release Ana Example immediately" not in text


def test_without_a_status_ask_a_released_case_is_refused(tmp_path):
    folder = _case_dir(tmp_path, status="released")
    r = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 5 and "released on 1 October 2026" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_cards_to_freed_people_congratulate(tmp_path):
    out = tmp_path / "card.pdf"
    r = run_w4r("letter", "sasha", "--to", "individual", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = page_text(out)
    assert "Congratulations" in text
    assert "на свободе" in text  # the case's congratulation greeting
    assert "Thinking of you" not in text and "думаем о тебе" not in text
    folder = _case_dir(tmp_path, status="released", extra=STATUS_ASK)
    out2 = tmp_path / "ana-card.pdf"
    assert run_w4r("letter", "ana-example", "--to", "individual", "--cases-dir", str(folder), "-o", str(out2)).returncode == 0
    text2 = page_text(out2)
    assert "so happy that you are free" in text2 and "thinking of you" not in text2.lower()


def test_cards_to_someone_in_prison_keep_the_solidarity_greeting(tmp_path):
    folder = _case_dir(tmp_path)
    out = tmp_path / "card.pdf"
    assert run_w4r("letter", "ana-example", "--to", "individual", "--cases-dir", str(folder), "-o", str(out)).returncode == 0
    text = page_text(out)
    assert "we are thinking of you" in text and "Congratulations" not in text


def test_an_official_checked_13_months_before_the_letter_warns_and_strict_fails(tmp_path):
    folder = _case_dir(tmp_path, verified_on="2025-11-10")
    out = tmp_path / "a.pdf"
    r = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "--date", "2026-12-10", "-o", str(out))
    assert r.returncode == 0, r.stderr
    warning = [ln for ln in r.stderr.splitlines() if "last checked" in ln]
    assert len(warning) == 1
    assert "Minister of Justice" in warning[0] and "2025-11-10" in warning[0]
    strict = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "--date", "2026-12-10", "-o", str(tmp_path / "b.pdf"), "--strict")
    assert strict.returncode == 1 and "2025-11-10" in strict.stderr
    assert not (tmp_path / "b.pdf").exists()
    env = run_w4r("envelope", "ana-example", "--cases-dir", str(folder), "--date", "2026-12-10", "-o", str(tmp_path / "e.pdf"), "--strict")
    assert env.returncode == 1 and "Minister of Justice" in env.stderr


def test_an_official_checked_11_months_before_does_not_warn(tmp_path):
    folder = _case_dir(tmp_path, verified_on="2026-01-10")
    r = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "--date", "2026-12-10", "-o", str(tmp_path / "a.pdf"), "--strict")
    assert r.returncode == 0, r.stderr
    assert "last checked" not in r.stderr


def test_briefing_says_when_the_address_was_last_checked(tmp_path):
    shown = run_w4r("show", "chow-hang-tung")
    assert "address last checked on 2026-12-05" in shown.stdout
    folder = _case_dir(tmp_path)
    assert run_w4r("pack", "ana-example", "--cases-dir", str(folder), "-o", str(tmp_path / "p"), "--date", "2026-12-10").returncode == 0
    text = " ".join(page_text(tmp_path / "p" / "ana-example" / "briefing.pdf").split())
    assert "Address last checked on 20 November 2026" in text


def test_validate_refuses_what_letter_and_envelope_would(tmp_path):
    folder = _case_dir(tmp_path)
    path = folder / "ana-example.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - 1 Justice Square\n", "      - 1 Justice Square, Building of the Ministry of Justice and of Public Administration and of the Interior and of Foreign Affairs, Floor 12, Room 1234, Corridor B, West Wing, Annex\n"), encoding="utf-8")
    r = run_w4r("validate", str(folder))
    assert r.returncode == 2
    assert "targets[0]" in r.stderr and "does not fit" in r.stderr
    # A language the official accepts, with a translation but no salutation in that language anywhere.
    path.write_text(text.replace("    salutation: Dear Minister\n", "    salutation: Dear Minister\n    languages: [en, fr]\n"), encoding="utf-8")
    tr = folder / "templates" / "letters" / "cases"
    tr.mkdir(parents=True)
    (tr / "ana-example.fr.yaml").write_text("facts: Elle est enseignante.\nask: [libérer Ana Example]\n", encoding="utf-8")
    (folder / "templates" / "letters" / "appeal.fr.j2").write_text(
        "{% block subject %}Ana{% endblock %}{% block body %}{{ facts }}{% endblock %}{% block request %}Merci.{% endblock %}", encoding="utf-8"
    )
    r = run_w4r("validate", str(folder))
    assert r.returncode == 2 and "no fr salutation" in r.stderr, r.stderr
    letter = run_w4r("letter", "ana-example", "--cases-dir", str(folder), "--lang", "fr", "-o", str(tmp_path / "fr.pdf"))
    assert letter.returncode == 2 and "no fr salutation" in letter.stderr
