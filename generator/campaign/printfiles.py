"""Print files for the print shop: letters merged in batches, padded for duplex, with slips, bleed and crop marks.

Each letter keeps its own page numbers ("Page 1 of 2"), because the letters are merged as
finished PDFs. The trim size stays A4; bleed and crop marks are added around it at the PDF
level (TrimBox and BleedBox set), so the letters themselves are the same bytes as those emailed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from .model import PrintProfile

MM = 72 / 25.4
MARK_LENGTH = 5 * MM
MARK_GAP = 1 * MM  # between the bleed edge and a crop mark, so marks never print on the sheet


@dataclass
class PrintBatch:
    """The records (recipients, in order) whose letters go into one print file."""

    number: int
    records: list[dict]

    @property
    def letters(self) -> int:
        """Letters in the file, copies included."""
        return sum(r["copies"] * len(r["letters"]) for r in self.records)

    def members_hash(self) -> str:
        """Hash of the letter files (and copies) the batch holds: unchanged means the print file is too."""
        digest = hashlib.sha256()
        for record in self.records:
            digest.update(f"{record['slug']}:{record['copies']}".encode())
            for item in record["files"]:
                digest.update(item["sha256"].encode())
        return digest.hexdigest()


def print_path(batch: PrintBatch) -> str:
    """Where a print batch's file goes, relative to the campaign's output folder."""
    return f"print/batch-{batch.number:03d}.pdf"


def batches(records: Iterator[dict], size: int) -> Iterator[PrintBatch]:
    """Group recipient records (in order) into batches of at most ``size`` letters; a school is never split."""
    current: list[dict] = []
    count, number = 0, 1
    for record in records:
        letters = record["copies"] * len(record["letters"]) or 1
        if current and count + letters > size:
            yield PrintBatch(number, current)
            current, count, number = [], 0, number + 1
        current.append(record)
        count += letters
    if current:
        yield PrintBatch(number, current)


def assemble(batch: PrintBatch, out: Path, profile: PrintProfile, slips: bytes | None) -> tuple[bytes, int]:
    """The print file of ``batch``: PDF bytes and page count."""
    pdf = pikepdf.new()
    slip_pdf = pikepdf.open(io.BytesIO(slips)) if slips else None
    size = None
    for index, record in enumerate(batch.records):
        if slip_pdf is not None:
            pdf.pages.append(slip_pdf.pages[index])
            size = size or _size(pdf.pages[-1])
            _pad(pdf, profile.duplex, 1, size)
        for letter in record["letters"]:
            source = pikepdf.open(out / letter["path"])
            first = len(pdf.pages)
            pdf.pages.extend(source.pages)
            count = len(pdf.pages) - first
            size = _size(pdf.pages[first])
            _pad(pdf, profile.duplex, count, size)
            # Further copies share the first copy's content streams and fonts: small files.
            block = list(pdf.pages[first:])
            for _ in range(record["copies"] - 1):
                for page in block:
                    pdf.pages.append(pikepdf.Page(page.obj.copy()))
    bleed = float(profile.bleed.removesuffix("mm")) * MM
    if bleed or profile.marks == "crop":
        for page in pdf.pages:
            _add_bleed_and_marks(pdf, page, bleed, profile.marks == "crop")
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue(), len(pdf.pages)


def _size(page: pikepdf.Page) -> tuple[float, float]:
    box = [float(v) for v in page.mediabox]
    return box[2] - box[0], box[3] - box[1]


def _pad(pdf: pikepdf.Pdf, duplex: bool, count: int, size: tuple[float, float]) -> None:
    if duplex and count % 2:
        pdf.add_blank_page(page_size=size)


def _add_bleed_and_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, bleed: float, marks: bool) -> None:
    width, height = _size(page)
    margin = bleed + (MARK_GAP + MARK_LENGTH + MARK_GAP if marks else 0)
    page.contents_coalesce()
    inner = page.obj.Contents.read_bytes()
    drawing = [f"q 1 0 0 1 {margin:.3f} {margin:.3f} cm".encode(), inner, b"Q"]
    if marks:
        drawing.append(_crop_marks(width, height, margin, bleed))
    page.obj.Contents = pdf.make_stream(b"\n".join(drawing))
    page.obj.MediaBox = pikepdf.Array([0, 0, width + 2 * margin, height + 2 * margin])
    page.obj.BleedBox = pikepdf.Array([margin - bleed, margin - bleed, margin + width + bleed, margin + height + bleed])
    page.obj.TrimBox = pikepdf.Array([margin, margin, margin + width, margin + height])


def _crop_marks(width: float, height: float, margin: float, bleed: float) -> bytes:
    """Thin registration-black lines at each trim corner, starting outside the bleed."""
    start = bleed + MARK_GAP
    lines = []
    for x in (margin, margin + width):
        for y in (margin, margin + height):
            out_x = -1 if x == margin else 1
            out_y = -1 if y == margin else 1
            # Horizontal mark on the trim line y, vertical mark on the trim line x.
            lines.append(f"{x + out_x * start:.3f} {y:.3f} m {x + out_x * (start + MARK_LENGTH):.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + out_y * start:.3f} m {x:.3f} {y + out_y * (start + MARK_LENGTH):.3f} l S")
    return ("q 0.25 w 1 1 1 1 K\n" + "\n".join(lines) + "\nQ").encode()
