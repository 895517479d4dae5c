"""ReportLab's URL pattern is compiled on first use (w4r.typeset.rlpatterns), and behaves exactly as ReportLab's own.

These fail if a new ReportLab changes the pattern or the module, so the
deferral can neither stop working unnoticed nor defer something else.
"""

from __future__ import annotations

import json
import subprocess
import sys

URIS = ["https://example.org/a/b/", "HTTP://EXAMPLE.COM", "ftp://user:pw@10.0.0.1:21/x", "www.amnesty.org", "not a url", "mailto:x@y.z", "https://мир.рф/путь"]

_PROBE = """
import json, re, sys
if sys.argv[1] == "w4r":
    import w4r.typeset  # installs the finder
import reportlab
import reportlab.platypus.paragraph as P
pat = P.uri_pat
lazy = type(pat).__name__
compiled_before = getattr(pat, "_compiled", "real") is not None
uris = json.loads(sys.argv[2])
print(json.dumps({
    "version": reportlab.Version,
    "lazy": lazy,
    "compiled_before_use": compiled_before,
    "pattern": pat.pattern,
    "flags": int(pat.flags),
    "matches": [(m.group(0), m.groups()) if (m := pat.match(u)) else None for u in uris],
    "splits": [P._uri_split_pairs(u) for u in uris],
}))
"""


def _probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, mode, json.dumps(URIS)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_reportlab_still_compiles_the_pattern_w4r_defers():
    from w4r.typeset.rlpatterns import URI_PATTERN_START, _is_uri_pattern

    plain = _probe("plain")
    assert plain["lazy"] == "Pattern"
    assert plain["pattern"].startswith(URI_PATTERN_START)
    assert _is_uri_pattern(plain["pattern"], plain["flags"] & ~32)  # 32: re.UNICODE, implied for str patterns


def test_deferred_pattern_is_not_compiled_at_import_and_matches_the_same():
    plain, deferred = _probe("plain"), _probe("w4r")
    assert deferred["lazy"] == "LazyPattern" and deferred["compiled_before_use"] is False
    assert deferred["pattern"] == plain["pattern"] and deferred["flags"] == plain["flags"]
    assert deferred["matches"] == plain["matches"]
    assert deferred["splits"] == plain["splits"]
    assert any(plain["matches"]) and None in plain["matches"]  # the probe sees both outcomes


def test_other_patterns_and_modules_compile_as_usual():
    import re

    import w4r.typeset  # noqa: F401
    from w4r.typeset.rlpatterns import LazyPattern

    assert re.compile("(^(?:[a-z0-9\\.\\-\\+]*)://)x", re.I).__class__ is re.Pattern  # only inside ReportLab's module
    assert isinstance(LazyPattern("a+", 0).compiled(), re.Pattern)
