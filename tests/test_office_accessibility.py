"""Accessible decks and Word letters: language on every run, reading order, decoration, alt text,
heading and list styles, at least 12 pt, clickable links."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FLAGSHIP
from docx import Document
from docx.oxml.ns import qn as wqn
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

from generator.errors import RenderError
from generator.renderers.office_access import DECORATIVE_EXT_URI, finish_deck


def decks(build: Path) -> list[Path]:
    found = sorted(build.rglob("slides.pptx"))
    assert found
    return found


def shape_kind(element) -> str:
    if element.tag == qn("p:pic"):
        return "picture"
    if DECORATIVE_EXT_URI in "".join(element.xpath(".//a:ext/@uri")):
        return "decoration"
    return "text" if "".join(element.xpath(".//a:t/text()")).strip() else "empty"


@pytest.mark.parametrize("stage", ["ks1", "ks4"])
def test_every_run_in_slides_and_notes_is_british_english(flagship_build, stage):
    deck = Presentation(str(flagship_build / "packs" / stage / FLAGSHIP / "slides.pptx"))
    runs = 0
    for slide in deck.slides:
        trees = [slide.shapes._spTree] + ([slide.notes_slide.shapes._spTree] if slide.has_notes_slide else [])
        for tree in trees:
            for run in tree.iter(qn("a:r")):
                runs += 1
                assert run.find(qn("a:rPr")).get("lang") == "en-GB", "".join(run.itertext())
    assert runs > 100


def test_reading_order_is_decoration_title_text_pictures_and_pictures_have_alt(flagship_build):
    for path in decks(flagship_build):
        deck = Presentation(str(path))
        for number, slide in enumerate(deck.slides, start=1):
            kinds = [shape_kind(e) for e in slide.shapes._spTree if e.tag in (qn("p:sp"), qn("p:pic"))]
            order = {"decoration": 0, "text": 1, "picture": 2}
            assert "empty" not in kinds, (path, number)
            assert [order[k] for k in kinds] == sorted(order[k] for k in kinds), (path, number, kinds)
            for picture in slide.shapes._spTree.iter(qn("p:pic")):
                assert picture.xpath("./p:nvPicPr/p:cNvPr/@descr")[0].strip(), (path, number)
            # Text is read top to bottom: the first text shape is the title bar's text.
            texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
            assert texts[0].top <= min(s.top for s in texts), (path, number)


def test_a_picture_without_alt_text_fails_the_deck():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    picture = slide.shapes.add_picture(str(Path(__file__).parent.parent / "schools" / "example-primary-logo.png"), 0, 0)
    picture._element.nvPicPr.cNvPr.set("descr", "")
    with pytest.raises(RenderError) as caught:
        finish_deck(deck)
    assert str(caught.value) == ("error: slide 1: a picture has no alt text\n"
                                 "  hint: pass alt text when placing the picture")


def test_word_letter_has_language_headings_lists_links_and_12pt(school_flagship_ks2):
    path = next(school_flagship_ks2.rglob("letter.docx"))
    doc = Document(str(path))
    defaults = doc.styles.element.find(wqn("w:docDefaults"))
    assert defaults.find(f".//{wqn('w:lang')}").get(wqn("w:val")) == "en-GB"
    assert doc.core_properties.language == "en-GB"
    assert doc.styles["Normal"].font.size >= Pt(12)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles.count("Heading 1") == 1 and styles.count("Heading 2") >= 4
    assert styles.index("Heading 1") < styles.index("Heading 2")
    assert styles.count("List Bullet") >= 8
    targets = {doc.part.rels[link.get(wqn("r:id"))].target_ref
               for p in doc.paragraphs for link in p._p.iter(wqn("w:hyperlink"))}
    assert {"https://childline.org.uk", "https://nspcc.org.uk", "mailto:safeguarding@riverside.example"} <= targets
    # The link text is still in the paragraph, once.
    helpline = next(p.text for p in doc.paragraphs if p.text.startswith("Childline:"))
    assert helpline.count("childline.org.uk") == 1
