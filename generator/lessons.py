"""Find, read and validate lesson folders (``lessons/<id>/lesson.yaml`` + ``ksN.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LessonpackError, Location, Problem, ValidationFailed, display_path
from .images import verify_image
from .inputs import describe_non_file
from .model import KeyStageFile, LessonFile
from .quiz.checks import check_quizzes
from .pictures import PictureLibrary, load_library, picture_uses
from .stages import KEY_STAGES, STAGE_IDS
from .validate import validate
from .yamlio import SourceMap, load_mapping

#: A layer applied to raw YAML data before validation (a school's overrides): called with
#: the part ('lesson', 'ks1' ... 'ks4'), its data and source map; returns new ones and problems.
Overlay = Callable[[str, dict, SourceMap], tuple[dict, SourceMap, list[Problem]]]

LESSON_FILE = "lesson.yaml"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Lesson:
    """One validated lesson: the shared part and the key stages it is written for."""

    id: str
    folder: Path
    meta: LessonFile
    stages: dict[str, KeyStageFile] = field(default_factory=dict)

    def duration(self, stage: str) -> int:
        """Lesson length in minutes at ``stage``."""
        return self.stages[stage].duration_minutes or self.meta.duration_minutes


def lesson_ids(lessons_dir: Path) -> list[str]:
    """Ids of every lesson folder under ``lessons_dir``, sorted."""
    if not lessons_dir.is_dir():
        return []
    return sorted(p.name for p in lessons_dir.iterdir() if (p / LESSON_FILE).is_file())


def _look_alike(name: str) -> str | None:
    """Why a file in a lesson folder would be silently ignored (``ks2.yml``, ``KS2.YAML``), or None."""
    canonical = (LESSON_FILE, *(f"{s}.yaml" for s in STAGE_IDS))
    stem, dot, suffix = name.rpartition(".")
    if name in canonical or not dot or suffix.lower() not in ("yaml", "yml"):
        return None
    wanted = f"{stem.lower()}.yaml"
    if wanted in canonical:
        return f"'{name}' would be ignored: rename it to '{wanted}'"
    return f"unexpected file '{name}' (a lesson folder holds {LESSON_FILE} and ks1.yaml ... ks4.yaml)"


def _check_pictures(lesson_dir: Path, model: LessonFile | KeyStageFile, library: PictureLibrary,
                    problems: list[Problem]) -> None:
    """Every picture a lesson file uses must be in the library or a file inside the lesson folder."""
    root = lesson_dir.resolve()
    for use, _, _ in picture_uses(model):
        if use.name is not None:
            problem = library.problem(use, use.location("name"))
            if problem:
                problems.append(problem)
            continue
        target = (lesson_dir / use.path).resolve()
        where = use.location("path")
        if not target.is_relative_to(root):
            problems.append(Problem(where, "picture path leads outside the lesson folder (through a link)"))
            continue
        reason = describe_non_file(lesson_dir / use.path)
        if reason == "file not found":
            problems.append(Problem(where, f"picture file not found: {use.path}"))
        elif reason:
            problems.append(Problem(where, f"picture {use.path} {reason}"))
        else:
            try:
                verify_image(lesson_dir / use.path, use.path, root)
            except LessonpackError as exc:
                problems.append(Problem(where, f"picture {use.path}: {exc.message}"))


def _check_timings(lesson: LessonFile, stage: KeyStageFile, problems: list[Problem]) -> None:
    length = stage.duration_minutes or lesson.duration_minutes
    parts = [stage.introduction.minutes, *(a.minutes for a in stage.all_activities()), stage.plenary.minutes]
    quizzes = (stage.starter_quiz_minutes or 0) + (stage.exit_quiz_minutes or 0)
    if sum(parts) + quizzes != length:
        where = stage.location("duration_minutes") if stage.duration_minutes else stage.location()
        quiz_part = f" + quizzes {quizzes}" if quizzes else ""
        problems.append(Problem(
            where,
            f"timings add up to {sum(parts) + quizzes} minutes but the lesson is {length} minutes long "
            f"(introduction {parts[0]} + activities {sum(parts[1:-1])}{quiz_part} + plenary {parts[-1]})",
        ))


def load_lesson(lesson_dir: Path, root: Path | None = None,
                overlay: Overlay | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Read one lesson folder (with ``overlay`` applied); return the lesson (None if unusable) and all problems."""
    problems: list[Problem] = []
    name = lesson_dir.name
    shown = display_path(lesson_dir, root)
    if not _ID.match(name):
        problems.append(Problem(Location(shown), "lesson folder name must be lower-case words joined by hyphens"))
    for extra in sorted(lesson_dir.iterdir()) if lesson_dir.is_dir() else []:
        problem = _look_alike(extra.name)
        if problem:
            problems.append(Problem(Location(display_path(extra, root)), problem))
    meta = None
    # The project's themes sit beside its lessons folder; the library's names are the project's.
    library = load_library(lesson_dir.parent.parent / "themes")
    try:
        data, source = load_mapping(lesson_dir / LESSON_FILE, display_path(lesson_dir / LESSON_FILE, root),
                                    root or lesson_dir.parent)
        if overlay:
            data, source, found = overlay("lesson", data, source)
            problems += found
        meta, found = validate(LessonFile, data, source)
        problems += found
        if meta is not None:
            _check_pictures(lesson_dir, meta, library, problems)
    except LessonpackError as exc:
        problems.append(Problem(exc.location or Location(shown), exc.message))
    stages: dict[str, KeyStageFile] = {}
    for stage_id in STAGE_IDS:
        path = lesson_dir / f"{stage_id}.yaml"
        if not (path.exists() or path.is_symlink()):
            continue
        try:
            data, source = load_mapping(path, display_path(path, root), root or lesson_dir.parent)
        except LessonpackError as exc:
            problems.append(Problem(exc.location or Location(display_path(path, root)), exc.message))
            continue
        if overlay:
            data, source, found = overlay(stage_id, data, source)
            problems += found
        stage, found = validate(KeyStageFile, data, source)
        problems += found
        if stage is not None:
            _check_pictures(lesson_dir, stage, library, problems)
            problems += check_quizzes(stage_id, stage)
            if meta is not None:
                _check_timings(meta, stage, problems)
            stages[stage_id] = stage
    if meta is not None and not stages and not problems:
        problems.append(Problem(Location(shown), "no key stage files; add at least one of ks1.yaml ... ks4.yaml"))
    if meta is None or problems:
        return None, problems
    return Lesson(name, lesson_dir, meta, stages), problems


def load_lessons(lessons_dir: Path, only: list[str] | None = None, root: Path | None = None,
                 overlays: dict[str, Overlay] | None = None) -> list[Lesson]:
    """Load every lesson (or just ``only``, in that order); raise :class:`ValidationFailed` listing all problems."""
    available = lesson_ids(lessons_dir)
    problems: list[Problem] = []
    wanted = available if not only else only
    for lesson_id in wanted:
        if lesson_id not in available:
            hint = f"; available: {', '.join(available)}" if available else ""
            problems.append(Problem(Location(display_path(lessons_dir, root)), f"no lesson '{lesson_id}'{hint}"))
    lessons = []
    for lesson_id in wanted:
        if lesson_id in available:
            lesson, found = load_lesson(lessons_dir / lesson_id, root, (overlays or {}).get(lesson_id))
            problems += found
            if lesson:
                lessons.append(lesson)
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return lessons


def stage_ids_for(lesson: Lesson, wanted: list[str] | None) -> list[str]:
    """The key stages of ``lesson`` to build: all it has, or those of ``wanted`` it has."""
    return [s for s in KEY_STAGES if s in lesson.stages and (not wanted or s in wanted)]
