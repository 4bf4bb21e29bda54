"""Where a project's folders are: lessons, themes, data, schema and build output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import LessonpackError


@dataclass(frozen=True)
class Project:
    """The folders of one lessonpack project, all under ``root``."""

    root: Path

    @property
    def lessons(self) -> Path:
        """Lesson folders, one per lesson."""
        return self.root / "lessons"

    @property
    def themes(self) -> Path:
        """Themes: templates, CSS, fonts and icons."""
        return self.root / "themes"

    @property
    def data(self) -> Path:
        """Shared data files such as the helpline registry."""
        return self.root / "data"

    @property
    def schema(self) -> Path:
        """Committed JSON Schemas of the lesson format."""
        return self.root / "schema"

    @property
    def build(self) -> Path:
        """Default output folder."""
        return self.root / "build"

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing ``start`` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "lessons").is_dir() and (folder / "themes").is_dir():
                return cls(folder)
        raise LessonpackError(
            f"no lessonpack project found in {here} or above it",
            hint="run lessonpack inside a project: a folder with lessons/ and themes/",
        )
