"""The recipients file (CSV or XLSX): read row by row, validate every row, then stream recipients.

Rows are numbered as the spreadsheet shows them (the header is row 1, the first school row 2),
and every problem names its column, so a campaign team fixes the whole file in one pass.
Nothing here holds the whole file in memory: rows are read, checked and dropped.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import LessonpackError, Location, Problem, ValidationFailed
from ..glyphs import glyph_message
from ..school import Contact, SchoolInfo
from ..stages import STAGE_IDS

REQUIRED = ("school_name", "address_1", "postcode", "dsl_name", "dsl_role", "key_stages")
OPTIONAL = ("address_2", "address_3", "town", "dsl_phone", "dsl_email", "lessons", "copies", "logo", "letter_date")
COLUMNS = REQUIRED + OPTIONAL
#: Columns printed on the letters and slips: every character must be in the theme's fonts.
PRINTED = ("school_name", "address_1", "address_2", "address_3", "town", "postcode", "dsl_name", "dsl_role",
           "dsl_phone", "dsl_email", "letter_date")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_COPIES = 1000
_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True, order=True)
class Cell(Location):
    """A place in a spreadsheet: ``line`` is the row as the spreadsheet shows it, ``column`` 1-based."""

    header: str = ""

    def __str__(self) -> str:
        if not self.column:
            return f"{self.file}: row {self.line}"
        return f"{self.file}: row {self.line}, column {_letters(self.column)} '{self.header}'"


def _letters(index: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA."""
    text = ""
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass(frozen=True)
class Recipient:
    """One school of the campaign, validated."""

    row: int
    slug: str
    school: SchoolInfo
    stages: tuple[str, ...]
    lessons: tuple[str, ...] | None
    """The row's own lessons, or None for the campaign's."""
    copies: int
    logo: Path | None
    values: tuple[tuple[str, str], ...]
    """The row as read (column, value), for the inputs hash."""


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or the list of choices."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else f" (expected one of: {', '.join(choices)})"


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cell texts) from a CSV or XLSX file, header first; one row in memory at a time."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for number, cells in enumerate(csv.reader(handle), 1):
                    yield number, [c.strip() for c in cells]
        except UnicodeDecodeError as exc:
            raise LessonpackError(f"not UTF-8 text (byte {exc.start})", Location(str(path)),
                                  "save the file as 'CSV UTF-8' from your spreadsheet program") from exc
        except csv.Error as exc:
            raise LessonpackError(f"not a readable CSV file: {exc}", Location(str(path))) from exc
    elif suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise LessonpackError(f"not a readable Excel file: {exc}", Location(str(path))) from exc
        try:
            for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
                yield number, [_cell_text(c) for c in cells]
        finally:
            book.close()
    else:
        raise LessonpackError("recipients must be a .csv or .xlsx file", Location(str(path)))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def slugify(name: str) -> str:
    """A folder name from a school name: ASCII lower-case words joined by hyphens ('' if none)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


class RecipientReader:
    """Checks and reads one recipients file against the campaign's lessons and folder."""

    def __init__(self, path: Path, shown: str, folder: Path, lesson_stages: dict[str, set[str]],
                 campaign_lessons: list[str], letter_date: str | None, when: str, check_row=None,
                 coverage=None):
        self.path, self.shown, self.folder = path, shown, folder.resolve()
        self.check_row = check_row  # a further check of a valid row (e.g. that it gets any letter)
        self.coverage = coverage  # what the theme's fonts can draw (generator.glyphs.FontCoverage), if known
        self.lesson_stages = lesson_stages
        self.campaign_lessons = campaign_lessons
        self.letter_date, self.when = letter_date, when

    def _header(self, cells: list[str]) -> tuple[dict[str, int], list[Problem]]:
        problems, index = [], {}
        for position, name in enumerate(cells, 1):
            key = name.strip().lower()
            if not key:
                continue
            if key not in COLUMNS:
                problems.append(Problem(Cell(self.shown, 1, position, name),
                                        f"unknown column '{name}'{did_you_mean(key, COLUMNS)}"))
            elif key in index:
                problems.append(Problem(Cell(self.shown, 1, position, name), f"column '{name}' appears twice"))
            else:
                index[key] = position
        for name in REQUIRED:
            if name not in index:
                problems.append(Problem(Cell(self.shown, 1), f"missing column '{name}'"))
        return index, problems

    def check(self) -> int:
        """Validate every row; raise ValidationFailed listing all problems; return the number of recipients."""
        problems: list[Problem] = []
        count = 0
        for _ in self._recipients(problems):
            count += 1
        if problems:
            raise ValidationFailed(problems)
        if count == 0:
            raise LessonpackError("the recipients file has no schools", Location(self.shown, 2),
                                  "add one row per school under the header row")
        return count

    def __iter__(self) -> Iterator[Recipient]:
        """The valid recipients in file order (call :meth:`check` first: invalid rows are skipped)."""
        return self._recipients([])

    def _recipients(self, problems: list[Problem]) -> Iterator[Recipient]:
        rows = read_rows(self.path)
        first = next(rows, None)
        if first is None:
            problems.append(Problem(Cell(self.shown, 1), "the file is empty: row 1 must be the header"))
            return
        columns, header_problems = self._header(first[1])
        problems += header_problems
        if header_problems and any(name not in columns for name in REQUIRED):
            return
        seen: set[str] = set()
        for number, cells in rows:
            if not any(cells):
                continue  # blank lines between blocks of schools are harmless
            recipient = self._row(number, cells, columns, problems)
            if recipient is None:
                continue
            extra = self.check_row(recipient) if self.check_row else None
            if extra is not None:
                problems.append(extra)
                continue
            slug = recipient.slug
            suffix = 2
            while slug in seen:
                slug = f"{recipient.slug}-{suffix}"
                suffix += 1
            seen.add(slug)
            yield recipient if slug == recipient.slug else _with_slug(recipient, slug)

    def _row(self, number: int, cells: list[str], columns: dict[str, int],
             problems: list[Problem]) -> Recipient | None:
        found: list[Problem] = []

        def value(name: str) -> str:
            position = columns.get(name)
            return cells[position - 1].strip() if position and position <= len(cells) else ""

        def fail(name: str, message: str) -> None:
            found.append(Problem(Cell(self.shown, number, columns.get(name, 0), name), message))

        labels = {"school_name": "school name", "address_1": "first address line", "postcode": "postcode",
                  "dsl_name": "safeguarding lead's name", "dsl_role": "safeguarding lead's role",
                  "key_stages": "key stages"}
        for name in REQUIRED:
            if not value(name):
                fail(name, f"{labels[name]} is missing")
        stages = [s.lower() for s in _SPLIT.split(value("key_stages")) if s]
        for stage in stages:
            if stage not in STAGE_IDS:
                fail("key_stages", f"unknown key stage '{stage}'{did_you_mean(stage, STAGE_IDS)}")
        own_lessons = [s for s in _SPLIT.split(value("lessons")) if s]
        for lesson in own_lessons:
            if lesson not in self.lesson_stages:
                fail("lessons", f"unknown lesson '{lesson}'{did_you_mean(lesson, sorted(self.lesson_stages))}")
                continue
            for stage in stages:
                if stage in STAGE_IDS and stage not in self.lesson_stages[lesson]:
                    written = ", ".join(s for s in STAGE_IDS if s in self.lesson_stages[lesson])
                    fail("lessons", f"lesson '{lesson}' has no {stage} letter (it is written for {written})")
        copies = 1
        if value("copies"):
            text = value("copies")
            if not text.isdigit() or not 1 <= int(text) <= MAX_COPIES:
                fail("copies", f"copies must be a whole number from 1 to {MAX_COPIES}, not '{text}'")
            else:
                copies = int(text)
        logo = self._logo(value("logo"), fail) if value("logo") else None
        email = value("dsl_email")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            fail("dsl_email", f"not an email address: '{email}'")
        for name in PRINTED if self.coverage is not None else ():
            for char in self.coverage.missing(value(name)):
                fail(name, glyph_message(char))
        if found:
            problems += found
            return None
        address = [value(n) for n in ("address_1", "address_2", "address_3", "town", "postcode") if value(n)]
        dsl = Contact(name=value("dsl_name"), role=value("dsl_role"), phone=value("dsl_phone") or None,
                      email=email or None)
        school = SchoolInfo(name=value("school_name"), address=address, dsl=dsl, sign_off=dsl, when=self.when,
                            letter_date=value("letter_date") or self.letter_date)
        values = tuple((name, value(name)) for name in COLUMNS)
        return Recipient(number, slugify(value("school_name")) or f"school-row-{number}", school,
                         tuple(s for s in STAGE_IDS if s in stages), tuple(own_lessons) or None, copies, logo, values)

    def _logo(self, text: str, fail) -> Path | None:
        target = (self.folder / text).resolve()
        if not target.is_relative_to(self.folder):
            fail("logo", f"logo '{text}' lies outside the campaign folder; put logos inside it")
        elif not target.is_file():
            fail("logo", f"logo file not found: {text} (paths are relative to the campaign folder)")
        elif target.suffix.lower() not in LOGO_SUFFIXES:
            fail("logo", f"logo must be a PNG or JPEG file, not '{text}'")
        else:
            return target
        return None


def _with_slug(recipient: Recipient, slug: str) -> Recipient:
    from dataclasses import replace

    return replace(recipient, slug=slug)
