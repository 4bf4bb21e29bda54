"""Drawing on a slide: the slide's geometry, measured text boxes, pictures, icons and the slide frame.

The primitives every slide layout in :mod:`slides` is built from. :class:`SlideCanvas` is a
mixin of :class:`~generator.renderers.slides.Deck`: it uses the deck's presentation, theme
style, colours, font metrics and readable floor. Moved here from slides.py unchanged.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from PIL import Image
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..errors import Location, RenderError
from ..themes import rgb
from .textfit import Para, largest_fitting


EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0  # points: 13.333 x 7.5 inches, 16:9
MARGIN = 40.0
BAR_H = 86.0
BODY_TOP = BAR_H + 22.0
FOOTER_H = 26.0
BODY_BOTTOM = SLIDE_H - FOOTER_H - 8.0
ROUND_ADJ = 0.12  # corner radius of rounded boxes, as a fraction of the shorter side
HANG_EM = {"bullet": 0.9, "number": 1.4}  # hanging indent of list paragraphs, in ems
#: Where a slide's title is written: x, y, width, height.
TITLE_BOX = (MARGIN - 7, 10.0, SLIDE_W - 2 * MARGIN - 70, BAR_H - 20)
#: The footer (lesson name and slide number) is for the teacher finding their place, not for the class.
FOOTER_PT = (11, 8)



def pt(value: float) -> Emu:
    """Points to EMU, the unit python-pptx positions shapes in."""
    return Emu(int(round(value * EMU_PER_PT)))


@dataclass
class TextSpec:
    """One paragraph to write: runs of (text, bold), optional bullet or number, relative size."""

    runs: list[tuple[str, bool]]
    bullet: str | None = None  # None, "bullet" or "number"
    scale: float = 1.0
    colour: str | None = None
    align: str = "left"

    @property
    def text(self) -> str:
        """The paragraph's text without formatting, for measuring."""
        return "".join(t for t, _ in self.runs)


def plain(text: str, bold: bool = False, **kwargs) -> TextSpec:
    """A paragraph of one run."""
    return TextSpec([(text, bold)], **kwargs)


class SlideCanvas:
    """Drawing primitives of a deck (a mixin: the deck holds the presentation and the theme)."""

    def _sizes(self, max_pt, min_pt, small_ok: bool) -> tuple[float, float]:
        """The size range of a box: the theme's, never below the readable floor (except the footer)."""
        low = min_pt or self.floor
        high = max_pt or self.style.body_max_pt
        if not small_ok:
            low = max(low, self.floor)
            high = max(high, low)
        return high, low

    # -- low-level drawing -------------------------------------------------------------

    def _rgb(self, colour: str) -> RGBColor:
        return RGBColor(*rgb(colour))

    def rect(self, slide, x, y, w, h, fill: str, line: str | None = None, rounded: bool = False):
        """A filled rectangle (no text)."""
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE,
                                       pt(x), pt(y), pt(w), pt(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = self._rgb(fill)
        if line:
            shape.line.color.rgb = self._rgb(line)
            shape.line.width = Pt(1.25)
        else:
            shape.line.fill.background()
        shape.shadow.inherit = False
        if rounded:
            shape.adjustments[0] = ROUND_ADJ
        return shape

    def text(self, slide, x, y, w, h, paras: list[TextSpec], where: Location | None, *, max_pt=None,
             min_pt=None, colour=None, anchor=MSO_ANCHOR.TOP, fill: str | None = None, line: str | None = None,
             rounded=False, bold_all=False, small_ok=False, hint: str = "") -> float:
        """Write ``paras`` in a box, at the largest size that fits; fail the build if none does (``hint``
        says what to do then, if not the usual 'shorten this text')."""
        max_pt, min_pt = self._sizes(max_pt, min_pt, small_ok)
        size = self.fit_size(paras, w, h, max_pt, min_pt, rounded, bold_all, small_ok)
        if size is None:
            title = self.slide_titles[-1] if self.slide_titles else "?"
            raise RenderError(
                f"text would overflow its box on slide {len(self.slide_titles)} ('{title}') even at {min_pt:g} pt: "
                f"“{paras[0].text[:60]}…”",
                where,
                hint or "shorten this text (or split it into two activities); slides must stay readable",
            )
        if fill or line:
            shape = self.rect(slide, x, y, w, h, fill or self.colours.background, line, rounded)
        else:
            shape = slide.shapes.add_textbox(pt(x), pt(y), pt(w), pt(h))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Pt(7.2)
        frame.margin_top = frame.margin_bottom = Pt(3.6)
        frame.vertical_anchor = anchor
        for index, spec in enumerate(paras):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            p.line_spacing = self.style.line_spacing
            p.space_after = Pt(round(size * spec.scale * 0.35, 1)) if index < len(paras) - 1 else Pt(0)
            p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER}[spec.align]
            if spec.bullet:
                self._bullet(p, spec.bullet, size * spec.scale)
            for text, bold in spec.runs:
                run = p.add_run()
                run.text = text
                run.font.size = Pt(round(size * spec.scale, 1))
                run.font.bold = bold or bold_all
                run.font.name = self.style.font
                run.font.color.rgb = self._rgb(spec.colour or colour or self.colours.text)
        return size

    def fit_size(self, paras: list[TextSpec], w, h, max_pt=None, min_pt=None, rounded=False,
                 bold_all=False, small_ok=False) -> float | None:
        """Largest size from ``max_pt`` down to ``min_pt`` (half points) at which ``paras`` fit the box."""
        max_pt, min_pt = self._sizes(max_pt, min_pt, small_ok)
        # A rounded rectangle's text area is inset by its corner geometry (0.29289 x radius).
        inset = ROUND_ADJ * min(w, h) * 0.29289 if rounded else 0.0

        def fits(size: float) -> bool:
            # The hanging indent of list paragraphs grows with the size: measure at each size.
            measure = [Para(s.text, bold_all or any(b for _, b in s.runs), s.scale,
                            HANG_EM.get(s.bullet, 0.0) * size * s.scale) for s in paras]
            return self.metrics.fit(measure, w - 2 * inset, h - 2 * inset, size, size,
                                    self.style.line_spacing) is not None

        return largest_fitting(max_pt, min_pt, fits)

    def height_for(self, paras: list[TextSpec], w, least, most, max_pt=None, rounded=False) -> float:
        """The smallest box height from ``least`` up to ``most`` at which ``paras`` fit at a readable size.

        Returns ``least`` when nothing fits even at ``most``: :meth:`text` then reports the overflow.
        """
        height = least
        while height <= most:
            if self.fit_size(paras, w, height, max_pt, rounded=rounded) is not None:
                return height
            height += 4.0
        return least

    def common_size(self, boxes: list[tuple[list[TextSpec], float, float, bool]], max_pt=None) -> float:
        """One size for several boxes that should look alike: the smallest of their best fits."""
        sizes = [self.fit_size(paras, w, h, max_pt, rounded=rounded) for paras, w, h, rounded in boxes]
        fitting = [size for size in sizes if size is not None]
        # If a box cannot fit at all, text() reports it with its location.
        return min(fitting) if len(fitting) == len(sizes) else self._sizes(max_pt, None, False)[0]

    def flow(self, slide, box: tuple, paras: list[TextSpec], where: Location | None, continued, **style) -> None:
        """Write ``paras`` into ``box``; what cannot fit even at the minimum size goes on continuation slides.

        ``continued()`` makes the next slide and returns its box. Only a single paragraph too
        long for a whole slide fails the build.
        """
        x, y, w, h = box
        rounded = style.get("rounded", False)
        if self.fit_size(paras, w, h, style.get("max_pt"), rounded=rounded) is not None:
            self.text(slide, x, y, w, h, paras, where, **style)
            return
        paras = [part for spec in paras for part in self._split_long(spec, w, h, rounded)]
        fits = lambda chunk: self.fit_size(chunk, w, h, self.floor, rounded=rounded) is not None  # noqa: E731
        # A single paragraph too long even for a slide of its own is reported by text().
        for index, chunk in enumerate(balanced_chunks(paras, fits)):
            if index:
                slide, (x, y, w, h) = continued()
            self.text(slide, x, y, w, h, chunk, where, **style)

    def _split_long(self, spec: TextSpec, w, h, rounded=False) -> list[TextSpec]:
        """``spec``, or, if it alone cannot fit the box at the readable size, its sentences in parts that do."""
        if self.fit_size([spec], w, h, self.floor, rounded=rounded) is not None or len(spec.runs) != 1:
            return [spec]
        text, bold = spec.runs[0]
        sentences = re.findall(r"[^.!?]+[.!?]+[\"”’)]*\s*|[^.!?]+$", text)
        parts, current = [], ""
        for sentence in sentences:
            candidate = current + sentence
            trial = TextSpec([(candidate.strip(), bold)], spec.bullet, spec.scale, spec.colour, spec.align)
            if current and self.fit_size([trial], w, h, self.floor, rounded=rounded) is None:
                parts.append(current.strip())
                current = sentence
            else:
                current = candidate
        parts.append(current.strip())
        # Only the first part keeps the bullet: the rest continue the same point.
        return [TextSpec([(part, bold)], spec.bullet if i == 0 else None, spec.scale, spec.colour, spec.align)
                for i, part in enumerate(parts)]

    def continuation(self, title: str, notes: str, icon: str, icon_alt: str, where: Location | None):
        """A factory of '(continued)' slides with the whole body area free."""
        heading = f"{title} (continued)"
        if ": " in title and self.fit_size([plain(heading, True)], *TITLE_BOX[2:], self.style.title_pt) is None:
            heading = f"{title.split(': ', 1)[1]} (continued)"  # the activity's own title is what matters

        def make():
            slide = self.new_slide(heading, notes, icon, icon_alt, where)
            return slide, self.FULL_BODY
        return make

    def _bullet(self, paragraph, kind: str, size: float) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        hang = int(HANG_EM[kind] * size * EMU_PER_PT)
        ppr.set("marL", str(hang))
        ppr.set("indent", str(-hang))
        bu_font = etree.SubElement(ppr, qn("a:buFont"))
        bu_font.set("typeface", self.style.font)
        if kind == "number":
            etree.SubElement(ppr, qn("a:buAutoNum")).set("type", "arabicPeriod")
        else:
            etree.SubElement(ppr, qn("a:buChar")).set("char", "•")

    def picture(self, slide, image: bytes, x, y, w, h, alt: str):
        """Place a PNG and give it alt text (python-pptx has no API for it, so set ``descr``)."""
        pic = slide.shapes.add_picture(io.BytesIO(image), pt(x), pt(y), pt(w), pt(h))
        pic._element.nvPicPr.cNvPr.set("descr", alt)
        return pic

    def logo_card(self, slide, x, y, size) -> None:
        """The school's or campaign's logo on a white card, so it reads on any background."""
        path, alt = self.logo
        self.rect(slide, x, y, size, size, "#FFFFFF", rounded=True)
        with Image.open(path) as img:
            ratio = img.height / img.width
        inner = size - 20
        w, h = (inner, inner * ratio) if ratio <= 1 else (inner / ratio, inner)
        self.picture(slide, path.read_bytes(), x + (size - w) / 2, y + (size - h) / 2, w, h, alt)

    def icon(self, slide, name: str, x, y, size, colour: str, alt: str):
        """A theme icon tinted in ``colour``."""
        png = tinted_icon(str(self.theme.asset(f"icons/{self.theme.settings.icons[name]}.png")), colour)
        return self.picture(slide, png, x, y, size, size, alt)

    # -- slide frames ----------------------------------------------------------------------

    def new_slide(self, title: str, notes: str, icon: str, icon_alt: str, where: Location | None):
        """A slide with the title bar, icon, footer and speaker notes; returns the slide."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        self.slide_titles.append(title)
        background = slide.background.fill
        background.solid()
        background.fore_color.rgb = self._rgb(self.colours.background)
        self.rect(slide, 0, 0, SLIDE_W, BAR_H, self.colours.primary)
        self.text(slide, *TITLE_BOX, [plain(title, True)], where,
                  max_pt=self.style.title_pt, min_pt=20, colour=self.colours.on_primary, anchor=MSO_ANCHOR.MIDDLE)
        mark_as_title(slide.shapes[-1])
        self.icon(slide, icon, SLIDE_W - MARGIN - 52, (BAR_H - 52) / 2, 52, self.colours.on_primary, icon_alt)
        footer = f"{self.view.meta.title} · {self.view.key_stage.name}"
        self.text(slide, MARGIN - 7, SLIDE_H - FOOTER_H - 4, SLIDE_W - 2 * MARGIN - 60, FOOTER_H,
                  [plain(footer)], None, max_pt=FOOTER_PT[0], min_pt=FOOTER_PT[1], colour=self.colours.muted,
                  small_ok=True)
        self.text(slide, SLIDE_W - MARGIN - 60, SLIDE_H - FOOTER_H - 4, 67, FOOTER_H,
                  [plain(str(len(self.slide_titles)), align="left")], None, max_pt=FOOTER_PT[0],
                  min_pt=FOOTER_PT[1], colour=self.colours.muted, small_ok=True)
        slide.notes_slide.notes_text_frame.text = notes
        return slide


def leading_fit(items: list, fits) -> int:
    """How many of the leading ``items`` fit together (by ``fits``), counting up; 0 if not even the first."""
    count = 0
    while count < len(items) and fits(items[:count + 1]):
        count += 1
    return count


def balanced_chunks(items: list, fits) -> list[list]:
    """``items`` over as few slides as ``fits`` allows (at least one item each), spread evenly when the
    even groups fit too, so no slide is crowded while the next holds one item."""
    greedy, rest = [], list(items)
    while rest:
        count = max(1, leading_fit(rest, fits))
        greedy.append(rest[:count])
        rest = rest[count:]
    per_slide = -(-len(items) // len(greedy))
    even = [items[i:i + per_slide] for i in range(0, len(items), per_slide)]
    return even if len(even) == len(greedy) and all(fits(chunk) for chunk in even) else greedy


def mark_as_title(shape, kind: str = "title") -> None:
    """Make a drawn text box the slide's title placeholder.

    Screen readers, PowerPoint's outline and its accessibility checker find a slide's title
    only in a title placeholder. The box keeps its own position and measured text formatting,
    so nothing is inherited from the (blank) layout.
    """
    element = shape._element
    element.nvSpPr.cNvSpPr.attrib.pop("txBox", None)
    placeholder = etree.Element(qn("p:ph"))
    placeholder.set("type", kind)
    element.nvSpPr.nvPr.insert(0, placeholder)



@lru_cache(maxsize=64)
def tinted_icon(path: str, colour: str) -> bytes:
    """The icon at ``path`` (black on transparent) redrawn in ``colour``, as PNG bytes."""
    with Image.open(path) as source:
        alpha = source.convert("RGBA").getchannel("A")
    tinted = Image.new("RGBA", alpha.size, rgb(colour) + (255,))
    tinted.putalpha(alpha)
    buffer = io.BytesIO()
    tinted.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
