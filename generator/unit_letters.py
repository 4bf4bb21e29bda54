"""The per-key-stage unit letter that introduces every lesson of the unit to parents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lessons import Lesson
from .model import Strict, Text
from .stages import STAGE_IDS
from .validate import load_validated


class ParentGuidance(Strict):
    """``data/parent_guidance.yaml``: one set of advice for the unit letter."""

    tips: list[Text]
    if_something_happens: list[Text]
    older_pupils: list[Text]
    """Extra advice shown from ks3 (sextortion, Report Remove)."""


@dataclass(frozen=True)
class UnitLesson:
    """One line of the unit letter."""

    title: str
    summary: str
    minutes: int


def load_guidance(data_dir: Path, root: Path | None = None) -> ParentGuidance:
    """Read ``data/parent_guidance.yaml``."""
    return load_validated(ParentGuidance, data_dir / "parent_guidance.yaml", root)


def unit_lessons(lessons: list[Lesson], stage: str) -> list[UnitLesson]:
    """The lessons taught at ``stage``, in unit order."""
    # Each key stage's own letter text, not the lesson summary: it says what *this* age group learns.
    return [UnitLesson(lesson.meta.title, lesson.stages[stage].letter.learning, lesson.duration(stage))
            for lesson in lessons if stage in lesson.stages]


def is_older(stage: str) -> bool:
    """Whether the advice for secondary-age pupils applies."""
    return STAGE_IDS.index(stage) >= STAGE_IDS.index("ks3")
