"""The parent letter as an editable Word document, for schools to put on their own headed paper."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from ..letters import RUNNING_HELP, lesson_letter
from ..output import normalise_office_zip
from ..themes import Theme, rgb
from ..translations.translator import Translator, english_translator
from ..views import StageView
from .office_access import finish_word_document, property_text

FIXED_TIME = dt.datetime(2020, 1, 1)


def render_word_letter(view: StageView, theme: Theme, logo: tuple[Path, str] | None = None,
                       translator: Translator | None = None, layout: str = "translated") -> bytes:
    """The lesson's parent letter as DOCX bytes, with the same words as the PDF letter.

    With a ``translator``, the letter is in its language (right to left for Urdu); the
    'bilingual' ``layout`` adds the English letter after a page break.
    """
    tr = translator or english_translator()
    doc = Document()
    font = theme.settings.slides.font  # a font school computers have, as for the slides
    primary = RGBColor(*rgb(theme.settings.colours.primary))
    normal = doc.styles["Normal"]
    # The content guide asks 12-14 pt and 1.5 line spacing for letters, in Word as in the PDF.
    normal.font.name, normal.font.size = font, Pt(max(12.0, theme.settings.pdf.body_size_pt))
    normal.paragraph_format.line_spacing = max(1.5, theme.settings.pdf.line_height)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.color.rgb = font, primary
        style.font.size = Pt(16 if level == 1 else 14)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.footer.paragraphs[0].text = tr.gettext(RUNNING_HELP)

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
    _letter_body(doc, view, tr)
    english_from = None
    if not tr.is_english and layout == "bilingual":
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        english_from = len(doc.paragraphs)
        _letter_body(doc, view, english_translator())

    props = doc.core_properties
    props.title = property_text(tr.gettext("{title}: letter to parents and carers ({stage})").format(
        title=tr.text(view.meta.title), stage=view.key_stage.name))
    props.author = props.last_modified_by = property_text(school.name)
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.language = tr.language.code
    finish_word_document(doc, tr.language.code, rtl=tr.language.rtl, complex_font=tr.language.word_font,
                         english_from=english_from)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_office_zip(buffer.getvalue())


def _letter_body(doc, view: StageView, tr: Translator) -> None:
    """Greeting, title, every section of the letter and the sign-off, in ``tr``'s language."""
    school = view.school
    doc.add_paragraph(tr.gettext("Dear parent or carer,"))
    doc.add_paragraph(tr.gettext("Online safety at school")).runs[0].bold = True
    doc.add_heading(tr.text(view.meta.title), level=1)
    for part in lesson_letter(view, tr):
        if part.title:
            doc.add_heading(part.title, level=2)
        for text in part.paragraphs:
            doc.add_paragraph(text)
        for item in part.bullets:
            doc.add_paragraph(item, style="List Bullet")
        for text in part.after:
            doc.add_paragraph(text)
    doc.add_paragraph(tr.gettext("Yours sincerely,"))
    signature = doc.add_paragraph()
    signature.add_run(school.sign_off.name).bold = True
    signature.add_run(f"\n{tr.gettext(school.sign_off.role)}, {school.name}")
