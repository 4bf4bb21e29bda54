"""Parent letters: a first paragraph that says what to do and whom to contact, readable type,
advice that differs by key stage, no near-empty last page, and the same words in Word as in the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FLAGSHIP, ROOT
from docx import Document
from helpers import normalise, pdf_text
from pypdf import PdfReader

from generator.build import build
from generator.letters import RUNNING_HELP
from generator.project import Project
from generator.themes import load_theme, theme_ids
from generator.unit_letters import load_guidance

SCHOOL = ROOT / "schools" / "example-primary.yaml"
NAMED_CONTACT = "contact our designated safeguarding lead, Mrs Priya Shah (01632 960 123 or safeguarding@riverside.example)"
GENERIC_CONTACT = "contact the school's designated safeguarding lead"


@pytest.fixture(scope="module")
def school_build(tmp_path_factory) -> Path:
    """The flagship lesson at ks1 built for the example school (PDF and Word letters)."""
    out = tmp_path_factory.mktemp("school-letters")
    build(Project(ROOT), lessons=[FLAGSHIP], stages=["ks1"], school=SCHOOL, out=out)
    return out / "packs" / "ks1"


def first_paragraph(text: str) -> str:
    """The letter's first paragraph: from after the title to the end of its third sentence."""
    body = text.split("Dear parent or carer,", 1)[1]
    start = re.search(r"(In|This|Next|During|Over) [^.]*, your child's class", body).start()
    return " ".join(re.split(r"(?<=\.) ", body[start:])[:3])


def docx_text(path: Path) -> str:
    """Every paragraph of a Word file (body and footer), whitespace collapsed."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs] + [p.text for s in doc.sections for p in s.footer.paragraphs]
    return normalise(" ".join(parts))


def test_school_letter_first_paragraph_says_what_when_and_whom_to_contact(school_build):
    for text in (pdf_text(school_build / FLAGSHIP / "letter.pdf"), docx_text(school_build / FLAGSHIP / "letter.docx"),
                 pdf_text(school_build / "letter.pdf")):
        opening = first_paragraph(text)
        assert opening.startswith("In the spring term, your child's class (Years 1-2, ages 5-7) will have")
        assert "Please talk with your child about it at home afterwards" in opening
        assert NAMED_CONTACT in opening


def test_generic_letter_names_the_role_not_a_placeholder(flagship_build):
    for stage in ("ks1", "ks4"):
        for path in (flagship_build / "packs" / stage / FLAGSHIP / "letter.pdf", flagship_build / "packs" / stage / "letter.pdf"):
            opening = first_paragraph(pdf_text(path))
            assert GENERIC_CONTACT in opening, path
            assert "[" not in opening


def test_word_letter_has_every_sentence_of_the_pdf(school_build):
    pdf = pdf_text(school_build / FLAGSHIP / "letter.pdf")
    word = docx_text(school_build / FLAGSHIP / "letter.docx")
    # The running footer is on every page of both; the rest is compared sentence by sentence.
    assert RUNNING_HELP in pdf and RUNNING_HELP in word
    pdf = re.sub(r"Page \d+ of \d+", " ", pdf.replace(RUNNING_HELP, " ").replace("•", " "))
    sentences = [s.strip() for s in re.split(r"(?<=[.?!:])\s+", pdf) if len(s.strip()) > 3]
    missing = [s for s in sentences if s not in word]
    assert not missing, missing[:5]
    assert len(sentences) > 40


def _font_sizes(path: Path, phrase: str) -> set[float]:
    """Sizes (points) of the first page's text lines that start with ``phrase``."""
    sizes: set[float] = set()
    page = PdfReader(str(path)).pages[0]

    def visit(text, cm, tm, font, size):
        if text.strip().startswith(phrase):
            sizes.add(round(size * tm[0] * cm[0], 1))

    page.extract_text(visitor_text=visit)
    return sizes


def test_letter_body_is_at_least_12pt_with_1_5_spacing(school_build):
    learning = "Your child will learn about"
    sizes = _font_sizes(school_build / FLAGSHIP / "letter.pdf", learning)
    assert sizes and min(sizes) >= 12.0, sizes
    doc = Document(str(school_build / FLAGSHIP / "letter.docx"))
    normal = doc.styles["Normal"]
    assert normal.font.size.pt >= 12 and normal.paragraph_format.line_spacing >= 1.5
    for theme_id in theme_ids(ROOT / "themes"):
        tokens = load_theme(ROOT / "themes", theme_id, ROOT).tokens_css()
        size = float(re.search(r"--letter-size: ([\d.]+)pt", tokens).group(1))
        spacing = float(re.search(r"--letter-line-height: ([\d.]+);", tokens).group(1))
        assert size >= 12 and spacing >= 1.5, theme_id


def test_unit_letters_give_different_starters_and_advice_by_key_stage(flagship_build):
    guidance = load_guidance(ROOT / "data", ROOT)
    texts = {s: pdf_text(flagship_build / "packs" / s / "letter.pdf") for s in ("ks1", "ks2", "ks3", "ks4")}
    for stage, text in texts.items():
        mine = guidance.for_stage(stage)
        for line in mine.conversation_starters + mine.tips:
            assert normalise(line) in text, (stage, line)
        for other in texts:
            if other != stage:
                assert normalise(guidance.for_stage(other).conversation_starters[0]) not in text
    assert "don't pay" in texts["ks3"] and "don't pay" not in texts["ks1"]


def test_no_letter_ends_on_a_near_empty_page(flagship_build, school_build):
    letters = list((flagship_build / "packs").glob("*/letter.pdf")) + list((flagship_build / "packs").glob("*/*/letter.pdf"))
    letters += [school_build / "letter.pdf", school_build / FLAGSHIP / "letter.pdf"]
    for path in letters:
        pages = PdfReader(str(path)).pages
        last = normalise(pages[-1].extract_text())
        # More than the sign-off and the footer: at least the contact details or help list.
        assert len(pages) == 1 or len(last) > 450, (path, len(last), last[:120])
