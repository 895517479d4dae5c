"""A short social-media post for a case, counted the way X (Twitter) counts it.

The counting follows the published twitter-text configuration, version 3:
text is NFC-normalised; every URL counts as 23; an emoji sequence counts 2;
code points in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037
(Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, ..., general
punctuation) count 1; everything else (CJK, Hangul, most emoji) counts 2.
Other networks count more generously (Mastodon: every character 1, URLs 23),
so a post that fits X fits them too.

The words come from ``templates/posts/post.<lang>.j2``.  Its blocks are
variants, longest first; the first that fits within the limit is used, so a
post drops its optional parts (the native-script name, the ask, the link)
one at a time instead of being cut mid-word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from w4r.cases.schema import Case
from w4r.compose import markup
from w4r.compose.environment import environment, render_block, template_dirs
from w4r.compose.letter import case_text
from w4r.errors import InputError, NotFoundError

# twitter-text config v3 --------------------------------------------------------

MAX_WEIGHTED_LENGTH = 280
SCALE = 100
DEFAULT_WEIGHT = 200
TRANSFORMED_URL_LENGTH = 23
WEIGHTED_RANGES = (  # (first, last, weight), inclusive
    (0x0000, 0x10FF, 100),
    (0x2000, 0x200D, 100),
    (0x2010, 0x201F, 100),
    (0x2032, 0x2037, 100),
)
HASHTAG = "#W4R"

# Emoji ------------------------------------------------------------------------
# X finds emoji with the twemoji parser; this covers the same sequences by the
# Unicode emoji grammar: a pictograph (or a keycap base, or a pair of regional
# indicators) with optional variation selector, skin-tone modifier, tag
# sequence, and further pictographs joined by ZWJ.  A sequence counts 2 however
# many code points it has.
_PICTOGRAPHS = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u2388\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf"
    "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171\U0001f17e\U0001f17f"
    "\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5\U0001f201-\U0001f20f\U0001f21a\U0001f22f"
    "\U0001f232-\U0001f23a\U0001f23c-\U0001f23f\U0001f249-\U0001f3fa\U0001f400-\U0001f64f"
    "\U0001f680-\U0001f6ff\U0001f774-\U0001f77f\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f"
    "\U0001f848-\U0001f84f\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff"
    "\U0001f900-\U0001faff\U0001fc00-\U0001fffd"
)
_ELEMENT = (
    f"(?:[{_PICTOGRAPHS}][\ufe0e\ufe0f]?[\U0001f3fb-\U0001f3ff]?"
    r"[\U000e0020-\U000e007e]*\U000e007f?)"
)
_EMOJI = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    r"|[0-9#*]\ufe0f?\u20e3"  # a keycap
    r"|[\u00a9\u00ae]\ufe0f"  # (c) and (R) are emoji only with the emoji selector
    rf"|{_ELEMENT}(?:\u200d{_ELEMENT})*"
)

# URLs -------------------------------------------------------------------------
# With a scheme, anything up to white space; without one, a host name ending in
# a top-level domain.  Any two-letter TLD counts (country codes) plus the common
# generic ones: counting a word as a 23-character link errs on the short side.
_GENERIC_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|name|pro|ngo|ong|app|dev|io|news|online|site|"
    "blog|live|world|global|social|media|link|page|earth|foundation|charity|amnesty"
)
_URL = re.compile(
    r"(?<![\w@＠$#＃/.-])"
    r"(?:https?://[^\s<>\"]+"
    rf"|(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:[a-z]{{2}}|{_GENERIC_TLDS})(?![\w-])"
    r"(?::\d{1,5})?(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"’”»)]}"


def _urls(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in _TRAILING:
            # A closing bracket belongs to the URL only if the URL opened it.
            if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
                break
            end -= 1
        spans.append((start, end))
    return spans


def char_weight(ch: str) -> int:
    cp = ord(ch)
    for first, last, weight in WEIGHTED_RANGES:
        if first <= cp <= last:
            return weight
    return DEFAULT_WEIGHT


def weighted_length(text: str) -> int:
    """Length of ``text`` as X counts it (an integer; the limit is 280)."""
    text = unicodedata.normalize("NFC", text)
    starts = {start: end for start, end in _urls(text)}
    total = 0
    i = 0
    while i < len(text):
        if i in starts:
            total += TRANSFORMED_URL_LENGTH * SCALE
            i = starts[i]
            continue
        m = _EMOJI.match(text, i)
        if m and m.end() > i:
            total += DEFAULT_WEIGHT
            i = m.end()
            continue
        total += char_weight(text[i])
        i += 1
    # Whole code points only add multiples of 100, so this is exact.
    return total // SCALE


# Composing a post ----------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    case_id: str
    lang: str
    text: str
    weighted_length: int
    max_length: int
    variant: str  # the template block used


def post_url(case: Case) -> str:
    """Where readers act: the case's action page, else its first source with a link."""
    if case.action_url:
        return case.action_url
    return next((s.url for s in case.sources if s.url), "")


def _flatten(rendered: str, origin: str) -> str:
    text = "".join(span.text for span in markup.parse(rendered, origin))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line).strip())


def _template_name(lang: str, dirs: tuple[Path, ...]) -> str:
    name = f"posts/post.{lang}.j2"
    if not any((d / name).is_file() for d in dirs):
        have = sorted({p.name.split(".")[1] for d in dirs for p in (d / "posts").glob("post.*.j2")})
        raise NotFoundError(
            f"no post template in {lang!r} ({name}); available: {', '.join(have) or 'none'}"
        )
    return name


def post_variants(case: Case, *, lang: str = "en", templates: str | Path | None = None) -> list[tuple[str, str]]:
    """Every non-empty variant the template offers, as (block name, text), longest first."""
    dirs = tuple(template_dirs(templates))
    name = _template_name(lang, dirs)
    env = environment(templates)
    ct = case_text(case, lang, dirs)
    if not ct["ask"]:
        from w4r.errors import InputError

        raise InputError(f"case {case.id} is card-only and asks nothing of the authorities, so it has no post; make solidarity cards instead",
                         code="post-card-only", field="case", params={"case": case.id})
    first_ask = str(ct["ask"][0]).strip().rstrip(".;,")
    context = {
        "case": case,
        "name": case.known_as or case.name,
        "native": case.name_native or "",
        "country": case.country,
        "ask": first_ask,
        "url": post_url(case),
        "hashtag": HASHTAG,
        "closed": case.closed,
        "status": case.status.label,
        "status_date": case.current.date,
        "lang": lang,
    }
    variants = []
    for block in env.get_template(name).blocks:
        text = _flatten(render_block(env, name, block, context), name)
        if text:
            variants.append((block, text))
    if not variants:
        raise InputError(f"{name}: every block of the template is empty for case {case.id}")
    return variants


def compose_post(
    case: Case,
    *,
    max_length: int = MAX_WEIGHTED_LENGTH,
    lang: str = "en",
    templates: str | Path | None = None,
) -> Post:
    """The longest variant that fits ``max_length``, or an InputError naming the minimum."""
    if max_length < 1:
        raise InputError(f"the most characters must be a positive number, not {max_length}", code="bad-max-length", field="max_length",
                         params={"value": max_length})
    variants = post_variants(case, lang=lang, templates=templates)
    measured = [(block, text, weighted_length(text)) for block, text in variants]
    for block, text, length in measured:
        if length <= max_length:
            return Post(case.id, lang, text, length, max_length, block)
    shortest = min(length for _, _, length in measured)
    raise InputError(
        f"no post for {case.id} fits in {max_length} characters; the shortest is {shortest} "
        f"(as X counts them), so allow {shortest} or more", code="post-too-long", field="max_length",
        params={"case": case.id, "max": max_length, "shortest": shortest},
    )
