"""The order pupils see a question's options in: shuffled, but the same in every build and every format."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from ..model import QuizQuestion

LETTERS = "ABCD"
TRUE_FALSE = ["True", "False"]


@dataclass(frozen=True)
class ShuffledQuestion:
    """A question with its options in display order and the index of the right one."""

    question: QuizQuestion
    options: list[str]
    right_index: int

    @property
    def right_letter(self) -> str:
        """'A' ... 'D': the letter of the right option."""
        return LETTERS[self.right_index]

    @property
    def text(self) -> str:
        """The question as pupils see it."""
        return self.question.question


def _seed(text: str) -> int:
    # Seeded by the question text (not Python's salted hash()), so every build and
    # every export shows the same order, and rewording a question reshuffles only it.
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def shuffled(question: QuizQuestion) -> ShuffledQuestion:
    """The question's options in their stable shuffled order (True before False for true/false)."""
    if question.is_true_false:
        return ShuffledQuestion(question, list(TRUE_FALSE), TRUE_FALSE.index(question.right))
    options = [question.right, *question.distractors]
    random.Random(_seed(question.question)).shuffle(options)
    return ShuffledQuestion(question, options, options.index(question.right))


def shuffled_quiz(questions: list[QuizQuestion]) -> list[ShuffledQuestion]:
    """Every question of a quiz, shuffled."""
    return [shuffled(q) for q in questions]
