"""Write the picture library (themes/default/pictures/) from the Fluent Emoji Flat icon set.

Usage (developers only; the results are committed, so builds need neither npm nor this):

    cd /tmp && npm pack @iconify-json/fluent-emoji-flat && tar xzf iconify-json-fluent-emoji-flat-*.tgz
    .venv/bin/pip install resvg-py
    .venv/bin/python scripts/import_pictures.py /tmp/package/icons.json

For each name in ``picture_selection.PICTURES`` it writes ``<name>.svg`` and a
``<name>.png`` rasterised once here (slides cannot show SVG), plus ``pictures.yaml``.
PNGs are committed rather than rasterised at build time so that every machine makes
byte-identical decks without a compiled SVG renderer.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from picture_selection import PICTURES

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "themes" / "default" / "pictures"
PNG_SIZE = 384
# Pictures that are not a single icon: how they are drawn from their source icons.
COMPOSED = {
    # A tablet: the phone drawing widened about its centre.
    "tablet": '<g transform="translate(16 16) scale(1.4 1) translate(-15.5 -16)">{0}</g>',
    # A webcam: a computer, with a small video camera sitting on top of its screen.
    "webcam": '<g transform="translate(2.4 5.4) scale(0.85)">{0}</g>'
              '<g transform="translate(10 -0.5) scale(0.38)">{1}</g>',
}


def icon_body(icons: dict, name: str) -> str:
    """The SVG body of icon ``name``, following aliases (which only rename here)."""
    if name in icons["icons"]:
        return icons["icons"][name]["body"]
    parent = icons["aliases"][name]["parent"]
    return icon_body(icons, parent)


def unique_ids(body: str, prefix: str) -> str:
    """Give every id in ``body`` a stable, picture-specific name (documents inline many pictures)."""
    ids = sorted(set(re.findall(r'id="([^"]+)"', body)))
    for number, old in enumerate(ids, 1):
        new = f"{prefix}-{number}"
        body = body.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        body = body.replace(f'href="#{old}"', f'href="#{new}"')
    return body


def svg_document(name: str, body: str) -> str:
    """A standalone SVG file for picture ``name``."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="256" height="256" viewBox="0 0 32 32">{body}</svg>\n')


def main(icons_json: str) -> None:
    """Write every picture, its PNG and the index."""
    import resvg_py  # a developer tool only: imported here so the module reads without it

    icons = json.loads(Path(icons_json).read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    index = ["# The picture library: a lesson names a picture (picture: tablet); see README.md here.",
             "# name: {source: Fluent Emoji Flat icon id(s), alt: default alt text, shows: what it shows}"]
    for name, (source, alt, shows) in PICTURES.items():
        bodies = [icon_body(icons, part) for part in source.split("+")]
        body = COMPOSED[name].format(*bodies) if name in COMPOSED else bodies[0]
        svg = svg_document(name, unique_ids(body, f"p-{name}"))
        (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
        png = resvg_py.svg_to_bytes(svg_string=svg, width=PNG_SIZE, height=PNG_SIZE)
        (OUT / f"{name}.png").write_bytes(bytes(png))
        index.append(f"{name}: {{source: {json.dumps(source)}, alt: {json.dumps(alt)}, shows: {json.dumps(shows)}}}")
    (OUT / "pictures.yaml").write_text("\n".join(index) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
