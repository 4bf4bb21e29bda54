"""Slides are read from the back of a classroom: no body text under 24 pt at KS1-KS2 or 20 pt at
KS3-KS4, in every theme, with long text continuing on another slide instead of shrinking; KS1-KS2
decks that teach stop, leave, tell carry it in pictures, and the KS1 help slide speaks to a five-year-old."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import edit, normalise
from pptx import Presentation

from generator.helplines import helplines_at, load_helplines
from generator.lessons import load_lessons, stage_ids_for
from generator.project import Project
from generator.renderers.slide_canvas import EMU_PER_PT, FOOTER_H, SLIDE_H
from generator.renderers.slides import render_slides
from generator.renderers.textfit import FontMetrics
from generator.school import DEFAULT_SCHOOL
from generator.themes import load_theme
from generator.views import build_view

FLOOR = {"ks1": 24.0, "ks2": 24.0, "ks3": 20.0, "ks4": 20.0}
THEMES = ["default", "dyslexia-friendly", "large-print", "campaign-example"]


def decks(project: Project, theme_id: str, lessons: list[str] | None = None):
    """(lesson id, stage, Presentation) of every lesson-stage, rendered in ``theme_id``."""
    theme = load_theme(project.themes, theme_id, root=project.root)
    style = theme.settings.slides
    metrics = FontMetrics(theme.asset(style.metrics_regular), theme.asset(style.metrics_bold))
    helplines = load_helplines(project.data, root=project.root)
    for lesson in load_lessons(project.lessons, lessons, root=project.root):
        for stage in stage_ids_for(lesson, None):
            view = build_view(lesson, stage, DEFAULT_SCHOOL, helplines_at(helplines, stage))
            data, _ = render_slides(view, theme, metrics, lesson.folder)
            yield lesson.id, stage, Presentation(io.BytesIO(data))


def is_footer(shape) -> bool:
    """The lesson name and slide number along the bottom edge: for the teacher, not the class."""
    return shape.top / EMU_PER_PT >= SLIDE_H - FOOTER_H - 10


@pytest.mark.parametrize("theme", THEMES)
def test_every_slide_has_a_title_and_no_body_text_below_the_readable_size(theme):
    project = Project(ROOT)
    checked = 0
    for lesson, stage, deck in decks(project, theme):
        for number, slide in enumerate(deck.slides, 1):
            title = slide.shapes.title  # screen readers and PowerPoint's outline find the title here
            assert title is not None and title.text_frame.text.strip(), f"{theme} {lesson} {stage} slide {number}"
            for shape in slide.shapes:
                if not shape.has_text_frame or is_footer(shape):
                    continue
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip():
                            checked += 1
                            assert run.font.size.pt >= FLOOR[stage], (
                                f"{theme} {lesson} {stage} slide {number}: {run.font.size.pt} pt: {run.text[:40]!r}")
    assert checked > 2000  # every deck of all six lessons was looked at


def test_only_the_footer_is_small():
    [(_, _, deck)] = [d for d in decks(Project(ROOT), "default", ["sextortion"]) if d[1] == "ks3"]
    small = {run.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs if run.font.size.pt < 20}
    assert small and all(text == "Sextortion: spotting online blackmail and getting help · Key Stage 3"
                         or text.isdigit() for text in small), small


def test_a_story_too_long_for_one_slide_continues_sentence_by_sentence(project):
    sentences = [f"Sentence number {n} of the story tells what Sam saw and did in the game next." for n in range(1, 25)]
    edit(project, "ks2.yaml", 'scenario: "TODO: a short story about fictional characters."',
         f'scenario: "{" ".join(sentences)}"')
    [(_, _, deck)] = decks(project, "default")
    texts = [normalise(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)) for slide in deck.slides]
    story_slides = [n for n, text in enumerate(texts) if "Sentence number" in text]
    assert len(story_slides) >= 2
    assert any("(continued)" in texts[n] for n in story_slides[1:])
    joined = " ".join(texts[n] for n in story_slides)
    positions = [joined.index(sentence) for sentence in sentences]  # every sentence, whole, in order
    assert positions == sorted(positions)


def alt_texts(slide) -> list[str]:
    return [s._element.nvPicPr.cNvPr.get("descr") for s in slide.shapes if s.shape_type == 13]


def test_ks1_and_ks2_decks_show_stop_leave_tell_in_pictures_and_ks3_ks4_do_not():
    found = {}
    for _, stage, deck in decks(Project(ROOT), "default", ["live-streaming-dares"]):
        slides = [s for s in deck.slides if s.shapes.title.text_frame.text == "Stop, leave, tell"]
        found[stage] = len(slides)
        if slides:
            texts = [s.text_frame.text for s in slides[0].shapes if s.has_text_frame]
            assert {"Stop", "Leave", "Tell a grown-up"} <= set(texts)
            assert {"A red stop sign", "A child walking away", "A child telling a grown-up"} <= set(alt_texts(slides[0]))
    assert found == {"ks1": 1, "ks2": 1, "ks3": 0, "ks4": 0}
    # A lesson that teaches other steps ("stop and tell a grown-up") is not contradicted by the strip.
    for _, stage, deck in decks(Project(ROOT), "default", ["reporting-and-getting-help"]):
        assert all(s.shapes.title.text_frame.text != "Stop, leave, tell" for s in deck.slides), stage


def test_the_ks1_help_slide_is_in_a_young_childs_words():
    for _, stage, deck in decks(Project(ROOT), "default", ["safer-video-calls"]):
        last = deck.slides[-1]
        text = normalise(" ".join(s.text_frame.text for s in last.shapes if s.has_text_frame))
        if stage == "ks1":
            assert last.shapes.title.text_frame.text == "If you feel worried"
            assert "Tell a grown-up you trust." in text and "Childline free on 0800 1111" in text
            assert "999" not in text and "101" not in text and "CEOP" not in text
            assert {"A parent or carer", "A teacher"} <= set(alt_texts(last))
        else:
            assert last.shapes.title.text_frame.text == "Where to get help" and "0800 1111" in text
