"""The campaign file (``campaigns/<name>/campaign.yaml``): who sends what to whom, and how it is printed.

Every field's docstring becomes its description in ``schema/campaign.schema.json``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..model import Slug, Strict, Text

Length = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?mm$")]


class Letters(Strict):
    """Which letters every recipient gets (a row's own ``lessons`` column narrows the lessons)."""

    lessons: list[Slug] = []
    """Lesson letters, one per lesson at each of the recipient's key stages where the lesson is written."""
    unit_letter: bool = False
    """Add the unit letter (every lesson of the unit in one letter) for each of the recipient's key stages."""
    word_copies: bool = False
    """Also write each lesson letter as ``.docx`` in the school's folder, for the school's own headed paper."""
    packs: bool = False
    """Whole packs (worksheets, slides, guides) are not made by a batch: true is refused with the command
    that makes one school's packs (``lessonpack build --school``)."""


class PrintProfile(Strict):
    """What the print shop gets in ``print/``."""

    batch_letters: int = Field(default=500, ge=1, le=5000)
    """Letters per print file (copies count as letters)."""
    slip_pages: bool = True
    """A slip page (school name, letters, copies) before each school's letters, to separate the stacks."""
    duplex: bool = True
    """Pad each letter (and slip) to an even number of pages, so every letter starts on a new sheet."""
    bleed: Length = "0mm"
    """Bleed around the trimmed page, e.g. 3mm; 0mm for none."""
    marks: Literal["none", "crop"] = "none"
    """Crop marks, drawn outside the trim and bleed."""
    standard: Literal["none", "pdf/x-4"] = "none"
    """'pdf/x-4' is refused: WeasyPrint labels a file PDF/X-4 but writes no output intent and
    uses device RGB colour, so the file would claim a standard it does not meet (see the README)."""


class CampaignFile(Strict):
    """``campaigns/<name>/campaign.yaml``."""

    name: Text
    """The campaign's name, as the print shop and the summary show it."""
    organisation: Text
    """Who runs the campaign; printed under each letter ('Sent as part of ...')."""
    theme: Slug = "default"
    """Theme (a folder in themes/): its logo and colours co-brand every letter beside each school's logo."""
    recipients: Text
    """The recipients file (.csv or .xlsx) inside the campaign folder; one row per school, header in row 1."""
    when: Text = "this term"
    """When the lessons are taught, as it should read in a letter ('in the spring term')."""
    letter_date: Text | None = None
    """Date printed on letters unless a row gives its own (e.g. '12 January 2027')."""
    letters: Letters
    print: PrintProfile = PrintProfile()
