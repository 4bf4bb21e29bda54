"""Tagged PDF/UA-1: every PDF the flagship and a school build write passes the ``pdfua`` checker
and our own reading of the structure tree (headings, lists, tables, pictures, artifacts, links)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator.errors import RenderError
from generator.html import check_pictures_described
from generator.pdf.tagging import walk_structure
from generator.pdf.audit import pdfua_findings, read_structure, structure_problems

from conftest import FLAGSHIP, ROOT

@pytest.fixture(scope="module")
def school_letters(school_flagship_ks2) -> Path:
    """One lesson of the example school (logo, local helplines), ks2 only."""
    return school_flagship_ks2


def all_pdfs(*folders: Path) -> list[Path]:
    files = sorted(p for folder in folders for p in folder.rglob("*.pdf"))
    assert len(files) >= 5, files
    return files


def test_pdfua_checker_finds_nothing_in_any_pdf(flagship_build, school_letters):
    problems = {str(p.name): pdfua_findings(p) for p in all_pdfs(flagship_build, school_letters)}
    assert {name: found for name, found in problems.items() if found} == {}


def test_structure_tree_keeps_every_promise(flagship_build, school_letters):
    problems = {str(p): structure_problems(read_structure(p)) for p in all_pdfs(flagship_build, school_letters)}
    assert {name: found for name, found in problems.items() if found} == {}


def test_letter_structure_matches_its_html(flagship_build):
    """Same headings as the HTML, in order; lists as lists; footer and header as artifacts."""
    letter = flagship_build / "packs" / "ks2" / FLAGSHIP / "letter.pdf"
    found = read_structure(letter)
    assert found.title.startswith("Spotting fake identities: letter to parents and carers")
    assert found.shows_title and found.lang == "en-GB"
    assert found.headings[0] == 1 and set(found.headings[1:]) == {2}
    assert found.roles["L"] >= 3 and found.roles["LI"] >= 8 and found.roles["LBody"] == found.roles["LI"]
    # Running title, key stage and helpline footer on every page, none of them in the tree.
    assert all(count >= 2 for count in found.pagination_artifacts)
    assert found.unowned_marked_content == 0
    # Helpline web addresses are links a screen reader can announce.
    assert found.links >= 3 and found.links_without_contents == 0


def test_worksheet_tables_have_scoped_header_cells_and_icons_are_artifacts(flagship_build):
    sheet = flagship_build / "packs" / "ks2" / FLAGSHIP / "worksheet.pdf"
    found = read_structure(sheet)
    assert found.roles.get("TH", 0) >= 2 and found.headers_without_scope == 0
    # Icons are decoration; the lesson's pictures (cards, characters) are figures, each with alt text.
    assert found.figures_without_alt == 0
    with pikepdf.open(sheet) as pdf:
        scopes = {str(th.A.Scope) for th in _elements(pdf, "/TH")}
    assert scopes == {"/Column"}


def test_school_logo_is_a_figure_with_its_alt_text(school_letters):
    letter = next(school_letters.rglob("letter.pdf"))
    with pikepdf.open(letter) as pdf:
        alts = [str(f.Alt) for f in _elements(pdf, "/Figure")]
    assert alts == ["Riverside Primary School logo, the letters RP over three white waves"]


def test_pdfinfo_says_tagged(flagship_build):
    info = subprocess.run(["pdfinfo", str(flagship_build / "packs" / "ks3" / FLAGSHIP / "guide.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_untagged_pdf_fails_the_audit(tmp_path):
    """The audit can fail: a PDF with no structure tree breaks several promises."""
    plain = tmp_path / "plain.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(plain)
    assert "no document title shown in the title bar" in structure_problems(read_structure(plain))
    assert any(f.startswith("UA-01-005") for f in pdfua_findings(plain))


def test_undescribed_pictures_are_refused_before_rendering():
    with pytest.raises(RenderError) as caught:
        check_pictures_described('<p><img src="x.png"></p>')
    assert str(caught.value) == ('error: picture without alt text: <img src="x.png">\n'
                                 '  hint: add alt="what it shows", or alt="" if it is only decoration')
    with pytest.raises(RenderError) as caught:
        check_pictures_described('<svg viewBox="0 0 1 1"><path d=""/></svg>')
    assert "inline SVG without a <title> or aria-hidden" in str(caught.value)
    check_pictures_described('<img src="x.png" alt=""><svg aria-hidden="true"></svg><svg><title>A map</title></svg>')


def _elements(pdf: pikepdf.Pdf, role: str) -> list:
    return [element for element in walk_structure(pdf.Root.StructTreeRoot) if element.S == role]
