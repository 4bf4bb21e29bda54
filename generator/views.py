"""Derived, format-neutral views of a lesson-stage, shared by every renderer.

Renderers (PDF templates and the slide builder) ask this module for the lesson plan
timeline, the match columns in their printed order, etc., so the worksheet, the
slides and the teacher guide can never disagree.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from .helplines import Helpline, helplines_for
from .lessons import Lesson
from .model import ActivityBase, KeyStageFile, LessonFile, Match, PictureUse
from .school import SchoolInfo
from .stages import KEY_STAGES, KeyStage


@dataclass(frozen=True)
class Step:
    """One timed part of the lesson plan."""

    label: str
    title: str
    minutes: int
    starts_at: int
    activity: ActivityBase | None = None


@dataclass(frozen=True)
class StageView:
    """Everything a renderer needs for one lesson at one key stage."""

    lesson_id: str
    meta: LessonFile
    content: KeyStageFile
    key_stage: KeyStage
    duration: int
    school: SchoolInfo
    helplines: list[Helpline]

    @property
    def pupil_helplines(self) -> list[Helpline]:
        """Helplines suitable for pupils of this key stage."""
        return helplines_for(self.helplines, "pupil", self.key_stage.id)

    @property
    def parent_helplines(self) -> list[Helpline]:
        """Helplines for parents and carers."""
        return helplines_for(self.helplines, "parent", self.key_stage.id)

    @property
    def summary(self) -> str:
        """What the lesson does at this key stage (the key stage's own summary, else the lesson's)."""
        return self.content.summary or self.meta.summary

    @property
    def ground_rules(self) -> list[str]:
        """The ground rules at this key stage: the key stage's own, else the lesson's."""
        return list(self.content.ground_rules or self.meta.ground_rules)

    @property
    def title_picture(self) -> PictureUse | None:
        """The picture shown with the title: the key stage's, else the lesson's."""
        return self.content.picture or self.meta.picture

    def picture_of(self, name: str, own: PictureUse | None = None) -> PictureUse | None:
        """``own`` picture if given, else the picture of the character called ``name`` (chat senders, roles)."""
        if own is not None:
            return own
        for character in self.content.characters:
            if character.name == name:
                return character.picture
        return None

    def steps(self) -> list[Step]:
        """The lesson plan in order, with start times."""
        c = self.content
        parts: list[tuple[str, str, int, ActivityBase | None]] = [("Introduction", "Ground rules and question box",
                                                                   c.introduction.minutes, None)]
        # The quizzes sit where the slides show them: the starter before the baseline, the exit
        # quiz after the endpoint (a quiz without minutes is not in the plan; lint warns).
        if c.starter_quiz and c.starter_quiz_minutes:
            parts.append(("Starter quiz", f"What do pupils know already? ({len(c.starter_quiz)} questions)",
                          c.starter_quiz_minutes, None))
        parts.append(("Baseline", c.baseline.title, c.baseline.minutes, c.baseline))
        parts += [(f"Activity {i}", a.title, a.minutes, a) for i, a in enumerate(c.activities, 1)]
        parts.append(("Endpoint", c.endpoint.title, c.endpoint.minutes, c.endpoint))
        if c.exit_quiz and c.exit_quiz_minutes:
            parts.append(("Exit quiz", f"What have pupils learned? ({len(c.exit_quiz)} questions)",
                          c.exit_quiz_minutes, None))
        parts.append(("Plenary", "Key messages and where to get help", c.plenary.minutes, None))
        steps, clock = [], 0
        for label, title, minutes, activity in parts:
            steps.append(Step(label, title, minutes, clock, activity))
            clock += minutes
        return steps

    def worksheet_activities(self) -> list[tuple[str, ActivityBase]]:
        """(label, activity) for every activity that has space on the worksheet."""
        return [(s.label, s.activity) for s in self.steps() if s.activity is not None and s.activity.on_worksheet]


def build_view(lesson: Lesson, stage_id: str, school: SchoolInfo, helplines: list[Helpline]) -> StageView:
    """The :class:`StageView` of ``lesson`` at ``stage_id``."""
    return StageView(lesson.id, lesson.meta, lesson.stages[stage_id], KEY_STAGES[stage_id],
                     lesson.duration(stage_id), school, helplines)


def match_right_column(activity: Match) -> list[str]:
    """The right-hand items in a stable shuffled order (same every build, never the answer order)."""
    items = [pair.right for pair in activity.pairs]
    seed = int(hashlib.sha256(activity.id.encode()).hexdigest(), 16)
    rng = random.Random(seed)
    for _ in range(20):
        shuffled = items[:]
        rng.shuffle(shuffled)
        if all(a != b for a, b in zip(shuffled, items)):
            return shuffled
    return items[1:] + items[:1]  # a rotation is never the answer order


def match_answer_letters(activity: Match) -> list[str]:
    """For each left item, the letter of its partner in :func:`match_right_column`."""
    column = match_right_column(activity)
    return ["ABCDEFGH"[column.index(pair.right)] for pair in activity.pairs]
