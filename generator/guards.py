"""Checks on a build request before anything is read or written.

Names are names, not paths (``--theme ../../x`` is refused), numbers are in range, nothing is
asked for twice, and the output folder is never one of the project's source folders (unless
forced), because a build there would mix generated files into the lessons or themes.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import LessonpackError
from .project import Project
from .stages import STAGE_IDS

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Folders of a project that hold sources; a build may not write into (or around) them.
SOURCE_FOLDERS = ("lessons", "themes", "schools", "data", "curricula", "schema", "campaigns", "generator", "tests")


def check_build_request(project: Project, stages: list[str] | None, lessons: list[str] | None,
                        out: Path | None, jobs: int, theme: str | None, force: bool = False) -> None:
    """Raise a LessonpackError saying what is wrong with these build options, if anything."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise LessonpackError(f"--jobs must be 0 (one process per CPU) or a positive number, not {jobs!r}")
    if theme is not None and not _NAME.match(theme):
        raise LessonpackError(f"--theme takes a theme name (a folder in themes/), not a path: {theme!r}",
                              hint="e.g. --theme large-print")
    for stage in stages or []:
        if stage not in STAGE_IDS:
            raise LessonpackError(f"unknown key stage {stage!r} (one of: {', '.join(STAGE_IDS)})")
    _once(lessons, "lesson")
    _once(stages, "key stage")
    if out is not None and not force:
        check_output_folder(project, out)


def _once(names: list[str] | None, what: str) -> None:
    for index, name in enumerate(names or []):
        if name in names[:index]:
            raise LessonpackError(f"{what} {name!r} is named twice", hint=f"name each {what} once")


def check_output_folder(project: Project, out: Path) -> None:
    """Refuse an output folder that is, is inside, or contains a source folder of the project."""
    target = out.resolve()
    root = project.root.resolve()
    if target == root or root.is_relative_to(target):
        raise LessonpackError(f"refusing to build into {out}: it holds the project itself",
                              hint="use the default build/ or another empty folder (or --force)")
    for name in SOURCE_FOLDERS:
        source = root / name
        if target == source or target.is_relative_to(source):
            raise LessonpackError(f"refusing to build into {out}: it is inside the project's {name}/ folder",
                                  hint="use the default build/ or another folder (or --force)")
