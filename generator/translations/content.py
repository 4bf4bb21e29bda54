"""Translations of lesson and data text, kept beside the English and checked against it.

A translation file (``lessons/<id>/translations/<lang>.yaml``, ``data/translations/<lang>.yaml``)
mirrors the shape of the English it translates; every leaf is ``{source: <hash>, text: ...}``,
where ``source`` is :func:`source_hash` of the English it was translated from. So when the
English changes, ``check`` says which translation is stale, at its file:line, and when English
is added, which translation is missing. ``reviewed_by`` stays empty until a native speaker has
checked the file; unreviewed files build only when the user allows it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, ValidationFailed, display_path
from ..yamlio import SourceMap, load_yaml
from .languages import LANGUAGES

SOURCE_HASH_LENGTH = 12
HEADER_KEYS = ("language", "reviewed_by")


def source_hash(english: str) -> str:
    """A short, stable fingerprint of an English text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()[:SOURCE_HASH_LENGTH]


@dataclass(frozen=True)
class Entry:
    """One translated text: the hash of its English source, the translation, and where it is."""

    source: str
    text: str
    location: Location


@dataclass
class TranslationFile:
    """One language file for one lesson (or for the shared data)."""

    path: Path
    language: str
    reviewed_by: str
    entries: dict[tuple, Entry] = field(default_factory=dict)
    source: SourceMap | None = None

    @property
    def reviewed(self) -> bool:
        """Whether a native speaker has checked this file."""
        return bool(self.reviewed_by.strip())

    def locate(self, path: tuple) -> Location:
        """The line of ``path`` in the file, or of its nearest ancestor that exists."""
        for end in range(len(path), 0, -1):
            location = self.source.locate(path[:end], prefer_key=True) if self.source else None
            if location and location.line:
                return location
        return Location(self.source.locate(()).file if self.source else str(self.path), 1)


def dotted(path: tuple) -> str:
    """``('ks2', 'tips', 2)`` -> ``ks2.tips[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def english_leaves(data: Any, prefix: tuple = ()) -> dict[tuple, str]:
    """Every non-empty string in a tree of dicts and lists, by its path."""
    if isinstance(data, str):
        return {prefix: data} if data.strip() else {}
    leaves: dict[tuple, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            leaves.update(english_leaves(value, prefix + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            leaves.update(english_leaves(value, prefix + (index,)))
    return leaves


def load_translation_file(path: Path, root: Path | None = None) -> TranslationFile:
    """Read one translation file; every problem of shape is reported at once with file:line."""
    data, source = load_yaml(path, display_path(path, root))
    file = source.locate(()).file
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(Location(file, 1), "a translation file must be a mapping")])
    code = data.get("language")
    if code not in LANGUAGES or path.stem != code:
        problems.append(Problem(source.locate(("language",)),
                                f"language must be the file's name and one of {', '.join(sorted(LANGUAGES))}"))
    reviewed_by = data.get("reviewed_by", "")
    if not isinstance(reviewed_by, str):
        problems.append(Problem(source.locate(("reviewed_by",)), "reviewed_by must be a name or empty"))
        reviewed_by = ""
    result = TranslationFile(path, str(code), reviewed_by, source=source)
    body = {k: v for k, v in data.items() if k not in HEADER_KEYS}
    _collect(body, (), source, result.entries, problems)
    if problems:
        raise ValidationFailed(problems)
    return result


def _collect(data: Any, path: tuple, source: SourceMap, entries: dict, problems: list[Problem]) -> None:
    if isinstance(data, dict) and set(data) == {"source", "text"}:
        if isinstance(data["source"], str) and isinstance(data["text"], str) and data["text"].strip():
            entries[path] = Entry(data["source"], data["text"], source.locate(path))
        else:
            problems.append(Problem(source.locate(path), f"{dotted(path)}: source and text must both be text"))
    elif isinstance(data, dict):
        for key, value in data.items():
            _collect(value, path + (key,), source, entries, problems)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _collect(value, path + (index,), source, entries, problems)
    else:
        problems.append(Problem(source.locate(path), f"{dotted(path)}: expected {{source: <hash>, text: ...}}"))


def compare(english: dict[tuple, str], translation: TranslationFile) -> list[Problem]:
    """Missing and stale translations of ``english`` in ``translation``, each at its file:line."""
    lang = translation.language
    problems = []
    for path, text in english.items():
        entry = translation.entries.get(path)
        if entry is None:
            problems.append(Problem(translation.locate(path),
                                    f"missing {lang} translation of {dotted(path)}: \"{_short(text)}\" "
                                    f"(add {{source: {source_hash(text)}, text: ...}})"))
        elif entry.source != source_hash(text):
            problems.append(Problem(entry.location,
                                    f"stale {lang} translation of {dotted(path)}: the English changed after it was "
                                    f"translated; it now says \"{_short(text)}\" (update the text, then set "
                                    f"source: {source_hash(text)})"))
        elif _fixed_parts(entry.text) != _fixed_parts(text):
            problems.append(Problem(entry.location,
                                    f"{lang} translation of {dotted(path)} must keep the English's numbers and web "
                                    f"addresses exactly (they come from the helpline registry): "
                                    f"{', '.join(_fixed_parts(text)) or 'none'}"))
    for path, entry in translation.entries.items():
        if path not in english:
            problems.append(Problem(entry.location,
                                    f"{lang} translation of {dotted(path)} has no English text to translate any more"))
    return problems


_NUMBER = re.compile(r"\d[\d ]*\d|\d")
_WEB = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|wales)(?:/[\w./-]*[\w/])?", re.ASCII)


def _fixed_parts(text: str) -> list[str]:
    """Phone numbers (digits only) and web addresses in ``text``, sorted."""
    numbers = [n.replace(" ", "") for n in _NUMBER.findall(_WEB.sub("", text))]
    return sorted(numbers + _WEB.findall(text))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def translation_files(folder: Path) -> dict[str, Path]:
    """The ``<lang>.yaml`` files in ``folder`` by language code (empty if there is no folder)."""
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
