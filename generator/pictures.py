"""The picture library: names a lesson may use (``picture: tablet``), their alt text and files.

The library's index is ``themes/default/pictures/pictures.yaml``; each name has an SVG
(for PDFs) and a PNG (for slides, which cannot show SVG) in a theme's ``pictures/``
folder, so a theme may redraw a picture but every theme knows the same names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from .errors import LessonpackError, Location, Problem
from .model import PictureUse
from .yamlio import load_mapping

INDEX = Path("default") / "pictures" / "pictures.yaml"


@dataclass(frozen=True)
class LibraryPicture:
    """One picture of the library, as its index describes it."""

    name: str
    source: str
    alt: str
    shows: str


@dataclass(frozen=True)
class PictureLibrary:
    """Every picture name a lesson may use."""

    pictures: dict[str, LibraryPicture]

    def problem(self, use: PictureUse, where: Location | None) -> Problem | None:
        """A problem if ``use`` names a picture the library does not have."""
        if use.name is None or use.name in self.pictures:
            return None
        match = difflib.get_close_matches(use.name, list(self.pictures), n=1, cutoff=0.6)
        hint = (f" (did you mean '{match[0]}'?)" if match
                else "; see themes/default/pictures/pictures.yaml for the names")
        return Problem(where, f"unknown picture '{use.name}'{hint}")

    def alt(self, use: PictureUse) -> str:
        """The alt text of ``use``: its own, or the library's default."""
        if use.alt:
            return use.alt
        return self.pictures[use.name].alt if use.name in self.pictures else use.name or ""


@lru_cache(maxsize=8)
def _load(index: Path, stamp: float) -> PictureLibrary:
    data, _ = load_mapping(index, str(index))
    pictures = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not {"source", "alt", "shows"} <= set(entry):
            raise LessonpackError(f"picture '{name}' needs source, alt and shows", Location(str(index)))
        pictures[str(name)] = LibraryPicture(str(name), str(entry["source"]), str(entry["alt"]), str(entry["shows"]))
    return PictureLibrary(pictures)


def load_library(themes_dir: Path) -> PictureLibrary:
    """The picture library of the project whose themes are in ``themes_dir`` (cached per file version)."""
    index = (themes_dir / INDEX).resolve()
    if not index.is_file():
        return PictureLibrary({})
    return _load(index, index.stat().st_mtime)


def picture_uses(model: BaseModel, path: tuple = ()) -> Iterator[tuple[PictureUse, BaseModel, str]]:
    """Every picture used in ``model``: (the use, the object holding it, the field name)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, PictureUse):
            yield value, model, name
        elif isinstance(value, BaseModel):
            yield from picture_uses(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from picture_uses(item)


@dataclass(frozen=True)
class ResolvedPicture:
    """A picture ready to draw: its file for PDFs (SVG or bitmap), its bitmap for slides, and alt text."""

    document_file: Path
    slide_file: Path
    alt: str


def resolve_picture(use: PictureUse, find_in_theme, lesson_folder: Path, library: PictureLibrary) -> ResolvedPicture:
    """The files and alt text of ``use``; ``find_in_theme`` is :meth:`Theme.asset`."""
    if use.path is not None:
        file = lesson_folder / use.path
        return ResolvedPicture(file, file, use.alt or "")
    return ResolvedPicture(find_in_theme(f"pictures/{use.name}.svg"), find_in_theme(f"pictures/{use.name}.png"),
                           library.alt(use))
