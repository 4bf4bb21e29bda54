"""Lint rules from the pupil-materials review: each catches a bad example (exact message)."""

from __future__ import annotations

import pytest
from helpers import edit
from test_lint import INSTRUCTIONS, SCENARIO, lint_errors, run_lint

from generator.checks.lint import load_rules
from generator.checks.lint_pupil import PupilRules, rule_names
from conftest import ROOT

LIMIT = "say the limit instead: \"If I think someone might not be safe, I have to tell someone who can help.\""
TRUE_FALSE = """  - id: myths
    type: true-false
    title: Myth or fact?
    minutes: 5
    instructions: Tick true or false.
    teacher_notes: Read each one aloud, then discuss.
    support: Read them aloud.
    stretch: Explain one answer.
    statements:
      - {text: "STATEMENT", answer: false, explanation: "The person who does it is responsible."}
      - {text: "You can tell a trusted adult.", answer: true, explanation: "Always."}
  - id: main-activity
    type: discussion"""


def _with_statement(project, statement: str) -> None:
    edit(project, "ks2.yaml", "  - id: main-activity\n    type: discussion", TRUE_FALSE.replace("STATEMENT", statement))
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 50")


@pytest.mark.parametrize("closing, found", [
    ("Remember our ground rules: what we shared today stays kind and private.", "what we shared today stays kind and private"),
    ("Everything we say stays in the room.", "Everything we say stays in the room"),
    ("It stays between us.", "stays between us"),
    ("I promise I won't tell anyone.", "I won't tell anyone"),
])
def test_privacy_promises_are_refused(project, closing, found):
    edit(project, "ks2.yaml", "Recap key messages, remind pupils of the ground rules and where to get help.",
         f"Recap key messages, remind pupils of the ground rules and where to get help. {closing}")
    assert lint_errors(project) == [
        f"lessons/demo/ks2.yaml:45:18: error: [confidentiality] '{found}' promises privacy staff cannot keep; {LIMIT}"]


def test_a_characters_secret_in_a_chat_is_not_a_promise(project):
    rules = load_rules(ROOT / "data", ROOT).pupil_rules
    from generator.checks.lint_pupil import rule_confidentiality
    from generator.model import Message
    assert list(rule_confidentiality(Message(sender="Max", text="I won't tell anyone, it stays between us"), rules)) == []


def test_the_limits_of_confidentiality_rule_passes(project):
    edit(project, "ks2.yaml", "Recap key messages, remind pupils of the ground rules and where to get help.",
         "Recap key messages, remind pupils of the ground rules and where to get help. "
         "If I think someone might not be safe, I have to tell someone who can help.")
    count, _ = run_lint(project)
    assert count == 1


def test_stranger_framing_in_pupil_text(project):
    edit(project, "ks2.yaml", SCENARIO, 'scenario: "Online friends are still strangers."')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:31:15: error: [stranger] 'strangers': talk about people we don't know "
        "(or only know online), not strangers"]


def test_harmful_belief_must_be_framed(project):
    _with_statement(project, "If a photo of you is shared, it is your fault.")
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:32:16: error: [myth] a harmful belief ('fault') printed as a bare statement; "
        "frame it \"Some people think ... What would you say?\""]


def test_framed_belief_passes(project):
    _with_statement(project, "Some people think it is your fault if a photo is shared. What would you say?")
    count, _ = run_lint(project)
    assert count == 1


def test_statistic_needs_a_year(project):
    edit(project, "ks2.yaml", SCENARIO, 'scenario: "The police made 192 arrests in one week."')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:31:15: error: [statistic] a figure without a year; date it (e.g. 'in one week in 2017')"]


def test_answer_keys_that_repeat_the_question_or_say_look_for(project):
    edit(project, "ks2.yaml", 'questions: ["TODO"]\n    answers: ["TODO: points to draw out"]',
         'questions: ["Who could Sam tell?"]\n    answers: ["Look for: who Sam could tell"]')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:33:14: error: [answer-key] 'Look for: who Sam could tell' repeats the question or "
        "reads 'Look for:'; write the points a good answer makes"]


def test_block_before_evidence(project):
    edit(project, "ks2.yaml", INSTRUCTIONS, 'instructions: "Block them, then keep evidence and report."')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:27:19: error: [evidence-first] say 'keep evidence' before 'block' "
        "(blocking first can lose the messages)"]


def test_identical_teacher_notes(project):
    edit(project, "ks2.yaml", 'teacher_notes: "TODO: how to run it."',
         'teacher_notes: "Agree the ground rules. Show the question box. Say what the lesson is about."')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:28:20: error: [notes] the same teacher notes as another part; "
        "write what to say and do in this one"]


def test_ks1_sort_cards(project):
    (project.lessons / "demo" / "ks2.yaml").rename(project.lessons / "demo" / "ks1.yaml")
    items = "\n".join(f'      - {{text: "Card {n} has far too many words on it", category: Safe}}' for n in range(7))
    edit(project, "ks1.yaml", "  - id: main-activity\n    type: discussion", f"""  - id: cards
    type: sort
    title: Sort
    minutes: 5
    instructions: Sort the cards.
    teacher_notes: Sort them together.
    support: Do it in pairs.
    stretch: Add a card.
    categories: [Safe, Not safe]
    items:
{items}
      - {{text: "Tell a grown-up", category: Not safe, picture: teacher}}
  - id: main-activity
    type: discussion""")
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 50")
    # The scaffold's quiz questions have no pictures either; tests/test_quiz_pictures.py covers those.
    errors = [e for e in lint_errors(project) if "[ks1]" in e and "quiz question" not in e]
    assert errors[0] == "lessons/demo/ks1.yaml:33:7: error: [ks1] 8 cards to sort; five-year-olds manage at most 6"
    assert sum("error: [ks1] a ks1 card needs a picture: most five-year-olds cannot read it" in e for e in errors) == 7
    assert sum("error: [ks1] a ks1 card has at most 6 words" in e for e in errors) == 7
    assert len(errors) == 1 + 2 * 7


def test_a_name_belongs_to_one_lesson_per_key_stage():
    from generator.lessons import load_lessons
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    assert list(rule_names(lessons, load_rules(ROOT / "data", ROOT).pupil_rules)) == []
    # Give a character of one lesson the name of another lesson's character at the same stage.
    first, second = [l for l in lessons if "ks2" in l.stages and l.stages["ks2"].characters][:2]
    renamed = second.stages["ks2"].characters[0].model_copy(update={"name": first.stages["ks2"].characters[0].name})
    stages = dict(second.stages)
    stages["ks2"] = second.stages["ks2"].model_copy(update={"characters": [renamed]})
    twin = type(second)(second.id, second.folder, second.meta, stages)
    problems = list(rule_names([first, twin], PupilRules()))
    assert [p.message for p in problems] == [
        f"[names] '{renamed.name}' is also a character in {first.id} at ks2; choose another name"]
