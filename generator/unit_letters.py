"""The per-key-stage unit letter that introduces every lesson of the unit to parents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from .lessons import Lesson
from .model import Strict, Text
from .validate import load_validated


class StageGuidance(Strict):
    """The unit letter's advice for parents of one key stage, in plain, kind words."""

    about: Text
    """What the lessons help children of this age do, in one or two sentences."""
    conversation_starters: list[Text] = Field(min_length=3)
    """Questions a parent can ask a child of this age."""
    tips: list[Text] = Field(min_length=3)
    """Practical steps at home, for this age."""
    if_something_happens: list[Text] = Field(min_length=3)
    """What to do if something happens: stay calm, don't blame, keep evidence, report, tell the school."""


class ParentGuidance(Strict):
    """``data/parent_guidance.yaml``: the unit letter's advice, different for each key stage."""

    ks1: StageGuidance
    ks2: StageGuidance
    ks3: StageGuidance
    ks4: StageGuidance

    def for_stage(self, stage: str) -> StageGuidance:
        """The advice for key stage ``stage``."""
        return getattr(self, stage)


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
