"""Blooket's CSV import: a title row, the template's header row, then one question per row.

Blooket's importer is strict about the shape of its template: the title row keeps the
template's eight fields (it is how the importer recognises the file), lines end CRLF,
and there is no byte-order mark.
"""

from __future__ import annotations

import csv
import io

from .quizzes import Quiz

TITLE = "Blooket\nImport Template"
HEADERS = ["Question #", "Question Text", "Answer 1", "Answer 2", "Answer 3\n(Optional)", "Answer 4\n(Optional)",
           "Time Limit (sec)\n(Max: 300 seconds)", "Correct Answer(s)\n(Only include Answer #)"]


def blooket_csv(quiz: Quiz) -> bytes:
    """The CSV bytes (UTF-8, CRLF) of ``quiz`` in Blooket's import template."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([TITLE] + [""] * (len(HEADERS) - 1))
    writer.writerow(HEADERS)
    for number, item in enumerate(quiz.questions, 1):
        answers = item.options + [""] * (4 - len(item.options))
        writer.writerow([number, item.text, *answers, quiz.seconds, item.right_index + 1])
    return buffer.getvalue().encode("utf-8")
