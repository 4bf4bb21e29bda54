"""Renderers, one per output kind, behind one small registry.

``OUTPUT_FILES`` maps each kind to its file name in a pack; :class:`Renderers`
holds the per-process resources (parsed CSS, fonts, metrics) and renders any kind.
"""

from __future__ import annotations

from pathlib import Path

from ..quiz.exports import QUIZ_FILES, quiz_file_applies, render_quiz_file
from ..themes import Theme
from ..views import StageView

OUTPUT_FILES = {
    "worksheet": "worksheet.pdf",
    "slides": "slides.pptx",
    "slides-pdf": "slides.pdf",  # drawn from the finished deck, so it must come after "slides"
    "letter": "letter.pdf",
    "guide": "guide.pdf",
    **QUIZ_FILES,
}
#: Only school builds add the Word letter, for the school's own headed paper.
SCHOOL_FILES = {**OUTPUT_FILES, "letter-docx": "letter.docx"}


def file_name(kind: str) -> str:
    """The file name of output ``kind`` in a pack (``letter.cy`` -> ``letter.cy.pdf``)."""
    if kind in SCHOOL_FILES:
        return SCHOOL_FILES[kind]
    base, _, code = kind.partition(".")
    return f"letter.{code}.docx" if base == "letter-docx" else f"letter.{code}.pdf"


def output_files(named_school: bool, languages: tuple[str, ...] = ()) -> dict[str, str]:
    """Every kind a pack holds and its file name: letters in other languages are ``letter.<code>.pdf``."""
    files = dict(SCHOOL_FILES if named_school else OUTPUT_FILES)
    for code in languages:
        files[f"letter.{code}"] = f"letter.{code}.pdf"
        if named_school:
            files[f"letter-docx.{code}"] = f"letter.{code}.docx"
    return files


class Renderers:
    """All renderers for one theme, sharing fonts and stylesheets across documents."""

    def __init__(self, theme: Theme, extra_allowed: list[Path] = (), letters=None):
        # WeasyPrint and python-pptx take most of a second to import: only a build that
        # renders something pays for them (a no-op build never creates a Renderers).
        from .documents import DocumentRenderer
        from .slides_pdf import SlidesPdfRenderer
        from .textfit import FontMetrics

        self.theme = theme
        #: Where translations come from (a translations.setup.LetterSetup), or None for English only.
        self.letters = letters
        self.documents = DocumentRenderer(theme, extra_allowed)
        slides = theme.settings.slides
        self.metrics = FontMetrics(theme.asset(slides.metrics_regular), theme.asset(slides.metrics_bold))
        self.handout = SlidesPdfRenderer(theme)

    def render(self, kind: str, view: StageView, lesson_folder: Path,
               logo: tuple[Path, str] | None = None, rendered: dict | None = None) -> tuple[bytes, int]:
        """Bytes of output ``kind`` and its length (pages for PDF, slides for PPTX).

        ``rendered`` holds the pack's documents rendered so far: the slides handout is
        drawn from the deck in it (or from a fresh deck when it is not there).
        """
        if kind == "slides-pdf":
            deck = (rendered or {}).get("slides") or self.render("slides", view, lesson_folder, logo)
            return self.handout.render(deck[0], f"{view.meta.title} ({view.key_stage.name}): slides and notes")
        if kind == "slides":
            from .slides import render_slides

            return render_slides(view, self.theme, self.metrics, lesson_folder, logo)
        if kind in QUIZ_FILES and kind != "quiz-answer-sheet":
            return render_quiz_file(kind, view, self.theme.settings.slides.font)
        if kind == "letter-docx":
            from .word_letter import render_word_letter

            return render_word_letter(view, self.theme, logo), 1
        if kind.startswith(("letter.", "letter-docx.")):
            return self._translated_letter(kind, view, lesson_folder, logo)
        return self.documents.render(kind, view, lesson_folder, logo)

    def _translated_letter(self, kind: str, view: StageView, lesson_folder: Path, logo) -> tuple[bytes, int]:
        base, code = kind.split(".", 1)
        translator = self.letters.for_lesson(code, lesson_folder)
        layout = self.letters.options.layout_of(code)
        if base == "letter-docx":
            from .word_letter import render_word_letter

            return render_word_letter(view, self.theme, logo, translator, layout), 1
        return self.documents.render("letter", view, lesson_folder, logo, translator, layout)

    def applies(self, kind: str, view: StageView) -> bool:
        """Whether a pack of ``view`` has output ``kind`` (quiz files only where there is a quiz,
        translated letters only for lessons translated into that language)."""
        if kind.startswith(("letter.", "letter-docx.")):
            return self.letters is not None and self.letters.has_translation(kind.split(".", 1)[1], view.lesson_id)
        return quiz_file_applies(kind, view)

    def close(self) -> None:
        """Release per-process resources (WeasyPrint's temporary font folders)."""
        self.documents.close()
        self.handout.close()
