"""Slide layouts that carry pictures: picture cards (sort cards, statements, key words).

A mixin for :class:`~generator.renderers.slides.Deck`: it uses the deck's drawing
primitives (``text``, ``rect``, ``picture``, ``fit_size``) and adds layouts where a
picture, not the words, carries the meaning, as young children need.
"""

from __future__ import annotations

import io

from PIL import Image
from pptx.enum.text import MSO_ANCHOR

from ..errors import RenderError
from ..model import PictureUse
from ..pictures import resolve_picture
from .slide_canvas import balanced_chunks, leading_fit

CARD_GAP = 14.0


class PictureLayouts:
    """Drawing of lesson pictures on slides (mixed into the Deck)."""

    #: The body area of a continuation slide (x, y, width, height); the Deck sets it.
    FULL_BODY: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

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

    def _card_layout(self, cards, w, h):
        """The first grid (widest cards first) in which every card's text fits at a readable size, or None."""
        for columns, rows, card_w, card_h in self.card_grid(len(cards), w, h):
            pic_h = min(card_h * 0.55, card_w * 0.6, 150.0)
            text_h = card_h - pic_h - 8
            sizes = [self.fit_size(paras, card_w, text_h, rounded=True) for _, paras in cards]
            if None not in sizes:
                return columns, card_w, card_h, pic_h, text_h, min(sizes)
        return None

    def picture_cards(self, slide, cards: list[tuple[PictureUse | None, list]], box, where,
                      continued=None) -> bool:
        """Cards with a picture above their text, in a grid; False (nothing drawn) if they cannot fit readably.

        With ``continued`` (a continuation-slide factory), cards that do not fit on this slide go
        on further slides, spread evenly, rather than losing their pictures or shrinking their words.
        """
        x, y, w, h = box
        layout = self._card_layout(cards, w, h)
        if layout is not None:
            self._draw_cards(slide, cards, box, where, layout)
            return True
        here = leading_fit(cards, lambda chunk: self._card_layout(chunk, w, h) is not None) if continued else 0
        if not here:
            return False
        self._draw_cards(slide, cards[:here], box, where, self._card_layout(cards[:here], w, h))
        full_w, full_h = self.FULL_BODY[2:]
        for chunk in balanced_chunks(cards[here:], lambda group: self._card_layout(group, full_w, full_h) is not None):
            slide, box = continued()
            if not self.picture_cards(slide, chunk, box, where):
                raise RenderError("a picture card is too big for a slide of its own", where,
                                  "shorten the card's words")
        return True

    def _draw_cards(self, slide, cards, box, where, layout) -> None:
        """Draw ``cards`` in ``box`` in the grid ``layout`` from :meth:`_card_layout`."""
        x, y = box[:2]
        columns, card_w, card_h, pic_h, text_h, size = layout
        for index, (use, paras) in enumerate(cards):
            row, column = divmod(index, columns)
            cx = x + column * (card_w + CARD_GAP)
            cy = y + row * (card_h + CARD_GAP)
            self.rect(slide, cx, cy, card_w, card_h, self.colours.panel, rounded=True)
            if use is not None:
                self.use_picture(slide, use, cx + 6, cy + 6, card_w - 12, pic_h - 6)
            self.text(slide, cx, cy + pic_h + 4, card_w, text_h, paras, where, max_pt=size,
                      anchor=MSO_ANCHOR.TOP, rounded=True)
