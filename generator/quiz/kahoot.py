"""Kahoot's spreadsheet import: one quiz per .xlsx, laid out as Kahoot's own template.

Kahoot reads the first sheet from row 9 down: column B the question (120 characters),
C-F up to four answers (75 characters each), G the time limit in seconds and H the
number(s) of the correct answer(s). Rows 1-8 are the template's heading; we fill them
with the quiz's title and the column names Kahoot's template uses.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..output import deterministic_zip, normalise_office_zip
from .quizzes import Quiz

HEADERS = ["Question - max 120 characters", "Answer 1 - max 75 characters", "Answer 2 - max 75 characters",
           "Answer 3 - max 75 characters", "Answer 4 - max 75 characters",
           "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs", "Correct answer(s) - choose at least one"]
HEADER_ROW = 8
FIRST_ROW = 9
# openpyxl stamps the current time into docProps/core.xml; a fixed one keeps builds identical.
FIXED_TIME = dt.datetime(2020, 1, 1)


def kahoot_xlsx(quiz: Quiz) -> bytes:
    """The .xlsx bytes of ``quiz`` in Kahoot's import layout."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet["B2"] = quiz.title
    sheet["B2"].font = Font(bold=True, size=14)
    sheet["B4"] = "Made by lessonpack for Kahoot's 'Import spreadsheet'. Questions start at row 9."
    for column, header in enumerate(HEADERS, start=2):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, item in enumerate(quiz.questions, start=FIRST_ROW):
        sheet.cell(row, 1, row - FIRST_ROW + 1)
        sheet.cell(row, 2, item.text)
        for offset, option in enumerate(item.options):
            sheet.cell(row, 3 + offset, option)
        sheet.cell(row, 7, quiz.seconds)
        sheet.cell(row, 8, item.right_index + 1)
    for letter, width in zip("ABCDEFGH", (5, 60, 32, 32, 32, 32, 14, 14)):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.properties.creator = book.properties.lastModifiedBy = "lessonpack"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.save(buffer)
    return _fixed_modified_time(normalise_office_zip(buffer.getvalue()))


def _fixed_modified_time(data: bytes) -> bytes:
    """openpyxl stamps the save time as 'modified' whatever we set; put the fixed time back."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = []
    for info in source.infolist():
        content = source.read(info.filename)
        if info.filename == "docProps/core.xml":
            stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
            content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>",
                             content)
        members.append((info.filename, content))
    return deterministic_zip(members, keep_order=True)
