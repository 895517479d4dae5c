"""A batch's warnings a teacher can act on: card-rule breaches in a table at the end, one line per note."""

from __future__ import annotations

from tests.conftest import run_w4r

ROSTER = """name,message,case,to,lang
Ann,We think of you.,chow-hang-tung,authorities,zh-Hant
Bob,Stay strong.,chow-hang-tung,authorities,zh-Hant
Cat,Merry Christmas to you!,chow-hang-tung,individual,
Dan,We are with you.,luis-manuel,individual,
Eve,Amnesty is with you and the trial is unfair.,luis-manuel,individual,
Fay,Please act.,manahel,authorities,ar
Gus,Please act.,manahel,authorities,ar
"""


def test_card_rule_breaches_stand_out_and_notes_are_one_line_each(tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "class.pdf"), "--date", "2026-12-10")
    assert res.returncode == 0, res.stderr
    err = res.stderr.splitlines()
    # The breaches come last: a heading, then row, rule and the word found, one line per row and rule.
    start = next(i for i, ln in enumerate(err) if "break the case's card rules" in ln)
    assert err[start].startswith("w4r: warning: 2 cards break") and "--strict" in err[start]
    table = [ln.split() for ln in err[start + 1:]]
    assert table == [["row", "rule", "found"], ["4", "holidays", "Christmas"], ["6", "amnesty", "Amnesty"], ["6", "trial", "trial"]]
    # Notes: one line per translation, naming the rows, with no file paths, and saying what --strict does.
    notes = [ln for ln in err[:start] if ln.startswith("w4r: warning: ")]
    chinese = [ln for ln in notes if "Chinese translation" in ln]
    arabic = [ln for ln in notes if "Arabic translation" in ln]
    assert len(chinese) == 1 and "rows 2, 3" in chinese[0]
    assert len(arabic) == 1 and "rows 7, 8" in arabic[0]
    for line in notes:
        assert "--strict" in line, line
        assert "/" not in line and ".yaml" not in line, line
    assert not any("card rule" in ln for ln in err[:start]), "breaches are not repeated among the notes"
