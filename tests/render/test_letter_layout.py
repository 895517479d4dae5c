"""The appeal letter read back from the PDF: words, where they sit, fonts, pages."""

from __future__ import annotations

import pytest

from tests.conftest import INCH, MM, fonts_used, page_count, page_size, page_text, text_runs, word_boxes

SENDER = ["--from", "Ann Example", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM"]


def make(w4r, tmp_path, *args):
    # --force: Sasha's case is closed; the letter is made "for the record", laid out as any other.
    out = tmp_path / "letter.pdf"
    res = w4r("letter", *args, "-o", str(out), "--date", "2026-12-10", *(() if "--force" in args else ("--force",)))
    assert res.returncode == 0, res.stderr
    return out.read_bytes()


def test_a4_recipient_sits_in_din5008_window_field(w4r, tmp_path):
    pdf = make(w4r, tmp_path, "sasha", *SENDER)
    assert page_size(pdf) == pytest.approx((210 * MM, 297 * MM), abs=0.5)
    runs = text_runs(pdf)
    recipient = [r for r in runs if r.text.strip() in ("Aleksandr Gutsan", "RUSSIAN FEDERATION")]
    assert len(recipient) == 2
    for r in recipient:
        # Recipient zone of DIN 5008 Form B: 62.7-90 mm from the top, field from 20 mm, 85 mm wide.
        assert 62.7 * MM < r.top - r.size * 0.75 and r.top < 90 * MM, r
        assert r.x == pytest.approx(25 * MM, abs=0.3), r  # DIN 5008: 5 mm inside the field, at the text margin
    # Each line ends inside the field (poppler's measure, from the widths in the PDF).
    for w in word_boxes(pdf):
        if 62.7 * MM < (w.top + w.bottom) / 2 < 90 * MM:
            assert 20 * MM <= w.x0 and w.x1 <= 105 * MM, w
    # The country is the last line of the address block.
    assert recipient[-1].top == max(r.top for r in runs if r.top < 90 * MM)


def test_letter_recipient_sits_in_us10_window(w4r, tmp_path):
    pdf = make(w4r, tmp_path, "sasha", *SENDER, "--paper", "letter")
    assert page_size(pdf) == pytest.approx((8.5 * INCH, 11 * INCH), abs=0.5)
    runs = text_runs(pdf)
    lines = [r for r in runs if 2.0 * INCH < r.top < 3.2 * INCH]
    assert any("Gutsan" in r.text for r in lines)
    for r in lines:
        assert 2.167 * INCH <= r.top - r.size * 0.75 and r.top <= 3.042 * INCH, r
        assert r.x == pytest.approx(1.0 * INCH, abs=0.3), r
    for w in word_boxes(pdf):
        if 2.167 * INCH < (w.top + w.bottom) / 2 < 3.042 * INCH:
            assert 1.0 * INCH <= w.x0 and w.x1 <= 5.25 * INCH, w


def test_words_salutation_message_and_fonts(w4r, tmp_path):
    pdf = make(w4r, tmp_path, "sasha", *SENDER, "--message", "I teach art in Anytown & think of you <b>often</b>.")
    text = page_text(pdf)
    assert "Dear Prosecutor General," in text
    assert "I teach art in Anytown & think of you <b>often</b>." in text
    assert "Ann Example" in text
    fonts = fonts_used(pdf)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in f for f in fonts)


def test_long_message_flows_to_page_two_with_numbers(w4r, tmp_path):
    msg = "\n\n".join(f"Paragraph {i}: " + "I keep thinking about this case and what it means. " * 8 for i in range(12))
    pdf = make(w4r, tmp_path, "sasha", *SENDER, "--message", msg)
    assert page_count(pdf) >= 2
    assert "Page 2 of" in page_text(pdf, 1)
    assert "Paragraph 11:" in page_text(pdf)


def test_no_sender_leaves_ruled_lines(w4r, tmp_path):
    pdf = make(w4r, tmp_path, "sasha")
    text = page_text(pdf)
    assert "Your name and address" in text
    assert "Signature" in text


def test_nothing_within_5mm_of_the_edge(w4r, tmp_path):
    for paper in ("a4", "letter"):
        pdf = make(w4r, tmp_path, "sasha", *SENDER, "--paper", paper, "--force")
        w, h = page_size(pdf)
        for r in text_runs(pdf):
            assert 5 * MM <= r.x <= w - 5 * MM and 5 * MM <= r.top <= h - 5 * MM, r


def test_return_line_shortens_to_fit_and_keeps_every_part_in_order(w4r, tmp_path):
    address = "Flat 3, Long Building Name|12 High Street|Anytown AB1 2CD|UNITED KINGDOM"
    pdf = make(w4r, tmp_path, "sasha", "--from", "Alexandra Konstantinopoulou-Featherstonehaugh", "--address", address)
    runs = text_runs(pdf)
    # The return address sits in the 45-62.7 mm zone at the top of the address field, in 6-8 pt.
    ret = sorted((r for r in runs if 45 * MM < r.top < 62.7 * MM and r.size <= 8), key=lambda r: (r.top, r.x))
    assert ret
    for r in ret:
        assert r.size >= 6 and r.x == pytest.approx(25 * MM, abs=0.3), r
    # Nothing is dropped: every part of the address is there, in order, inside the field.
    text = " ".join(r.text.strip() for r in ret)
    parts = ["Featherstonehaugh", "Flat 3", "Long Building Name", "12 High Street", "Anytown AB1 2CD", "UNITED KINGDOM"]
    positions = [text.find(p) for p in parts]
    assert -1 not in positions and positions == sorted(positions), text
    for w in word_boxes(pdf):
        if 45 * MM < (w.top + w.bottom) / 2 < 62.7 * MM and w.x0 < 120 * MM:  # the date starts at 125 mm
            assert 20 * MM <= w.x0 and w.x1 <= 105 * MM, w


def test_a_right_to_left_name_keeps_the_return_line_fields_in_order(w4r, tmp_path):
    pdf = make(w4r, tmp_path, "sasha", "--from", "مناهل Alexandra", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM")
    ret = sorted((r for r in text_runs(pdf) if 45 * MM < r.top < 62.7 * MM and r.size <= 8), key=lambda r: (r.top, r.x))
    text = " ".join(r.text.strip() for r in ret)
    assert text.index("Alexandra") < text.index("12 High Street") < text.index("UNITED KINGDOM"), text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_page_two_has_a_header_with_sender_date_and_page(w4r, tmp_path, paper):
    msg = "\n\n".join(f"Paragraph {i}: " + "I keep thinking about this case and what it means. " * 8 for i in range(7))
    pdf = make(w4r, tmp_path, "sasha", *SENDER, "--message", msg, "--paper", paper)
    pages = page_count(pdf)
    assert pages == 2
    runs = text_runs(pdf, 1)
    w, h = page_size(pdf, 1)
    # Above the text of the page (top margin 20 mm on A4, 3/4 in on Letter), inside the printable area.
    head = [r for r in runs if r.top < 17 * MM]
    text = " ".join(r.text.strip() for r in head)
    assert "Ann Example" in text and "10 December 2026" in text and "Page 2 of 2" in text, text
    for r in head:
        assert r.top - r.size >= 5 * MM and 5 * MM <= r.x <= w - 5 * MM, r
    # The same label is not printed twice on the page.
    assert page_text(pdf, 1).count("Page 2 of 2") == 1


def test_batch_letter_pages_after_the_first_have_the_header(w4r, tmp_path):
    roster = tmp_path / "r.csv"
    long = " ".join(["I keep thinking about this case and what it means."] * 70)
    roster.write_text(f"name,message,case,to\nAnn Example,{long},chow-hang-tung,authorities\nBo Li,Short.,chow-hang-tung,authorities\n", encoding="utf-8")
    out = tmp_path / "b.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--date", "2026-12-10")
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    assert page_count(pdf) == 3
    head = " ".join(r.text.strip() for r in text_runs(pdf, 1) if r.top < 17 * MM)
    assert "Ann Example" in head and "Page 2 of 2" in head, head
    assert not [r for r in text_runs(pdf, 2) if r.top < 17 * MM and "Page" in r.text]
