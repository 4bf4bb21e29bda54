"""Readability of pupil-facing text: Flesch-Kincaid grade, with a plain syllable counter.

The formula is the standard one (0.39 x words per sentence + 11.8 x syllables per word
- 15.59); it gives a US school grade, roughly a UK year group minus one. Syllables are
counted by vowel groups with the usual English corrections, which is what readability
tools do; it is an estimate, good for comparing texts and spotting the hardest ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimated syllables in one English word (at least 1)."""
    word = word.lower().replace("'", "")
    if len(word) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: 'make', 'profile'
    if word.endswith(("ed", "es")) and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "xes")) and count > 1:
        count -= 1  # 'asked', 'likes'
    return max(1, count)


def sentences(text: str) -> list[str]:
    """Split text into sentences (also at line breaks: list items are sentences of their own)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s)]


@dataclass(frozen=True)
class Score:
    """Readability of a body of text."""

    grade: float
    words: int
    sentences: int


def grade(text: str) -> Score:
    """Flesch-Kincaid grade of ``text``."""
    parts = sentences(text)
    words = [w for s in parts for w in _WORD.findall(s)]
    if not words:
        return Score(0.0, 0, 0)
    syllable_count = sum(syllables(w) for w in words)
    value = 0.39 * len(words) / len(parts) + 11.8 * syllable_count / len(words) - 15.59
    return Score(round(value, 1), len(words), len(parts))


def hardest_sentences(text: str, count: int = 3) -> list[tuple[float, str]]:
    """The ``count`` sentences with the highest grade, hardest first."""
    scored = [(grade(s).grade, s) for s in sentences(text) if len(_WORD.findall(s)) >= 4]
    return sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:count]
