"""Planning a campaign: which letters each recipient gets, and what the whole run will print."""

from __future__ import annotations

from dataclasses import dataclass


from .model import Letters


@dataclass(frozen=True)
class LetterSpec:
    """One letter a recipient gets: a lesson letter (lesson id) or the unit letter (lesson None)."""

    stage: str
    lesson: str | None = None

    @property
    def key(self) -> str:
        """File stem and body key: '<lesson>-<ks>' or 'unit-<ks>'."""
        return f"{self.lesson or 'unit'}-{self.stage}"


def letters_for(recipient, letters: Letters, lesson_stages: dict[str, set[str]]) -> list[LetterSpec]:
    """A recipient's letters: per key stage, each lesson written for it, then the unit letter."""
    lessons = recipient.lessons or tuple(letters.lessons)
    specs = []
    for stage in recipient.stages:
        specs += [LetterSpec(stage, lesson) for lesson in lessons if stage in lesson_stages.get(lesson, ())]
        if letters.unit_letter and any(stage in s for s in lesson_stages.values()):
            specs.append(LetterSpec(stage))
    return specs


def sheets(pages: int, duplex: bool) -> int:
    """Sheets of paper for a document of ``pages`` pages."""
    return (pages + 1) // 2 if duplex else pages


@dataclass
class PlanTotals:
    """What a run prints: counted while streaming the recipients, never holding them."""

    recipients: int = 0
    letters: int = 0
    """Letters printed, copies included."""
    pages: int = 0
    """Printed pages, padding and slip pages included."""
    sheets: int = 0

    def add(self, copies: int, letter_pages: list[int], duplex: bool, slip: bool) -> None:
        """Count one recipient with ``copies`` of letters of ``letter_pages`` pages each."""
        self.recipients += 1
        self.letters += copies * len(letter_pages)
        padded = [p + (p % 2 if duplex else 0) for p in letter_pages]
        slip_pages = (2 if duplex else 1) if slip else 0
        self.pages += copies * sum(padded) + slip_pages
        self.sheets += copies * sum(sheets(p, duplex) for p in padded) + sheets(slip_pages, duplex)

    def text(self) -> str:
        """One line for the command line."""
        return (f"{self.recipients} recipient(s), {self.letters} letter(s), {self.pages} page(s), "
                f"{self.sheets} sheet(s) of paper")



