"""Themes: design tokens shared by PDF and slides, and a template search path.

A theme is ``themes/<name>/theme.yaml`` plus optional ``templates/``, ``css/``,
``fonts/`` and ``images/``. A theme names its parent with ``extends``; its
``theme.yaml`` is deep-merged over the parent's, and its folders are searched before
the parent's, so a theme overrides only what it changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from .errors import LessonpackError, Location, Problem, ValidationFailed, display_path
from .merge import deep_merge
from .model import Picture, Strict, Text
from .validate import validate
from .yamlio import load_mapping

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
DEFAULT_THEME = "default"
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


#: Fonts bundled in the default theme for glyphs a theme's font lacks (Welsh, Polish, Romanian, Urdu,
#: then Greek and Cyrillic). A character none of them has is refused (generator/glyphs.py).
FALLBACK_FONTS = "'Atkinson Hyperlegible Ext', 'Noto Sans Ext', 'Noto Naskh Arabic', 'Liberation Sans'"


class Colours(Strict):
    """Theme colours as #RRGGBB; the same values are used in PDFs and slides."""

    primary: Colour
    """Headings, slide title bars, key accents."""
    secondary: Colour
    """Second accent: activity labels, table heads."""
    accent: Colour
    """Highlights such as the help box border."""
    text: Colour
    """Body text."""
    muted: Colour
    """Secondary text: headers, footers, captions."""
    background: Colour
    """Page and slide background."""
    panel: Colour
    """Background of boxes and panels."""
    line: Colour
    """Writing lines and box borders."""
    on_primary: Colour
    """Text drawn on the primary colour."""


class PdfStyle(Strict):
    """Typography and page set-up of the PDF documents."""

    font_family: Text
    """CSS font family; its files are declared with @font-face in the theme's CSS."""
    body_size_pt: float = Field(ge=9, le=24)
    line_height: float = Field(ge=1.0, le=2.5)
    page_size: Text = "A4"
    margin_mm: float = Field(ge=5, le=40)


class SlideStyle(Strict):
    """Typography of the slide decks. PPTX cannot embed fonts, so use one schools have."""

    font: Text
    """Font name written into the deck, e.g. Arial or Calibri."""
    metrics_regular: Text
    """A metric-compatible font file in the theme, used to measure text (e.g. fonts/LiberationSans-Regular.ttf)."""
    metrics_bold: Text
    """The bold face of the same."""
    title_pt: int = Field(ge=20, le=60)
    body_max_pt: int = Field(ge=12, le=48)
    body_min_pt: int = Field(ge=10, le=40)
    """Text is shrunk down to this size to fit; below it the build fails."""
    line_spacing: float = Field(ge=1.0, le=2.0)


class ThemeFile(Strict):
    """``themes/<name>/theme.yaml`` after merging over its parents."""

    name: Text
    extends: str | None = None
    """The parent theme's folder name; omit only for the default theme."""
    description: Text = "A lessonpack theme."
    colours: Colours
    pdf: PdfStyle
    slides: SlideStyle
    logo: Picture | None = None
    """Organisation logo (PNG/JPEG) inside the theme folder, shown on documents and slides."""
    organisation: str | None = None
    """Co-branding line, e.g. a campaign's organisation name."""
    icons: dict[str, Text]
    """Icon file names (without .svg/.png, in icons/) for activity types and slide kinds."""


# Fonts that ship with Windows and macOS school machines; others get substituted.
COMMON_SLIDE_FONTS = {"Arial", "Calibri", "Verdana", "Tahoma", "Trebuchet MS", "Century Gothic", "Segoe UI"}


@dataclass(frozen=True)
class Theme:
    """A resolved theme: merged settings and the folders to search, child first."""

    id: str
    settings: ThemeFile
    folders: tuple[Path, ...]

    @property
    def project_root(self) -> Path:
        """The project folder holding ``themes/`` (for showing paths in messages)."""
        return self.folders[-1].parent.parent

    def find(self, relative: str) -> Path | None:
        """The first file called ``relative`` along the search path, or None."""
        for folder in self.folders:
            candidate = folder / relative
            # Only a regular file that stays inside its theme folder (no FIFOs, no links out).
            if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
                return candidate
        return None

    def template_dirs(self) -> list[Path]:
        """Template folders, child first."""
        return [f / "templates" for f in self.folders if (f / "templates").is_dir()]

    def stylesheets(self, kind: str) -> list[Path]:
        """CSS for a document kind: shared base files (first found wins), then every theme's add-on."""
        sheets = [p for p in (self.find("css/base.css"), self.find(f"css/{kind}.css")) if p]
        # theme.css files add to (not replace) the parent's, applied parent first.
        sheets += [f / "css/theme.css" for f in reversed(self.folders) if (f / "css/theme.css").is_file()]
        return sheets

    def asset(self, relative: str) -> Path:
        """A file the theme needs (font, icon); raises a clear error when it is missing."""
        found = self.find(relative)
        if found is None:
            raise LessonpackError(f"theme '{self.id}' has no file {relative}",
                                  hint=f"add it to themes/{self.id}/ or to a theme it extends")
        return found

    def tokens_css(self) -> str:
        """CSS custom properties and page set-up generated from the theme's tokens."""
        c, p = self.settings.colours, self.settings.pdf
        lines = [f"  --{name.replace('_', '-')}: {value};" for name, value in c.model_dump().items()]
        # Bundled fallbacks (themes/default/css/base.css) for letters in other languages.
        lines += [f"  --font-family: '{p.font_family}', {FALLBACK_FONTS}, sans-serif;", f"  --body-size: {p.body_size_pt}pt;",
                  f"  --line-height: {p.line_height};",
                  # Letters: at least 12 pt and 1.5 line spacing in every theme (content guide).
                  f"  --letter-size: {max(12.0, p.body_size_pt)}pt;",
                  f"  --letter-line-height: {max(1.5, p.line_height)};"]
        # @page cannot use custom properties in WeasyPrint, so the page colours are written out.
        page = f"@page {{ size: {p.page_size}; margin: {p.margin_mm}mm; background: {c.background}; }}\n"
        return ":root {\n" + "\n".join(lines) + "\n}\n" + page

    def logo(self) -> tuple[Path, str] | None:
        """The theme's logo file and alt text, if it has one."""
        if self.settings.logo is None:
            return None
        return self.asset(self.settings.logo.path), self.settings.logo.alt

    def font_warning(self) -> str | None:
        """A warning if the slide font is not one school computers are known to have."""
        font = self.settings.slides.font
        if font in COMMON_SLIDE_FONTS:
            return None
        return (f"theme '{self.id}': slide font '{font}' is not installed on most school computers; "
                f"PowerPoint will substitute it there (use one of: {', '.join(sorted(COMMON_SLIDE_FONTS))})")


def theme_ids(themes_dir: Path) -> list[str]:
    """Names of every theme folder with a theme.yaml."""
    if not themes_dir.is_dir():
        return []
    return sorted(p.name for p in themes_dir.iterdir() if (p / "theme.yaml").is_file())


def load_theme(themes_dir: Path, theme_id: str, root: Path | None = None,
               extra_folders: tuple[Path, ...] = ()) -> Theme:
    """Resolve theme ``theme_id`` and its parents; ``extra_folders`` are searched first (school overrides)."""
    chain: list[str] = []
    merged: dict = {}
    layers: list[tuple[dict, object]] = []
    current: str | None = theme_id
    while current is not None:
        if current in chain:
            cycle = " -> ".join(chain + [current])
            path = themes_dir / chain[-1] / "theme.yaml"
            raise LessonpackError(f"theme inheritance loops: {cycle}", Location(display_path(path, root)),
                                  "make one theme in the loop extend 'default'")
        folder = themes_dir / current
        if not _NAME.match(current):
            where = Location(display_path(themes_dir / chain[-1] / "theme.yaml", root)) if chain else None
            raise LessonpackError(f"a theme is named by its folder in themes/, not a path: {current!r}", where)
        if (folder.is_symlink() or folder.exists()) and not folder.resolve().is_relative_to(themes_dir.resolve()):
            raise LessonpackError("is a link leading outside the project's themes/ folder; refused",
                                  Location(display_path(folder, root)))
        if not (folder / "theme.yaml").is_file():
            available = ", ".join(theme_ids(themes_dir)) or "none"
            where = Location(display_path(themes_dir / chain[-1] / "theme.yaml", root)) if chain else None
            raise LessonpackError(f"unknown theme '{current}' (available: {available})", where)
        data, source = load_mapping(folder / "theme.yaml", display_path(folder / "theme.yaml", root),
                                    root or themes_dir)
        chain.append(current)
        layers.append((data, source))
        parent = data.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise LessonpackError("'extends' must be a theme name", source.locate(("extends",)))
        current = parent
    for data, _ in reversed(layers):
        merged = deep_merge(merged, data)
    merged["extends"] = layers[0][0].get("extends")
    # Report problems against the child theme's file: that is the one the user edits.
    settings, problems = validate(ThemeFile, merged, layers[0][1])
    if settings is None:
        raise ValidationFailed(problems)
    folders = tuple(extra_folders) + tuple(themes_dir / name for name in chain)
    theme = Theme(theme_id, settings, folders)
    _check_theme_files(theme, layers[0][1].file, problems)
    return theme


def _check_theme_files(theme: Theme, shown: str, problems: list[Problem]) -> None:
    s = theme.settings
    for field in ("metrics_regular", "metrics_bold"):
        relative = getattr(s.slides, field)
        if theme.find(relative) is None:
            problems.append(Problem(s.slides.location(field) or Location(shown),
                                    f"font file not found in the theme: {relative}"))
    for key, icon in s.icons.items():
        for suffix in (".svg", ".png"):
            if theme.find(f"icons/{icon}{suffix}") is None:
                problems.append(Problem(s.location("icons") or Location(shown),
                                        f"icon '{key}': file not found: icons/{icon}{suffix}"))
    if s.logo and theme.find(s.logo.path) is None:
        problems.append(Problem(s.logo.location("path") or Location(shown), f"logo file not found: {s.logo.path}"))
    if problems:
        raise ValidationFailed(problems)


_HEX = re.compile(r"^#([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})$")


def rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as a tuple of three integers."""
    match = _HEX.match(colour)
    assert match, colour
    return tuple(int(g, 16) for g in match.groups())  # type: ignore[return-value]
