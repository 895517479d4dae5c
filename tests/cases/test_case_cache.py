"""The case cache (w4r.cases.cache): a case file checked once is built from JSON later, identical, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cases.test_loader import GOOD
from w4r import cachefile
from w4r.cases import cache
from w4r.cases.loader import load_case_file
from w4r.cases.schema import Case
from w4r.errors import CaseFileError


def _same(a, b) -> None:
    """Equal, of the same types all the way down, with the same fields given (the rest defaults)."""
    assert type(a) is type(b)
    if isinstance(a, Case.__mro__[1]):  # a pydantic model of the schema
        assert a.model_fields_set == b.model_fields_set
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name))
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)  # order too: rule terms are tried in the file's order
        for k in a:
            _same(a[k], b[k])
    else:
        assert a == b


def test_every_shipped_case_is_rebuilt_exactly(tmp_path, monkeypatch):
    from w4r.cases import CaseLibrary

    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path / "cache"))
    library = CaseLibrary.open(None)
    files = library.all_files()
    assert len(files) >= 10
    for path in files:
        checked = load_case_file(path, root=path.parent)  # read and validated; now cached
        rebuilt = cache.construct(Case, json.loads(json.dumps(cache.dump(checked))))
        _same(checked, rebuilt)
        assert rebuilt == checked and repr(rebuilt) == repr(checked)
        again = load_case_file(path, root=path.parent)  # from the cache
        _same(checked, again)
    assert len(list((tmp_path / "cache" / "cases").glob("*.case"))) >= len({p.read_bytes() for p in files})


_PROBE = """
import sys
from pathlib import Path
from w4r.cases.loader import load_case_file
from w4r.cases.schema import Case
path = Path(sys.argv[1])
case = load_case_file(path, root=path.parent)
print(case.name, type(Case.__pydantic_validator__).__name__)
"""


def _load_in_new_process(path: Path) -> str:
    return subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True, env=os.environ).stdout.strip()


def test_second_run_skips_parsing_and_validation(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "cases" / "test-case.yaml"
    path.parent.mkdir()
    path.write_text(GOOD.format(id="test-case"), encoding="utf-8")
    assert _load_in_new_process(path) == "Test Person SchemaValidator"  # checked, then kept
    assert _load_in_new_process(path) == "Test Person MockValSer"  # built from the cache: no validator was needed
    # One changed byte is a different file: checked again, with the usual message.
    path.write_text(GOOD.format(id="test-case").replace("country: Norway", "country: N"), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"test-case.yaml:\d+:\d+: country: "):
        load_case_file(path, root=path.parent)


def test_same_bytes_under_another_name_still_fail_the_id_check(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cases"
    folder.mkdir()
    good = folder / "test-case.yaml"
    good.write_text(GOOD.format(id="test-case"), encoding="utf-8")
    load_case_file(good, root=folder)
    copy = folder / "other-name.yaml"
    copy.write_bytes(good.read_bytes())
    with pytest.raises(CaseFileError, match="must match the file name 'other-name'"):
        load_case_file(copy, root=folder)


@pytest.mark.parametrize("damage", ["garbage", "wrong type", "unknown field"])
def test_a_damaged_or_planted_entry_is_dropped_and_the_file_read_again(tmp_path, monkeypatch, damage):


    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cases"
    folder.mkdir()
    path = folder / "test-case.yaml"
    path.write_text(GOOD.format(id="test-case"), encoding="utf-8")
    checked = load_case_file(path, root=folder)
    (entry,) = (tmp_path / "cache" / "cases").glob("*.case")
    meta = cachefile.read(entry, cache.KIND).meta
    data = cache.dump(checked)
    if damage == "garbage":
        entry.write_bytes(b"W4RCACHE not an entry")
    else:
        if damage == "wrong type":
            data["campaign_years"] = ["2024"]  # a string where the schema gives a year
        else:
            data["salary"] = 1
        cachefile.write(entry, cache.KIND, meta, {"data": json.dumps(data).encode()})
    again = load_case_file(path, root=folder)
    _same(checked, again)
    assert entry.exists()  # written afresh from the file
    assert cache.construct(Case, json.loads(cachefile.read(entry, cache.KIND).sections["data"])) == checked


def test_a_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    if not hasattr(os, "geteuid"):
        pytest.skip("folder permissions are POSIX modes")
    shared = tmp_path / "shared"
    (shared / "cases").mkdir(parents=True)
    os.chmod(shared / "cases", 0o777)
    monkeypatch.setenv("W4R_CACHE_DIR", str(shared))
    cachefile.private_folder.cache_clear()
    folder = tmp_path / "cases"
    folder.mkdir()
    path = folder / "test-case.yaml"
    path.write_text(GOOD.format(id="test-case"), encoding="utf-8")
    assert load_case_file(path, root=folder).name == "Test Person"
    assert list((shared / "cases").iterdir()) == []
