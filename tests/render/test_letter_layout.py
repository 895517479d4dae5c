"""The appeal letter read back from the PDF: words, where they sit, fonts, pages."""

from __future__ import annotations

import pytest

from tests.conftest import INCH, MM, fonts_used, page_count, page_size, page_text, text_runs

SENDER = ["--from", "Ann Example", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM"]


def make(w4r, tmp_path, *args):
    out = tmp_path / "letter.pdf"
    res = w4r("letter", *args, "-o", str(out), "--date", "2026-12-10", "--force")  # layout, not status: Sasha is free
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
        assert 20 * MM <= r.x <= 105 * MM
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
        assert 1.0 * INCH <= r.x <= 5.25 * INCH


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


def test_return_line_shortens_to_fit_and_keeps_fields_in_order(w4r, tmp_path):
    address = "Flat 3, Long Building Name|12 High Street|Anytown AB1 2CD|UNITED KINGDOM"
    pdf = make(w4r, tmp_path, "sasha", "--from", "مناهل Alexandra Konstantinopoulou-Featherstonehaugh", "--address", address)
    runs = text_runs(pdf)
    # The return line sits at the bottom of the 45-62.7 mm zone, inside the address field.
    ret = sorted((r for r in runs if 45 * MM < r.top < 62.7 * MM and r.size <= 7), key=lambda r: r.x)
    assert ret and all(20 * MM <= r.x <= 105 * MM for r in ret), ret
    # Middle address lines were dropped to make it fit; the last line stays, after the name.
    text = " ".join(r.text.strip() for r in ret)
    assert "UNITED KINGDOM" in text and "Flat 3" not in text
    assert text.index("Featherstonehaugh") < text.index("UNITED KINGDOM")
