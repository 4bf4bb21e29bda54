"""Accessibility finishing for the Office files: slide decks and Word letters.

Run once on a finished python-pptx ``Presentation`` or python-docx ``Document``, just
before it is saved, so the layout code stays about layout:

* decks: every text run (slides and speaker notes) carries the language; shapes are
  put in reading order (title, then text top to bottom and left to right, then
  pictures), which is the order screen readers and PowerPoint's Accessibility Checker
  use; shapes that only decorate (panels and bars without text) are marked decorative;
  every picture must have alt text;
* Word: the language (and, for right-to-left languages, paragraph bidi and a
  complex-script font) on the document defaults and every style, body text at least
  12 pt, and web and e-mail addresses as clickable links.
"""

from __future__ import annotations

import copy
import re

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as wqn
from docx.shared import Pt
from lxml import etree
from pptx.oxml.ns import qn

from ..errors import RenderError

#: PowerPoint's "Mark as decorative" extension (Office 2019 and later).
DECORATIVE_EXT_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SHAPE_TAGS = {qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"), qn("p:grpSp"), qn("p:cxnSp")}
TITLE_TYPES = {"title", "ctrTitle"}
MIN_WORD_BODY_PT = 12
#: Web and e-mail addresses as written in our letters (helpline registry, school profile).
ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b(?:https?://)?(?:[\w-]+\.)+(?:uk|com|org|net|gov|wales)(?:/[\w./-]*[\w/])?")


# -- decks -----------------------------------------------------------------------------------

#: Office document properties (title, author, subject) hold at most 255 characters.
MAX_PROPERTY = 255


def property_text(text: str) -> str:
    """``text`` cut to fit an Office document property (a very long school name or title would not)."""
    return text if len(text) <= MAX_PROPERTY else text[:MAX_PROPERTY - 1] + "…"


def finish_deck(prs, lang: str = "en-GB") -> None:
    """Language on every run, shapes in reading order, decoration marked, alt text checked."""
    for number, slide in enumerate(prs.slides, start=1):
        tree = slide.shapes._spTree
        _order_shapes(tree)
        for pic in tree.iter(qn("p:pic")):
            if not pic.find(qn("p:nvPicPr")).find(qn("p:cNvPr")).get("descr", "").strip():
                raise RenderError(f"slide {number}: a picture has no alt text",
                                  hint="pass alt text when placing the picture")
        _set_run_language(tree, lang)
        if slide.has_notes_slide:
            _set_run_language(slide.notes_slide.shapes._spTree, lang)


def _text_of(shape) -> str:
    return "".join(t.text or "" for t in shape.iter(qn("a:t")))


def _placeholder_type(shape) -> str | None:
    ph = shape.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else ph.get("type", "body")


def _position(shape) -> tuple[int, int]:
    off = shape.find(f".//{qn('a:off')}")
    return (int(off.get("y")), int(off.get("x"))) if off is not None else (0, 0)


def _order_shapes(tree) -> None:
    """Decoration first (it is drawn behind and skipped), then title, text by position, pictures."""
    shapes = [child for child in tree if child.tag in SHAPE_TAGS]
    decoration, titles, texts, pictures = [], [], [], []
    for shape in shapes:
        if _placeholder_type(shape) in TITLE_TYPES:
            titles.append(shape)
        elif shape.tag == qn("p:pic"):
            pictures.append(shape)
        elif shape.tag == qn("p:sp") and not _text_of(shape).strip() and _placeholder_type(shape) is None:
            decoration.append(shape)
            _mark_decorative(shape)
        else:
            texts.append(shape)
    texts.sort(key=_position)
    pictures.sort(key=_position)
    ordered = decoration + titles + texts + pictures
    if ordered == shapes:
        return
    for shape in shapes:
        tree.remove(shape)
    for shape in ordered:
        tree.append(shape)


def _mark_decorative(shape) -> None:
    c_nv_pr = shape.find(f".//{qn('p:cNvPr')}")
    if c_nv_pr is None or c_nv_pr.find(qn("a:extLst")) is not None:
        return
    ext_list = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=DECORATIVE_EXT_URI)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}, val="1")


def _set_run_language(tree, lang: str) -> None:
    for run in tree.iter(qn("a:r"), qn("a:fld")):
        properties = run.find(qn("a:rPr"))
        if properties is None:
            properties = etree.Element(qn("a:rPr"))
            run.insert(0, properties)
        properties.set("lang", lang)
    for end in tree.iter(qn("a:endParaRPr")):
        end.set("lang", lang)


# -- Word --------------------------------------------------------------------------------------

def finish_word_document(doc, lang: str = "en-GB", rtl: bool = False, complex_font: str | None = None,
                         english_from: int | None = None) -> None:
    """Language, minimum size, right-to-left settings and clickable addresses for a Word document.

    Paragraphs from index ``english_from`` on stay left to right in a right-to-left document:
    the English copy of a bilingual letter.
    """
    defaults = doc.styles.element.find(wqn("w:docDefaults"))
    _set_language(defaults.find(f"{wqn('w:rPrDefault')}/{wqn('w:rPr')}"), lang, rtl, complex_font)
    for language in doc.styles.element.iter(wqn("w:lang")):  # styles that name their own language
        _fill_language(language, lang, rtl)
    normal = doc.styles["Normal"]
    if normal.font.size is None or normal.font.size.pt < MIN_WORD_BODY_PT:
        normal.font.size = Pt(MIN_WORD_BODY_PT)
    for index, paragraph in enumerate(doc.paragraphs):
        if rtl and (english_from is None or index < english_from):
            _set_bidi(paragraph._p.get_or_add_pPr())
            for run in paragraph.runs:
                if ARABIC_SCRIPT.search(run.text):
                    _mark_right_to_left_keeping_numbers(run)
        _link_addresses(paragraph)


# Phone numbers and other digit groups ("0808 800 5000", "7-11"): inside a right-to-left run Word
# would draw the groups in reverse order, so they get runs of their own without <w:rtl>.
_NUMBER_RUN = re.compile(r"\d[\d -]*\d|\d")


def _mark_right_to_left_keeping_numbers(run) -> None:
    """Mark ``run`` right to left, splitting digit groups off into left-to-right runs of their own."""
    text = run.text
    if not _NUMBER_RUN.search(text):
        run._r.get_or_add_rPr().get_or_add_rtl()
        return
    anchor, position = run._r, 0
    pieces = []
    for match in _NUMBER_RUN.finditer(text):
        pieces += [(text[position:match.start()], True), (match.group(0), False)]
        position = match.end()
    pieces.append((text[position:], True))
    for piece, right_to_left in pieces:
        if not piece:
            continue
        new_run = _copy_run(run, piece)
        if right_to_left:
            new_run.get_or_add_rPr().get_or_add_rtl()
        anchor.addnext(new_run)
        anchor = new_run
    run._r.getparent().remove(run._r)


ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
# Children that must come after <w:lang> in run properties, and after <w:bidi> in paragraph ones.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _set_language(properties, lang: str, rtl: bool, complex_font: str | None) -> None:
    language = properties.find(wqn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.insert_element_before(language, *_AFTER_LANG)
    _fill_language(language, lang, rtl)
    if rtl and complex_font:
        properties.get_or_add_rFonts().set(wqn("w:cs"), complex_font)


def _fill_language(language, lang: str, rtl: bool) -> None:
    # In a right-to-left letter, Latin text (addresses, English names) is still British English.
    language.set(wqn("w:val"), "en-GB" if rtl else lang)
    if rtl:
        language.set(wqn("w:bidi"), lang)


def _set_bidi(paragraph_properties) -> None:
    if paragraph_properties.find(wqn("w:bidi")) is None:
        paragraph_properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _link_addresses(paragraph) -> None:
    """Split runs so each web or e-mail address is a hyperlink with the run's formatting."""
    for run in list(paragraph.runs):
        text = run.text
        matches = list(ADDRESS.finditer(text))
        if not matches:
            continue
        position = 0
        anchor = run._r
        pieces = []
        for match in matches:
            pieces.append(("text", text[position:match.start()]))
            pieces.append(("link", match.group(0)))
            position = match.end()
        pieces.append(("text", text[position:]))
        for kind, piece in pieces:
            if not piece:
                continue
            new_run = _copy_run(run, piece)
            if kind == "link":
                target = piece if "@" not in piece else f"mailto:{piece}"
                if "@" not in piece and "://" not in piece:
                    target = f"https://{piece}"
                relationship = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
                link = OxmlElement("w:hyperlink")
                link.set(wqn("r:id"), relationship)
                _style_as_link(new_run)
                _left_to_right(new_run)  # an address keeps its order inside right-to-left text
                link.append(new_run)
                anchor.addnext(link)
                anchor = link
            else:
                anchor.addnext(new_run)
                anchor = new_run
        run._r.getparent().remove(run._r)


def _copy_run(run, text: str):
    """A new run element with ``run``'s formatting and ``text``."""
    new = copy.deepcopy(run._r)
    for child in list(new):
        if child.tag != wqn("w:rPr"):
            new.remove(child)
    new.add_t(text)
    return new


def _left_to_right(r) -> None:
    """Drop a copied <w:rtl> from run ``r``."""
    properties = r.rPr
    if properties is not None and properties.rtl is not None:
        properties.remove(properties.rtl)


def _style_as_link(r) -> None:
    r.get_or_add_rPr().get_or_add_u().set(wqn("w:val"), "single")
