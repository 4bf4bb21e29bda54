"""Letters in Welsh, Polish, Romanian and Urdu: the right script and words, right to left set
correctly, numbers and web addresses kept left to right, the Urdu font embedded, review status
recorded, and unreviewed translations refused unless allowed."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from conftest import FLAGSHIP, ROOT, make_project
from docx import Document
from docx.oxml.ns import qn
from helpers import normalise, pdf_fonts, pdf_text
from pypdf import PdfReader

from generator.build import build
from generator.errors import LessonpackError
from generator.pdf.audit import audit_pdf
from generator.translations.languages import LetterOptions

LANGUAGES = ("cy", "pl", "ro", "ur")


PROFILE = f"""\
name: Ysgol Glan yr Afon
address: [1 Mill Lane, Northshire NS1 2AB]
dsl: {{name: Mrs Priya Shah, role: Designated safeguarding lead, phone: "01632 960 123",
      email: safeguarding@riverside.example}}
sign_off: {{name: Mr Tom Evans, role: PSHE lead}}
stages: [ks2]
lessons: [{FLAGSHIP}]
languages: [cy, pl, ro, ur]
"""


@pytest.fixture(scope="module")
def school_profile(tmp_path_factory):
    """A project with the flagship lesson and its translations, and a school that sends letters in four languages."""
    folder = tmp_path_factory.mktemp("languages-school")
    project = make_project(folder / "project")
    shutil.copytree(ROOT / "lessons" / FLAGSHIP, project.lessons / FLAGSHIP)
    shutil.copytree(ROOT / "locale", project.root / "locale")
    (project.root / "schools").mkdir()
    profile = project.root / "schools" / "languages.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    return project, profile, folder


@pytest.fixture(scope="module")
def built(school_profile) -> Path:
    project, profile, folder = school_profile
    out = folder / "build"
    build(project, school=profile, out=out, letters=LetterOptions(allow_unreviewed=True))
    return out


def pack(built: Path) -> Path:
    return built / "packs" / "ks2" / FLAGSHIP


def arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if unicodedata.name(c, "").startswith("ARABIC")]
    return len(arabic) / max(1, len(letters))


def test_unreviewed_translations_are_refused_unless_allowed(school_profile, tmp_path):
    project, profile, _ = school_profile
    with pytest.raises(LessonpackError) as caught:
        build(project, school=profile, out=tmp_path / "out")
    assert "have not been checked by a native speaker (reviewed_by is empty)" in str(caught.value)
    assert "--allow-unreviewed-translations" in str(caught.value)
    assert not (tmp_path / "out" / "packs").exists()


def test_each_language_letter_is_in_its_language(built):
    welsh = pdf_text(pack(built) / "letter.cy.pdf")
    assert "Annwyl riant neu ofalwr" in welsh and "Yn gywir" in welsh
    assert "Dear parent or carer" not in welsh  # Welsh letters stand on their own by default
    polish = pdf_text(pack(built) / "letter.pl.pdf")
    assert "Szanowni Rodzice i Opiekunowie" in polish and "Zachowaj spokój" in polish
    assert polish.index("Szanowni") < polish.index("Dear parent or carer")  # bilingual: the English follows
    romanian = pdf_text(pack(built) / "letter.ro.pdf")
    assert "Stimate părinte sau îngrijitor" in romanian and "siguranța" in romanian
    urdu = pdf_text(pack(built) / "letter.ur.pdf")
    first_half = urdu[: urdu.index("Dear parent or carer")]
    assert arabic_share(first_half) > 0.8
    assert "محترم والدین یا سرپرست" in urdu


def test_page_numbers_and_key_stage_are_in_the_letters_language(built):
    pages = {code: [normalise(p.extract_text()) for p in PdfReader(str(pack(built) / f"letter.{code}.pdf")).pages]
             for code in ("cy", "pl", "ro")}
    for code, label in (("cy", "Tudalen {n} o {m}"), ("pl", "Strona {n} z {m}"), ("ro", "Pagina {n} din {m}")):
        count = len(pages[code])
        for number, text in enumerate(pages[code], 1):
            assert label.format(n=number, m=count) in text, (code, number)
            assert "Page " not in text, (code, number)
    english = [normalise(p.extract_text()) for p in PdfReader(str(pack(built) / "letter.pdf")).pages]
    assert f"Page 1 of {len(english)}" in english[0]  # the English letter keeps its own footer
    urdu = pdf_text(pack(built) / "letter.ur.pdf")
    assert "صفحہ" in urdu and "Page 1 of" not in urdu


def test_urdu_letter_is_right_to_left_with_numbers_and_addresses_left_to_right(built):
    letter = pack(built) / "letter.ur.pdf"
    text = pdf_text(letter)
    # Read in logical order, each number and address stays whole and in its own order.
    for fixed in ("0808 800 5000", "0800 1111", "childline.org.uk", "ceop.police.uk/safety-centre"):
        assert fixed in text, fixed
    assert any(name.startswith("Noto-Naskh-Arabic") for name in pdf_fonts(letter))
    with pikepdf.open(letter) as pdf:
        assert str(pdf.Root.Lang) == "ur"
    assert audit_pdf(letter) == []


def test_manifest_records_language_and_review_status(built):
    manifest = json.loads(next(built.rglob("manifest.json")).read_text())
    entries = manifest["artifacts"]
    letters = {e["path"]: e for e in entries if e.get("language")}
    assert f"packs/ks2/{FLAGSHIP}/letter.ur.pdf" in letters
    entry = letters[f"packs/ks2/{FLAGSHIP}/letter.ur.pdf"]
    assert entry["language"] == "ur" and entry["translation_reviewed"] is False and entry["reviewed_by"] == []
    assert {e["language"] for e in letters.values()} == set(LANGUAGES)


def test_urdu_word_letter_is_bidi_with_a_complex_script_font(built):
    doc = Document(str(pack(built) / "letter.ur.docx"))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f".//{qn('w:lang')}")
    assert language.get(qn("w:bidi")) == "ur"
    assert defaults.find(f".//{qn('w:rFonts')}").get(qn("w:cs")) == "Noto Naskh Arabic"
    urdu = [p for p in doc.paragraphs if arabic_share(p.text) > 0.5]
    assert len(urdu) > 10
    assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in urdu)


def test_a_lesson_without_a_translation_gets_no_translated_letter_and_a_warning(school_profile, tmp_path):
    project, _, _ = school_profile
    result = build(project, lessons=["demo"], out=tmp_path / "out", jobs=1,
                   letters=LetterOptions(("cy",), None, True))
    assert ("no Welsh translation of demo: letter.cy.pdf not built for them "
            "(write lessons/<id>/translations/cy.yaml)") in result.warnings
    assert any(w.startswith("ks2 unit letter not built in Welsh: it lists demo") for w in result.warnings)
    assert (tmp_path / "out/packs/ks2/demo/letter.pdf").is_file()
    assert not list((tmp_path / "out").rglob("letter.cy.pdf"))


def _visual_order_of_helpline_numbers(letter: Path) -> list[tuple[int, float, float, float]]:
    """(page, x of "0808", x of "800", x of "5000") for every "0808 800 5000" drawn in ``letter``.

    pdfium's text comes in logical order, but its character boxes are where the glyphs are drawn,
    so they show the visual order that the extracted text alone cannot.
    """
    import re

    import pypdfium2 as pdfium

    found = []
    document = pdfium.PdfDocument(str(letter))
    try:
        for number in range(len(document)):
            page = document[number].get_textpage()
            text = page.get_text_range()
            for match in re.finditer(r"(0808|5000) 800 (0808|5000)", text):
                x = {match.group(i): page.get_charbox(match.start(i))[0] for i in (1, 2)}
                found.append((number + 1, x["0808"], page.get_charbox(match.start() + 5)[0], x["5000"]))
    finally:
        document.close()
    return found


def test_urdu_letter_draws_phone_numbers_left_to_right_in_body_and_footer(built):
    drawn = _visual_order_of_helpline_numbers(pack(built) / "letter.ur.pdf")
    pages = {page for page, *_ in drawn}
    # The running footer names the NSPCC helpline on every page; the help section names it again.
    assert len(drawn) > len(pages) >= 2
    reversed_ = [(page, xs) for page, *xs in drawn if not xs[0] < xs[1] < xs[2]]
    assert reversed_ == [], f"digit groups drawn right to left (page, x of 0808/800/5000): {reversed_}"


def test_urdu_word_letter_keeps_phone_numbers_left_to_right(built):
    doc = Document(str(pack(built) / "letter.ur.docx"))
    runs = [r for p in doc.paragraphs for r in p.runs if "0808 800 5000" in r.text]
    assert runs, "the NSPCC number is in the Word letter"
    for run in runs:
        rtl = run._r.rPr.find(qn("w:rtl")) if run._r.rPr is not None else None
        assert rtl is None or rtl.get(qn("w:val")) in ("0", "false"), run.text
    links = list(doc.element.body.iter(qn("w:hyperlink")))
    assert links, "web addresses are links in the Word letter"
    assert all(link.find(f".//{qn('w:rtl')}") is None for link in links)
