"""A Word document for Microsoft Forms' "Quick import", which turns a document into a quiz.

Forms has no import file format of its own; Quick import reads a document laid out as
numbered questions, each followed by lettered options and the right answer marked on a
line of its own ("Answer: B"), which is also how teachers write quizzes by hand.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.shared import Pt

from ..output import normalise_office_zip
from .quizzes import Quiz

FIXED_TIME = dt.datetime(2020, 1, 1)


def forms_docx(quiz: Quiz, font: str = "Arial") -> bytes:
    """The DOCX bytes of ``quiz``: title, then numbered questions with lettered options and 'Answer: X'."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(11)
    doc.add_heading(quiz.title, level=1)
    for number, item in enumerate(quiz.questions, 1):
        doc.add_paragraph(f"{number}. {item.text}").paragraph_format.space_before = Pt(10)
        for letter, option in zip("ABCD", item.options):
            line = doc.add_paragraph(f"{letter}. {option}")
            line.paragraph_format.left_indent = Pt(18)
            line.paragraph_format.space_after = Pt(0)
        doc.add_paragraph(f"Answer: {item.right_letter}")
    props = doc.core_properties
    props.title = quiz.title
    props.author = props.last_modified_by = "lessonpack"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_office_zip(buffer.getvalue())
