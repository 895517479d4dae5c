"""``w4r cases list|pack|keygen|trust|install|update|remove|new|preview``: case packs and case authoring."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.cases import CasesDir, cases_app
from w4r.cli.console import info, out, print_json, warn
from w4r.errors import InputError


@cases_app.command("list")
def list_packs(as_json: bool = typer.Option(False, "--json", help="Print the packs as JSON.")) -> None:
    """The packs you have, and which case comes from which."""
    from rich.markup import escape
    from rich.table import Table

    from w4r.cases import CaseLibrary
    from w4r.cases.packs.signing import fingerprint

    library = CaseLibrary.open(None)
    library.files  # noqa: B018 - works out which pack each case comes from
    rows = []
    for pack in sorted(library.packs or [], key=lambda p: (-p.manifest.campaign_year, p.name)):
        ids = sorted(pack.case_files())
        rows.append(
            {
                "name": pack.name,
                "campaign_year": pack.manifest.campaign_year,
                "publisher": pack.manifest.publisher,
                "version": pack.manifest.version,
                "built_in": pack.builtin,
                "source": pack.origin,
                "signed_by": fingerprint(pack.signing_key) if pack.signing_key else None,
                "cases": [i for i in ids if library.pack_of(i) == pack.name],
                "replaced": [i for i in ids if library.pack_of(i) != pack.name],
            }
        )
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} packs", title_justify="left")
    for col in ("pack", "year", "publisher", "version", "cases in use"):
        table.add_column(col)
    for r in rows:
        cases = ", ".join(r["cases"]) + (f" (replaced by newer packs: {', '.join(r['replaced'])})" if r["replaced"] else "")
        kind = "with w4r" if r["built_in"] else (f"signed {r['signed_by']}" if r["signed_by"] else "unsigned")
        table.add_row(escape(r["name"]), str(r["campaign_year"]), escape(r["publisher"]), escape(f"{r['version']} ({kind})"), escape(cases))
    out().print(table)


@cases_app.command("pack")
def pack(
    folder: Path = typer.Argument(..., help="Folder with pack.yaml, cases/ and (optionally) templates/."),
    output: Path = typer.Option(..., "-o", "--output", help="The pack file to write, e.g. wfr-2025.w4rpack."),
    sign: Optional[Path] = typer.Option(None, "--sign", help="Sign with this private key (the .key file from 'w4r cases keygen')."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
) -> None:
    """Build a .w4rpack from a folder, refusing any case 'w4r validate' would refuse."""
    from w4r.pack.casepacks import build_pack
    from w4r.typeset.fonts import book
    from w4r.output import check_writable, emit

    check_writable(output, force=force)
    data, name = build_pack(folder, signing_key_file=sign, fb=book())
    where = emit(str(output), data, force=force)
    info(f"wrote {where}: pack {name}" + (", signed" if sign else ", not signed (add --sign KEY to sign it)"))


@cases_app.command("keygen")
def keygen(
    name: str = typer.Argument(..., help="A name for the key pair, e.g. your section: amnesty-anytown."),
    directory: Path = typer.Option(Path("."), "--dir", help="Where to write NAME.key (private) and NAME.pub (public)."),
) -> None:
    """Make a key pair to sign packs: keep NAME.key to yourself, publish NAME.pub."""
    from w4r.cases.ids import CASE_ID
    from w4r.cases.packs.signing import fingerprint, generate, write_private
    from w4r.output import emit

    if not CASE_ID.match(name):
        raise InputError(f"key name {name!r}: use lowercase letters, digits and dashes, e.g. amnesty-anytown")
    private, public = directory / f"{name}.key", directory / f"{name}.pub"
    for path in (private, public):
        if path.exists():
            raise InputError(f"{path} exists; choose another name or folder (a key is never overwritten)")
    pem, line = generate(name)
    directory.mkdir(parents=True, exist_ok=True)
    write_private(private, pem)
    emit(str(public), line.encode("ascii"), force=False)
    info(f"wrote {private} (private: keep it safe, never share it) and {public} (public: give it to the groups that install your packs)")
    info(f"key fingerprint {fingerprint(line.split()[2])}")


@cases_app.command("trust")
def trust(
    key_file: Path = typer.Argument(..., help="The publisher's public key (.pub file)."),
    publisher: str = typer.Option(..., "--publisher", help="The publisher's name exactly as its packs give it (see 'w4r cases list')."),
) -> None:
    """Trust a publisher's key: its packs must then be signed with it, or they are refused."""
    from w4r.cases.packs.signing import fingerprint, read_public
    from w4r.cases.packs.store import PackStore

    key = read_public(key_file)
    added = PackStore().trust(" ".join(publisher.split()), key)
    info(f"{'trusted' if added else 'already trusted'}: key {fingerprint(key)} for packs from {publisher}")


def _show_and_commit(prepared, dry_run: bool, yes: bool, verb: str) -> None:
    from w4r.cases.packs.install import commit, discard

    m = prepared.contents.manifest
    was = f" (replacing version {prepared.replaces.manifest.version})" if prepared.replaces else ""
    info(f"pack {m.name} {m.version}{was}: Write for Rights {m.campaign_year}, from {m.publisher}; {len(prepared.contents.case_paths())} case(s)")
    from w4r.cli.words import notice_words

    for note in prepared.notes:
        info(f"  {notice_words(note)}")
    if prepared.changes:
        for change in prepared.changes:
            info(f"  {change.describe()}")
    else:
        info("  no changes to cases, statuses or officials")
    if dry_run:
        discard(prepared)
        info("nothing installed (--dry-run)")
        return
    if not yes and sys.stdin.isatty():
        answer = input(f"{verb} pack {m.name}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            discard(prepared)
            info("nothing installed")
            return
    folder = commit(prepared)
    info(f"{verb.lower()}ed pack {m.name} into {folder}" if verb == "Install" else f"updated pack {m.name}")


@cases_app.command("install")
def install(
    source: str = typer.Argument(..., help="A .w4rpack file, or an http(s) URL of one."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the pack and show what it would change; install nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before installing (asked only in a terminal)."),
) -> None:
    """Check a pack (hashes, signature, every case) and install it, after showing what it adds or changes."""
    from w4r.pack.casepacks import prepare_install as prepare
    from w4r.typeset.fonts import book

    _show_and_commit(prepare(source, fb=book()), dry_run, yes, "Install")


@cases_app.command("update")
def update(
    name: Optional[str] = typer.Argument(None, help="The pack to update (default: every installed pack)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what the update would change; install nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before installing (asked only in a terminal)."),
) -> None:
    """Fetch installed packs again from where they came from, show what changed, and install the new versions."""
    from w4r.pack.casepacks import prepare_install as prepare
    from w4r.cases.packs.store import PackStore
    from w4r.typeset.fonts import book

    store = PackStore()
    packs = [store.get_installed(name)] if name else store.installed()
    if not packs:
        info("no installed packs to update (the built-in ones come with w4r)")
        return
    for pack in packs:
        if not pack.origin:
            warn(f"pack {pack.name}: w4r does not know where it came from; install it again from its file or URL")
            continue
        _show_and_commit(prepare(pack.origin, store, expect_name=pack.name, fb=book()), dry_run, yes, "Update")


@cases_app.command("remove")
def remove(name: str = typer.Argument(..., help="The installed pack to remove (see 'w4r cases list').")) -> None:
    """Remove an installed pack; cases it replaced come back from the packs that remain."""
    from w4r.cases.packs.store import PackStore

    pack = PackStore().remove(name)
    info(f"removed pack {pack.name} ({len(pack.case_files())} case(s))")


@cases_app.command("new")
def new(
    case_id: str = typer.Argument(..., help="The new case's id: lowercase letters, digits and dashes, e.g. sonia-dahmani."),
    directory: Path = typer.Option(Path("."), "--dir", help="Folder to write ID.yaml into (e.g. a pack folder's cases/)."),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
) -> None:
    """Write a commented case file to fill in (then: w4r validate FILE, w4r cases preview FILE)."""
    from w4r.cases.ids import CASE_ID
    from w4r.cases.scaffold import case_template
    from w4r.output import check_writable, emit

    if not CASE_ID.match(case_id):
        raise InputError(f"case id {case_id!r}: use 1-40 lowercase letters, digits and dashes, e.g. sonia-dahmani")
    path = directory / f"{case_id}.yaml"
    directory.mkdir(parents=True, exist_ok=True)
    check_writable(path, force=force)
    where = emit(str(path), case_template(case_id).encode("utf-8"), force=force)
    info(f"wrote {where}: fill in every field marked FILL IN, then run 'w4r validate {path}' and 'w4r cases preview {path}'")


@cases_app.command("preview")
def preview(
    case: str = typer.Argument(..., help="A case id, or the path of a case file (ID.yaml)."),
    output: Path = typer.Option(Path("."), "-o", "--output", help="Folder for the three PDFs."),
    date: Optional[str] = typer.Option(None, "--date", help="Date on the letter (YYYY-MM-DD); default today."),
    force: bool = typer.Option(False, "--force", help="Overwrite the PDFs if they exist."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """Render a case's letter, card and briefing sheet, to check a case file as volunteers will see it."""
    from w4r.pack.preview import render_preview
    from w4r.typeset.fonts import book
    from w4r.cli.letter import parse_date
    from w4r.output import check_writable, emit

    the_case, templates = _case_for_preview(case, cases_dir)
    made = render_preview(the_case, templates=templates, date=parse_date(date), fb=book())
    targets = {kind: output / f"{the_case.id}-preview-{kind}.pdf" for kind in made.files}
    output.mkdir(parents=True, exist_ok=True)
    for path in targets.values():
        check_writable(path, force=force)
    for kind, data in made.files.items():
        info(f"wrote {emit(str(targets[kind]), data, force=force)}")
    for note in made.notes:
        warn(note)


def _case_for_preview(case: str, cases_dir: Optional[Path]):
    from w4r.cases import CaseLibrary, load_case_file
    from w4r.cli.cases import _templates_beside

    path = Path(case)
    if case.endswith(".yaml") or path.is_file():
        if not path.is_file():
            raise InputError(f"{case}: no such case file")
        return load_case_file(path), _templates_beside(path)
    library = CaseLibrary.open(cases_dir)
    the_case = library.get(case)
    from w4r.compose.environment import template_folders

    return the_case, template_folders(None, cases_dir)
