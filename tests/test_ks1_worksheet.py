"""KS1 worksheets for five-to-seven-year-olds: no glossary, help in a young child's words, no writing
lines, pictured cards cut out on their own last page."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import normalise, pdf_text
from pypdf import PdfReader

from generator.build import build
from generator.lessons import load_lessons
from generator.project import Project

LESSON = "healthy-online-relationships"


@pytest.fixture(scope="module")
def ks1(tmp_path_factory):
    out = tmp_path_factory.mktemp("ks1")
    build(Project(ROOT), lessons=[LESSON], stages=["ks1", "ks2"], out=out)
    return out / "packs"


def test_ks1_sheet_has_young_help_and_no_glossary_or_adult_help(ks1):
    text = pdf_text(ks1 / "ks1" / LESSON / "worksheet.pdf")
    assert "Tell a grown-up you trust." in text and "It is never your fault." in text
    assert "Key words" not in text
    assert "999" not in text and "101" not in text and "CEOP" not in text
    ks2 = pdf_text(ks1 / "ks2" / LESSON / "worksheet.pdf")
    assert "Key words" in ks2  # older pupils keep the glossary


def test_ks1_cut_out_cards_are_on_their_own_last_page_with_pictures(ks1):
    [lesson] = load_lessons(ROOT / "lessons", only=[LESSON], root=ROOT)
    sorts = [a for a in lesson.stages["ks1"].all_activities() if a.type == "sort"]
    pages = [normalise(p.extract_text()) for p in PdfReader(str(ks1 / "ks1" / LESSON / "worksheet.pdf")).pages]
    assert len(pages) <= 3
    last = pages[-1]
    assert "Cut out:" in last
    for item in sorts[0].items:
        assert item.picture is not None
        assert normalise(item.text) in last
        assert all(normalise(item.text) not in page for page in pages[:-1])


def test_ks1_sheet_has_no_writing_lines(ks1):
    from generator.helplines import load_helplines
    from generator.renderers.documents import DocumentRenderer
    from generator.school import DEFAULT_SCHOOL
    from generator.themes import load_theme
    from generator.views import build_view

    [lesson] = load_lessons(ROOT / "lessons", only=[LESSON], root=ROOT)
    renderer = DocumentRenderer(load_theme(ROOT / "themes", "default", ROOT))
    try:
        view = build_view(lesson, "ks1", DEFAULT_SCHOOL, load_helplines(ROOT / "data", ROOT))
        html = renderer.render_html("worksheet", view, lesson.folder)
        view2 = build_view(lesson, "ks2", DEFAULT_SCHOOL, load_helplines(ROOT / "data", ROOT))
        html2 = renderer.render_html("worksheet", view2, lesson.folder)
    finally:
        renderer.close()
    assert 'class="line"' not in html
    assert 'class="line"' in html2 or 'class="draw-box"' in html2


def test_every_ks1_worksheet_is_at_most_three_pages_with_a_picture_on_every_card_and_statement():
    from generator.helplines import load_helplines
    from generator.renderers.documents import DocumentRenderer
    from generator.school import DEFAULT_SCHOOL
    from generator.themes import load_theme
    from generator.views import build_view

    renderer = DocumentRenderer(load_theme(ROOT / "themes", "default", ROOT))
    helplines = load_helplines(ROOT / "data", ROOT)
    sheets = {}
    try:
        for lesson in load_lessons(ROOT / "lessons", root=ROOT):
            if "ks1" not in lesson.stages:
                continue
            view = build_view(lesson, "ks1", DEFAULT_SCHOOL, helplines)
            _, pages = renderer.render("worksheet", view, lesson.folder)
            sheets[lesson.id] = pages
            for activity in view.content.all_activities():
                for card in getattr(activity, "items", []) + getattr(activity, "statements", []):
                    assert card.picture is not None, f"{lesson.id} ks1 {activity.id}: '{card.text}' has no picture"
    finally:
        renderer.close()
    assert len(sheets) == 5 and all(pages <= 3 for pages in sheets.values()), sheets


def test_a_ks1_endpoint_asking_the_baseline_again_is_ticked_in_the_same_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("ks1-paired")
    lesson = "spotting-fake-identities"
    build(Project(ROOT), lessons=[lesson], stages=["ks1"], out=out)
    text = pdf_text(out / "packs" / "ks1" / lesson / "worksheet.pdf")
    [loaded] = load_lessons(ROOT / "lessons", only=[lesson], root=ROOT)
    stage = loaded.stages["ks1"]
    assert stage.endpoint.revisits == stage.baseline.id
    assert "At the start" in text and "At the end" in text
    assert "Tick the boxes under At the end" in text
    for statement in stage.baseline.statements:
        assert text.count(normalise(statement.text)) == 1  # printed once, ticked twice
