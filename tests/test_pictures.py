"""The picture library: names lessons may use, check's errors, and pictures in every document kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from helpers import edit, hex_rgb, pdf_colours
from pptx import Presentation

from generator.build import build
from generator.errors import ValidationFailed
from generator.lessons import load_lessons
from generator.pictures import load_library
from generator.yamlio import load_mapping

PICTURES = ROOT / "themes" / "default" / "pictures"

# A lesson using pictures in every place a lesson may: the title, an activity, sort cards,
# true/false statements, a character (who sends chat messages) and a key word.
PICTURED_SORT = """activities:
  - id: pictured-sort
    type: sort
    title: Safe or not sure?
    minutes: 10
    instructions: Sort the cards.
    teacher_notes: Sort them together.
    picture: tablet
    categories: [Safe, Not sure]
    items:
      - {text: Playing with a friend, category: Safe, picture: happy-face}
      - {text: A message from someone new, category: Not sure, picture: {name: worried-face, alt: Mia looks worried}}
  - id: pictured-statements
    type: true-false
    title: True or false?
    minutes: 5
    instructions: Tick true or false.
    teacher_notes: Read each one aloud.
    statements:
      - {text: You can tell a grown-up, answer: true, explanation: Always., picture: teacher}
      - {text: A secret that worries you must be kept, answer: false, explanation: Tell someone., picture: secret}
  - id: pictured-chat
    type: spot-the-clues
    title: The chat
    minutes: 5
    instructions: Read the chat.
    teacher_notes: Read it together.
    setting: Messages in a game
    messages:
      - {sender: Mia, text: Hi!}
      - {sender: StarKid, text: Don't tell anyone we talk, clue: Asks for a secret}
"""


@pytest.fixture(scope="module")
def pictured(tmp_path_factory) -> tuple[Path, Path]:
    """A project whose lesson uses pictures everywhere, built once: (project root, build folder)."""
    folder = tmp_path_factory.mktemp("pictured")
    project = make_project(folder)
    edit(project, "ks2.yaml", "activities:", PICTURED_SORT)
    edit(project, "ks2.yaml", "  - id: main-activity\n    type: discussion\n    title: \"TODO\"\n    minutes: 25",
         "  - id: main-activity\n    type: discussion\n    title: \"TODO\"\n    minutes: 5")
    edit(project, "ks2.yaml", "vocabulary:\n",
         "picture: shield\nsummary: Pupils learn who to tell.\ncharacters:\n"
         "  - {name: Mia, description: A girl in the story, picture: girl-dark-skin}\n"
         "  - {name: StarKid, description: A name in a game, picture: unknown-person}\nvocabulary:\n")
    edit(project, "ks2.yaml", "    definition: \"TODO: a definition a seven-year-old understands\"",
         "    definition: \"TODO: a definition a seven-year-old understands\"\n    picture: lock")
    out = folder / "out"
    build(project, out=out)
    return folder, out / "packs" / "ks2" / "demo"


def _drawn(pdf: Path, picture: str) -> bool:
    """Whether ``pdf`` draws library ``picture`` (WeasyPrint draws SVG inline: look for its colours)."""
    svg = (PICTURES / f"{picture}.svg").read_text()
    colours = {hex_rgb(c) for c in re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)}
    return len(colours & pdf_colours(pdf)) >= min(3, len(colours))


def test_every_document_kind_builds_with_pictures(pictured):
    _, pack = pictured
    for name in ("worksheet.pdf", "guide.pdf", "letter.pdf", "slides.pptx"):
        assert (pack / name).stat().st_size > 1000, name
    # The activity's picture, the cards', the statements' and the chat senders' on the worksheet.
    for picture in ("tablet", "happy-face", "worried-face", "teacher", "secret", "girl-dark-skin"):
        assert _drawn(pack / "worksheet.pdf", picture), picture
    assert _drawn(pack / "guide.pdf", "shield")  # the title picture
    assert not _drawn(pack / "letter.pdf", "tablet")


def test_slides_show_pictures_with_alt_text(pictured):
    _, pack = pictured
    deck = Presentation(str(pack / "slides.pptx"))
    alts = [shape._element.nvPicPr.cNvPr.get("descr") for slide in deck.slides for shape in slide.shapes
            if shape.shape_type == 13]
    assert "A tablet" in alts           # the library's default alt text
    assert "Mia looks worried" in alts  # a lesson's own alt text wins
    assert "A shield" in alts           # the title picture on slide 1
    assert "A girl" in alts             # a character's picture beside their chat message


def test_unknown_picture_name_is_an_error_with_a_suggestion(project):
    edit(project, "ks2.yaml", "  boxes: [\"What I know now\"]\nactivities:",
         "  boxes: [\"What I know now\"]\n  picture: tablett\nactivities:")
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    assert [str(p) for p in caught.value.problems] == [
        "lessons/demo/ks2.yaml:22:12: error: unknown picture 'tablett' (did you mean 'tablet'?)"]


def test_a_picture_needs_a_name_or_a_file_not_both(project):
    edit(project, "ks2.yaml", "  boxes: [\"What I know now\"]\nactivities:",
         "  boxes: [\"What I know now\"]\n  picture: {name: tablet, path: x.png, alt: A tablet}\nactivities:")
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    assert [str(p) for p in caught.value.problems] == [
        "lessons/demo/ks2.yaml:22:12: error: give either a picture 'name' from the library or a 'path' to a file, "
        "not both"]


def test_every_library_picture_has_svg_png_alt_and_licence():
    library = load_library(ROOT / "themes")
    assert 60 <= len(library.pictures) <= 100
    for name, picture in library.pictures.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        svg = (PICTURES / f"{name}.svg").read_text()
        assert svg.startswith("<svg ") and "<script" not in svg and "href=\"http" not in svg, name
        assert (PICTURES / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert picture.alt and picture.shows and picture.source
    licence = (PICTURES / "LICENSE-fluent-emoji.txt").read_text()
    assert "MIT License" in licence and "Microsoft" in licence
    # Every ids inside a picture is unique to it, so many pictures can share one document.
    ids = {}
    for svg in PICTURES.glob("*.svg"):
        for found in re.findall(r'id="([^"]+)"', svg.read_text()):
            assert ids.setdefault(found, svg.name) == svg.name, found


def test_the_index_is_safe_yaml_and_names_the_files():
    data, _ = load_mapping(PICTURES / "pictures.yaml", "pictures.yaml")
    assert sorted(data) == sorted(p.stem for p in PICTURES.glob("*.svg"))
