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
