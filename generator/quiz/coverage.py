"""Which objectives each exit quiz checks, for ``lessonpack coverage``: gaps show at a glance."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..lessons import Lesson
from ..stages import STAGE_IDS
from .quizzes import objective_checks


@dataclass(frozen=True)
class ObjectiveCheck:
    """One objective of one lesson-stage and the exit questions that check it."""

    lesson_id: str
    stage: str
    number: int
    objective: str
    questions: tuple[int, ...]

    @property
    def gap(self) -> bool:
        """True if no exit question checks this objective."""
        return not self.questions


def quiz_coverage(lessons: list[Lesson]) -> list[ObjectiveCheck]:
    """Every objective of every lesson-stage (by key stage, then lesson) with the exit questions checking it."""
    rows = []
    for stage in STAGE_IDS:
        for lesson in lessons:
            content = lesson.stages.get(stage)
            if content is None:
                continue
            checks = objective_checks(content)
            for number, objective in enumerate(content.objectives, 1):
                rows.append(ObjectiveCheck(lesson.id, stage, number, objective, tuple(checks.get(number, []))))
    return rows


def quiz_coverage_csv(rows: list[ObjectiveCheck]) -> str:
    """One line per objective: lesson, key stage, number, text, exit questions (space-separated), gap."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["lesson", "key_stage", "objective", "objective_text", "exit_questions", "gap"])
    for row in rows:
        writer.writerow([row.lesson_id, row.stage, row.number, row.objective, " ".join(map(str, row.questions)),
                         "gap" if row.gap else ""])
    return buffer.getvalue()


def quiz_coverage_summary(rows: list[ObjectiveCheck]) -> str:
    """E.g. 'exit quizzes check 80 of 84 objectives (4 gaps)'."""
    gaps = sum(1 for r in rows if r.gap)
    return f"exit quizzes check {len(rows) - gaps} of {len(rows)} objectives ({gaps} gaps)"
