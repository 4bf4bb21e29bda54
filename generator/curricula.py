"""Curriculum frameworks (``curricula/*.yaml``) and the coverage matrix against lessons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import ValidationFailed, display_path
from .lessons import Lesson
from .model import Strict, Text
from .stages import STAGE_IDS
from .validate import validate
from .yamlio import load_mapping

StageId = Literal[STAGE_IDS]  # type: ignore[valid-type]
FRAMEWORK_ORDER = ("rshe", "pshe", "eacw", "cfe", "cfw")


class Statement(Strict):
    """One thing a framework expects pupils to learn, paraphrased."""

    id: Text
    """Stable id: the framework's own code where it has one, otherwise ours."""
    stages: list[StageId]
    strand: Text
    text: Text


class Framework(Strict):
    """``curricula/<id>.yaml``: one curriculum framework."""

    id: Text
    name: Text
    publisher: Text
    nation: Text
    official_codes: bool
    """True if the ids are the framework's own codes; false if they are ours."""
    note: Text
    statements: list[Statement]

    def statement(self, statement_id: str) -> Statement | None:
        """The statement with ``statement_id``, or None."""
        return next((s for s in self.statements if s.id == statement_id), None)


def load_frameworks(folder: Path, root: Path | None = None) -> dict[str, Framework]:
    """Every framework in ``folder``, keyed by id, in the report's order."""
    frameworks, problems = {}, []
    for path in sorted(folder.glob("*.yaml")):
        raw, source = load_mapping(path, display_path(path, root), root or folder)
        framework, found = validate(Framework, raw, source)
        problems += found
        if framework:
            frameworks[framework.id] = framework
    if problems:
        raise ValidationFailed(problems)
    order = {name: i for i, name in enumerate(FRAMEWORK_ORDER)}
    return dict(sorted(frameworks.items(), key=lambda item: (order.get(item[0], 99), item[0])))


@dataclass(frozen=True)
class CoverageRow:
    """One statement and which lesson-stages cover it."""

    framework: Framework
    statement: Statement
    covered_by: tuple[str, ...]  # "lesson@ks" columns that list this statement

    @property
    def gap(self) -> bool:
        """True if no lesson-stage covers it."""
        return not self.covered_by


def lesson_stage_columns(lessons: list[Lesson]) -> list[tuple[str, str]]:
    """(lesson id, key stage) for every lesson-stage, ordered by key stage then lesson."""
    return [(lesson.id, stage) for stage in STAGE_IDS for lesson in lessons if stage in lesson.stages]


def coverage(lessons: list[Lesson], frameworks: dict[str, Framework]) -> list[CoverageRow]:
    """The coverage matrix: every statement against every lesson-stage."""
    columns = lesson_stage_columns(lessons)
    by_id = {lesson.id: lesson for lesson in lessons}
    rows = []
    for name, framework in frameworks.items():
        for statement in framework.statements:
            covered = tuple(f"{lesson_id}@{stage}" for lesson_id, stage in columns
                            if statement.id in getattr(by_id[lesson_id].stages[stage].curriculum, name, []))
            rows.append(CoverageRow(framework, statement, covered))
    return rows
