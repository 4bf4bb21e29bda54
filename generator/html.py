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
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import jinja2
from markupsafe import Markup, escape
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse
from weasyprint.text.fonts import FontConfiguration

from .errors import LessonpackError, Location, RenderError, display_path
from .inputs import decode_text, read_input
from .pdf.tagging import finish_pdfua, install_lang_tags

# WeasyPrint logs every CSS property it ignores; the build reports its own errors.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


#: Templates are data: a loop or an expression that builds something this big is refused.
MAX_TEMPLATE_ITEMS = 100_000
#: A template that renders for longer than this is stopped (a loop inside a loop, say).
TEMPLATE_SECONDS = 60


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, also refusing huge repetitions (``'x' * 10**9``, ``9 ** 9 ** 9``)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        """Refuse a multiplication or power whose result would be enormous."""
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large for a template")
        if operator == "*":
            sizes = [len(x) for x in (left, right) if isinstance(x, (str, list, tuple))]
            counts = [x for x in (left, right) if isinstance(x, int)]
            if sizes and counts and sizes[0] * max(counts[0], 0) > MAX_TEMPLATE_ITEMS * 10:
                raise SecurityError("repetition too large for a template")
        return super().call_binop(context, operator, left, right)


class ThemeLoader(jinja2.FileSystemLoader):
    """Loads templates only as regular files inside their own theme folder, within a size limit."""

    def get_source(self, environment, template):
        """The template's text, read through :func:`generator.inputs.read_input`."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not (path.exists() or path.is_symlink()):
                continue
            try:
                stamp = _stamp(path)
                text = decode_text(read_input(path, path.as_posix(), Path(folder)), path.as_posix())
            except LessonpackError as exc:
                raise RenderError(f"template {template}: {exc.message}", exc.location) from exc
            # Compiled once and reused while the file is unchanged (a template edited during
            # `lessonpack serve` is read again). Answering "never up to date" here made Jinja
            # compile every template again for every document: about 10 ms a document.
            return text, str(path), lambda: _stamp(path) == stamp
        raise jinja2.TemplateNotFound(template)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a template file is edited or replaced: inode, size and modification time."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def make_environment(search_path: list[Path], root: Path | None = None) -> jinja2.Environment:
    """A sandboxed Jinja2 environment over ``search_path`` (first folder wins) that escapes and is strict.

    Theme and school templates are data, not code: they cannot reach Python internals
    (``__class__``, ``__globals__``), modules or files, nor change the values they are given.
    ``root`` is only used to show template paths relative to the project in errors.
    """
    env = ThemeSandbox(
        loader=ThemeLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.display_root = root
    env.filters["weblinks"] = weblinks
    return env


# Web addresses as printed in lessons and letters ("childline.org.uk", "ceop.police.uk/safety-centre",
# "https://...") and e-mail addresses. Only well-known endings count, so "e.g." is never a link.
_WEB = re.compile(
    r"(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>\b(?:https?://)?(?:[a-z0-9-]+\.)+(?:uk|com|org|net|gov|info|io|ie|eu)\b(?:/[\w\-./%?=&#~+]*)?)",
    re.IGNORECASE,
)


def weblinks(text) -> Markup:
    """Escape ``text`` and make every web and e-mail address in it a link that never breaks across lines.

    Addresses and numbers (phone numbers, ages like 7-11) are isolated left-to-right runs, so they
    keep their order inside right-to-left text (Urdu letters) and change nothing elsewhere.
    """
    out, last = [], 0
    text = str(text)
    for match in _WEB.finditer(text):
        found = match.group(0).rstrip(".,;:)")
        start, end = match.start(), match.start() + len(found)
        if match.group("email"):
            href = "mailto:" + found
        else:
            href = found if re.match(r"https?://", found, re.IGNORECASE) else "https://" + found
        out.append(_isolated_numbers(text[last:start]))
        out.append(Markup('<a class="{}" dir="ltr" href="{}">{}</a>').format(_unbroken("weblink", found), href, found))
        last = end
    out.append(_isolated_numbers(text[last:]))
    return Markup("").join(out)


#: Addresses and numbers up to this many characters never break (they fit the narrowest column);
#: a longer one may, or it would run off the page.
UNBROKEN_MAX = 40


def _unbroken(css_class: str, text: str) -> str:
    """``css_class``, plus ``long`` (which lets it wrap) when ``text`` is too long to keep on one line."""
    return css_class if len(text) <= UNBROKEN_MAX else f"{css_class} long"


_NUMBER_RUN = re.compile(r"\d[\d -]*\d|\d")


def _isolated_numbers(text: str) -> Markup:
    """Escape ``text`` with every run of digits (spaces and hyphens inside) as a left-to-right isolate."""
    out, last = [], 0
    for match in _NUMBER_RUN.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span class="{}" dir="ltr">{}</span>').format(_unbroken("ltr", match.group(0)),
                                                                         match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _template_place(env: jinja2.Environment, exc: BaseException, name: str) -> Location:
    """file:line of the innermost template frame of ``exc`` (Jinja maps frames to template lines)."""
    place = Location(name)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".htm", ".xml", ".svg", ".txt")) and Path(filename).is_file():
            place = Location(display_path(filename, getattr(env, "display_root", None)), tb.tb_lineno)
        tb = tb.tb_next
    return place


@contextmanager
def _time_limit(seconds: int):
    """Stop a template that runs too long (only possible on the main thread, which renders here)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"the template ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render template ``name``; any template mistake becomes a RenderError naming template and line."""
    try:
        with _time_limit(TEMPLATE_SECONDS):
            return env.get_template(name).render(context)
    except RenderError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}", hint="check the theme's templates/ folder") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = Location(display_path(exc.filename, getattr(env, "display_root", None)) if exc.filename else name,
                         exc.lineno)
        raise RenderError(f"template syntax error: {exc.message}", where) from exc
    except SecurityError as exc:
        raise RenderError(f"template not allowed to do this: {exc}", _template_place(env, exc, name),
                          "themes are data: templates may only show the values they are given") from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(f"template error in {name}: {exc.message}", _template_place(env, exc, name),
                          "a name in the template is misspelt or missing from the context") from exc
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - anything a template does is the template's fault
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise RenderError(f"template error in {name}: {detail}", _template_place(env, exc, name)) from exc


#: Documents name files by path-free URLs under this folder, ``file:///lessonpack/<root>/<relative>``:
#: WeasyPrint names each image after its URL, so a real path would put the checkout's location
#: into every PDF with a picture or logo, and the same input would give different bytes elsewhere.
VIRTUAL_FOLDER = "/lessonpack"


def virtual_url(path: Path, roots: dict[str, Path]) -> str:
    """The path-free URL of ``path`` inside one of ``roots`` (name -> folder); a folder's URL ends in '/'."""
    real = path.resolve()
    for name, root in roots.items():
        root = root.resolve()
        if real == root:
            return f"file://{VIRTUAL_FOLDER}/{name}/"
        if real.is_relative_to(root):
            return f"file://{VIRTUAL_FOLDER}/{name}/{quote(real.relative_to(root).as_posix())}"
    # Outside every root: the fetcher refuses it, and the error names the real file.
    return real.as_uri()


class SandboxedFetcher(URLFetcher):
    """Serves ``file:`` URLs inside the allowed folders and inline ``data:`` URLs; refuses (and remembers) all else."""

    def __init__(self, allowed: list[Path], roots: dict[str, Path] | None = None):
        # data: URLs carry their bytes inline (the slides handout embeds the deck's pictures so):
        # they reach neither the network nor the disk.
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        self.roots = dict(roots or {})
        self.refused: list[str] = []

    def _real_path(self, url_path: str) -> Path | None:
        """The file a ``file:`` URL path names: a virtual one (see :func:`virtual_url`) mapped back."""
        if not url_path.startswith(VIRTUAL_FOLDER + "/"):
            return Path(url_path).resolve()
        name, _, relative = url_path[len(VIRTUAL_FOLDER) + 1:].partition("/")
        root = self.roots.get(name)
        return (root / relative).resolve() if root is not None else None

    def fetch(self, url, headers=None):
        """Fetch ``url`` if it is a file inside an allowed folder; otherwise refuse."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = self._real_path(unquote(parts.path))
            if path is not None and any(path.is_relative_to(root) for root in self.allowed):
                try:
                    # Only a regular file, its size counted while reading (never a FIFO or a device).
                    data = read_input(path, path.as_posix(), None)
                except LessonpackError as exc:
                    self.refused.append(f"{url} ({exc.message})")
                    raise ValueError(f"refused to fetch {url}: {exc.message}") from exc
                return URLFetcherResponse(url, body=data, headers={"Content-Type": _mime_type(path)})
        self.refused.append(f"{url} (outside the project's asset folders)")
        raise ValueError(f"refused to fetch {url}: outside the project's asset folders")


def _mime_type(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _refusal_place(url: str, stylesheets: list[Path]) -> Location | None:
    """The stylesheet file and line where a refused ``url`` is written, if it can be found."""
    target = url.split(" (")[0]
    for sheet in stylesheets:
        try:
            lines = sheet.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            for written in _URL_IN_CSS.findall(line):
                if target.endswith(quote(written.strip("'\" ").lstrip("./"))) or written.strip("'\" ") == target:
                    return Location(display_path(sheet, sheet.parent.parent.parent.parent), number)
    return None


_URL_IN_CSS = re.compile(r"url\(\s*([^)]*?)\s*\)", re.IGNORECASE)


#: Every PDF is tagged PDF/UA-1 (structure tree, language, title); see generator/pdf/tagging.py.
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
        self.stylesheet_files = list(stylesheets)
        fetcher = SandboxedFetcher(self.allowed + [p.parent for p in stylesheets])
        # Parsing CSS (and loading its @font-face files) once per process is the
        # single biggest saving when many documents share a theme.
        self.stylesheets = [CSS(string=extra_css, font_config=self.font_config, url_fetcher=fetcher)] if extra_css else []
        self.stylesheets += [
            CSS(filename=str(path), font_config=self.font_config, url_fetcher=fetcher) for path in stylesheets
        ]
        if fetcher.refused:
            raise RenderError(f"a stylesheet refers to a file it may not use: {fetcher.refused[0]}",
                              _refusal_place(fetcher.refused[0], stylesheets),
                              "a theme may only use files inside its own folder (or a theme it extends)")

    def close(self) -> None:
        """Remove the font folder WeasyPrint keeps in the temp directory for this process."""
        folder = getattr(self.font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self.font_config._folder = None

    def render(self, html: str, base_dir: Path, extra_allowed: list[Path] = (),
               roots: dict[str, Path] | None = None) -> tuple[bytes, int]:
        """PDF bytes and page count for ``html``; relative URLs resolve against ``base_dir``.

        ``roots`` name the folders that :func:`virtual_url` URLs in ``html`` point into.
        """
        return self.write(self.layout(html, base_dir, extra_allowed, roots))

    def layout(self, html: str, base_dir: Path, extra_allowed: list[Path] = (),
               roots: dict[str, Path] | None = None):
        """The laid-out WeasyPrint document of ``html`` (to measure before writing); arguments as :meth:`render`."""
        roots = dict(roots or {})
        fetcher = SandboxedFetcher(self.allowed + list(extra_allowed), roots)
        base_url = virtual_url(base_dir, roots) if roots else base_dir.resolve().as_uri() + "/"
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config, presentational_hints=True
        )
        if fetcher.refused:
            raise RenderError(f"refused to fetch {fetcher.refused[0]}",
                              _refusal_place(fetcher.refused[0], self.stylesheet_files))
        return document

    def write(self, document) -> tuple[bytes, int]:
        """PDF bytes and page count of a laid-out document."""
        # A fixed identifier keeps the bytes identical from one build to the next.
        if not self.tagged:
            return document.write_pdf(pdf_identifier=b"lessonpack"), len(document.pages)
        pdf = document.write_pdf(pdf_identifier=b"lessonpack", uncompressed_pdf=False, pdf_variant=PDF_VARIANT)
        return finish_pdfua(pdf), len(document.pages)


def last_page_fill(document) -> float:
    """How much of the last page's content area is used (0 to 1), by the bottom of its lowest box."""
    page = document.pages[-1]._page_box
    top = page.content_box_y()
    height = page.height
    bottom = top

    def walk(box):
        nonlocal bottom
        for child in getattr(box, "children", []) or []:
            if getattr(child, "height", None) is not None and getattr(child, "element_tag", "") not in ("html", "body"):
                bottom = max(bottom, child.position_y + child.margin_height())
            walk(child)

    walk(page.children[0])  # the root element's box; the others are the page's margin boxes (header, footer)
    return max(0.0, min(1.0, (bottom - top) / height)) if height else 1.0
