"""The quizzes take time: they are parts of the lesson plan, and the lesson still adds up to its length."""

from __future__ import annotations

from conftest import FLAGSHIP, ROOT
from helpers import edit, pdf_text
from test_quiz_checks import lint_problems, problems
from test_schools import merged, school_project, with_overrides  # noqa: F401 (school_project is a fixture)

from generator.helplines import load_helplines
from generator.lessons import load_lessons
from generator.school import DEFAULT_SCHOOL
from generator.views import build_view


def test_every_shipped_plan_has_both_quizzes_in_place_and_adds_up():
    helplines = load_helplines(ROOT / "data", ROOT)
    seen = 0
    for lesson in load_lessons(ROOT / "lessons", root=ROOT):
        for stage_id in lesson.stages:
            steps = build_view(lesson, stage_id, DEFAULT_SCHOOL, helplines).steps()
            labels = [step.label for step in steps]
            where = f"{lesson.id} {stage_id}"
            # Where the slides show them: after the introduction, and between the endpoint and the plenary.
            assert labels[:3] == ["Introduction", "Starter quiz", "Baseline"], where
            assert labels[-3:] == ["Endpoint", "Exit quiz", "Plenary"], where
            assert sum(step.minutes for step in steps) == lesson.duration(stage_id), where
            assert steps[-1].starts_at + steps[-1].minutes == lesson.duration(stage_id), where
            seen += 1
    assert seen == 22


def test_the_guide_plan_and_delivery_show_the_quizzes(flagship_build):
    text = pdf_text(flagship_build / "packs" / "ks1" / FLAGSHIP / "guide.pdf")
    assert "4–6 Starter quiz What do pupils know already? (4 questions) 2" in text
    assert "27–30 Exit quiz What have pupils learned? (5 questions) 3 30–35 Plenary" in text
    assert "Total 35" in text
    assert "Starter quiz (2 min) Read each question and its options aloud from the quiz slides, twice" in text
    assert "Exit quiz (3 min)" in text


def test_quiz_minutes_count_in_the_timings_check(project):
    edit(project, "ks2.yaml", "starter_quiz:", "starter_quiz_minutes: 2\nstarter_quiz:")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:3:1: error: timings add up to 47 minutes but the lesson is 45 minutes long "
        "(introduction 5 + activities 35 + quizzes 2 + plenary 5)"]


def test_a_quiz_without_minutes_is_a_lint_warning(project):
    found = [p for p in lint_problems(project) if "[plan]" in p]
    assert found == [
        "lessons/demo/ks2.yaml:55:3: warning: [plan] the starter quiz has no time in the lesson plan: add "
        "'starter_quiz_minutes: 2' (it runs before the baseline) and take the minutes from other parts so the "
        "lesson still adds up",
        "lessons/demo/ks2.yaml:72:3: warning: [plan] the exit quiz has no time in the lesson plan: add "
        "'exit_quiz_minutes: 3' (it runs before the plenary) and take the minutes from other parts so the "
        "lesson still adds up"]


def test_a_school_can_time_the_quizzes_and_the_lesson_length_follows(school_project):
    project, profile = school_project
    edit(project, "ks2.yaml", "starter_quiz:", "starter_quiz_minutes: 2\nstarter_quiz:")
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: 47")
    with_overrides(profile, "      timings: {starter_quiz: 4, exit_quiz: 3}\n")
    stage = merged(project, profile)
    assert (stage.starter_quiz_minutes, stage.exit_quiz_minutes, stage.duration_minutes) == (4, 3, 52)
