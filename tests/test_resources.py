"""resources.pdf: printable cards and strips a lesson declares, and the guide pointing to them."""

from __future__ import annotations

import pytest
from conftest import make_project
from helpers import edit, pdf_text
from pypdf import PdfReader

from generator.build import build
from generator.errors import ValidationFailed
from generator.lessons import load_lessons

RESOURCES = """resources:
  - id: feelings-faces
    title: Feelings faces
    kind: picture-cards
    used_in: [main-activity]
    instructions: Cut out the faces. Pupils hold up the face that shows how Sam feels.
    copies: one set per pair
    items:
      - {text: Happy, picture: happy-face}
      - {text: Worried, picture: worried-face}
      - {text: Scared, picture: scared-face}
  - id: starters
    title: Sentence starters
    kind: sentence-starters
    instructions: Give one strip to each group.
    items:
      - {text: "I would tell ..."}
      - {text: "I feel worried when ..."}
letter:"""


@pytest.fixture(scope="module")
def with_resources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("resources")
    project = make_project(folder)
    edit(project, "ks2.yaml", "letter:", RESOURCES)
    build(project, out=folder / "out")
    return folder / "out" / "packs" / "ks2" / "demo"


def test_resources_pdf_has_every_card_each_resource_on_its_own_page(with_resources):
    text = pdf_text(with_resources / "resources.pdf")
    for words in ("Feelings faces", "Happy", "Worried", "Scared", "Print one set per pair", "I would tell ...",
                  "I feel worried when ...", "Give one strip to each group."):
        assert words in text, words
    pages = [p.extract_text() for p in PdfReader(str(with_resources / "resources.pdf")).pages]
    first = next(i for i, p in enumerate(pages) if "Cut out the faces" in p)
    second = next(i for i, p in enumerate(pages) if "Give one strip" in p)
    assert second > first  # each resource starts a new page


def test_the_guide_points_to_the_resource_where_it_is_used(with_resources):
    assert "Printable: Feelings faces, in resources.pdf (one set per pair)." in pdf_text(with_resources / "guide.pdf")


def test_no_resources_no_file(flagship_build):
    from conftest import FLAGSHIP
    from generator.project import Project
    from conftest import ROOT
    [lesson] = load_lessons(ROOT / "lessons", only=[FLAGSHIP], root=ROOT)
    for stage, content in lesson.stages.items():
        assert (flagship_build / "packs" / stage / FLAGSHIP / "resources.pdf").exists() == bool(content.resources)


def test_resource_used_in_an_unknown_activity_is_an_error(project):
    edit(project, "ks2.yaml", "letter:", RESOURCES.replace("used_in: [main-activity]", "used_in: [main-activty]"))
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    assert [str(p) for p in caught.value.problems] == [
        "lessons/demo/ks2.yaml:3:1: error: resource 'feelings-faces' is used_in 'main-activty', "
        "which is not an activity id here"]
