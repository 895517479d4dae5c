"""``w4r fonts``: which font prints which script, where the files are, their licences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from w4r.cli.root import app
from w4r.cli.console import info, print_json

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook


def _rows(fb: FontBook) -> list[dict]:
    from w4r.typeset.fonts import BOLD, REGULAR

    rows = []
    for face in fb.faces:
        weights = [REGULAR, BOLD] if face.bold else [REGULAR]
        prepared = [w for w in weights if fb.is_prepared(face, w)]
        rows.append(
            {
                "key": face.key,
                "family": face.family,
                "scripts": face.scripts,
                "file": str(face.path),
                "size_bytes": face.path.stat().st_size,
                "package": face.package or "(your config file)",
                "licence": face.licence,
                "licence_file": str(face.licence_path) if face.licence_path else "",
                "weights": weights,
                "prepared": prepared,
                "right_to_left": face.rtl,
            }
        )
    return rows


@app.command("fonts")
def fonts(
    prepare: bool = typer.Option(False, "--prepare", help="Build every cached font instance now (about a minute), so no later command waits for one."),
    as_json: bool = typer.Option(False, "--json", help="Print the table as JSON."),
) -> None:
    """Show which font prints which script, where the files are, and their licences."""
    from w4r.typeset.fonts import BOLD, REGULAR, book, fonts_cache_dir

    fb = book()
    if prepare:
        from w4r.typeset.preparing import listen

        listen(None)  # this command says what it prepares itself, face by face
        fb.prepare(progress=lambda face: info(f"preparing {face.family} ..."))
        info(f"font cache ready in {fonts_cache_dir()}")
    rows = _rows(fb)
    if as_json:
        print_json({"fallback_order": [r["key"] for r in rows], "cache": str(fonts_cache_dir()), "fonts": rows})
        return
    print("Fonts in fallback order (the first that has a character prints it):")
    for r in rows:
        ready = "ready" if r["prepared"] == r["weights"] else "built on first use (or run w4r fonts --prepare)"
        names = {REGULAR: "regular", BOLD: "bold"}
        print(f"\n{r['key']}: {r['family']} - {r['scripts']}{' (right to left)' if r['right_to_left'] else ''}")
        print(f"  file:    {r['file']} ({r['size_bytes'] / 1e6:.1f} MB)")
        print(f"  from:    {r['package']}")
        print(f"  licence: {r['licence']}" + (f" ({r['licence_file']})" if r["licence_file"] else ""))
        print(f"  weights: {', '.join(names[w] for w in r['weights'])}: {ready}")
    print(f"\nCache: {fonts_cache_dir()}")
    print("Add or replace a font in the config file:  fonts: [{key: sans, path: /path/to/font.ttf}]")
