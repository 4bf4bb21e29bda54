"""The languages letters can be built in, and how each is set (direction, fonts, default layout)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LessonpackError


@dataclass(frozen=True)
class Language:
    """One letter language."""

    code: str
    """BCP 47 code, used for ``lang`` in PDF and Word and for file names (``letter.cy.pdf``)."""
    english_name: str
    native_name: str
    rtl: bool = False
    bilingual: bool = True
    """Default layout: the translation followed by the English, so the school can check what it sends."""
    word_font: str | None = None
    """Complex-script font named in the Word letter (Word has it or substitutes a similar one)."""


LANGUAGES: dict[str, Language] = {
    # Welsh schools send Welsh letters in their own right: Welsh only unless --layout bilingual.
    "cy": Language("cy", "Welsh", "Cymraeg", bilingual=False),
    "pl": Language("pl", "Polish", "Polski"),
    "ro": Language("ro", "Romanian", "Română"),
    "ur": Language("ur", "Urdu", "اردو", rtl=True, word_font="Noto Naskh Arabic"),
}
ENGLISH = Language("en-GB", "English", "English", bilingual=False)
LAYOUTS = ("bilingual", "translated")


def language(code: str) -> Language:
    """The :class:`Language` for ``code``; a clear error for an unknown one."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    if code in ("en", "en-GB"):
        return ENGLISH
    raise LessonpackError(f"unknown letter language '{code}'",
                          hint=f"choose from: {', '.join(sorted(LANGUAGES))}")


@dataclass(frozen=True)
class LetterOptions:
    """What a build was asked for: extra letter languages, their layout, and whether unreviewed ones may print."""

    languages: tuple[str, ...] = ()
    layout: str | None = None
    """'bilingual' or 'translated'; None means each language's default."""
    allow_unreviewed: bool = False

    def layout_of(self, code: str) -> str:
        """The layout of the letter in ``code``."""
        return self.layout or ("bilingual" if language(code).bilingual else "translated")

    def as_json(self) -> dict:
        """For request fingerprints and cache keys."""
        return {"languages": list(self.languages), "layout": self.layout, "allow_unreviewed": self.allow_unreviewed}
