"""What ``lessonpack check`` verifies in each quiz: one right answer, fair options, the limits of Kahoot.

Each problem points at the YAML line of the text it is about (the option that is too
long, the repeated distractor), so a teacher can fix it without hunting.
"""

from __future__ import annotations

import re

from ..errors import Location, Problem
from ..model import KeyStageFile, QuizQuestion, Strict

#: Kahoot's import limits; the strictest of the tools we export to (Blooket and QTI allow more).
QUESTION_MAX = 120
OPTION_MAX = 75
#: True/false questions are read aloud to younger pupils; older pupils get real distractors.
TRUE_FALSE_STAGES = ("ks1", "ks2")
#: A right answer this many times longer (or shorter) than the other options gives itself away...
GIVEAWAY_RATIO = 1.8
#: ...once the difference is also at least this many characters (short options vary a lot).
GIVEAWAY_MIN_CHARS = 15


def _at(model: Strict, field: str, index: int | None = None) -> Location | None:
    if model._origin is None:
        return None
    source, path = model._origin
    return source.locate(path + ((field,) if index is None else (field, index)))


def _same(text: str) -> str:
    """Options that differ only in case, spacing or end punctuation count as the same."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".!?").casefold()


def check_question(question: QuizQuestion, stage_id: str, what: str) -> list[Problem]:
    """Problems with one question; ``what`` names it in messages, e.g. 'starter question 2'."""
    problems = []
    if len(question.question) > QUESTION_MAX:
        problems.append(Problem(_at(question, "question"), f"{what} is {len(question.question)} characters; Kahoot "
                                f"allows {QUESTION_MAX}: shorten it so it is not cut off on import"))
    answer = question.answer
    if isinstance(answer, list):
        if len(answer) != 1:
            shown = ", ".join(f"'{a}'" for a in answer)
            problems.append(Problem(_at(question, "answer"), f"{what} has {len(answer)} right answers ({shown}); a "
                                    "quiz question has exactly one: keep one as 'answer' and reword the others "
                                    "as wrong 'distractors'"))
            return problems
    if question.is_true_false:
        if stage_id not in TRUE_FALSE_STAGES:
            problems.append(Problem(_at(question, "answer"), f"{what} is true/false, which is for ks1-ks2 only: "
                                    f"give {stage_id} a right answer and 2-3 'distractors'"))
        if question.distractors:
            problems.append(Problem(_at(question, "distractors"), f"{what} is true/false (answer: "
                                    f"{str(answer).lower()}), so it takes no 'distractors'"))
        return problems
    count = len(question.distractors)
    if count not in (2, 3):
        problems.append(Problem(_at(question, "distractors") or _at(question, "answer"),
                                f"{what} needs 2 or 3 'distractors' (plausible wrong answers), found {count}"))
    options = [(question.right, _at(question, "answer"))]
    options += [(d, _at(question, "distractors", i)) for i, d in enumerate(question.distractors)]
    seen: dict[str, Location | None] = {}
    for text, where in options:
        key = _same(text)
        if key in seen:
            first = seen[key]
            line = f" (line {first.line})" if first and first.line else ""
            problems.append(Problem(where, f"{what} has the option '{text}' twice{line}; every option must differ"))
        else:
            seen[key] = where
        if len(text) > OPTION_MAX:
            problems.append(Problem(where, f"option of {what} is {len(text)} characters; Kahoot allows "
                                    f"{OPTION_MAX}: shorten it so it is not cut off on import"))
    problems += _giveaway(question, what)
    return problems


def _giveaway(question: QuizQuestion, what: str) -> list[Problem]:
    """A right answer much longer or shorter than every wrong one can be guessed without knowing."""
    if not question.distractors:
        return []
    right = len(question.right)
    longest = max(len(d) for d in question.distractors)
    shortest = min(len(d) for d in question.distractors)
    if right > longest * GIVEAWAY_RATIO and right - longest >= GIVEAWAY_MIN_CHARS:
        size = f"longer than every other option ({right} characters, the others at most {longest})"
    elif right * GIVEAWAY_RATIO < shortest and shortest - right >= GIVEAWAY_MIN_CHARS:
        size = f"shorter than every other option ({right} characters, the others at least {shortest})"
    else:
        return []
    return [Problem(_at(question, "answer"), f"the right answer of {what} is much {size}, which gives it away: "
                                             "make the options a similar length")]


def check_quizzes(stage_id: str, stage: KeyStageFile) -> list[Problem]:
    """Every quiz problem of one key stage (the counts of questions are checked by the schema)."""
    problems = []
    for number, question in enumerate(stage.starter_quiz, 1):
        problems += check_question(question, stage_id, f"starter question {number}")
    for number, question in enumerate(stage.exit_quiz, 1):
        what = f"exit question {number}"
        problems += check_question(question, stage_id, what)
        count = len(stage.objectives)
        if question.objective > count:
            known = "the only objective is 1" if count == 1 else (
                f"objectives are numbered 1 to {count}, in the order of 'objectives'")
            problems.append(Problem(_at(question, "objective"), f"{what} checks objective {question.objective}, "
                                    f"which does not exist: {known}"))
    return problems
