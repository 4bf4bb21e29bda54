"""One error hierarchy for the whole project.

Every error a user can cause is a :class:`LessonpackError`. Each carries where it
happened (file, line, column, all optional) and a hint that says what to do, so the
CLI can print ``file:line:col: error: message`` without knowing which stage failed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Return ``path`` relative to ``root`` (or the working directory) when it is inside it."""
    path = Path(path)
    for base in ([root] if root else []) + [Path.cwd()]:
        # The path as written first (a link is named where it is, not where it leads), then resolved.
        for mine, theirs in ((Path(os.path.abspath(path)), Path(os.path.abspath(base))),
                             (path.resolve(), base.resolve())):
            try:
                return mine.relative_to(theirs).as_posix()
            except ValueError:
                continue
    return path.as_posix()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and (optionally) what to do."""

    location: Location
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class LessonpackError(Exception):
    """Base class of every error caused by the user's input or environment."""

    #: The command line's exit status for this error.
    exit_status = 1

    def __init__(self, message: str, location: Location | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __reduce__(self):
        # Errors cross process boundaries in parallel builds; keep location and hint.
        return (self.__class__, (self.message, self.location, self.hint))

    def __str__(self) -> str:
        text = f"{self.location}: error: {self.message}" if self.location else f"error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ValidationFailed(LessonpackError):
    """Raised once with *all* the problems found, so users fix everything in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.location, p.message))
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{errors} error(s) found")

    def __reduce__(self):
        return (self.__class__, (self.problems,))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(self.message)
        return "\n".join(lines)


class RenderError(LessonpackError):
    """A document could not be rendered (for example slide text that would overflow)."""


class OutputError(LessonpackError):
    """A file could not be written where the build wanted to put it."""
