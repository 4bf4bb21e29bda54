"""Characters the bundled fonts cannot draw, found before anything is printed.

A PDF draws each character with the first font of the theme's stack that has it: the theme's
``pdf.font_family``, then the fallbacks bundled in the default theme (Latin extended, Arabic
script, Greek and Cyrillic: :data:`generator.themes.FALLBACK_FONTS`). A character none of them
has (an emoji, a Chinese school name) would be drawn with whatever the machine happens to have,
or as an empty box ("tofu"), so the same input would print differently on another machine.

This module reads the character maps of the theme's bundled font files (each file once per
process) and reports every such character at its file:line:column. ``build`` refuses, and
``check`` lists them, before anything is rendered.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import LessonpackError, Location, Problem
from .inputs import decode_text, read_input
from .themes import FALLBACK_FONTS, Theme

#: Characters that draw nothing themselves (spaces, joiners, direction marks, variation selectors):
#: a font need not have them. Control characters are refused earlier, at load time.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cf", "Cc"}


@dataclass(frozen=True)
class FontCoverage:
    """The characters a theme's PDF font stack can draw (every weight of some family in the stack)."""

    codepoints: frozenset[int]

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no font of the stack has, each once, in order of appearance."""
        found: list[str] = []
        for index, char in enumerate(text):
            if ord(char) in self.codepoints or char in found or _invisible(char):
                continue
            # A combining accent the fonts lack is fine when HarfBuzz can compose it with its letter.
            if index and unicodedata.combining(char):
                composed = unicodedata.normalize("NFC", text[index - 1] + char)
                if len(composed) == 1 and ord(composed) in self.codepoints:
                    continue
            found.append(char)
        return found


def _invisible(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) in _INVISIBLE_CATEGORIES
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)  # variation selectors


def _families(text: str) -> list[str]:
    return [name.strip().strip("'\"").lower() for name in text.split(",") if name.strip()]


def font_faces(theme: Theme) -> dict[str, list[Path]]:
    """Font files declared with ``@font-face`` in the theme's stylesheets: family (lower case) -> files."""
    import tinycss2

    faces: dict[str, list[Path]] = {}
    for folder in theme.folders:
        for css in sorted((folder / "css").glob("*.css")) if (folder / "css").is_dir() else []:
            try:
                text = decode_text(read_input(css, css.name, folder), css.name)
            except LessonpackError:
                continue  # theme_check reports an unreadable stylesheet
            for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
                if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
                    continue
                family, files = "", []
                for declaration in tinycss2.parse_declaration_list(rule.content, True, True):
                    if declaration.type != "declaration":
                        continue
                    if declaration.lower_name == "font-family":
                        family = tinycss2.serialize(declaration.value).strip().strip("'\"").lower()
                    elif declaration.lower_name == "src":
                        files += [(css.parent / url).resolve() for url in _urls(declaration.value)]
                inside = [f for f in files if f.is_relative_to(folder.resolve()) and f.is_file()]
                if family and inside:
                    faces.setdefault(family, []).extend(inside)
    return faces


def _urls(tokens) -> list[str]:
    urls = []
    for token in tokens:
        if token.type == "url":
            urls.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            urls += [a.value for a in token.arguments if a.type == "string"]
    return urls


@lru_cache(maxsize=64)
def _cmap(path: str, size: int, modified: int) -> frozenset[int]:
    """The code points of one font file (cached per process while the file is unchanged)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(read_input(Path(path), path, None)), lazy=True)
        return frozenset(font.getBestCmap() or ())
    except Exception:  # noqa: BLE001 - a broken font draws nothing; theme_check names it
        return frozenset()


def theme_coverage(theme: Theme) -> FontCoverage:
    """What the PDF font stack of ``theme`` (its font, then the bundled fallbacks) can draw."""
    faces = font_faces(theme)
    drawable: set[int] = set()
    for family in _families(f"'{theme.settings.pdf.font_family}', {FALLBACK_FONTS}"):
        files = faces.get(family, [])
        if not files:
            continue  # a font the machine must provide: its characters cannot be known here
        # Every weight of the family must have the character (headings are bold, body text not).
        maps = [_cmap(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files]
        drawable |= frozenset.intersection(*maps)
    return FontCoverage(frozenset(drawable))


def _describe(char: str) -> str:
    name = unicodedata.name(char, "").title()
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF


def glyph_message(char: str) -> str:
    """Why ``char`` is refused and what to do instead."""
    # An error, not a warning: a warning scrolls past in a build of many packs, and the printed
    # copies (paid for, handed to thirty pupils or posted to parents) would carry empty boxes.
    if _is_emoji(char):
        return (f"the emoji {_describe(char)} cannot be printed: the theme's fonts have no emoji, so it would "
                f"show as an empty box; remove the emoji, or use a `picture:` from the picture library instead")
    return (f"the character {_describe(char)} is in none of the theme's fonts, so it would print as an empty box; "
            f"replace it (e.g. with plain letters), or add a font that has it to the theme "
            f"(a file in fonts/ declared with @font-face in css/theme.css)")


class SourceTexts:
    """The text of the files locations point into, read once, to place a character exactly."""

    def __init__(self, root: Path | None):
        self.root = root
        self._texts: dict[str, str | None] = {}

    def _text(self, file: str) -> str | None:
        if file not in self._texts:
            candidates = [Path(file)] if Path(file).is_absolute() else [
                *([self.root / file] if self.root else []), Path.cwd() / file]
            self._texts[file] = None
            for path in candidates:
                try:
                    self._texts[file] = decode_text(read_input(path, file, None), file)
                    break
                except LessonpackError:
                    continue
        return self._texts[file]

    def place(self, start: Location, char: str, value: str) -> Location:
        """Where ``char`` of ``value`` (which starts at ``start``) is in its file; ``start`` if not found."""
        text = self._text(start.file) if start.line else None
        if text is None:
            return start
        offset = 0
        for _ in range(start.line - 1):
            offset = text.find("\n", offset) + 1
            if offset == 0:
                return start
        offset += max(start.column - 1, 0)
        # The value is written from here on (folded lines add indentation; escapes may hide it).
        found = text.find(char, offset, offset + 2 * len(value) + 200)
        if found < 0:
            return start
        line = text.count("\n", 0, found) + 1
        return Location(start.file, line, found - (text.rfind("\n", 0, found) + 1) + 1)


def text_problems(coverage: FontCoverage, texts: Iterable[tuple[str, Location | None]],
                  sources: SourceTexts) -> list[Problem]:
    """One problem per character of ``texts`` (text, where it starts) that the fonts cannot draw."""
    problems = []
    for text, where in texts:
        for char in coverage.missing(text):
            location = sources.place(where, char, text) if where else Location("(generated text)")
            problems.append(Problem(location, glyph_message(char)))
    return problems


def model_texts(model) -> list[tuple[str, Location | None]]:
    """Every string a document could draw from a schema object, with where it was written.

    Pictures are left out: their file names are not drawn and their alt text is read aloud, not printed.
    """
    from pydantic import BaseModel

    from .model import Picture, PictureUse, Strict

    texts: list[tuple[str, Location | None]] = []
    if isinstance(model, (Picture, PictureUse)):
        return texts
    origin = model._origin if isinstance(model, Strict) else None
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, BaseModel):
                texts += model_texts(item)
            elif isinstance(item, str) and origin is not None:
                key = (name,) if index is None else (name, index)
                texts.append((item, origin[0].locate(origin[1] + key)))
            elif isinstance(item, str):
                texts.append((item, None))
    return texts


def lesson_glyph_problems(lessons, coverage: FontCoverage, sources: SourceTexts,
                          extra: Iterable = ()) -> list[Problem]:
    """Characters the fonts lack in ``lessons`` (and in the schema objects ``extra``, e.g. a school profile)."""
    texts: list[tuple[str, Location | None]] = []
    for lesson in lessons:
        texts += model_texts(lesson.meta)
        for stage in lesson.stages.values():
            texts += model_texts(stage)
    for model in extra:
        texts += model_texts(model)
    return list(dict.fromkeys(text_problems(coverage, texts, sources)))


def refuse_undrawable_text(theme: Theme, lessons, school, root: Path | None) -> None:
    """Raise ValidationFailed if a lesson or the school profile (a ``School`` or None) has a character
    the theme's fonts cannot draw."""
    from .errors import ValidationFailed

    extra = [school.profile] if school is not None else []
    problems = lesson_glyph_problems(lessons, theme_coverage(theme), SourceTexts(root), extra)
    if problems:
        raise ValidationFailed(problems)


def translation_texts(files) -> list[tuple[str, Location | None]]:
    """Every translated text of ``files`` (TranslationFile objects), with where it was written."""
    return [(entry.text, entry.location) for file in files for entry in file.entries.values()]


def refuse_undrawable_translations(theme: Theme, files, root: Path | None) -> None:
    """Raise ValidationFailed if a translation file the build uses has a character the fonts cannot draw."""
    from .errors import ValidationFailed

    problems = text_problems(theme_coverage(theme), translation_texts(files), SourceTexts(root))
    if problems:
        raise ValidationFailed(list(dict.fromkeys(problems)))


def project_glyph_problems(project, lessons, school=None) -> list[Problem]:
    """For ``lessonpack check``: characters the fonts cannot draw in ``lessons`` (as ``school``, a
    ``School`` or None, overrides them, with its theme) and in the translation files beside them."""
    from .themes import DEFAULT_THEME, load_theme
    from .translations.content import load_translation_file, translation_files

    theme_id = (school.profile.theme if school is not None else None) or DEFAULT_THEME
    coverage = theme_coverage(load_theme(project.themes, theme_id, project.root))
    sources = SourceTexts(project.root)
    problems = lesson_glyph_problems(lessons, coverage, sources, [school.profile] if school is not None else [])
    if school is None:
        folders = [project.data / "translations"] + [lesson.folder / "translations" for lesson in lessons]
        for path in (p for folder in folders for p in translation_files(folder).values()):
            try:
                file = load_translation_file(path, project.root)
            except LessonpackError:
                continue  # check reports a malformed translation file on its own
            problems += text_problems(coverage, translation_texts([file]), sources)
    return list(dict.fromkeys(problems))
