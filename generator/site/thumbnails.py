"""Thumbnails of the real pages: worksheet pages and slides, rasterised from the PDFs with pypdfium2.

Each picture is named after the hash of the PDF it came from, so a site rebuild reuses
every thumbnail whose PDF has not changed, and the same PDF always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

#: Width in pixels of a thumbnail; shown at half that on the page, so it stays sharp on high-density screens.
PAGE_WIDTH_PX = 360
SLIDE_WIDTH_PX = 480


@dataclass(frozen=True)
class Thumbnail:
    """One picture of a page: where it is (relative to the site root), its size and what it shows."""

    path: str
    width: int
    height: int
    number: int


def _png(image) -> bytes:
    # A palette of 256 colours keeps text crisp and files a third of the size; no metadata, so no dates.
    buffer = io.BytesIO()
    image.convert("RGB").quantize(256).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def handout_slide_pages(pdf: Path) -> list[int]:
    """Indexes of the pages of a slides handout that show a slide (long notes run onto extra pages)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range()
            if re.search(r"Slide \d+ of \d+: speaker notes", text):
                found.append(index)
            page.close()
        return found
    finally:
        document.close()


def render_thumbnails(pdf: Path, digest: str, folder: str, site: Path, reuse: Path | None,
                      crop_pt: tuple[float, float, float, float] | None = None,
                      width_px: int = PAGE_WIDTH_PX, pages: list[int] | None = None) -> list[Thumbnail]:
    """One PNG per page of ``pdf`` (or per page in ``pages``) under ``site/folder``.

    ``crop_pt`` keeps only (left, top, width, height) of each page, in points. ``reuse`` is
    the previous site: pictures of the same PDF (same ``digest``) are copied from it.
    Thumbnails are numbered 1, 2, ... in the order of ``pages``.
    """
    import pypdfium2 as pdfium  # imported here: only the site needs it

    document = pdfium.PdfDocument(str(pdf))
    try:
        thumbnails = []
        for number, index in enumerate(pages if pages is not None else range(len(document)), 1):
            page = document[index]
            page_w, page_h = page.get_size()
            left, top, width, height = crop_pt or (0.0, 0.0, page_w, page_h)
            scale = width_px / width
            relative = f"{folder}/{digest[:16]}-{number}.png"
            target = site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = reuse / relative if reuse else None
            if previous is not None and previous.is_file():
                shutil.copyfile(previous, target)
            else:
                crop = (left, page_h - top - height, page_w - left - width, top)  # pdfium crops from each edge
                bitmap = page.render(scale=scale, crop=crop)
                target.write_bytes(_png(bitmap.to_pil()))
            thumbnails.append(Thumbnail(relative, width_px, round(height * scale), number))
            page.close()
        return thumbnails
    finally:
        document.close()
