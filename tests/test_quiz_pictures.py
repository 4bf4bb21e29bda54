"""Pictures on quiz questions: checked like every picture, drawn on the quiz slides, on every ks1 question."""

from __future__ import annotations

import pytest
from conftest import FLAGSHIP, ROOT
from helpers import edit
from pptx import Presentation
from pptx.util import Pt
from test_quiz_checks import FIRST, lint_problems, problems

from generator.lessons import load_lessons
from generator.pictures import load_library

PICTURE_SHAPE = 13  # MSO_SHAPE_TYPE.PICTURE


def pictures_of(slide) -> list[str]:
    """The alt texts of the pictures on ``slide``, except the title bar's icon."""
    alts = [shape._element.nvPicPr.cNvPr.get("descr") for shape in slide.shapes if shape.shape_type == PICTURE_SHAPE]
    return [alt for alt in alts if not alt.startswith("Icon:")]


def sizes_of(slide) -> set[float]:
    """Every font size (points) of the text on ``slide``, except the footer's."""
    return {run.font.size / Pt(1) for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs
            if run.font.size and run.text.strip() and shape.top < Pt(500)}


def slide_titled(deck, title: str):
    """The slide whose title (its first text) is ``title``."""
    for slide in deck.slides:
        if any(shape.has_text_frame and shape.text_frame.text == title for shape in slide.shapes):
            return slide
    raise AssertionError(f"no slide titled {title!r}")


@pytest.fixture(scope="module")
def flagship():
    [lesson] = load_lessons(ROOT / "lessons", only=[FLAGSHIP], root=ROOT)
    return lesson


def test_ks1_question_slides_show_the_question_picture_with_the_library_alt_text(flagship_build, flagship):
    deck = Presentation(str(flagship_build / "packs" / "ks1" / FLAGSHIP / "slides.pptx"))
    library = load_library(ROOT / "themes")
    content = flagship.stages["ks1"]
    for heading, questions in (("Starter quiz", content.starter_quiz), ("Exit quiz", content.exit_quiz)):
        answers = pictures_of(slide_titled(deck, f"{heading}: answers"))
        for number, question in enumerate(questions, 1):
            slide = slide_titled(deck, f"{heading} ({number}/{len(questions)})")
            alt = library.alt(question.picture)
            assert pictures_of(slide) == [alt]
            assert alt in answers  # the reveal shows which question each answer belongs to
            # The options beside the picture stay readable from the back of the room.
            assert min(sizes_of(slide)) >= 24, (heading, number)
        assert min(sizes_of(slide_titled(deck, f"{heading}: answers"))) >= 24
    # A plain library name takes the library's words; a character keeps the lesson's own.
    first = content.starter_quiz[0].picture
    assert first.alt is None and library.alt(first) == library.pictures[first.name].alt


def test_unknown_picture_on_a_quiz_question_fails_check_with_a_suggestion(project):
    edit(project, "ks2.yaml", FIRST, FIRST + "\n    picture: secrett")
    assert problems(project) == [
        "lessons/demo/ks2.yaml:58:14: error: unknown picture 'secrett' (did you mean 'secret'?)"]


def test_a_ks1_quiz_question_without_a_picture_is_a_lint_error(project):
    folder = project.lessons / "demo"
    (folder / "ks1.yaml").write_text((folder / "ks2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    found = [p for p in lint_problems(project) if "[ks1] a ks1 quiz question" in p]
    assert found[0] == ("lessons/demo/ks1.yaml:55:15: error: [ks1] a ks1 quiz question needs a picture "
                        "(e.g. 'picture: secret'): most five-year-olds cannot read it")
    assert len(found) == 8  # every question of both quizzes


def test_every_shipped_ks1_quiz_question_has_a_library_picture():
    library = load_library(ROOT / "themes")
    missing, seen = [], 0
    for lesson in load_lessons(ROOT / "lessons", root=ROOT):
        stage = lesson.stages.get("ks1")
        if stage is None:
            continue
        for kind, questions in (("starter", stage.starter_quiz), ("exit", stage.exit_quiz)):
            for number, question in enumerate(questions, 1):
                seen += 1
                if question.picture is None or question.picture.name not in library.pictures:
                    missing.append(f"{lesson.id} {kind} {number}")
    assert seen >= 40 and missing == []
