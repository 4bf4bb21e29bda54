"""The quiz files of a pack (``quiz/`` in each pack folder and zip), behind one small registry.

``QUIZ_FILES`` maps each kind to its path in the pack; :func:`render_quiz_file` makes
any of them from a lesson-stage view. A pack whose key stage has no quiz gets none.
"""

from __future__ import annotations

from collections.abc import Callable

from ..views import StageView
from .quizzes import Quiz, stage_quizzes

QUIZ_FILES = {
    "quiz-kahoot-starter": "quiz/kahoot-starter.xlsx",
    "quiz-kahoot-exit": "quiz/kahoot-exit.xlsx",
    "quiz-blooket-starter": "quiz/blooket-starter.csv",
    "quiz-blooket-exit": "quiz/blooket-exit.csv",
    "quiz-forms-starter": "quiz/forms-starter.docx",
    "quiz-forms-exit": "quiz/forms-exit.docx",
    "quiz-qti": "quiz/qti-package.zip",
    "quiz-answer-sheet": "quiz/answer-sheet.pdf",
}

def _kahoot(quiz: Quiz, font: str) -> bytes:
    from .kahoot import kahoot_xlsx

    return kahoot_xlsx(quiz)


def _blooket(quiz: Quiz, font: str) -> bytes:
    from .blooket import blooket_csv

    return blooket_csv(quiz)


def _forms(quiz: Quiz, font: str) -> bytes:
    from .forms import forms_docx

    return forms_docx(quiz, font)


# The writers are imported when first used: openpyxl and python-docx take about 0.15 s to import,
# and most processes that import this registry (campaign workers, `check`) never write a quiz file.
_PER_QUIZ: dict[str, Callable[[Quiz, str], bytes]] = {"kahoot": _kahoot, "blooket": _blooket, "forms": _forms}


def view_quizzes(view: StageView) -> list[Quiz]:
    """The starter and exit quizzes of a lesson-stage view (those it has)."""
    return stage_quizzes(view.meta.title, view.key_stage.name, view.key_stage.id, view.content)


def quiz_file_applies(kind: str, view: StageView) -> bool:
    """Whether the pack of ``view`` has file ``kind`` (only quizzes it has are exported)."""
    if kind not in QUIZ_FILES:
        return True
    kinds = {quiz.kind for quiz in view_quizzes(view)}
    if kind.endswith(("-starter", "-exit")):
        return kind.rsplit("-", 1)[1] in kinds
    return bool(kinds)


def render_quiz_file(kind: str, view: StageView, font: str) -> tuple[bytes, int]:
    """Bytes of quiz file ``kind`` (not the answer sheet, a PDF) and its number of questions."""
    quizzes = view_quizzes(view)
    if kind == "quiz-qti":
        from .qti import qti_package

        return qti_package(f"{view.lesson_id}-{view.key_stage.id}", quizzes), sum(len(q.questions) for q in quizzes)
    _, tool, which = kind.split("-")
    quiz = next(q for q in quizzes if q.kind == which)
    return _PER_QUIZ[tool](quiz, font), len(quiz.questions)


def quiz_context(view: StageView) -> dict:
    """What the worksheet, guide and answer-sheet templates need about the quizzes."""
    from .quizzes import objective_checks

    quizzes = {quiz.kind: quiz for quiz in view_quizzes(view)}
    return {
        "starter_quiz": quizzes.get("starter"),
        "exit_quiz": quizzes.get("exit"),
        "misconceptions": view.content.misconceptions,
        "objective_checks": objective_checks(view.content),
    }
