"""Is a theme complete? Every file a build would read is present, readable and what it says.

``lessonpack check`` runs this for every theme, so a missing template, a stylesheet that does
not parse or points outside the theme, a font that is not a font, or a picture that does not
decode is reported with its file (and line) before any build meets it.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import LessonpackError, Location, Problem, display_path
from ..images import verify_image
from ..inputs import decode_text, read_input
from ..themes import Theme

#: The templates a build renders; each may come from the theme or a theme it extends.
REQUIRED_TEMPLATES = ("worksheet.html", "letter.html", "guide.html", "unit_letter.html")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def theme_problems(theme: Theme, root: Path, seen: set[Path] | None = None) -> list[Problem]:
    """Every problem with the files of ``theme`` (and the themes it extends).

    Theme folders in ``seen`` (checked already, as the parent of another theme) are not checked
    again; the checked ones are added to it.
    """
    seen = set() if seen is None else seen
    # The default theme's templates and hundred pictures are checked once, not once per theme.
    fresh = [folder for folder in theme.folders if folder not in seen]
    seen.update(fresh)
    problems = _template_problems(theme, root, fresh)
    for folder in fresh:
        for css in sorted((folder / "css").glob("*.css")) if (folder / "css").is_dir() else []:
            problems += stylesheet_problems(css, theme, root)
        for sub, check in (("fonts", _font_problem), ("icons", _picture_problem), ("pictures", _picture_problem),
                           ("images", _picture_problem)):
            for path in sorted((folder / sub).iterdir()) if (folder / sub).is_dir() else []:
                problem = check(path, folder, root)
                if problem:
                    problems.append(problem)
    return problems


def _template_problems(theme: Theme, root: Path, folders: list[Path]) -> list[Problem]:
    from jinja2 import TemplateSyntaxError

    from ..html import make_environment

    env = make_environment(theme.template_dirs(), root)
    problems = []
    # Every chain ends in a theme without a parent: a missing template is reported there, once.
    for name in REQUIRED_TEMPLATES if len(theme.folders) == 1 else ():
        if theme.find(f"templates/{name}") is None:
            problems.append(Problem(Location(f"themes/{theme.id}/templates"), f"template {name} is missing"))
    for folder in (f / "templates" for f in folders if (f / "templates").is_dir()):
        for path in sorted(folder.glob("*.html")):
            try:
                env.parse(decode_text(read_input(path, display_path(path, root), folder), display_path(path, root)))
            except TemplateSyntaxError as exc:
                problems.append(Problem(Location(display_path(path, root), exc.lineno or 0),
                                        f"template syntax error: {exc.message}"))
            except LessonpackError as exc:
                problems.append(Problem(exc.location or Location(display_path(path, root)), exc.message))
    return problems


def stylesheet_problems(css: Path, theme: Theme, root: Path) -> list[Problem]:
    """Parse errors and refused or missing ``url()`` references of one stylesheet, with their lines."""
    import tinycss2

    shown = display_path(css, root)
    try:
        text = decode_text(read_input(css, shown, css.parent.parent), shown)
    except LessonpackError as exc:
        return [Problem(exc.location or Location(shown), exc.message)]
    problems = []
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for node in _walk(rules):
        if node.type == "error":
            problems.append(Problem(Location(shown, node.source_line, node.source_column),
                                    f"CSS does not parse: {node.message}"))
        elif node.type == "url" or (node.type == "function" and node.lower_name == "url"):
            url = node.value if node.type == "url" else "".join(
                getattr(a, "value", "") for a in node.arguments if a.type == "string")
            problem = url_problem(url, css, theme)
            if problem:
                problems.append(Problem(Location(shown, node.source_line, node.source_column), problem))
    return problems


def _walk(nodes):
    for node in nodes or []:
        yield node
        for child in ("prelude", "content", "arguments"):
            yield from _walk(getattr(node, child, None) if isinstance(getattr(node, child, None), list) else None)


def url_problem(url: str, css: Path, theme: Theme) -> str | None:
    """Why ``url`` in stylesheet ``css`` would be refused by the build, or None."""
    parts = urlsplit(url)
    if url.startswith("data:"):
        return None
    if parts.scheme or parts.netloc or url.startswith("/"):
        return f"refused URL {url!r}: a theme may only use files inside its own folder"
    target = (css.parent / unquote(parts.path)).resolve()
    if not any(target.is_relative_to(folder.resolve()) for folder in theme.folders):
        return f"refused URL {url!r}: it leads outside the theme"
    if not target.is_file():
        kind = "font" if target.suffix.lower() in FONT_SUFFIXES else "file"
        return f"{kind} is missing: {url} (no such file in the theme)"
    return None


def _font_problem(path: Path, folder: Path, root: Path) -> Problem | None:
    if path.suffix.lower() not in FONT_SUFFIXES:
        return None
    from fontTools.ttLib import TTFont, TTLibError

    shown = display_path(path, root)
    try:
        font = TTFont(io.BytesIO(read_input(path, shown, folder)), lazy=True)
        if "cmap" not in font or font["cmap"].getBestCmap() is None:
            return Problem(Location(shown), "font has no character map; it cannot show text")
    except LessonpackError as exc:
        return Problem(exc.location or Location(shown), exc.message)
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, IndexError, TypeError) as exc:
        return Problem(Location(shown), f"is not a valid font ({str(exc).splitlines()[0][:100] or 'unreadable'})")
    return None


def _picture_problem(path: Path, folder: Path, root: Path) -> Problem | None:
    shown = display_path(path, root)
    try:
        if path.suffix.lower() in PICTURE_SUFFIXES:
            verify_image(path, shown, folder)
        elif path.suffix.lower() == ".svg":
            text = decode_text(read_input(path, shown, folder), shown)
            if "<svg" not in text:
                return Problem(Location(shown), "is not an SVG picture")
    except LessonpackError as exc:
        return Problem(exc.location or Location(shown), exc.message)
    return None
