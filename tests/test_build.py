"""Building packs: the right content in every document, determinism, manifest, atomicity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FLAGSHIP, ROOT
from helpers import normalise, pdf_text, slide_notes, slide_texts
from pptx import Presentation
from pypdf import PdfReader

from generator.quiz.exports import QUIZ_FILES
from generator.build import build
from generator.lessons import load_lessons
from generator.output import sha256
from generator.project import Project
from generator.renderers.slides import answer_notes

STAGES = ["ks1", "ks2", "ks3", "ks4"]
KINDS = ["worksheet.pdf", "slides.pptx", "slides.pdf", "letter.pdf", "guide.pdf"]


@pytest.fixture(scope="module")
def flagship():
    [lesson] = load_lessons(ROOT / "lessons", only=[FLAGSHIP], root=ROOT)
    return lesson


def pack(out: Path, stage: str) -> Path:
    return out / "packs" / stage / FLAGSHIP


def test_every_document_and_zip_is_built_and_listed_in_the_manifest(flagship_build, flagship):
    manifest = json.loads((flagship_build / "manifest.json").read_text())
    paths = {a["path"] for a in manifest["artifacts"]}
    expected = {f"packs/{s}/{FLAGSHIP}/{k}" for s in STAGES for k in KINDS} | {f"packs/{s}/{FLAGSHIP}.zip" for s in STAGES}
    expected |= {f"packs/{s}/{FLAGSHIP}/{name}" for s in STAGES if flagship.stages[s].exit_quiz
                 for name in QUIZ_FILES.values()}  # the quiz exports, where the key stage has quizzes
    expected |= {f"packs/{s}/letter.pdf" for s in STAGES}  # the unit letters
    expected |= {f"packs/{s}/{FLAGSHIP}/resources.pdf" for s in STAGES if flagship.stages[s].resources}
    assert paths == expected
    for artifact in manifest["artifacts"]:
        data = (flagship_build / artifact["path"]).read_bytes()
        assert artifact["sha256"] == sha256(data)
        assert artifact["lesson"] == (None if artifact["kind"] == "unit-letter" else FLAGSHIP)
        assert artifact["key_stage"] in STAGES
        if artifact["kind"] == "slides":
            assert artifact["slides"] == len(Presentation(str(flagship_build / artifact["path"])).slides)
        elif artifact["path"].endswith(".pdf"):
            assert artifact["pages"] == len(PdfReader(str(flagship_build / artifact["path"])).pages)


def test_a_second_build_is_byte_identical(flagship_build, tmp_path):
    build(Project(ROOT), lessons=[FLAGSHIP], stages=["ks2"], out=tmp_path, jobs=1)
    for name in KINDS:
        assert (pack(tmp_path, "ks2") / name).read_bytes() == (pack(flagship_build, "ks2") / name).read_bytes(), name
    assert (tmp_path / f"packs/ks2/{FLAGSHIP}.zip").read_bytes() == (
        flagship_build / f"packs/ks2/{FLAGSHIP}.zip").read_bytes()


@pytest.mark.parametrize("stage", STAGES)
def test_worksheet_has_the_stage_activities_and_no_answers(flagship_build, flagship, stage):
    text = pdf_text(pack(flagship_build, stage) / "worksheet.pdf")
    content = flagship.stages[stage]
    assert normalise(flagship.meta.title) in text
    assert f"Key Stage {stage[-1]}" in text
    assert "Childline" in text and "0800 1111" in text
    for activity in content.all_activities():
        if activity.on_worksheet:
            assert normalise(activity.title) in text
            assert normalise(activity.instructions)[:50] in text
    for activity in content.all_activities():
        for answer in _answer_texts(activity):
            assert normalise(answer)[:60] not in text, f"answer on the worksheet: {answer}"
    # Other key stages' activities are not in this one (unless two stages share a title).
    others = {a.title for s, c in flagship.stages.items() if s != stage for a in c.all_activities()}
    for title in others - {a.title for a in content.all_activities()}:
        assert normalise(title) not in text


def _answer_texts(activity) -> list[str]:
    t = activity.type
    if t in ("discussion", "role-play"):
        return list(activity.answers)
    if t == "true-false":
        return [s.explanation for s in activity.statements]
    if t == "multiple-choice":
        return [q.explanation for q in activity.questions]
    if t == "spot-the-clues":
        return [m.clue for m in activity.messages if m.clue]
    return []


@pytest.mark.parametrize("stage", STAGES)
def test_guide_has_safeguarding_timings_steps_and_answer_keys(flagship_build, flagship, stage):
    text = pdf_text(pack(flagship_build, stage) / "guide.pdf")
    content = flagship.stages[stage]
    assert normalise(flagship.meta.safeguarding.dsl_note)[:80] in text
    assert f"Total {flagship.duration(stage)}" in text
    for activity in content.all_activities():
        assert normalise(activity.title) in text
        for answer in _answer_texts(activity):
            assert normalise(answer)[:50] in text
    for rule in flagship.stages[stage].ground_rules or flagship.meta.ground_rules:
        assert normalise(rule)[:50] in text
    for source in flagship.meta.sources:
        assert normalise(source.title)[:50] in text


@pytest.mark.parametrize("stage", STAGES)
def test_letter_has_starters_tips_dsl_and_helplines(flagship_build, flagship, stage):
    text = pdf_text(pack(flagship_build, stage) / "letter.pdf")
    letter = flagship.stages[stage].letter
    for item in letter.conversation_starters + letter.tips + letter.if_something_happens:
        assert normalise(item)[:50] in text
    assert "[Name of the designated safeguarding lead]" in text
    assert "0808 800 5000" in text and "0800 1111" in text
    assert "Dear parent or carer" in text


@pytest.mark.parametrize("stage", STAGES)
def test_slides_cover_the_lesson_with_notes_on_every_slide(flagship_build, flagship, stage):
    path = pack(flagship_build, stage) / "slides.pptx"
    texts, notes = slide_texts(path), slide_notes(path)
    content = flagship.stages[stage]
    deck = " ".join(texts)
    assert texts[0].startswith(normalise(flagship.meta.title))
    assert ("If you feel worried" if stage == "ks1" else "Where to get help") in texts[-1] and "0800 1111" in texts[-1]
    for objective in content.objectives:
        # At ks1 the children see only the 'I can' outcomes; the objectives are in the teacher's notes.
        assert normalise(objective)[:40] in (" ".join(notes) if stage == "ks1" else deck)
    for outcome in content.outcomes:
        assert normalise(outcome)[:40] in deck
    for activity in content.all_activities():
        assert normalise(activity.title) in deck
        assert normalise(activity.teacher_notes)[:60] in " ".join(notes)
        if answer_notes(activity):
            assert normalise(answer_notes(activity))[:40] in " ".join(notes)
    assert all(len(n) > 40 for n in notes), "every slide needs a teacher script"


@pytest.mark.parametrize("stage", STAGES)
def test_slide_shapes_stay_on_the_slide_and_pictures_have_alt_text(flagship_build, stage):
    deck = Presentation(str(pack(flagship_build, stage) / "slides.pptx"))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    pictures = 0
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name)
            if shape.shape_type == 13:  # picture
                pictures += 1
                assert shape._element.nvPicPr.cNvPr.get("descr"), (number, shape.name)
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.name == "Arial"
    assert pictures >= len(deck.slides)


@pytest.mark.parametrize("name", ["worksheet.pdf", "letter.pdf", "guide.pdf"])
def test_fonts_are_embedded(flagship_build, name):
    reader = PdfReader(str(pack(flagship_build, "ks2") / name))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert any("Atkinson-Hyperlegible" in name for name in fonts), fonts
    # Every glyph comes from the bundled font, so output does not depend on the machine's fonts.
    assert all("Atkinson" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_zip_holds_every_document(flagship_build, flagship):
    import zipfile

    kinds = KINDS + (["resources.pdf"] if flagship.stages["ks3"].resources else [])
    with zipfile.ZipFile(flagship_build / f"packs/ks3/{FLAGSHIP}.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"{FLAGSHIP}-ks3/{k}" for k in kinds + list(QUIZ_FILES.values()))
        assert archive.read(f"{FLAGSHIP}-ks3/guide.pdf") == (pack(flagship_build, "ks3") / "guide.pdf").read_bytes()


@pytest.mark.parametrize("stage", ["ks1", "ks2", "ks3", "ks4"])
def test_every_slide_has_a_title_placeholder_holding_its_title(flagship_build, stage):
    deck = Presentation(str(pack(flagship_build, stage) / "slides.pptx"))
    for number, slide in enumerate(deck.slides, 1):
        title = slide.shapes.title
        assert title is not None, f"{stage} slide {number} has no title placeholder"
        assert title.is_placeholder and title.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
        assert title.text_frame.text.strip(), f"{stage} slide {number}: empty title"
    assert deck.slides[0].shapes.title.text_frame.text == "Spotting fake identities"


def test_ks1_worksheet_has_no_quiz_but_the_guide_says_how_to_run_it(flagship_build):
    worksheet = normalise(pdf_text(pack(flagship_build, "ks1") / "worksheet.pdf"))
    guide = normalise(pdf_text(pack(flagship_build, "ks1") / "guide.pdf"))
    assert "Starter quiz" not in worksheet and "Exit quiz" not in worksheet
    assert "the quizzes are not on the pupil worksheet" in guide
    assert "Starter quiz" in normalise(pdf_text(pack(flagship_build, "ks2") / "worksheet.pdf"))
