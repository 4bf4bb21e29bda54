"""The parent letter as an editable Word document, for schools to put on their own headed paper."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt, RGBColor

from ..helplines import Helpline
from ..output import normalise_office_zip
from ..themes import Theme, rgb
from .office_access import finish_word_document
from ..views import NOT_YOUR_FAULT, StageView, letter_opening

FIXED_TIME = dt.datetime(2020, 1, 1)


def _helpline_line(h: Helpline) -> str:
    contact = ", ".join(x for x in (h.phone, h.web) if x)
    return f"{h.name}: {contact} ({h.purpose('parent')})"


def render_word_letter(view: StageView, theme: Theme, logo: tuple[Path, str] | None = None) -> bytes:
    """The lesson's parent letter as DOCX bytes, with the same words as the PDF letter."""
    doc = Document()
    font = theme.settings.slides.font  # a font school computers have, as for the slides
    primary = RGBColor(*rgb(theme.settings.colours.primary))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(11)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.color.rgb = font, primary
        style.font.size = Pt(16 if level == 1 else 13)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)

    school = view.school
    head = doc.add_paragraph()
    if logo:
        picture = head.add_run().add_picture(str(logo[0]), width=Cm(2.5))
        picture._inline.docPr.set("descr", logo[1])
        head.add_run("  ")
    name = head.add_run(school.name)
    name.bold, name.font.size, name.font.color.rgb = True, Pt(16), primary
    for line in school.address:
        doc.add_paragraph(line)
    if school.letter_date:
        doc.add_paragraph(school.letter_date)
    doc.add_paragraph("Dear parent or carer,")
    doc.add_heading(f"Online safety at school: {view.meta.title}", level=1)
    for paragraph in letter_opening(view):
        doc.add_paragraph(paragraph)
    letter = view.content.letter
    for note in view.content.local_notes:
        doc.add_paragraph(note)
    sections = [
        ("Talking about it at home", ["Short, relaxed chats work best. You could ask:"], letter.conversation_starters),
        ("Practical steps", [], letter.tips),
        ("If something happens", [], letter.if_something_happens),
    ]
    for title, intro, items in sections:
        doc.add_heading(title, level=2)
        for text in intro:
            doc.add_paragraph(text)
        for item in items:
            doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph(NOT_YOUR_FAULT)
    doc.add_heading("Who to contact at school", level=2)
    dsl = school.dsl
    doc.add_paragraph(", ".join(x for x in (dsl.name, dsl.role, dsl.phone, dsl.email) if x))
    doc.add_heading("Help and advice", level=2)
    for helpline in view.parent_helplines:
        doc.add_paragraph(_helpline_line(helpline), style="List Bullet")
    for local in school.local_helplines:
        contact = ", ".join(x for x in (local.phone, local.web) if x)
        doc.add_paragraph(f"{local.name}: {contact} ({local.description})", style="List Bullet")
    doc.add_paragraph("Yours sincerely,")
    signature = doc.add_paragraph()
    signature.add_run(school.sign_off.name).bold = True
    signature.add_run(f"\n{school.sign_off.role}, {school.name}")

    props = doc.core_properties
    props.title = f"{view.meta.title}: letter to parents and carers ({view.key_stage.name})"
    props.author = props.last_modified_by = school.name
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.language = "en-GB"
    finish_word_document(doc, "en-GB")
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_office_zip(buffer.getvalue())
