"""Readers used by the tests: text out of PDFs and slides."""

from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """All text of a PDF with whitespace collapsed, for 'is this sentence in it' checks."""
    reader = PdfReader(str(path))
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))


def normalise(text: str) -> str:
    """Collapse whitespace and unify quotes so YAML text can be found in extracted text."""
    text = re.sub(r"(\w)-[ \t]*\n\s*", r"\1-", text)  # a line broken after a hyphen
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def slide_texts(path: Path) -> list[str]:
    """Text of each slide (all shapes), whitespace collapsed."""
    deck = Presentation(str(path))
    return [normalise(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)) for slide in deck.slides]


def slide_notes(path: Path) -> list[str]:
    """Speaker notes of each slide."""
    deck = Presentation(str(path))
    return [normalise(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else "" for slide in deck.slides]


def edit(project, file: str, old: str, new: str, lesson: str = "demo") -> None:
    """Replace ``old`` (which must be there) with ``new`` in a lesson file of ``project``."""
    path = project.lessons / lesson / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))


def pdf_colours(path: Path) -> set[tuple[int, int, int]]:
    """Every fill and stroke colour used on the PDF's pages, as 0-255 RGB."""
    colours = set()
    for page in PdfReader(str(path)).pages:
        data = page.get_contents().get_data()
        for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", data):
            colours.add(tuple(round(float(v) * 255) for v in (r, g, b)))
    return colours


def pdf_fonts(path: Path) -> set[str]:
    """Names of the fonts used in a PDF, without subset prefixes."""
    names = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' as a tuple."""
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
