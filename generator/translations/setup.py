"""What a build needs to render letters in other languages, shared with worker processes.

:class:`LetterSetup` is small and picklable (paths and options); each process builds its
translators from it once and reuses them for every letter it renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .languages import LetterOptions


@dataclass
class LetterSetup:
    """The project folders translations come from, and the build's letter options."""

    root: Path
    data_dir: Path
    options: LetterOptions
    _translators: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict:
        # Compiled catalogues hold functions that do not pickle: each process loads its own.
        return {"root": self.root, "data_dir": self.data_dir, "options": self.options, "_translators": {}}

    def has_translation(self, code: str, lesson_id: str) -> bool:
        """Whether lesson ``lesson_id`` has a translation file for ``code``."""
        return (self.root / "lessons" / lesson_id / "translations" / f"{code}.yaml").is_file()

    def missing(self, lesson_ids) -> dict[str, list[str]]:
        """For each language, the lessons in ``lesson_ids`` that have no translation into it."""
        return {code: [i for i in lesson_ids if not self.has_translation(code, i)] for code in self.options.languages}

    def translator(self, code: str):
        """The shared translator of ``code`` (catalogue and data translations), loaded once."""
        from .translator import load_translator

        if code not in self._translators:
            self._translators[code] = load_translator(self.root, code, self.data_dir)
        return self._translators[code]

    def for_lesson(self, code: str, lesson_folder: Path):
        """The translator of ``code`` with the lesson's own translation file."""
        from .translator import lesson_translation

        return self.translator(code).for_files([lesson_translation(lesson_folder, code, self.root)])

    def for_lessons(self, code: str, lesson_folders: list[Path]):
        """The translator of ``code`` with several lessons' translation files (for a unit letter)."""
        from .translator import lesson_translation

        return self.translator(code).for_files([lesson_translation(f, code, self.root) for f in lesson_folders])

    def check_reviewed(self, lesson_folders: list[Path]) -> list:
        """Every translation file the build will use; refuse unreviewed ones unless allowed."""
        from .translator import lesson_translation, require_reviewed

        files = []
        for code in self.options.languages:
            files += self.translator(code).files
            files += [lesson_translation(folder, code, self.root) for folder in lesson_folders
                      if self.has_translation(code, folder.name)]
        if not self.options.allow_unreviewed:
            require_reviewed(files, self.root)
        return files
