"""``lessonpack lint`` for quizzes and misconceptions: the same wording, age, distancing and
readability rules as all pupil text, plus the quiz's own: every objective checked, a picture on
every ks1 question, and a misconception never printed to pupils as if it were true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problem
from ..model import KeyStageFile


def quiz_texts(stage: KeyStageFile):
    """(pupil refs, teacher refs) of both quizzes: questions and options, then feedback and responses."""
    from ..checks.lint import _list, _ref

    pupil, teacher = [], []
    for question in [*stage.starter_quiz, *stage.exit_quiz]:
        pupil.append(_ref(question, "question", "running"))
        if isinstance(question.answer, str):
            pupil.append(_ref(question, "answer", "label"))
        pupil += _list(question, "distractors", "label")
        teacher.append(_ref(question, "feedback", "label"))
    teacher += [_ref(m, "response", "label") for m in stage.misconceptions]
    return pupil, teacher


def _same(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", text.lower())).strip()


def lint_quizzes(lesson, stage_id: str, stage: KeyStageFile, rules) -> Iterator[Problem]:
    """Every lint problem in the quizzes and misconceptions of one key stage."""
    from ..checks.lint import _contains, pupil_texts, rule_age, rule_wording

    for field, what in (("starter_quiz", "a starter quiz (4-8 questions)"), ("exit_quiz", "an exit quiz (4-8 questions)"),
                        ("misconceptions", "2-4 misconceptions")):
        if not getattr(stage, field):
            yield Problem(stage.location(), f"[quiz] add '{field}': every lesson-stage has {what}", "warning")
    pupil, teacher = quiz_texts(stage)
    # The pupil part is in lint.pupil_texts, so wording, age and readability already cover it.
    yield from rule_wording(teacher, rules)
    # rule_age also reports a wrongly tagged lesson; that is already said once for the stage.
    yield from (p for p in rule_age(lesson, stage_id, teacher, rules) if "is tagged" not in p.message)
    for ref in pupil:
        if ref.role == "running":
            for phrase in rules.distancing_phrases:
                if _contains(ref.text, phrase):
                    yield Problem(ref.location, f"[distancing] '{phrase}' asks about pupils' own experiences; "
                                                "ask about a fictional character instead")
    # A true/false statement is asked, not asserted ("true or false?"), so it may voice a myth.
    asked = {st.text for a in stage.all_activities() if a.type == "true-false" for st in a.statements}
    asked |= {q.question for q in [*stage.starter_quiz, *stage.exit_quiz] if q.is_true_false}
    shown = [_same(r.text) for r in pupil_texts(stage) if r.text not in asked]
    for index, misconception in enumerate(stage.misconceptions):
        belief = _same(misconception.belief)
        if any(belief and belief in text for text in shown):
            yield Problem(misconception.location("belief"),
                          "[misconceptions] this mistaken belief is printed to pupils word for word; frame it as "
                          "'Some people think ... What would you say?' or leave it to the teacher guide")
    for kind, minutes, where in (("starter", stage.starter_quiz_minutes, "before the baseline"),
                                 ("exit", stage.exit_quiz_minutes, "before the plenary")):
        if getattr(stage, f"{kind}_quiz") and minutes is None:
            yield Problem(stage.location(f"{kind}_quiz"), f"[plan] the {kind} quiz has no time in the lesson plan: add "
                                                          f"'{kind}_quiz_minutes: {2 if kind == 'starter' else 3}' "
                                                          f"(it runs {where}) and take the minutes from other parts "
                                                          "so the lesson still adds up", "warning")
    if stage_id == "ks1":
        for question in [*stage.starter_quiz, *stage.exit_quiz]:
            if question.picture is None:
                yield Problem(question.location("question"), "[ks1] a ks1 quiz question needs a picture (e.g. "
                                                             "'picture: secret'): most five-year-olds cannot read it")
    if stage.exit_quiz:
        checked = {q.objective for q in stage.exit_quiz}
        for number, objective in enumerate(stage.objectives, 1):
            if number not in checked:
                yield Problem(stage.location("exit_quiz"),
                              f"[quiz] no exit question checks objective {number} (“{objective[:50]}…”); "
                              f"add one with 'objective: {number}'", "warning")
