"""The PDF documents (worksheet, letter, teacher guide): Jinja2 HTML rendered by WeasyPrint."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from ..html import PdfRenderer, last_page_fill, make_environment, render_template, virtual_url
from ..letters import PAGE_OF, RUNNING_HELP, lesson_letter, unit_letter
from ..translations.translator import Translator, english_translator
from ..model import PictureUse
from ..pictures import load_library, resolve_picture
from ..quiz.exports import quiz_context
from ..themes import Theme
from ..views import StageView, match_answer_letters, match_right_column

PDF_KINDS = ("worksheet", "letter", "guide", "unit_letter", "resources", "quiz-answer-sheet")
# Which stylesheet set each kind uses (the unit letter looks like the lesson letter).
STYLE_OF = {"worksheet": "worksheet", "letter": "letter", "guide": "guide", "unit_letter": "letter",
            "resources": "resources",
            "quiz-answer-sheet": "guide"}
# Ways to lay out a letter, tried in order until none leaves a near-empty last page: as
# designed; with tighter spacing (never smaller text); with the contact details moved over
# so the last page holds more than a signature.
LETTER_FITS = ("", "compact", "compact balanced")
NEAR_EMPTY = 0.25  # a last page less full than this looks like a mistake
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

    def __init__(self, theme: Theme, extra_allowed: list[Path] = (), kinds: tuple[str, ...] = PDF_KINDS):
        """``kinds``: the PDF kinds this renderer will write (each parses its CSS, about 60 ms;
        a campaign worker, which writes letters with a renderer of its own, asks for none)."""
        self.theme = theme
        self.env = make_environment(theme.template_dirs(), theme.project_root)
        self.allowed = list(theme.folders) + list(extra_allowed)
        tokens = theme.tokens_css()
        self.pdf = {kind: PdfRenderer(theme.stylesheets(STYLE_OF[kind]), tokens, self.allowed) for kind in kinds}
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

    def roots(self, lesson_folder: Path | None, logo: tuple[Path, str] | None) -> dict[str, Path]:
        """The folders a document may show files from, by path-free name (see :func:`virtual_url`)."""
        roots = {"lesson": lesson_folder} if lesson_folder is not None else {}
        if logo:
            roots["logo"] = logo[0].parent
        roots.update((f"theme{index}", folder) for index, folder in enumerate(self.theme.folders))
        return roots

    def picture_tag(self, lesson_folder: Path, roots: dict[str, Path]):
        """A template function: ``picture(use, css_class)`` -> an <img> of a library or lesson picture."""
        def picture(use: PictureUse | None, css_class: str = "picture") -> Markup:
            if use is None:
                return Markup("")
            found = resolve_picture(use, self.theme.asset, lesson_folder, self.library)
            return Markup('<img class="{}" src="{}" alt="{}">').format(
                css_class, virtual_url(found.document_file, roots), escape(found.alt))
        return picture

    def context(self, view: StageView, lesson_folder: Path, logo: tuple[Path, str] | None) -> dict:
        """Everything the templates may use; StrictUndefined catches anything else."""
        links = [(FRAMEWORK_NAMES[name], ids) for name, ids in view.content.curriculum.model_dump().items() if ids]
        roots = self.roots(lesson_folder, logo)
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
            "sections": lesson_letter(view),
            "running_help": RUNNING_HELP,
            **language_context(None, "translated", None),
            "ground_rules": view.ground_rules,
            "resources": view.content.resources,
            # Young children's help box and cut-out page: who to tell, and scissors (library pictures).
            "help_pictures": [PictureUse(name=n) for n in ("parent", "teacher", "carer")],
            "scissors_picture": PictureUse(name="scissors"),
            "pencil_picture": PictureUse(name="pencil"),
            "roleplays": {a.id: a for a in view.content.all_activities() if a.type == "role-play"},
            "icon": self.icon,
            "picture": self.picture_tag(lesson_folder, roots),
            "title_picture": view.title_picture,
            "picture_of": view.picture_of,
            "match_right": match_right_column,
            "match_letters": match_answer_letters,
            "lesson_base": virtual_url(lesson_folder, roots),
            "logo_url": virtual_url(logo[0], roots) if logo else "",
            "logo_alt": logo[1] if logo else "",
            **quiz_context(view),
        }

    def render(self, kind: str, view: StageView, lesson_folder: Path,
               logo: tuple[Path, str] | None = None, translator: Translator | None = None,
               layout: str = "translated") -> tuple[bytes, int]:
        """PDF bytes and page count of document ``kind`` for ``view`` (a letter in ``translator``'s language)."""
        extra = [lesson_folder] + ([logo[0].parent] if logo else [])
        roots = self.roots(lesson_folder, logo)
        if kind == "letter":
            def letter_html(fit: str) -> str:
                context = {**self.context(view, lesson_folder, logo), "fit": fit}
                if translator is not None:
                    english = lesson_letter(view) if layout == "bilingual" else None
                    # The title in the letter's language; the English copy keeps the English one.
                    context.update(sections=lesson_letter(view, translator), running_help=translator.gettext(RUNNING_HELP),
                                   meta=view.meta.model_copy(update={"title": translator.text(view.meta.title)}),
                                   english_title=view.meta.title, **language_context(translator, layout, english))
                return render_template(self.env, "letter.html", context)

            return self.fitted_letter(kind, letter_html, lesson_folder, extra, roots)
        html = self.render_html(kind, view, lesson_folder, logo)
        return self.pdf[kind].render(html, lesson_folder, extra, roots)

    def fitted_letter(self, kind: str, html_for, base: Path, extra: list[Path], roots) -> tuple[bytes, int]:
        """The first of :data:`LETTER_FITS` that uses fewest pages without a near-empty last page."""
        best = None
        for fit in LETTER_FITS:
            document = self.pdf[kind].layout(html_for(fit), base, extra, roots)
            pages, fill = len(document.pages), last_page_fill(document)
            if best is None or pages < best[0]:
                best = (pages, document)
            if pages == 1 or (pages == best[0] and fill >= NEAR_EMPTY):
                return self.pdf[kind].write(document)
        return self.pdf[kind].write(best[1])

    def render_html(self, kind: str, view: StageView, lesson_folder: Path,
                    logo: tuple[Path, str] | None = None, fit: str = "") -> str:
        """Only the HTML of document ``kind`` (for golden tests and debugging)."""
        return render_template(self.env, f"{kind}.html", {**self.context(view, lesson_folder, logo), "fit": fit})

    def render_unit_letter(self, key_stage, lessons, guidance, school, parent_helplines,
                           logo: tuple[Path, str] | None = None, translator: Translator | None = None,
                           layout: str = "translated") -> tuple[bytes, int]:
        """The unit letter for one key stage: every lesson in a line, that stage's advice and the helplines."""
        tr = translator or english_translator()
        english = unit_letter(key_stage, lessons, guidance, school, parent_helplines) if layout == "bilingual" else None
        context = {
            "meta": {"title": "Online safety"}, "key_stage": key_stage, "school": school,
            "sections": unit_letter(key_stage, lessons, guidance, school, parent_helplines, tr),
            "running_help": tr.gettext(RUNNING_HELP), "icon": self.icon,
            **language_context(translator, layout, english),
            "logo_url": virtual_url(logo[0], self.roots(None, logo)) if logo else "", "logo_alt": logo[1] if logo else "",
        }
        base = self.theme.folders[0]
        return self.fitted_letter("unit_letter",
                                  lambda fit: render_template(self.env, "unit_letter.html", {**context, "fit": fit}),
                                  base, [logo[0].parent] if logo else [], self.roots(None, logo))


def page_label_css(tr: Translator) -> Markup:
    """The letter's "Page n of m" footer as a CSS ``content`` value, in the letter's language."""
    parts = []
    for part in re.split(r"(\{page\}|\{pages\})", tr.gettext(PAGE_OF)):
        if part in ("{page}", "{pages}"):
            parts.append(f"counter({part[1:-1]})")
        elif part:
            # A CSS string; "<" escaped too, so no translation can close the <style> element.
            parts.append('"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ") + '"')
    return Markup(" ".join(parts))


def language_context(translator: Translator | None, layout: str, english_sections) -> dict:
    """What letter templates need for a language: ``_``, ``lang``, direction, the English copy, the review note."""
    tr = translator or english_translator()
    return {
        "_": tr.gettext,
        "lang": tr.language.code,
        "rtl": tr.language.rtl,
        "english_sections": english_sections if (not tr.is_english and layout == "bilingual") else None,
        "unreviewed": not tr.is_english and not tr.reviewed,
        # English letters keep the theme's own footer; other languages get theirs in the same place.
        "page_label_css": None if tr.is_english else page_label_css(tr),
    }
