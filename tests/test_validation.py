"""Lesson validation: every problem at once, each with file:line:col and plain words."""

from __future__ import annotations

import pytest

from generator.errors import ValidationFailed
from helpers import edit

from generator.lessons import load_lessons


def problems(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    return [str(p) for p in caught.value.problems]


def test_scaffold_is_valid(project):
    [lesson] = load_lessons(project.lessons, root=project.root)
    assert lesson.id == "demo" and list(lesson.stages) == ["ks2"]


def test_unknown_key_suggests_the_right_one(project):
    edit(project, "ks2.yaml", "outcomes:", "outcome:")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:3:1: error: missing required key 'outcomes'",
        "lessons/demo/ks2.yaml:5:1: error: unknown key 'outcome' (did you mean 'outcomes'?)",
    ]


def test_all_problems_in_all_files_are_reported_together(project):
    edit(project, "lesson.yaml", "duration_minutes: 45", "duration_minutes: forty-five")
    edit(project, "ks2.yaml", "type: discussion", "type: discusion")
    edit(project, "ks2.yaml", "  boxes: [\"What I know now\"]", "  boxes: []")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:21:10: error: 'boxes' needs at least 1 item(s), found 0",
        "lessons/demo/ks2.yaml:24:11: error: unknown activity type 'discusion' (did you mean 'discussion'?)",
        "lessons/demo/lesson.yaml:7:19: error: 'duration_minutes' must be a whole number, found str 'forty-five'",
    ]


def test_timings_must_add_up_to_the_lesson_length(project):
    edit(project, "ks2.yaml", "    minutes: 25", "    minutes: 20")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:3:1: error: timings add up to 40 minutes but the lesson is 45 minutes long "
        "(introduction 5 + activities 30 + plenary 5)"
    ]


def test_multiple_choice_answer_must_be_an_option(project):
    edit(project, "ks2.yaml", """  - id: main-activity
    type: discussion
    title: "TODO"
    minutes: 25
    instructions: "Read the story and talk about the questions."
    teacher_notes: "TODO: how to run it."
    support: "TODO: a way to make it easier."
    stretch: "TODO: a way to extend it."
    scenario: "TODO: a short story about fictional characters."
    questions: ["TODO"]
    answers: ["TODO: points to draw out"]""", """  - id: quiz
    type: multiple-choice
    title: Quiz
    minutes: 25
    instructions: Choose one answer.
    teacher_notes: Go through the answers.
    questions:
      - question: Who can you tell?
        options: [A trusted adult, Nobody]
        answer: A teacher
        explanation: Telling helps.""")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:30:9: error: answer 'A teacher' is not one of the options",
    ]


@pytest.mark.parametrize("path, message", [
    ("../../etc/passwd.png", "must not contain '..' or empty parts; keep pictures inside the lesson folder"),
    ("http://example.com/x.png", "must be a relative path inside the lesson folder, not a URL or absolute path"),
    ("/etc/passwd.png", "must be a relative path inside the lesson folder, not a URL or absolute path"),
    ("images/missing.png", "picture file not found: images/missing.png"),
    ("images/chat.svg", "must be a PNG or JPEG file: slides cannot show SVG; convert it first, "
                        "e.g. rsvg-convert -w 800 logo.svg -o logo.png"),
    ("images/chat.gif", "must be a PNG or JPEG file (.png, .jpg, .jpeg)"),
])
def test_picture_paths_cannot_leave_the_lesson_folder(project, path, message):
    edit(project, "ks2.yaml", "  boxes: [\"What I know now\"]\nactivities:",
         f"  boxes: [\"What I know now\"]\n  picture:\n    path: {path}\n    alt: A chat\nactivities:")
    [problem] = problems(project)
    assert problem.startswith("lessons/demo/ks2.yaml:23:11: error: ")
    assert problem.endswith(message)


def test_picture_link_out_of_the_folder_is_refused(project, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"x")
    (project.lessons / "demo" / "images").mkdir()
    (project.lessons / "demo" / "images" / "link.png").symlink_to(secret)
    edit(project, "ks2.yaml", "  boxes: [\"What I know now\"]\nactivities:",
         "  boxes: [\"What I know now\"]\n  picture:\n    path: images/link.png\n    alt: A chat\nactivities:")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:23:11: error: picture path leads outside the lesson folder (through a link)"]


def test_unexpected_files_and_unknown_lessons_are_reported(project):
    (project.lessons / "demo" / "ks5.yaml").write_text("objectives: []\n")
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, only=["demo", "demoo"], root=project.root)
    assert [str(p) for p in caught.value.problems] == [
        "lessons: error: no lesson 'demoo'; available: demo",
        "lessons/demo/ks5.yaml: error: unexpected file 'ks5.yaml' (a lesson folder holds lesson.yaml and "
        "ks1.yaml ... ks4.yaml)",
    ]
