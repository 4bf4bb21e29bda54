"""slides.pdf: the deck as a handout, one slide per page with its notes, in the deck's order and words."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from generator.renderers.slides_pdf import handout_html

from conftest import FLAGSHIP
from helpers import normalise

STAGES = ["ks1", "ks2", "ks3", "ks4"]


def deck_fragments(path) -> list[list[str]]:
    """Per slide: the text of every paragraph on it, then every line of its notes, in deck order."""
    slides = []
    for slide in Presentation(str(path)).slides:
        parts = [normalise(p.text) for shape in slide.shapes if shape.has_text_frame
                 for p in shape.text_frame.paragraphs]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        parts += [normalise(line) for line in notes.split("\n")]
        slides.append([p for p in parts if p])
    return slides


def page_texts(path) -> list[str]:
    return [normalise(page.extract_text() or "") for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("stage", STAGES)
def test_handout_has_every_slide_in_order_with_its_text_and_notes(flagship_build, stage):
    folder = flagship_build / "packs" / stage / FLAGSHIP
    slides = deck_fragments(folder / "slides.pptx")
    pages = page_texts(folder / "slides.pdf")
    # Each slide starts a page whose heading names it; long notes may run onto the next page.
    starts = [i for i, text in enumerate(pages) if re.search(r"Slide \d+ of \d+: speaker notes", text)]
    assert len(starts) == len(slides)
    for number, (start, fragments) in enumerate(zip(starts, slides), 1):
        end = starts[number] if number < len(starts) else len(pages)
        text = " ".join(pages[start:end])
        assert f"Slide {number} of {len(slides)}: speaker notes" in text
        cursor = 0
        for fragment in fragments:
            found = text.find(fragment, cursor)
            assert found >= 0, f"slide {number}: {fragment!r} missing or out of order"
            cursor = found + len(fragment)


def test_handout_is_in_the_pack_zip_and_manifest(flagship_build):
    import json
    import zipfile

    manifest = json.loads((flagship_build / "manifest.json").read_text())
    entry = next(a for a in manifest["artifacts"] if a["path"] == f"packs/ks2/{FLAGSHIP}/slides.pdf")
    assert entry["kind"] == "slides-pdf"
    assert entry["pages"] == len(PdfReader(str(flagship_build / entry["path"])).pages)
    with zipfile.ZipFile(flagship_build / f"packs/ks2/{FLAGSHIP}.zip") as archive:
        assert archive.read(f"{FLAGSHIP}-ks2/slides.pdf") == (flagship_build / entry["path"]).read_bytes()


def test_handout_draws_shapes_pictures_and_colours_from_the_deck(flagship_build):
    deck = (flagship_build / "packs" / "ks2" / FLAGSHIP / "slides.pptx").read_bytes()
    html = handout_html(deck, "t")
    first = Presentation(str(flagship_build / "packs" / "ks2" / FLAGSHIP / "slides.pptx")).slides[0]
    background = str(first.background.fill.fore_color.rgb)
    assert f"background:#{background}" in html  # the title slide's colour
    assert html.count('class="handout-page"') == len(Presentation(str(flagship_build / "packs" / "ks2" / FLAGSHIP /
                                                                     "slides.pptx")).slides)
    assert 'src="data:image/png;base64,' in html and 'alt="Shield icon: an online-safety lesson"' in html
    assert "<script" not in html and "&lt;" not in html.split("<body>")[0]


def test_handout_text_is_escaped(tmp_path):
    from pptx.util import Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(10), Pt(10), Pt(300), Pt(50))
    box.text_frame.text = "<img src=x onerror=alert(1)>"
    slide.notes_slide.notes_text_frame.text = "<b>notes</b>"
    path = tmp_path / "d.pptx"
    deck.save(str(path))
    html = handout_html(path.read_bytes(), "t")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;notes&lt;/b&gt;" in html
    assert "<img src=x" not in html
