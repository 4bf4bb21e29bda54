"""Stamp newly written translations with the hash of the English they translate.

A translator writes a new or updated translation as plain text (``tips: ["..."]``) instead of
``{source: ..., text: ...}``; ``python -m generator.translations.stamp FILE...`` replaces each
plain text with ``{source: <hash of the current English>, text: ...}``. Entries that already
have a ``source`` are left alone, so a stale translation stays stale until someone rewrites it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from ..errors import LessonpackError
from ..lessons import load_lessons
from ..yamlio import load_yaml
from .translator import data_english, lesson_english
from .content import HEADER_KEYS, dotted, source_hash

HEADER = ("# {name} translation of {what}. Each text has the hash of the English it translates\n"
          "# (source); `lessonpack check` reports it as stale when the English changes.\n"
          "# reviewed_by stays empty until a native speaker has checked every text.\n")


def stamp(data: Any, english: dict[tuple, str], path: tuple = ()) -> Any:
    """``data`` with every plain-text leaf turned into ``{source, text}``."""
    if isinstance(data, str):
        if path not in english:
            raise LessonpackError(f"{dotted(path)}: there is no English text here to translate")
        return {"source": source_hash(english[path]), "text": data}
    if isinstance(data, dict) and set(data) == {"source", "text"}:
        return data
    if isinstance(data, dict):
        return {key: stamp(value, english, path + (key,)) for key, value in data.items()}
    if isinstance(data, list):
        return [stamp(value, english, path + (index,)) for index, value in enumerate(data)]
    return data


def stamp_file(file: Path, root: Path) -> None:
    """Stamp one translation file in place (a lesson's or ``data/translations``)."""
    data, _ = load_yaml(file, file.name)
    if file.parent.parent.name == "data":
        english, what = data_english(file.parent.parent, root), "the shared letter text (data/)"
    else:
        lesson = load_lessons(file.parent.parent.parent, [file.parent.parent.name], root)[0]
        english, what = lesson_english(lesson), f"the letters of lesson '{lesson.id}'"
    body = {k: v for k, v in data.items() if k not in HEADER_KEYS}
    header = {"language": data.get("language", file.stem), "reviewed_by": data.get("reviewed_by", "")}
    stamped = stamp(body, english)
    from .languages import language

    text = HEADER.format(name=language(file.stem).english_name, what=what)
    text += yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=110)
    text += yaml.safe_dump(stamped, allow_unicode=True, sort_keys=False, width=110)
    file.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Stamp the files named on the command line."""
    root = Path.cwd()
    for name in argv if argv is not None else sys.argv[1:]:
        stamp_file(Path(name).resolve(), root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
