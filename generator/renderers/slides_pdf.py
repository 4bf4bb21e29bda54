"""``slides.pdf``: a printable handout of the finished deck, one slide per page with its notes.

It is drawn from the PPTX itself (read back with python-pptx), not from the lesson, so it
shows exactly what the deck shows, in the same order: every shape is laid out as an
absolutely positioned box on an HTML page, scaled to the PDF page, and rendered by
WeasyPrint like the other documents. No LibreOffice or PowerPoint is needed, and a
teacher without PowerPoint can project or print it.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn

from ..html import PdfRenderer
from ..themes import Theme

EMU_PER_PT = 12700
#: The page: A4 portrait, like PowerPoint's "notes pages" print-out.
PAGE_W_PT, PAGE_H_PT = 595.28, 841.89
MARGIN_PT = 36.0
#: Width of the slide on the page; its height follows the deck's aspect ratio.
SLIDE_BOX_W_PT = PAGE_W_PT - 2 * MARGIN_PT
#: A band above the slide on every page; the first page's holds the document's title (its H1).
TITLE_BAND_PT = 24.0
#: PowerPoint's "single" line spacing is about 1.2 of the font size for Arial and its twins.
SINGLE_LINE = 1.2


def slide_box(deck_w_emu: int, deck_h_emu: int) -> tuple[float, float, float, float]:
    """Where the slide sits on each handout page: (left, top, width, height) in points.

    The site crops slide thumbnails from the handout with this.
    """
    height = SLIDE_BOX_W_PT * deck_h_emu / deck_w_emu
    return MARGIN_PT, MARGIN_PT + TITLE_BAND_PT, SLIDE_BOX_W_PT, height


def _colour(color_format) -> str | None:
    try:
        return f"#{color_format.rgb}" if color_format.rgb is not None else None
    except (AttributeError, TypeError):
        return None  # a theme colour or no colour: leave it to the page default


def _fill(fill) -> str | None:
    try:
        return _colour(fill.fore_color) if fill.type == MSO_FILL.SOLID else None
    except (AttributeError, TypeError):
        return None


class _Page:
    """Turns the shapes of one slide into positioned HTML at ``scale`` points per deck point."""

    def __init__(self, scale: float):
        self.scale = scale
        self.parts: list[str] = []

    def pt(self, emu) -> float:
        """EMU to handout points."""
        return round((emu or 0) / EMU_PER_PT * self.scale, 2)

    def box_style(self, shape) -> str:
        return (f"left:{self.pt(shape.left)}pt;top:{self.pt(shape.top)}pt;"
                f"width:{self.pt(shape.width)}pt;height:{self.pt(shape.height)}pt;")

    def add(self, shape) -> None:
        """Draw ``shape`` (and, for a group, its members) in deck order."""
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for member in shape.shapes:
                self.add(member)
            return
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            self.picture(shape)
            return
        style, inset = self.box_style(shape), 0.0
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
            extra, inset = self.shape_style(shape)
            style += extra
        text = self.text_frame(shape.text_frame, inset) if shape.has_text_frame else ""
        self.parts.append(f'<div class="shape" style="{style}">{text}</div>')

    def shape_style(self, shape) -> tuple[str, float]:
        """CSS for an autoshape's fill, outline and corners, and how far its corners inset the text."""
        style = ""
        background = _fill(shape.fill)
        if background:
            style += f"background:{background};"
        line = shape.line
        if line.fill.type == MSO_FILL.SOLID:
            width = round((line.width or 12700) / EMU_PER_PT * self.scale, 2)
            style += f"border:{width}pt solid {_colour(line.color) or '#000'};"
        try:
            rounded = shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE
        except (NotImplementedError, ValueError):
            rounded = False
        if not rounded:
            return style, 0.0
        adjust = shape.adjustments[0] if len(shape.adjustments) else 0.16667
        radius = adjust * min(self.pt(shape.width), self.pt(shape.height))
        # PowerPoint keeps text inside the rounded rectangle's inner box: 0.29289 of the radius in.
        return style + f"border-radius:{round(radius, 2)}pt;", radius * 0.29289

    def picture(self, shape) -> None:
        image = shape.image
        alt = shape._element.nvPicPr.cNvPr.get("descr", "")
        data = base64.b64encode(image.blob).decode("ascii")
        self.parts.append(f'<img class="shape" style="{self.box_style(shape)}" alt="{escape(alt)}" '
                          f'src="data:{image.content_type};base64,{data}">')

    def text_frame(self, frame, inset: float = 0.0) -> str:
        """The paragraphs of a text frame, with its margins, anchored top, middle or bottom."""
        body = frame._txBody.find(qn("a:bodyPr"))
        margins = []
        for name, default in (("tIns", 45720), ("rIns", 91440), ("bIns", 45720), ("lIns", 91440)):
            value = body.get(name) if body is not None else None
            margins.append(self.pt(int(value) if value is not None else default) + inset)
        padding = " ".join(f"{round(m, 2)}pt" for m in margins)
        anchor = {MSO_ANCHOR.MIDDLE: "middle", MSO_ANCHOR.BOTTOM: "bottom"}.get(frame.vertical_anchor, "top")
        paragraphs, number = [], 0
        for paragraph in frame.paragraphs:
            html, number = self.paragraph(paragraph, number)
            paragraphs.append(html)
        # A table cell anchors text top, middle or bottom (WeasyPrint's flexbox misplaces hanging indents).
        return (f'<div class="frame"><div class="cell" style="padding:{padding};vertical-align:{anchor}">'
                + "".join(paragraphs) + "</div></div>")

    def paragraph(self, paragraph, number: int) -> tuple[str, int]:
        ppr = paragraph._p.pPr
        size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=18.0) * self.scale
        spacing = paragraph.line_spacing if isinstance(paragraph.line_spacing, float) else 1.0
        after = paragraph.space_after.pt * self.scale if paragraph.space_after is not None else 0.0
        align = {PP_ALIGN.CENTER: "center", PP_ALIGN.RIGHT: "right"}.get(paragraph.alignment, "left")
        style = (f"font-size:{round(size, 2)}pt;line-height:{round(spacing * SINGLE_LINE, 3)};"
                 f"margin:0 0 {round(after, 2)}pt;text-align:{align};")
        marker = ""
        if ppr is not None and (ppr.find(qn("a:buChar")) is not None or ppr.find(qn("a:buAutoNum")) is not None):
            hang = self.pt(abs(int(ppr.get("marL", "0"))))
            style += f"padding-left:{hang}pt;"
            if ppr.find(qn("a:buAutoNum")) is not None:
                number += 1
                symbol = f"{number}."
            else:
                number = 0
                symbol = ppr.find(qn("a:buChar")).get("char", "•")
            colour = next((_colour(r.font.color) for r in paragraph.runs if _colour(r.font.color)), None)
            colour_style = f' style="color:{colour}"' if colour else ""
            marker = f'<span class="marker" style="width:{hang}pt"{colour_style}>{escape(symbol)}</span>'
        else:
            number = 0
        runs = "".join(self.run(r) for r in paragraph.runs) or "&#8203;"
        return f'<p style="{style}">{marker}{runs}</p>', number

    def run(self, run) -> str:
        style = ""
        if run.font.size:
            style += f"font-size:{round(run.font.size.pt * self.scale, 2)}pt;"
        if run.font.bold:
            style += "font-weight:700;"
        colour = _colour(run.font.color)
        if colour:
            style += f"color:{colour};"
        # Spaces are kept as typed (a "1.  " marker run) without white-space: pre-wrap, which made
        # WeasyPrint break the line after a run that ends in spaces.
        text = escape(run.text.replace("  ", " \u00a0")).replace("\n", "<br>").replace("\v", "<br>")
        return f'<span style="{style}">{text}</span>' if style else text


def handout_html(pptx: bytes, title: str) -> str:
    """The handout as HTML: one section per slide (the slide drawn to scale, then its notes)."""
    deck = Presentation(io.BytesIO(pptx))
    left, top, width, height = slide_box(deck.slide_width, deck.slide_height)
    scale = width / (deck.slide_width / EMU_PER_PT)
    sections = []
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, 1):
        page = _Page(scale)
        for shape in slide.shapes:
            page.add(shape)
        background = _fill(slide.background.fill) if slide._element.cSld.bg is not None else None
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        notes_html = "".join(f"<p>{escape(line)}</p>" for line in notes.split("\n") if line.strip())
        band = f"<h1>{escape(title)}</h1>" if number == 1 else ""
        sections.append(
            f'<section class="handout-page"><div class="band">{band}</div>'
            f'<div class="slide" style="width:{width}pt;height:{round(height, 2)}pt;'
            f'background:{background or "#FFFFFF"}">{"".join(page.parts)}</div>'
            f'<div class="notes"><h2>Slide {number} of {total}: speaker notes</h2>'
            f'{notes_html or "<p>(no notes)</p>"}</div></section>')
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'</head><body>{"".join(sections)}</body></html>')


class SlidesPdfRenderer:
    """Renders ``slides.pdf`` from deck bytes, reusing one WeasyPrint set-up per process."""

    def __init__(self, theme: Theme):
        slides = theme.settings.slides
        regular = theme.asset(slides.metrics_regular).resolve().as_uri()
        bold = theme.asset(slides.metrics_bold).resolve().as_uri()
        text_font = theme.settings.pdf.font_family
        # The deck font may not be installed here; its metric twin wraps lines exactly as it does.
        css = f"""
@font-face {{ font-family: "Slide Font"; font-weight: 400; src: url({regular}); }}
@font-face {{ font-family: "Slide Font"; font-weight: 700; src: url({bold}); }}
@page {{ size: A4 portrait; margin: {MARGIN_PT}pt; background: #FFFFFF;
        @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-family: "{text_font}", "Slide Font";
                        font-size: 8.5pt; color: {theme.settings.colours.muted}; }} }}
html {{ font-family: "Slide Font", sans-serif; color: {theme.settings.colours.text}; }}
body {{ margin: 0; }}
.handout-page {{ break-before: page; }}
.handout-page:first-child {{ break-before: auto; }}
.band {{ height: {TITLE_BAND_PT}pt; }}
.band h1 {{ font-size: 12pt; margin: 0; color: {theme.settings.colours.primary}; }}
.slide {{ position: relative; overflow: hidden; border: 0.75pt solid {theme.settings.colours.line}; }}
.shape {{ position: absolute; box-sizing: border-box; overflow: hidden; }}
.frame {{ display: table; table-layout: fixed; width: 100%; height: 100%; }}
.cell {{ display: table-cell; }}
.frame p {{ overflow-wrap: break-word; }}
.frame p {{ position: relative; }}
/* The bullet hangs in the paragraph's left padding, as in PowerPoint (an inline-block marker
   made WeasyPrint break the line after it). */
.marker {{ position: absolute; left: 0; top: 0; }}
/* Positioned like the slide shapes, so the notes are painted (and read) after them. */
.notes {{ position: relative; margin-top: 14pt; font-size: 10.5pt; line-height: 1.4; }}
.notes h2 {{ font-size: 11pt; color: {theme.settings.colours.primary}; margin: 0 0 4pt; }}
.notes p {{ margin: 0 0 5pt; }}
"""
        self.pdf = PdfRenderer([], css, list(theme.folders))
        self.base = Path(theme.folders[0])

    def render(self, pptx: bytes, title: str) -> tuple[bytes, int]:
        """PDF bytes of the handout and its page count."""
        return self.pdf.render(handout_html(pptx, title), self.base)

    def close(self) -> None:
        """Release WeasyPrint's temporary fonts."""
        self.pdf.close()
