"""The PDF documents (worksheet, letter, teacher guide): Jinja2 HTML rendered by WeasyPrint."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from ..html import PdfRenderer, make_environment, render_template
from ..model import PictureUse
from ..pictures import load_library, resolve_picture
from ..themes import Theme
from ..views import (
    NOT_YOUR_FAULT,
    StageView,
    letter_opening,
    match_answer_letters,
    match_right_column,
)

PDF_KINDS = ("worksheet", "letter", "guide", "unit_letter")
# Which stylesheet set each kind uses (the unit letter looks like the lesson letter).
STYLE_OF = {"worksheet": "worksheet", "letter": "letter", "guide": "guide", "unit_letter": "letter"}
FRAMEWORK_NAMES = {
    "rshe": "England: statutory RSHE",
    "pshe": "PSHE Association programme of study",
    "eacw": "Education for a Connected World",
    "cfe": "Scotland: Curriculum for Excellence",
    "cfw": "Curriculum for Wales",
}


@lru_cache(maxsize=128)
def _svg(path: str, colour: str) -> str:
    text = Path(path).read_text(encoding="utf-8")
    text = text[text.index("<svg"):]  # drop the licence comment; the licence ships beside the icons
    return text.replace("currentColor", colour).replace("<svg", '<svg aria-hidden="true"', 1)


class DocumentRenderer:
    """Renders the PDF kinds for one theme; create once per process and reuse."""

    def __init__(self, theme: Theme, extra_allowed: list[Path] = ()):
        self.theme = theme
        self.env = make_environment(theme.template_dirs(), theme.project_root)
        self.allowed = list(theme.folders) + list(extra_allowed)
        tokens = theme.tokens_css()
        self.pdf = {kind: PdfRenderer(theme.stylesheets(STYLE_OF[kind]), tokens, self.allowed) for kind in PDF_KINDS}
        # The default theme is last in the chain; its folder's parent holds every theme.
        self.library = load_library(theme.folders[-1].parent)

    def close(self) -> None:
        """Release per-process font files."""
        for renderer in self.pdf.values():
            renderer.close()

    def icon(self, name: str) -> Markup:
        """An inline SVG icon from the theme, in the theme's primary colour (trusted theme file)."""
        file = self.theme.asset(f"icons/{self.theme.settings.icons[name]}.svg")
        return Markup(_svg(str(file), self.theme.settings.colours.primary))

    def picture_tag(self, lesson_folder: Path):
        """A template function: ``picture(use, css_class)`` -> an <img> of a library or lesson picture."""
        def picture(use: PictureUse | None, css_class: str = "picture") -> Markup:
            if use is None:
                return Markup("")
            found = resolve_picture(use, self.theme.asset, lesson_folder, self.library)
            return Markup('<img class="{}" src="{}" alt="{}">').format(
                css_class, found.document_file.resolve().as_uri(), escape(found.alt))
        return picture

    def context(self, view: StageView, lesson_folder: Path, logo: tuple[Path, str] | None) -> dict:
        """Everything the templates may use; StrictUndefined catches anything else."""
        links = [(FRAMEWORK_NAMES[name], ids) for name, ids in view.content.curriculum.model_dump().items() if ids]
        return {
            "meta": view.meta,
            "content": view.content,
            "key_stage": view.key_stage,
            "duration": view.duration,
            "summary": view.summary,
            "school": view.school,
            "pupil_helplines": view.pupil_helplines,
            "parent_helplines": view.parent_helplines,
            "activities": view.worksheet_activities(),
            "steps": view.steps(),
            "curriculum_links": links,
            "opening": letter_opening(view),
            "not_your_fault": NOT_YOUR_FAULT,
            "icon": self.icon,
            "picture": self.picture_tag(lesson_folder),
            "title_picture": view.title_picture,
            "picture_of": view.picture_of,
            "match_right": match_right_column,
            "match_letters": match_answer_letters,
            "lesson_base": lesson_folder.resolve().as_uri() + "/",
            "logo_url": logo[0].resolve().as_uri() if logo else "",
            "logo_alt": logo[1] if logo else "",
        }

    def render(self, kind: str, view: StageView, lesson_folder: Path,
               logo: tuple[Path, str] | None = None) -> tuple[bytes, int]:
        """PDF bytes and page count of document ``kind`` for ``view``."""
        html = self.render_html(kind, view, lesson_folder, logo)
        extra = [lesson_folder] + ([logo[0].parent] if logo else [])
        return self.pdf[kind].render(html, lesson_folder, extra)

    def render_html(self, kind: str, view: StageView, lesson_folder: Path,
                    logo: tuple[Path, str] | None = None) -> str:
        """Only the HTML of document ``kind`` (for golden tests and debugging)."""
        return render_template(self.env, f"{kind}.html", self.context(view, lesson_folder, logo))

    def render_unit_letter(self, key_stage, lessons, guidance, older: bool, school, parent_helplines,
                           logo: tuple[Path, str] | None = None) -> tuple[bytes, int]:
        """The unit letter for one key stage: every lesson in a line, one set of tips and helplines."""
        context = {
            "meta": {"title": "Online safety"}, "key_stage": key_stage, "lessons": lessons, "guidance": guidance,
            "older": older, "school": school, "parent_helplines": parent_helplines, "icon": self.icon,
            "logo_url": logo[0].resolve().as_uri() if logo else "", "logo_alt": logo[1] if logo else "",
        }
        html = render_template(self.env, "unit_letter.html", context)
        base = self.theme.folders[0]
        return self.pdf["unit_letter"].render(html, base, [logo[0].parent] if logo else [])
