"""Social-media posts: X's weighted length (twitter-text v3) and shortening to fit."""

from __future__ import annotations

import pytest

from w4r.cases import CaseLibrary
from w4r.compose.post import HASHTAG, compose_post, post_url, post_variants, weighted_length
from w4r.errors import InputError, NotFoundError

# Counting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("a" * 280, 280),
        ("a" * 281, 281),
        ("中" * 140, 280),  # CJK counts 2
        ("中" * 141, 282),
        ("한국어", 6),  # Hangul counts 2
        ("Привет", 6),  # Cyrillic counts 1
        ("مرحبا", 5),  # Arabic counts 1
        ("Ωμέγα", 5),  # Greek counts 1
        ("“quoted” – ‘x’ ′", 16),  # U+2010-201F and U+2032 count 1
        ("…", 2),  # U+2026 lies just outside U+2010-201F
        ("‰", 2),  # U+2030 is outside the 1-weight ranges
        ("e\u0301", 1),  # NFC: e + combining acute is one é
        ("👍", 2),
        ("👍🏽", 2),  # with a skin tone: one emoji
        ("👨\u200d👩\u200d👧\u200d👦", 2),  # a ZWJ family of 7 code points: one emoji
        ("🇺🇦", 2),  # a flag: two regional indicators, one emoji
        ("1\ufe0f\u20e3", 2),  # keycap
        ("❤\ufe0f", 2),
        ("©", 1),  # text-style copyright sign: just a Latin-1 character
    ],
)
def test_weighted_length_follows_twitter_text_v3(text, length):
    assert weighted_length(text) == length


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("https://example.org", 23),
        ("https://www.amnesty.org/en/latest/campaigns/2024/11/a-very-long-path-of-more-than-twenty-three/", 23),
        ("http://x.co", 23),  # short links count 23 too
        ("Act: https://amnesty.org.", 5 + 23 + 1),  # the full stop is not part of the link
        ("(see https://amnesty.org)", 5 + 23 + 1),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", 23),  # a bracket the link opened stays in it
        ("www.amnesty.org and amnesty.ie/wfr", 23 + 5 + 23),  # no scheme needed
        ("a https://a.org b https://b.org", 2 + 23 + 3 + 23),
        ("mail sjo@doj.gov.hk", 19),  # an email address is not a link
        ("St.Petersburg e.g. No.10", 24),
        ("https://例え.jp/パス", 23),
    ],
)
def test_every_url_counts_23(text, length):
    assert weighted_length(text) == length


def test_normalisation_happens_before_counting():
    decomposed = "A\u030a" * 280  # Å as A + ring: 560 code points, 280 after NFC
    assert weighted_length(decomposed) == 280


# Composing -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return CaseLibrary.open()


def test_every_shipped_case_has_a_post_that_fits_280(library):
    for case in library.all():
        if case.card_only:
            with pytest.raises(InputError, match="card-only"):
                compose_post(case)
            continue
        post = compose_post(case)
        assert post.weighted_length == weighted_length(post.text) <= 280, case.id
        assert HASHTAG in post.text
        if post_url(case):
            assert post_url(case) in post.text, f"{case.id}: the default post carries the link"
        assert "  " not in post.text and post.text == post.text.strip()


def test_open_case_post_carries_the_first_ask_and_closed_case_post_does_not(library):
    open_cases = [c for c in library.all() if not c.closed and not c.card_only]
    closed_cases = [c for c in library.all() if c.closed]
    assert open_cases and closed_cases
    for case in open_cases:
        full = dict(post_variants(case))["full"]
        assert case.ask[0].rstrip(".") in full
        assert case.country in full
    for case in closed_cases:
        full = dict(post_variants(case))["full"]
        assert "asking the authorities" not in full
        assert case.status.label in full


def test_optional_parts_are_dropped_one_at_a_time(library):
    case = next(c for c in library.all() if c.name_native and not c.closed and post_url(c))
    variants = post_variants(case)
    names = [name for name, _ in variants]
    assert names == ["full", "without_native_name", "without_ask", "short", "without_link"]
    lengths = [weighted_length(text) for _, text in variants]
    assert lengths == sorted(lengths, reverse=True) and len(set(lengths)) == len(lengths)
    texts = dict(variants)
    assert case.name_native in texts["full"] and case.name_native not in texts["without_native_name"]
    assert case.ask[0] in texts["without_native_name"] and case.ask[0] not in texts["without_ask"]
    assert post_url(case) in texts["short"] and post_url(case) not in texts["without_link"]
    # Each limit picks the longest variant that fits.
    for (name, text), length in zip(variants, lengths):
        assert compose_post(case, max_length=length).variant == name
        assert compose_post(case, max_length=length).text == text
    assert compose_post(case, max_length=lengths[0] - 1).variant == "without_native_name"


def test_a_post_that_can_never_fit_names_the_minimum(library):
    case = library.get("sasha")
    shortest = min(weighted_length(t) for _, t in post_variants(case))
    with pytest.raises(InputError) as exc:
        compose_post(case, max_length=shortest - 1)
    from w4r.cli.words import error_words

    assert exc.value.params == {"case": "sasha", "max": shortest - 1, "shortest": shortest}
    assert error_words(exc.value) == (
        f"no post for sasha fits in {shortest - 1} characters; the shortest is {shortest} "
        f"(as X counts them), so use --max {shortest} or more"
    )
    assert compose_post(case, max_length=shortest).weighted_length == shortest


def _templates(tmp_path, body: str):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.en.j2").write_text(body, encoding="utf-8")
    return tmp_path


def test_exact_boundary_at_280(tmp_path, library):
    # URL 23 + space 1 + 126 CJK characters 252 + "#W4R" 4 = 280 exactly.
    templates = _templates(
        tmp_path,
        "{% block exact %}{{ url }} " + "中" * 126 + "{{ hashtag }}{% endblock %}"
        "{% block fallback %}{{ hashtag }}{% endblock %}",
    )
    case = library.get("chow-hang-tung")
    assert post_url(case)
    post = compose_post(case, templates=templates)
    assert (post.variant, post.weighted_length, post.max_length) == ("exact", 280, 280)
    assert compose_post(case, max_length=279, templates=templates).variant == "fallback"


def test_template_text_is_plain_text_not_html(tmp_path, library):
    templates = _templates(tmp_path, "{% block only %}A & B<br>{{ name }} <b>bold</b>{% endblock %}")
    post = compose_post(library.get("sasha"), templates=templates)
    assert post.text == "A & B\nSasha Skochilenko bold"


def test_unknown_post_language_lists_the_ones_there_are(library):
    with pytest.raises(NotFoundError, match=r"no post template in 'xx' \(posts/post.xx.j2\); available: en"):
        compose_post(library.get("sasha"), lang="xx")


def test_max_must_be_positive(library):
    with pytest.raises(InputError, match="the most characters must be a positive number, not 0"):
        compose_post(library.get("sasha"), max_length=0)
