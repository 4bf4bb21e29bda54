"""Loading a school profile and turning its overrides into lesson overlays."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import LessonpackError, Location, Problem, ValidationFailed, display_path
from .images import verify_image
from .inputs import describe_non_file
from .lessons import _ID as SLUG
from .lessons import LESSON_FILE, Overlay, lesson_ids
from .overlays import Layering, apply_stage_operations
from .project import Project
from .school import SchoolProfile
from .stages import STAGE_IDS
from .themes import theme_ids
from .validate import validate
from .yamlio import SourceMap, load_mapping


@dataclass(frozen=True)
class School:
    """A validated school profile and where it came from."""

    slug: str
    file: Path
    profile: SchoolProfile
    source: SourceMap

    def logo(self) -> tuple[Path, str] | None:
        """The school's logo file (relative to the profile) and alt text, if any."""
        if self.profile.logo is None:
            return None
        return (self.file.parent / self.profile.logo.path).resolve(), self.profile.logo.alt

    def overlays(self) -> dict[str, Overlay]:
        """One overlay function per lesson the profile overrides."""
        return {lesson_id: _overlay(self, lesson_id) for lesson_id in self.profile.overrides}


def _did_you_mean(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else f" (available: {', '.join(choices)})"


def load_school(path: Path, project: Project) -> School:
    """Read and check ``schools/<slug>.yaml``: schema, lesson ids, stages, theme and logo."""
    shown = display_path(path, project.root)
    if not (path.exists() or path.is_symlink()):
        raise LessonpackError("school profile not found", Location(shown),
                              "create one with 'lessonpack new-school NAME'")
    if not SLUG.match(path.stem) or path.suffix != ".yaml" or path.name.startswith("."):
        # The file name becomes the output folder build/schools/<slug>/: nothing else may get through.
        raise LessonpackError("a school profile's file name must be lower-case words joined by hyphens, "
                              "ending in .yaml (e.g. st-marys-primary.yaml)", Location(shown),
                              "rename the file; its name is the school's folder in build/schools/")
    data, source = load_mapping(path, shown, Path(os.path.abspath(path)).parent)
    profile, problems = validate(SchoolProfile, data, source)
    if profile is None:
        raise ValidationFailed(problems)
    available = lesson_ids(project.lessons)
    for index, lesson_id in enumerate(profile.lessons or []):
        if lesson_id not in available:
            problems.append(Problem(source.locate(("lessons", index)),
                                    f"unknown lesson '{lesson_id}'{_did_you_mean(lesson_id, available)}"))
    _check_lessons_have_stages(profile, source, project, available, problems)
    for lesson_id, override in profile.overrides.items():
        where = source.locate(("overrides", lesson_id), prefer_key=True)
        if lesson_id not in available:
            problems.append(Problem(where, f"unknown lesson '{lesson_id}'{_did_you_mean(lesson_id, available)}"))
            continue
        for stage in STAGE_IDS:
            if getattr(override, stage) is not None and not (project.lessons / lesson_id / f"{stage}.yaml").is_file():
                problems.append(Problem(source.locate(("overrides", lesson_id, stage), prefer_key=True),
                                        f"lesson '{lesson_id}' has no {stage}"))
    themes = theme_ids(project.themes)
    if profile.theme and profile.theme not in themes:
        problems.append(Problem(source.locate(("theme",)),
                                f"unknown theme '{profile.theme}'{_did_you_mean(profile.theme, themes)}"))
    if profile.logo:
        _check_logo(path, profile.logo.path, source.locate(("logo", "path")), project, problems)
    if problems:
        raise ValidationFailed(problems)
    return School(path.stem, path, profile, source)


def _check_lessons_have_stages(profile: SchoolProfile, source: SourceMap, project: Project,
                               available: list[str], problems: list[Problem]) -> None:
    """A listed lesson that has none of the profile's key stages would be left out silently."""
    if not profile.stages:
        return
    for index, lesson_id in enumerate(profile.lessons or []):
        if lesson_id in available and not any((project.lessons / lesson_id / f"{s}.yaml").exists()
                                              for s in profile.stages):
            problems.append(Problem(source.locate(("lessons", index)),
                                    f"lesson '{lesson_id}' has none of this profile's key stages "
                                    f"({', '.join(profile.stages)}), so it would be left out"))


def _check_logo(path: Path, relative: str, where: Location, project: Project, problems: list[Problem]) -> None:
    """The logo must be a real, decodable picture inside the profile's own folder."""
    folder = Path(os.path.abspath(path)).parent
    logo = folder / relative
    if not logo.resolve().is_relative_to(folder.resolve()) or describe_non_file(logo) == "file not found":
        problems.append(Problem(where, f"logo file not found: {relative} "
                                f"(paths are relative to {display_path(folder, project.root)}/)"))
        return
    try:
        verify_image(logo, relative, folder)
    except LessonpackError as exc:
        problems.append(Problem(where, f"logo {relative}: {exc.message}"))


def _overlay(school: School, lesson_id: str) -> Overlay:
    override = school.profile.overrides[lesson_id]

    def apply(part: str, data: dict, source: SourceMap) -> tuple[dict, SourceMap, list[Problem]]:
        """Apply this lesson's overrides for ``part`` ('lesson' or a key stage)."""
        base = ("overrides", lesson_id, part)
        label = f"{lesson_id} {part}" if part != "lesson" else f"{lesson_id} {LESSON_FILE}"
        if part == "lesson":
            if override.lesson is None or not override.lesson.set:
                return data, source, []
            layering = Layering(data, source, school.source, base, label)
            layering.set(override.lesson.set)
            return layering.data, layering.source, layering.problems
        operations = getattr(override, part)
        if operations is None:
            return data, source, []
        return apply_stage_operations(data, source, operations.model_dump(), school.source, base, label)

    return apply
