"""Web and e-mail addresses in every PDF: clickable link annotations, never broken across lines."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from generator.html import _WEB


def _uris(reader: PdfReader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def test_every_address_in_every_pdf_is_a_link_on_one_line(flagship_build):
    # Our documents (WeasyPrint); slides.pdf is a LibreOffice handout of the deck.
    pdfs = sorted(p for p in Path(flagship_build, "packs").rglob("*.pdf") if p.name != "slides.pdf")
    assert len(pdfs) >= 12
    checked = 0
    for pdf in pdfs:
        reader = PdfReader(str(pdf))
        uris = _uris(reader)
        for page in reader.pages:
            for line in (page.extract_text() or "").splitlines():
                for match in _WEB.finditer(line):
                    address = match.group(0).rstrip(".,;:)")
                    checked += 1
                    target = ("mailto:" + address) if match.group("email") else address
                    assert any(uri.endswith(target) for uri in uris), (pdf.name, address)
                # A line that ends inside an address ("ceop.police.uk/safety-") would mean a broken link.
                assert not line.rstrip().endswith(("/safety-", "childline.", ".police.", ".org.", ".co.")), (pdf, line)
    assert checked > 20
