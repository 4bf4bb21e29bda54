"""The site's static files: stylesheet (with the theme's colours), script, fonts, logo, and the packs.

The packs are linked (or copied) into the site, so it is self-contained: serve the folder
from any web server, or open ``index.html`` from the disk, and every download works.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import LessonpackError
from ..output import write_bytes_atomic, write_text_atomic
from ..themes import Theme
from .catalogue import Catalogue

#: Fonts the stylesheet declares, from the theme's fonts/ folder.
SITE_FONTS = ("AtkinsonHyperlegible-latin-400.ttf", "AtkinsonHyperlegible-latin-700.ttf")


def _static(theme: Theme, name: str) -> Path:
    found = theme.find(f"site/static/{name}")
    if found is None:
        raise LessonpackError(f"theme '{theme.id}' has no site/static/{name}",
                              hint="the default theme has it; restore themes/default/site/")
    return found


def write_assets(theme: Theme, site: Path) -> None:
    """``assets/``: site.css (theme colours first), site.js and the fonts."""
    colours = theme.settings.colours.model_dump()
    tokens = ":root {\n" + "".join(f"  --{name.replace('_', '-')}: {value};\n" for name, value in colours.items()) + "}\n"
    css = _static(theme, "site.css").read_text(encoding="utf-8")
    write_text_atomic(site / "assets" / "site.css", tokens + css)
    write_bytes_atomic(site / "assets" / "site.js", _static(theme, "site.js").read_bytes())
    for font in SITE_FONTS:
        write_bytes_atomic(site / "assets" / "fonts" / font, theme.asset(f"fonts/{font}").read_bytes())


def write_logo(logo: tuple[Path, str] | None, site: Path) -> dict | None:
    """Copy the school's (or theme's) logo into ``assets/``; return what the header needs."""
    if logo is None:
        return None
    from PIL import Image

    path, alt = logo
    relative = f"assets/logo{path.suffix.lower()}"
    write_bytes_atomic(site / relative, path.read_bytes())
    with Image.open(path) as image:
        width, height = image.size
    shown_height = 61  # CSS pixels: 3.4rem at the site's 18 px base size
    return {"path": relative, "alt": alt, "width": round(width * shown_height / height), "height": shown_height}


def link_packs(catalogue: Catalogue, site: Path) -> None:
    """Put every file of the build's manifest at the same relative path inside the site.

    A hard link costs nothing; across file systems the file is copied. Either way the site
    keeps the bytes it was built with, even if a later build replaces the packs.
    """
    documents = [d for p in catalogue.packs for d in (*p.documents, *([p.archive] if p.archive else []))]
    documents += list(catalogue.unit_letters.values())
    for document in documents:
        source = catalogue.build_dir / document.path
        target = site / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
