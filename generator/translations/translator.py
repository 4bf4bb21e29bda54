"""The Translator a letter renderer uses, the English each translation file covers, and check's problems.

:class:`Translator` is what a letter renderer uses: ``gettext`` for the letters' own words
(``locale/<lang>/LC_MESSAGES/letters.po``) and :meth:`Translator.text` for lesson and data
text (looked up by the hash of the English, from ``lessons/<id>/translations/<lang>.yaml``
and ``data/translations/<lang>.yaml``). :func:`translation_problems` is what ``check`` adds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import LessonpackError, Location, Problem, ValidationFailed, display_path
from ..yamlio import load_yaml
from .catalogue import catalogue_problems, compiled, extract_messages, read_catalogue
from .content import TranslationFile, compare, english_leaves, load_translation_file, source_hash, translation_files
from .languages import ENGLISH, LANGUAGES, LAYOUTS, Language, language



@dataclass
class Translator:
    """Turns the English of one letter into one language."""

    language: Language
    gettext: Callable[[str], str]
    texts: dict[str, str] = field(default_factory=dict)
    """Translated text by :func:`source_hash` of its English."""
    files: list[TranslationFile] = field(default_factory=list)

    @property
    def is_english(self) -> bool:
        """True for the identity translator."""
        return self.language is ENGLISH

    @property
    def reviewed(self) -> bool:
        """Whether every file this letter uses was checked by a native speaker."""
        return all(f.reviewed for f in self.files)

    @property
    def reviewers(self) -> list[str]:
        """Who reviewed the files (empty names left out), in file order."""
        return sorted({f.reviewed_by.strip() for f in self.files if f.reviewed})

    def text(self, english: str) -> str:
        """The translation of lesson or data text ``english`` (itself, in English)."""
        if self.is_english or not english:
            return english
        found = self.texts.get(source_hash(english))
        if found is None:
            raise LessonpackError(f"no {self.language.english_name} translation of \"{english[:60]}\"",
                                  hint="run `lessonpack check`: it lists every missing translation at file:line")
        return found

    def for_files(self, extra: list[TranslationFile]) -> "Translator":
        """This translator with the texts of ``extra`` files too (a lesson's own file)."""
        texts = dict(self.texts)
        for file in extra:
            texts.update({entry.source: entry.text for entry in file.entries.values()})
        return Translator(self.language, self.gettext, texts, self.files + list(extra))


def english_translator() -> Translator:
    """The identity: English letters."""
    return Translator(ENGLISH, lambda message: message)


def load_translator(root: Path, code: str, data_dir: Path, allow_unreviewed: bool = False) -> Translator:
    """The translator for ``code`` with the catalogue and the shared data translations."""
    lang = language(code)
    if lang is ENGLISH:
        return english_translator()
    catalogue = compiled(read_catalogue(root, code))
    files = []
    data_file = translation_files(data_dir / "translations").get(code)
    if data_file is None:
        raise LessonpackError(f"no {lang.english_name} translation of the shared letter text",
                              Location(display_path(data_dir / "translations" / f"{code}.yaml", root)),
                              hint="translate data/parent_guidance.yaml and the helplines into that file")
    files.append(load_translation_file(data_file, root))
    translator = Translator(lang, catalogue.gettext).for_files(files)
    translator.files = files
    return translator


def lesson_translation(lesson_folder: Path, code: str, root: Path | None = None) -> TranslationFile:
    """The translation file of one lesson for ``code``; a clear error if there is none."""
    path = translation_files(lesson_folder / "translations").get(code)
    if path is None:
        raise LessonpackError(f"lesson '{lesson_folder.name}' has no {language(code).english_name} translation",
                              Location(display_path(lesson_folder / "translations" / f"{code}.yaml", root)),
                              hint="write it (see README, 'Letters in other languages'), or build without --language")
    return load_translation_file(path, root)


def require_reviewed(files: list[TranslationFile], root: Path | None = None) -> None:
    """Refuse unreviewed translations unless the user allowed them."""
    unreviewed = [f for f in files if not f.reviewed]
    if unreviewed:
        first = unreviewed[0]
        raise LessonpackError(
            f"{len(unreviewed)} translation file(s) have not been checked by a native speaker "
            f"(reviewed_by is empty), e.g. {display_path(first.path, root)}",
            hint="ask a native speaker to check them and fill in reviewed_by, or build with "
                 "--allow-unreviewed-translations to print them anyway (the manifest records it)")


def lesson_english(lesson) -> dict[tuple, str]:
    """The English a lesson's translation file translates: the title and each key stage's letter."""
    english = {("title",): lesson.meta.title}
    for stage, content in lesson.stages.items():
        english.update(english_leaves(content.letter.model_dump(), (stage,)))
    return english


def data_english(data_dir: Path, root: Path | None = None) -> dict[tuple, str]:
    """The English the shared data translation translates: parent guidance and helplines."""
    guidance, _ = load_yaml(data_dir / "parent_guidance.yaml", display_path(data_dir / "parent_guidance.yaml", root))
    helplines, _ = load_yaml(data_dir / "helplines.yaml", display_path(data_dir / "helplines.yaml", root))
    english = english_leaves(guidance, ("parent_guidance",))
    for entry in helplines.get("helplines", []):
        if "parent" not in entry.get("audience", []):
            continue
        english[("helplines", entry["id"], "name")] = entry["name"]
        english[("helplines", entry["id"], "for")] = entry.get("for", "")
        if any(ch.isalpha() for ch in str(entry.get("phone", ""))):
            english[("helplines", entry["id"], "phone")] = entry["phone"]
    return {path: text for path, text in english.items() if text}


def translation_problems(root: Path, lessons: list, data_dir: Path) -> list[Problem]:
    """Every missing, stale or malformed translation in the project, each at file:line."""
    problems: list[Problem] = []
    codes = set(translation_files(data_dir / "translations"))
    # A project without locale/ (a bare test project) has no letters to translate yet.
    catalogues = sorted(p.name for p in (root / "locale").glob("*") if p.is_dir())
    messages = extract_messages(root) if catalogues else {}
    for code in catalogues:
        problems += catalogue_problems(root, code, messages)

    def checked(path: Path, english: dict[tuple, str]) -> None:
        try:
            problems.extend(compare(english, load_translation_file(path, root)))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        except LessonpackError as exc:
            problems.append(Problem(exc.location or Location(display_path(path, root)), exc.message))

    if codes:
        english = data_english(data_dir, root)
        for path in translation_files(data_dir / "translations").values():
            checked(path, english)
    for lesson in lessons:
        for path in translation_files(lesson.folder / "translations").values():
            checked(path, lesson_english(lesson))
    return problems
