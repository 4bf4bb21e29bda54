"""lessonpack lint: each rule catches a bad example and passes a good one."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import edit

from generator.errors import ValidationFailed
from generator.checks.lint import lint


def run_lint(project):
    return lint(project.lessons, project.data, project.root / "curricula", project.root)


def lint_errors(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        run_lint(project)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def test_the_scaffold_passes_lint(project):
    count, warnings = run_lint(project)
    assert count == 1 and [w for w in warnings if w.severity == "error"] == []


def test_all_shipped_lessons_pass_lint():
    count, warnings = lint(ROOT / "lessons", ROOT / "data", ROOT / "curricula", ROOT)
    assert count == 6
    assert all(w.severity == "warning" for w in warnings)


SCENARIO = 'scenario: "TODO: a short story about fictional characters."'
INSTRUCTIONS = 'instructions: "Read the story and talk about the questions."'

CASES = {
    "objectives": ("ks2.yaml", '"Identify ... (TODO: use observable verbs: identify, describe, explain, show)"',
                   '"Understand why people lie online"',
                   "lessons/demo/ks2.yaml:4:5: error: [objectives] objective should start with an observable verb "
                   "(identify, describe, explain, show ...): 'understand' cannot be observed"),
    "outcomes": ("ks2.yaml", '"I can ... (TODO)"', '"Pupils can name a helpline"',
                 "lessons/demo/ks2.yaml:6:5: error: [outcomes] outcomes are 'I can ...' statements"),
    "baseline-endpoint": ("ks2.yaml", "  revisits: before\n", "",
                          "lessons/demo/ks2.yaml:35:3: error: [baseline-endpoint] the endpoint must return to the "
                          "baseline: set 'revisits: before'"),
    "differentiation": ("ks2.yaml", '    support: "TODO: a way to make it easier."\n', "",
                        "lessons/demo/ks2.yaml:23:5: error: [differentiation] activity 'main-activity' needs a "
                        "'support' option"),
    "ground-rules": ("lesson.yaml", '  - "Everyone has the right to pass."\n', "",
                     "lessons/demo/lesson.yaml:15:3: error: [ground-rules] the ground rules need one about the "
                     "right to pass"),
    "question-box": ("ks2.yaml", "Show the question box. ", "",
                     "lessons/demo/ks2.yaml:12:18: error: [question-box] mention the anonymous question box in the "
                     "introduction or plenary"),
    "signposting": ("ks2.yaml", '"Childline: 0800 1111"', '"Be kind"',
                    "lessons/demo/ks2.yaml:45:18: error: [signposting] the plenary should name outside help "
                    "(e.g. Childline, 0800 1111)"),
    "dsl-note": ("lesson.yaml", "Tell your designated safeguarding lead (DSL) the date", "Tell your colleagues the date",
                 "lessons/demo/lesson.yaml:9:13: error: [dsl-note] the DSL note must tell the teacher to inform the "
                 "designated safeguarding lead (DSL)"),
    "phone": ("ks2.yaml", INSTRUCTIONS, 'instructions: "If worried, call 0800 123 4567."',
              "lessons/demo/ks2.yaml:27:19: error: [helplines] phone number '0800 123 4567' is not in "
              "data/helplines.yaml; use a registered number or add it there after checking it"),
    "web": ("ks2.yaml", INSTRUCTIONS, 'instructions: "Read more at www.example.com/help."',
            "lessons/demo/ks2.yaml:27:19: error: [helplines] web address 'www.example.com/help.' is not in "
            "data/helplines.yaml"),
    "blaming": ("ks2.yaml", SCENARIO, 'scenario: "Sam sent a photo. It was his own fault, really."',
                "lessons/demo/ks2.yaml:31:15: error: [wording] victim-blaming wording 'his own fault'"),
    "fear": ("ks2.yaml", INSTRUCTIONS, 'instructions: "Never go online alone."',
             "lessons/demo/ks2.yaml:27:19: error: [wording] fear wording 'never go online': keep it calm and say "
             "what pupils can do"),
    "age-word": ("ks2.yaml", SCENARIO, 'scenario: "Someone asked Sam for a nude photo."',
                 "lessons/demo/ks2.yaml:31:15: error: [age] 'nude' is a sexual topic, taught only from ks3"),
    "distancing": ("ks2.yaml", 'questions: ["TODO"]', 'questions: ["Have you ever been asked for a photo?"]',
                   "lessons/demo/ks2.yaml:32:17: error: [distancing] 'have you ever' asks about pupils' own "
                   "experiences; ask about a fictional character instead"),
    "curriculum": ("ks2.yaml", "letter:\n", "curriculum:\n  pshe: [KS2-R12, KS9-Z99, KS1-H28]\nletter:\n", None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_catches_its_bad_example(project, case):
    file, old, new, expected = CASES[case]
    edit(project, file, old, new)
    errors = lint_errors(project)
    if case == "curriculum":
        assert errors == [
            "lessons/demo/ks2.yaml:48:19: error: [curriculum] unknown pshe statement 'KS9-Z99'",
            "lessons/demo/ks2.yaml:48:28: error: [curriculum] pshe statement 'KS1-H28' is for ks1, not ks2",
        ]
    elif case == "blaming":
        assert len(errors) == 1 and errors[0].startswith(expected.replace("his own", "his own"))
    else:
        assert errors == [expected] or (len(errors) == 1 and errors[0].startswith(expected)), errors


def test_blaming_phrase_list_catches_your_own_fault(project):
    edit(project, "ks2.yaml", SCENARIO, 'scenario: "Everyone said it was your own fault."')
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:31:15: error: [wording] victim-blaming wording 'your own fault': the person who "
        "abuses is always responsible; say what someone can do instead"]


def test_a_characters_own_words_are_not_flagged(project):
    edit(project, "ks2.yaml", """  - id: main-activity
    type: discussion""", """  - id: chat
    type: spot-the-clues
    title: Spot the clues
    minutes: 5
    instructions: Circle the warning signs.
    teacher_notes: Go through the clues.
    support: Read it aloud.
    stretch: Rank the clues.
    setting: A game chat
    messages:
      - sender: Max
        text: "If you tell anyone it will be your own fault."
        clue: A threat to keep a secret.
      - sender: Jo
        text: OK
  - id: main-activity
    type: discussion""")
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 50")
    count, _ = run_lint(project)
    assert count == 1


def test_sexual_topics_are_fine_from_ks3(project):
    (project.lessons / "demo" / "ks2.yaml").rename(project.lessons / "demo" / "ks3.yaml")
    edit(project, "ks3.yaml", SCENARIO, 'scenario: "Someone asked Sam for a nude photo."')
    count, _ = run_lint(project)
    assert count == 1


def test_lessons_tagged_sexual_cannot_have_primary_stages(project):
    edit(project, "lesson.yaml", "tags: []", "tags: [sexual]")
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:3:1: error: [age] lesson is tagged 'sexual' and may only be taught from ks3: "
        "remove ks2.yaml"]


def test_readability_reports_the_hardest_sentences(project):
    hard = ("Consequently, individuals communicating anonymously through internationally distributed "
            "communication platforms frequently misrepresent characteristics, necessitating considerable "
            "vigilance. Additionally, sophisticated manipulative methodologies facilitate exploitation.")
    edit(project, "ks2.yaml", SCENARIO, f'scenario: "{hard}"')
    [error] = lint_errors(project)
    assert error.startswith("lessons/demo/ks2.yaml:31:15: error: [readability] pupil text reads at grade ")
    assert "(limit 5.0 for ks2); hardest sentences: grade" in error
    assert "“Consequently, individuals communicating anonymously" in error
    assert "(lessons/demo/ks2.yaml:31:15)" in error


def test_unused_sort_category_leaves_an_empty_answer_key(project):
    edit(project, "ks2.yaml", """  - id: main-activity
    type: discussion""", """  - id: sorting
    type: sort
    title: Sort the cards
    minutes: 5
    instructions: Sort the cards.
    teacher_notes: Check the answers.
    support: Work in pairs.
    stretch: Add a card.
    categories: [Safe, Not safe]
    items:
      - {text: Telling a teacher, category: Safe}
      - {text: Asking a parent, category: Safe}
  - id: main-activity
    type: discussion""")
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 50")
    assert lint_errors(project) == [
        "lessons/demo/ks2.yaml:31:17: error: [answers] no card belongs in category 'Not safe'; the answer key "
        "would be empty"]
