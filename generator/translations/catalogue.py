"""The gettext catalogues of the letters' fixed wording (``locale/<lang>/LC_MESSAGES/letters.po``).

Babel extracts the messages (``_("...")``) from ``generator/letters.py`` and the letter
templates (``make translations`` refreshes ``locale/letters.pot`` and the ``.po`` files). The
``.po`` files are the only thing under version control: at build time they are compiled in
memory, so there is no binary ``.mo`` to forget to rebuild, and a fuzzy or empty entry is
never used (``check`` reports it at file:line instead).
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..errors import Location, LessonpackError, Problem, display_path

DOMAIN = "letters"
#: Where the letters' wording lives, relative to the project root, and how Babel reads it.
SOURCES = (("generator/letters.py", "python"), ("generator/renderers/word_letter.py", "python"),
           ("themes/default/templates/letter.html", "jinja2"),
           ("themes/default/templates/letter_parts.html", "jinja2"),
           ("themes/default/templates/unit_letter.html", "jinja2"))
EXTRACTORS = {"python": "python", "jinja2": "jinja2.ext:babel_extract"}


def po_path(root: Path, code: str) -> Path:
    """The catalogue of language ``code``."""
    return root / "locale" / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(root: Path, code: str) -> Catalog:
    """Parse the ``.po`` file of ``code``; a missing or broken file is a clear error."""
    path = po_path(root, code)
    if not path.is_file():
        raise LessonpackError(f"no catalogue for '{code}': {display_path(path, root)} is missing",
                              hint="run `make translations` to create it from locale/letters.pot")
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=code.replace("-", "_"), domain=DOMAIN)
    except Exception as exc:  # Babel raises several types for a malformed file
        raise LessonpackError(f"cannot read {display_path(path, root)}: {exc}") from exc


def compiled(catalogue: Catalog) -> Translations:
    """The catalogue compiled in memory (fuzzy entries left out), ready for ``gettext``."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def extract_messages(root: Path) -> dict[str, Location]:
    """Every message the letters use, with where it is written (for ``check`` and ``make translations``)."""
    messages: dict[str, Location] = {}
    for relative, kind in SOURCES:
        path = root / relative
        if not path.is_file():
            continue
        for line, message, _comments, _context in extract_from_file(EXTRACTORS[kind], str(path),
                                                                      keywords={"_": None, "gettext": None}):
            text = message if isinstance(message, str) else (message[0] if message else None)
            if text:  # _(variable) in a template is translated at run time, not extracted
                messages.setdefault(text, Location(relative, line))
    return messages


def catalogue_problems(root: Path, code: str, messages: dict[str, Location]) -> list[Problem]:
    """Messages without a translation, fuzzy ones, and translations no message uses any more."""
    path = po_path(root, code)
    try:
        catalogue = read_catalogue(root, code)
    except LessonpackError as exc:
        return [Problem(Location(display_path(path, root), 1), exc.message)]
    file = display_path(path, root)
    problems = []
    for text, where in messages.items():
        entry = catalogue.get(text)
        if entry is None:
            problems.append(Problem(Location(file, 1), f"missing {code} translation of \"{text[:60]}\" ({where}); "
                                    "run `make translations`, then translate it"))
        elif not entry.string or entry.fuzzy:
            state = "fuzzy (the English changed)" if entry.fuzzy else "not translated yet"
            problems.append(Problem(Location(file, entry.lineno or 1), f"{code} translation of \"{text[:60]}\" is {state}"))
    for entry in catalogue:
        if entry.id and entry.id not in messages:
            problems.append(Problem(Location(file, entry.lineno or 1),
                                    f"stale {code} translation: \"{str(entry.id)[:60]}\" is no longer in the letters "
                                    "(run `make translations` to mark it obsolete)"))
    return problems


def update_catalogues(root: Path, codes: list[str]) -> list[Path]:
    """Write ``locale/letters.pot`` from the sources and merge it into each language's ``.po`` (``make translations``).

    New messages arrive untranslated, changed ones are marked fuzzy (so ``check`` reports them),
    and ones no longer used become obsolete: nothing a translator wrote is thrown away.
    """
    from babel.messages.pofile import write_po

    template = Catalog(domain=DOMAIN, project="lessonpack", charset="utf-8")
    for text, where in extract_messages(root).items():
        template.add(text, locations=[(where.file, where.line)])
    written = []
    pot = root / "locale" / f"{DOMAIN}.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as handle:
        write_po(handle, template, omit_header=True, sort_output=True, width=100)
    written.append(pot)
    for code in codes:
        path = po_path(root, code)
        if path.is_file():
            catalogue = read_catalogue(root, code)
            catalogue.update(template, update_header_comment=False)
        else:
            catalogue = Catalog(locale=code, domain=DOMAIN, project="lessonpack", charset="utf-8")
            catalogue.update(template)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, omit_header=False, sort_output=True, width=100, include_previous=True)
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    from .languages import LANGUAGES

    for file in update_catalogues(Path.cwd(), sorted(LANGUAGES)):
        print(file)
    sys.exit(0)
