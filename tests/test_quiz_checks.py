"""Quiz validation (``check``) and lint: exact messages at the YAML line, as a teacher would read them."""

from __future__ import annotations

import pytest
from helpers import edit

from generator.errors import ValidationFailed
from generator.lessons import load_lessons
from generator.checks.lint import lint

FIRST = '''  - question: "TODO: what is the first quiz, part 1?"
    answer: "TODO: the right one"
    distractors: ["TODO: a wrong one", "TODO: one more wrong one"]'''


def problems(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    return [str(p) for p in caught.value.problems]


def lint_problems(project) -> list[str]:
    try:
        _, found = lint(project.lessons, project.data, project.root / "curricula", project.root)
    except ValidationFailed as exc:
        found = exc.problems
    return [str(p) for p in found]


def replace_first(project, question: str, answer: str, distractors: str) -> None:
    edit(project, "ks2.yaml", FIRST, f"  - question: {question}\n    answer: {answer}\n    distractors: {distractors}")


def test_two_right_answers(project):
    replace_first(project, '"Who can help?"', '["A teacher", "Childline"]', '["Nobody", "A stranger"]')
    assert problems(project) == [
        "lessons/demo/ks2.yaml:56:13: error: starter question 1 has 2 right answers ('A teacher', 'Childline'); "
        "a quiz question has exactly one: keep one as 'answer' and reword the others as wrong 'distractors'"]


def test_duplicate_option_names_the_line_of_the_first(project):
    replace_first(project, '"Who can help?"', '"A trusted adult"', '["A stranger", "a trusted adult."]')
    assert problems(project) == [
        "lessons/demo/ks2.yaml:57:33: error: starter question 1 has the option 'a trusted adult.' twice (line 56); "
        "every option must differ"]


def test_question_too_long_for_kahoot(project):
    long = "Which " + "very " * 25 + "long question is this?"
    replace_first(project, f'"{long}"', '"A trusted adult"', '["A stranger", "Nobody at all"]')
    assert problems(project) == [
        f"lessons/demo/ks2.yaml:55:15: error: starter question 1 is {len(long)} characters; Kahoot allows 120: "
        "shorten it so it is not cut off on import"]


def test_option_too_long_for_kahoot(project):
    option = "A trusted adult " + "who listens " * 6
    replace_first(project, '"Who can help?"', f'"{option.strip()}"',
                  f'["{"A stranger online " * 4}", "{"Nobody at all, never " * 3}"]')
    assert problems(project) == [
        "lessons/demo/ks2.yaml:56:13: error: option of starter question 1 is 87 characters; Kahoot allows 75: "
        "shorten it so it is not cut off on import"]


def test_much_longer_right_answer_gives_itself_away(project):
    replace_first(project, '"Who can help?"', '"A trusted adult at home or at school"', '["Nobody", "A stranger"]')
    assert problems(project) == [
        "lessons/demo/ks2.yaml:56:13: error: the right answer of starter question 1 is much longer than every other "
        "option (36 characters, the others at most 10), which gives it away: make the options a similar length"]


def test_exit_question_naming_an_unknown_objective(project):
    edit(project, "ks2.yaml", "    objective: 1\n  - question: \"TODO: what is the last quiz, part 2?\"",
         "    objective: 3\n  - question: \"TODO: what is the last quiz, part 2?\"")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:76:16: error: exit question 1 checks objective 3, which does not exist: "
        "the only objective is 1"]


def test_true_false_is_for_ks1_ks2_only(project):
    (project.lessons / "demo" / "ks2.yaml").rename(project.lessons / "demo" / "ks3.yaml")
    edit(project, "ks3.yaml", FIRST, '  - question: "Childline is free to call."\n    answer: true')
    assert problems(project) == [
        "lessons/demo/ks3.yaml:56:13: error: starter question 1 is true/false, which is for ks1-ks2 only: "
        "give ks3 a right answer and 2-3 'distractors'"]


def test_too_few_questions(project):
    text = (project.lessons / "demo" / "ks2.yaml").read_text()
    start = text.index('  - question: "TODO: what is the first quiz, part 2?"')
    end = text.index("exit_quiz:")
    (project.lessons / "demo" / "ks2.yaml").write_text(text[:start] + text[end:])
    assert problems(project) == ["lessons/demo/ks2.yaml:55:3: error: 'starter_quiz' needs at least 4 item(s), found 1"]


def test_blame_in_feedback_and_a_misconception_shown_to_pupils_are_lint_errors(project):
    edit(project, "ks2.yaml", '"TODO: one line for the teacher: why it is right."',
         '"Sam should have known better than to reply."')
    edit(project, "ks2.yaml", '"TODO: something pupils may wrongly believe"', '"TODO: the right one"')
    found = [p for p in lint_problems(project) if "[wording]" in p or "[misconceptions]" in p]
    assert found == [
        "lessons/demo/ks2.yaml:58:15: error: [wording] victim-blaming wording 'should have known': the person who "
        "abuses is always responsible; say what someone can do instead",
        "lessons/demo/ks2.yaml:93:13: error: [misconceptions] this mistaken belief is printed to pupils word for "
        "word; frame it as 'Some people think ... What would you say?' or leave it to the teacher guide"]


def test_an_objective_no_exit_question_checks_is_a_lint_warning(project):
    edit(project, "ks2.yaml", '  - "Identify ... (TODO: use observable verbs: identify, describe, explain, show)"',
         '  - "Identify ... (TODO: use observable verbs: identify, describe, explain, show)"\n'
         '  - "Describe who can help."')
    found = [p for p in lint_problems(project) if "[quiz]" in p]
    assert found == ["lessons/demo/ks2.yaml:73:3: warning: [quiz] no exit question checks objective 2 "
                     "(“Describe who can help.…”); add one with 'objective: 2'"]


def test_a_stage_without_quizzes_gets_lint_warnings(project):
    path = project.lessons / "demo" / "ks2.yaml"
    text = path.read_text()
    path.write_text(text[:text.index("# Quizzes:")])
    found = [p for p in lint_problems(project) if "[quiz]" in p]
    assert found == [
        "lessons/demo/ks2.yaml:3:1: warning: [quiz] add 'starter_quiz': every lesson-stage has a starter quiz (4-8 questions)",
        "lessons/demo/ks2.yaml:3:1: warning: [quiz] add 'exit_quiz': every lesson-stage has an exit quiz (4-8 questions)",
        "lessons/demo/ks2.yaml:3:1: warning: [quiz] add 'misconceptions': every lesson-stage has 2-4 misconceptions"]
