"""Case packs through the real command line: make, sign, install, update, remove, and every refusal."""

from __future__ import annotations

import functools
import http.server
import io
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from tests.conftest import page_text, run_w4r

CASE = """\
# Case file: one person or group at risk.  Format: docs/case-format.md
id: {id}
name: Ana Example
first_name: Ana
pronoun: she
country: Testland
campaign_years: [2026]
summary: >-
  A teacher in Testland held since 3 March 2026 for a peaceful protest.
story: |-
  Ana Example is a teacher. She has been held since 3 March 2026.
appeal_facts: >-
  She is a teacher who has been held since 3 March 2026 for joining a peaceful protest.
timeline:
  - date: 2026-03-03
    event: Arrested at a peaceful protest
    status: {status}
ask:
  - release Ana Example immediately and unconditionally
targets:
  - title: Minister of Justice
    name: {official}
    address:
      - 1 Justice Square
      - TESTVILLE 1000
    country: TESTLAND
    salutation: Dear Minister
    verified_on: 2026-11-20
solidarity:
  recipient: Ana Example
  greetings:
    - lang: en
      text: Ana, we are thinking of you!
  congratulations:
    - lang: en
      text: Ana, we are so happy that you are free!
sources:
  - title: A test source
last_verified: 2026-11-20
"""

MANIFEST = """\
name: test-pack
campaign_year: 2026
publisher: Testland Section
version: "{version}"
languages: [en]
"""


def make_folder(root: Path, *, status: str = "imprisoned", official: str = "Jo Official", version: str = "1") -> Path:
    folder = root / "pack-src"
    (folder / "cases").mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(MANIFEST.format(version=version), encoding="utf-8")
    (folder / "cases" / "ana-example.yaml").write_text(CASE.format(id="ana-example", status=status, official=official), encoding="utf-8")
    return folder


def installed_state(home: Path) -> dict[str, bytes]:
    """Every file under the data folder's packs/, to show that a refusal changed nothing."""
    root = home / "data" / "packs"
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def keys(tmp_path) -> tuple[Path, Path]:
    r = run_w4r("cases", "keygen", "section", "--dir", str(tmp_path / "keys"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "keys" / "section.key", tmp_path / "keys" / "section.pub"


@pytest.fixture
def base_pack(tmp_path, keys, isolated_user):
    """A signed pack installed, so each refusal test can show the installed set stays as it was."""
    folder = make_folder(tmp_path)
    out = tmp_path / "test.w4rpack"
    r = run_w4r("cases", "pack", str(folder), "-o", str(out), "--sign", str(keys[0]))
    assert r.returncode == 0, r.stderr
    r = run_w4r("cases", "install", str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_round_trip_new_fill_pack_sign_install_letter(tmp_path, keys, isolated_user):
    folder = tmp_path / "src"
    (folder / "cases").mkdir(parents=True)
    (folder / "pack.yaml").write_text(MANIFEST.format(version="1"), encoding="utf-8")
    r = run_w4r("cases", "new", "ana-example", "--dir", str(folder / "cases"))
    assert r.returncode == 0, r.stderr
    written = (folder / "cases" / "ana-example.yaml").read_text(encoding="utf-8")
    assert "FILL IN" in written and written.startswith("# Case file")
    # Unfilled, it is refused by validate and by pack.
    assert run_w4r("validate", str(folder / "cases" / "ana-example.yaml")).returncode == 2
    refused = run_w4r("cases", "pack", str(folder), "-o", str(tmp_path / "x.w4rpack"))
    assert refused.returncode == 2 and "FILL IN" in refused.stderr
    assert not (tmp_path / "x.w4rpack").exists()
    # Filled in, as an author would.
    (folder / "cases" / "ana-example.yaml").write_text(CASE.format(id="ana-example", status="imprisoned", official="Jo Official"), encoding="utf-8")
    out = tmp_path / "test.w4rpack"
    r = run_w4r("cases", "pack", str(folder), "-o", str(out), "--sign", str(keys[0]))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as zf:
        assert {"pack.yaml", "pack.sig", "cases/ana-example.yaml"} == set(zf.namelist())
        assert "signing_key:" in zf.read("pack.yaml").decode()
    r = run_w4r("cases", "trust", str(keys[1]), "--publisher", "Testland Section")
    assert r.returncode == 0, r.stderr
    r = run_w4r("cases", "install", str(out))
    assert r.returncode == 0, r.stderr
    assert "new case: Ana Example" in r.stderr and "which you trust" in r.stderr
    listing = run_w4r("cases", "list", "--json")
    assert '"test-pack"' in listing.stdout and '"ana-example"' in listing.stdout
    r = run_w4r("letter", "ana-example", "--date", "2026-12-10", "-o", str(tmp_path / "ana.pdf"))
    assert r.returncode == 0, r.stderr
    text = page_text(tmp_path / "ana.pdf")
    assert "Minister of Justice" in text and "release Ana Example immediately" in text
    r = run_w4r("cases", "remove", "test-pack")
    assert r.returncode == 0 and run_w4r("show", "ana-example").returncode == 3


def _rezip(source: Path, dest: Path, change) -> None:
    """Copy a pack entry by entry, letting ``change(name, data)`` alter (or drop, with None) each."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)


def _refused(pack: Path, home: Path, *words: str) -> None:
    before = installed_state(home)
    r = run_w4r("cases", "install", str(pack))
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("w4r: error: "), r.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert installed_state(home) == before
    assert not list((home / "data" / "packs").glob(".staging-*"))


def test_one_flipped_byte_is_refused_and_nothing_changes(tmp_path, base_pack, isolated_user):
    def flip(name, data):
        if name == "cases/ana-example.yaml":
            i = data.index(b"Testland")
            return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
        return data

    bad = tmp_path / "flipped.w4rpack"
    _rezip(base_pack, bad, flip)
    _refused(bad, isolated_user, "SHA-256", "cases/ana-example.yaml")
    # A flipped byte anywhere in the file itself: refused too (damaged or tampered), never installed.
    raw = bytearray(base_pack.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    damaged = tmp_path / "damaged.w4rpack"
    damaged.write_bytes(bytes(raw))
    _refused(damaged, isolated_user)


def test_a_pack_signed_with_another_key_than_the_trusted_one_is_refused(tmp_path, keys, base_pack, isolated_user):
    assert run_w4r("cases", "trust", str(keys[1]), "--publisher", "Testland Section").returncode == 0
    assert run_w4r("cases", "keygen", "impostor", "--dir", str(tmp_path / "other")).returncode == 0
    folder = make_folder(tmp_path, status="freed", version="2")
    forged = tmp_path / "forged.w4rpack"
    assert run_w4r("cases", "pack", str(folder), "-o", str(forged), "--sign", str(tmp_path / "other" / "impostor.key")).returncode == 0
    _refused(forged, isolated_user, "not with the key you trust")
    # Unsigned, claiming the same publisher: refused as well.
    unsigned = tmp_path / "unsigned.w4rpack"
    assert run_w4r("cases", "pack", str(folder), "-o", str(unsigned)).returncode == 0
    _refused(unsigned, isolated_user, "not signed")


def test_a_signature_that_does_not_match_is_refused(tmp_path, base_pack, isolated_user):
    def resign(name, data):
        if name == "pack.yaml":
            return data.replace(b'version: "1"', b'version: "9"').replace(b"version: '1'", b"version: '9'")
        return data

    bad = tmp_path / "resigned.w4rpack"
    _rezip(base_pack, bad, resign)
    _refused(bad, isolated_user, "signature")


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


def test_paths_out_of_the_folder_symlinks_and_bombs_are_refused(tmp_path, base_pack, isolated_user):
    manifest = MANIFEST.format(version="2").encode()
    cases = {"../evil.yaml": "climbs out", "/etc/w4r.yaml": "absolute path", "cases/../../evil.yaml": "climbs out"}
    for name, word in cases.items():
        bad = tmp_path / "bad.w4rpack"
        bad.write_bytes(_zip([("pack.yaml", manifest), (name, b"id: evil\n")]))
        _refused(bad, isolated_user, word)
    link = zipfile.ZipInfo("cases/ana-example.yaml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = tmp_path / "link.w4rpack"
    bad.write_bytes(_zip([("pack.yaml", manifest), (link, b"/etc/passwd")]))
    _refused(bad, isolated_user, "symbolic link")
    bomb = tmp_path / "bomb.w4rpack"
    bomb.write_bytes(_zip([("pack.yaml", manifest), ("cases/ana-example.yaml", b"\0" * 30_000_000)]))
    assert bomb.stat().st_size < 100_000
    _refused(bomb, isolated_user, "zip bomb")
    many = tmp_path / "many.w4rpack"
    many.write_bytes(_zip([("pack.yaml", manifest)] + [(f"cases/c{i}.yaml", b"x") for i in range(1200)]))
    _refused(many, isolated_user, "entries")


def test_yaml_the_validator_refuses_is_refused(tmp_path, isolated_user):
    folder = make_folder(tmp_path)
    good = tmp_path / "good.w4rpack"
    assert run_w4r("cases", "pack", str(folder), "-o", str(good)).returncode == 0

    # A seven-line address, rebuilt with correct hashes so only the case check can catch it.
    from w4r.cases.packs.manifest import dump_manifest, parse_manifest, sha256

    with zipfile.ZipFile(good) as zf:
        case = zf.read("cases/ana-example.yaml").replace(b"      - 1 Justice Square\n", b"".join(f"      - Line {i}\n".encode() for i in range(6)))
        m = parse_manifest(zf.read("pack.yaml"))
    m = m.model_copy(update={"files": {"cases/ana-example.yaml": sha256(case)}})
    bad = tmp_path / "bad.w4rpack"
    bad.write_bytes(_zip([("pack.yaml", dump_manifest(m)), ("cases/ana-example.yaml", case)]))
    _refused(bad, isolated_user, "ana-example")


def test_update_shows_status_and_official_changes_before_installing(tmp_path, base_pack, keys, isolated_user):
    folder = make_folder(tmp_path, status="freed", official="New Official", version="2")
    assert run_w4r("cases", "pack", str(folder), "-o", str(base_pack), "--sign", str(keys[0]), "--force").returncode == 0
    before = installed_state(isolated_user)
    dry = run_w4r("cases", "update", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "status freed since 2026-03-03" in dry.stderr and "was imprisoned" in dry.stderr
    assert "Jo Official -> New Official" in dry.stderr
    assert installed_state(isolated_user) == before
    r = run_w4r("cases", "update")
    assert r.returncode == 0, r.stderr
    shown = r.stderr.index("status freed")
    assert shown < r.stderr.index("updated pack test-pack")
    assert run_w4r("show", "ana-example").stdout.count("New Official") >= 1
    # The letter now refuses: Ana is free.
    assert run_w4r("letter", "ana-example", "-o", str(tmp_path / "x.pdf")).returncode == 5


def test_an_update_signed_with_another_key_is_refused(tmp_path, base_pack, isolated_user):
    assert run_w4r("cases", "keygen", "other", "--dir", str(tmp_path / "k2")).returncode == 0
    folder = make_folder(tmp_path, version="2")
    assert run_w4r("cases", "pack", str(folder), "-o", str(base_pack), "--sign", str(tmp_path / "k2" / "other.key"), "--force").returncode == 0
    before = installed_state(isolated_user)
    r = run_w4r("cases", "update")
    assert r.returncode == 2 and "installed version was signed with key" in r.stderr
    assert installed_state(isolated_user) == before


def test_install_from_an_http_url(tmp_path, keys, isolated_user):
    folder = make_folder(tmp_path)
    served = tmp_path / "www"
    served.mkdir()
    assert run_w4r("cases", "pack", str(folder), "-o", str(served / "test.w4rpack"), "--sign", str(keys[0])).returncode == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/test.w4rpack"
        r = run_w4r("cases", "install", url)
        assert r.returncode == 0, r.stderr
        assert "new case: Ana Example" in r.stderr
        missing = run_w4r("cases", "install", url.replace("test.w4rpack", "none.w4rpack"))
        assert missing.returncode == 3 and "404" in missing.stderr
    finally:
        server.shutdown()
        server.server_close()
    listing = run_w4r("cases", "list", "--json")
    assert url in listing.stdout


def test_newer_campaign_year_wins_and_cases_says_so(tmp_path, isolated_user):
    folder = make_folder(tmp_path)
    # A correction of an archived case, in a newer campaign's pack.
    sasha = (Path(__file__).resolve().parents[2] / "cases" / "sasha.yaml").read_text(encoding="utf-8")
    (folder / "cases" / "sasha.yaml").write_text(sasha.replace("known_as: Sasha Skochilenko", "known_as: Sasha S."), encoding="utf-8")
    out = tmp_path / "p.w4rpack"
    assert run_w4r("cases", "pack", str(folder), "-o", str(out)).returncode == 0, run_w4r("cases", "pack", str(folder), "-o", str(out), "--force").stderr
    r = run_w4r("cases", "install", str(out))
    assert r.returncode == 0, r.stderr
    assert "sasha: this pack's version (2026) replaces the one from pack archive (2024)" in r.stderr
    listing = run_w4r("cases")
    assert "sasha: from pack test-pack (2026), which replaces the version in archive (2024)" in listing.stdout
    assert '"pack": "test-pack"' in run_w4r("cases", "--json").stdout
