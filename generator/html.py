"""The strict Jinja2 environment and a sandboxed WeasyPrint wrapper.

Templates autoescape and fail on any undefined name. WeasyPrint may read files only
inside the folders it is given (the theme chain and the lesson's own folder) and
never the network; a refused fetch fails the render instead of silently leaving a
hole in the document.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

from .errors import Location, RenderError
from .pdf_tagging import finish_pdfua, install_lang_tags

# WeasyPrint logs every CSS property it ignores; the build reports its own errors.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def make_environment(search_path: list[Path]) -> jinja2.Environment:
    """A Jinja2 environment over ``search_path`` (first folder wins) that escapes and is strict."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render template ``name``; a template mistake becomes a RenderError naming it."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}", hint="check the theme's templates/ folder") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"template syntax error: {exc.message}", Location(exc.filename or name, exc.lineno)) from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(f"template error in {name}: {exc.message}",
                          hint="a name in the template is misspelt or missing from the context") from exc


class SandboxedFetcher(URLFetcher):
    """Serves ``file:`` URLs inside the allowed folders; refuses (and remembers) all else."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        """Fetch ``url`` if it is a file inside an allowed folder; otherwise refuse."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.allowed) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: outside the project's asset folders")


#: Every PDF is tagged PDF/UA-1 (structure tree, language, title); see pdf_tagging.py.
PDF_VARIANT = "pdf/ua-1"
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>", re.IGNORECASE)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)


def check_pictures_described(html: str) -> None:
    """Refuse a picture that is neither described nor marked decorative.

    ``<img>`` needs an ``alt`` attribute (``alt=""`` means decorative); inline ``<svg>``
    needs ``aria-hidden="true"`` (decorative) or a ``<title>``. Decorative pictures
    become PDF artifacts; described ones become figures a screen reader announces.
    """
    missing = _IMG_WITHOUT_ALT.search(html)
    if missing:
        raise RenderError(f"picture without alt text: {missing.group(0)[:120]}",
                          hint='add alt="what it shows", or alt="" if it is only decoration')
    for match in _SVG_OPEN.finditer(html):
        tag = match.group(0)
        if "aria-hidden" not in tag and "<title" not in html[match.end():match.end() + 200]:
            raise RenderError(f"inline SVG without a <title> or aria-hidden: {tag[:120]}",
                              hint='add aria-hidden="true" if it is only decoration, or a <title>')


class PdfRenderer:
    """Turns HTML into tagged PDF/UA-1 bytes, reusing fonts and parsed CSS between documents."""

    def __init__(self, stylesheets: list[Path], extra_css: str = "", allowed: list[Path] | None = None):
        install_lang_tags()
        #: Untagged output exists only so ``make bench`` can measure what tagging costs.
        self.tagged = True
        self.font_config = FontConfiguration()
        self.allowed = list(allowed or [])
        fetcher = SandboxedFetcher(self.allowed + [p.parent for p in stylesheets])
        # Parsing CSS (and loading its @font-face files) once per process is the
        # single biggest saving when many documents share a theme.
        self.stylesheets = [CSS(string=extra_css, font_config=self.font_config, url_fetcher=fetcher)] if extra_css else []
        self.stylesheets += [
            CSS(filename=str(path), font_config=self.font_config, url_fetcher=fetcher) for path in stylesheets
        ]
        if fetcher.refused:
            raise RenderError(f"a stylesheet refers to something outside the theme: {fetcher.refused[0]}")

    def close(self) -> None:
        """Remove the font folder WeasyPrint keeps in the temp directory for this process."""
        folder = getattr(self.font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self.font_config._folder = None

    def render(self, html: str, base_dir: Path, extra_allowed: list[Path] = ()) -> tuple[bytes, int]:
        """PDF bytes and page count for ``html``; relative URLs resolve against ``base_dir``."""
        document = self.layout(html, base_dir, extra_allowed)
        return self.write(document), len(document.pages)

    def layout(self, html: str, base_dir: Path, extra_allowed: list[Path] = ()):
        """The laid-out WeasyPrint document (pages, anchors) before it becomes PDF bytes.

        Campaign batches need the positions of named areas (``page.anchors``) as well as the bytes.
        """
        fetcher = SandboxedFetcher(self.allowed + list(extra_allowed))
        document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config, presentational_hints=True
        )
        if fetcher.refused:
            raise RenderError(f"refused to fetch {fetcher.refused[0]}: outside the project's asset folders")
        return document

    def write(self, document) -> bytes:
        """PDF bytes of a laid-out document."""
        # A fixed identifier keeps the bytes identical from one build to the next.
        if not self.tagged:
            return document.write_pdf(pdf_identifier=b"lessonpack")
        pdf = document.write_pdf(pdf_identifier=b"lessonpack", uncompressed_pdf=False, pdf_variant=PDF_VARIANT)
        return finish_pdfua(pdf)
