"""Measure slide text with the real font file, the way PowerPoint lays it out.

PowerPoint cannot embed fonts and python-pptx cannot ask PowerPoint how big text is,
so we wrap words ourselves using the metrics of the deck font's open twin (Liberation
Sans for Arial, Carlito for Calibri) and pick the largest size that fits the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

#: Measure at this size and scale linearly: widths of an outline font scale exactly.
_REFERENCE = 200
#: PowerPoint's default text box insets, in points (0.1 in left/right, 0.05 in top/bottom).
INSET_X_PT = 7.2
INSET_Y_PT = 3.6
#: Keep a little slack for differences between renderers (PowerPoint, LibreOffice, Keynote).
WIDTH_SLACK = 0.96
LINE_SLACK = 1.03


@dataclass(frozen=True)
class Para:
    """One paragraph to measure: text, weight, relative size and left indent (points)."""

    text: str
    bold: bool = False
    scale: float = 1.0
    indent_pt: float = 0.0


class FontMetrics:
    """Widths and line height of a regular and bold font file."""

    def __init__(self, regular: Path, bold: Path):
        self._fonts = {False: _load(str(regular)), True: _load(str(bold))}
        self._widths: dict[tuple[str, bool], float] = {}
        # Ratio of one line's height to the font size at 100% line spacing: ascent, descent
        # and line gap, as PowerPoint and LibreOffice lay out single-spaced text.
        self.line_ratio = _line_ratio(Path(regular)) * LINE_SLACK

    def width_pt(self, text: str, size_pt: float, bold: bool = False) -> float:
        """Advance width of ``text`` at ``size_pt``, in points."""
        return self._fonts[bold].getlength(text) * size_pt / _REFERENCE

    def _word_width(self, word: str, bold: bool) -> float:
        """Width of one word at the reference size (cached: the same words recur at every size tried)."""
        key = (word, bold)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self._fonts[bold].getlength(word)
        return width

    def wrap(self, text: str, size_pt: float, width_pt: float, bold: bool = False) -> list[str] | None:
        """Greedy word wrap into lines no wider than ``width_pt``; None if one word is too wide."""
        limit = width_pt * _REFERENCE / size_pt  # compare in reference units
        space = self._word_width(" ", bold)
        lines: list[str] = []
        for hard_line in text.split("\n"):
            current: list[str] = []
            used = 0.0
            for word in hard_line.split():
                width = self._word_width(word, bold)
                if width > limit:
                    return None  # a single word wider than the box can never fit
                if current and used + space + width > limit:
                    lines.append(" ".join(current))
                    current, used = [word], width
                else:
                    used += (space if current else 0.0) + width
                    current.append(word)
            lines.append(" ".join(current))
        return lines

    def height_pt(self, paras: list[Para], size_pt: float, width_pt: float, line_spacing: float,
                  space_after: float) -> float | None:
        """Height of ``paras`` set at ``size_pt`` in a column ``width_pt`` wide, or None if a word won't fit."""
        total = 0.0
        for index, para in enumerate(paras):
            size = size_pt * para.scale
            lines = self.wrap(para.text, size, (width_pt - para.indent_pt) * WIDTH_SLACK, para.bold)
            if lines is None:
                return None
            total += len(lines) * size * self.line_ratio * line_spacing
            if index < len(paras) - 1:
                total += size * space_after
        return total

    def fit(self, paras: list[Para], box_w_pt: float, box_h_pt: float, max_pt: float, min_pt: float,
            line_spacing: float, space_after: float = 0.35) -> float | None:
        """Largest size (in half points, from ``max_pt`` down to ``min_pt``) at which ``paras`` fit, or None."""
        width = box_w_pt - 2 * INSET_X_PT
        height = box_h_pt - 2 * INSET_Y_PT

        def fits(size: float) -> bool:
            needed = self.height_pt(paras, size, width, line_spacing, space_after)
            return needed is not None and needed <= height

        return largest_fitting(max_pt, min_pt, fits)


def largest_fitting(max_pt: float, min_pt: float, fits) -> float | None:
    """The largest size on the half-point grid from ``max_pt`` down to ``min_pt`` for which ``fits(size)``.

    Text that fits at a size also fits at every smaller one, so the grid is bisected.
    """
    steps = int(round((max_pt - min_pt) * 2))
    if steps < 0 or not fits(min_pt):
        return None
    low, high = 0, steps  # index i means max_pt - i / 2; find the smallest index that fits
    while low < high:
        middle = (low + high) // 2
        if fits(max_pt - middle / 2):
            high = middle
        else:
            low = middle + 1
    return max_pt - low / 2


@lru_cache(maxsize=16)
def _load(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, _REFERENCE)


def _line_ratio(path: Path) -> float:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    hhea, units = font["hhea"], font["head"].unitsPerEm
    os2 = font["OS/2"]
    typographic = hhea.ascent - hhea.descent + hhea.lineGap
    windows = os2.usWinAscent + os2.usWinDescent
    return max(typographic, windows) / units
