"""Slide layouts that carry pictures: picture cards (sort cards, statements, key words).

A mixin for :class:`~generator.renderers.slides.Deck`: it uses the deck's drawing
primitives (``text``, ``rect``, ``picture``, ``fit_size``) and adds layouts where a
picture, not the words, carries the meaning, as young children need.
"""

from __future__ import annotations

import io

from PIL import Image
from pptx.enum.text import MSO_ANCHOR

from ..model import PictureUse
from ..pictures import resolve_picture

CARD_GAP = 14.0


class PictureLayouts:
    """Drawing of lesson pictures on slides (mixed into the Deck)."""

    def use_picture(self, slide, use: PictureUse, x, y, w, h):
        """A lesson's picture (library name or lesson file), as large as fits ``w`` x ``h``, top-centred."""
        found = resolve_picture(use, self.theme.asset, self.lesson_folder, self.library)
        image = found.slide_file.read_bytes()
        with Image.open(io.BytesIO(image)) as img:
            ratio = img.height / img.width
        pic_w = min(w, h / ratio)
        return self.picture(slide, image, x + (w - pic_w) / 2, y, pic_w, pic_w * ratio, found.alt)

    def card_grid(self, count: int, w: float, h: float) -> list[tuple[int, int, float, float]]:
        """Ways to arrange ``count`` cards in ``w`` x ``h``: (columns, rows, card width, card height), widest cards first."""
        layouts = []
        for columns in range(min(count, 4), 0, -1):
            rows = -(-count // columns)
            card_w = (w - CARD_GAP * (columns - 1)) / columns
            card_h = (h - CARD_GAP * (rows - 1)) / rows
            if card_h >= 90:
                layouts.append((columns, rows, card_w, card_h))
        return layouts

    def picture_cards(self, slide, cards: list[tuple[PictureUse | None, list]], box, where) -> bool:
        """Cards with a picture above their text, in a grid; False (nothing drawn) if they cannot fit readably."""
        x, y, w, h = box
        for columns, rows, card_w, card_h in self.card_grid(len(cards), w, h):
            pic_h = min(card_h * 0.55, card_w * 0.6, 150.0)
            text_h = card_h - pic_h - 8
            sizes = [self.fit_size(paras, card_w, text_h, rounded=True) for _, paras in cards]
            if None in sizes:
                continue
            size = min(sizes)
            for index, (use, paras) in enumerate(cards):
                row, column = divmod(index, columns)
                cx = x + column * (card_w + CARD_GAP)
                cy = y + row * (card_h + CARD_GAP)
                self.rect(slide, cx, cy, card_w, card_h, self.colours.panel, rounded=True)
                if use is not None:
                    self.use_picture(slide, use, cx + 6, cy + 6, card_w - 12, pic_h - 6)
                self.text(slide, cx, cy + pic_h + 4, card_w, text_h, paras, where, max_pt=size,
                          anchor=MSO_ANCHOR.TOP, rounded=True)
            return True
        return False
