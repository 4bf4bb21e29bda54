"""The two quizzes of a lesson-stage as every output sees them: named, timed and shuffled."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import KeyStageFile
from .options import ShuffledQuestion, shuffled_quiz

#: Seconds per question: ks1 questions are read aloud twice, older pupils read for themselves.
#: Every value is one Kahoot accepts (5, 10, 20, 30, 60, 90, 120, 240) and within Blooket's 300.
SECONDS = {"ks1": 60, "ks2": 30, "ks3": 20, "ks4": 20}


@dataclass(frozen=True)
class Quiz:
    """One quiz of one lesson-stage."""

    kind: str  # "starter" or "exit"
    title: str  # e.g. "Spotting fake identities (KS2): exit quiz"
    questions: list[ShuffledQuestion]
    seconds: int

    @property
    def heading(self) -> str:
        """'Starter quiz' or 'Exit quiz'."""
        return f"{self.kind.capitalize()} quiz"


def stage_quizzes(title: str, stage_name: str, stage_id: str, content: KeyStageFile) -> list[Quiz]:
    """The starter and exit quizzes that the key stage has (none, one or both)."""
    quizzes = []
    for kind, questions in (("starter", content.starter_quiz), ("exit", content.exit_quiz)):
        if questions:
            quizzes.append(Quiz(kind, f"{title} ({stage_name}): {kind} quiz", shuffled_quiz(questions),
                                SECONDS[stage_id]))
    return quizzes


def objective_checks(content: KeyStageFile) -> dict[int, list[int]]:
    """For each objective number (1-based), the exit questions (1-based) that check it; [] is a gap."""
    checks: dict[int, list[int]] = {n: [] for n in range(1, len(content.objectives) + 1)}
    for number, question in enumerate(content.exit_quiz, 1):
        checks.setdefault(question.objective, []).append(number)
    return checks
