"""Finishing touches that make WeasyPrint's tagged PDF a PDF/UA-1 document.

WeasyPrint (``pdf_variant="pdf/ua-1"``) writes the structure tree, the document
language, the title and ``DisplayDocTitle``, but it documents that conformance is
not guaranteed, and three gaps matter for a screen-reader user:

* page-margin content (our running title, key stage and helpline footer) is
  marked as ordinary content that no structure element owns, so some readers
  read the footer in the middle of a letter: it becomes a pagination artifact;
* every picture becomes a ``/Figure``; pictures the HTML marks as decorative
  (``alt=""`` on ``<img>``, ``aria-hidden="true"`` on inline ``<svg>``, which
  WeasyPrint turns into a figure without ``/Alt``) become artifacts instead;
* header cells carry no ``/Scope``: a cell in a row of header cells is a column
  header, any other header cell a row header (HTML's own "auto" rule);
* link annotations get ``/Contents`` (their visible text), as PDF/UA 7.18.5 asks;
* a list laid out in CSS columns comes out as a list of lists (one per column):
  its items are joined back into one list.

A passage's ``lang`` attribute (a Welsh paragraph in an English letter) becomes
the structure element's ``/Lang``; WeasyPrint drops it, so :func:`install_lang_tags`
wraps its tree builder once per process.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pydyf
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasy_tags

PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
LAYOUT = pikepdf.Dictionary(Type=pikepdf.Name.Layout)


def install_lang_tags() -> None:
    """Make WeasyPrint copy an element's ``lang`` attribute to its structure element (idempotent)."""
    original = weasy_tags._build_box_tree
    if getattr(original, "lessonpack_lang", False):
        return

    def build_with_lang(box, parent, *args):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(inner, "element", None)
        lang = None
        if element is not None and inner.element_tag not in ("html", "body"):
            lang = element.get("lang")
        for struct in original(box, parent, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_with_lang.lessonpack_lang = True
    weasy_tags._build_box_tree = build_with_lang


def finish_pdfua(pdf_bytes: bytes) -> bytes:
    """Return ``pdf_bytes`` with artifacts, header scopes and link texts fixed (deterministic)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.StructTreeRoot
        reachable = _reachable_elements(root)
        decorative = _drop_decorative_figures(root)
        page_kids = _page_mcid_owners(root)
        for index, page in enumerate(pdf.pages):
            owners = page_kids.get(index)
            if owners is None:
                continue
            artifacts: dict[int, pikepdf.Dictionary] = {}
            for mcid, owner in enumerate(owners):
                if isinstance(owner, pikepdf.Dictionary):
                    key = owner.objgen
                    if key in decorative:
                        artifacts[mcid] = LAYOUT
                    elif key not in reachable:
                        artifacts[mcid] = PAGINATION
            if artifacts:
                _mark_artifacts(pdf, page, artifacts)
                for mcid in artifacts:
                    owners[mcid] = pikepdf.Object.parse(b"null")
        _scope_header_cells(root)
        _join_column_lists(root)
        _describe_links(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def structure_kids(element: pikepdf.Dictionary) -> list:
    """The ``/K`` entries of a structure element, always as a list."""
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def is_structure_element(obj) -> bool:
    """True for a structure element dictionary (not an MCID or object reference)."""
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def walk_structure(root: pikepdf.Dictionary):
    """Every structure element under ``root``, parents before children."""
    stack = [kid for kid in reversed(structure_kids(root)) if is_structure_element(kid)]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(kid for kid in reversed(structure_kids(element)) if is_structure_element(kid))


def _reachable_elements(root: pikepdf.Dictionary) -> set:
    return {element.objgen for element in walk_structure(root)}


def _drop_decorative_figures(root: pikepdf.Dictionary) -> set:
    """Unhook figures without ``/Alt`` from the tree; return their object ids."""
    dropped = set()
    for element in list(walk_structure(root)):
        if element.S == pikepdf.Name.Figure and "/Alt" not in element and "/ActualText" not in element:
            parent = element.P
            kept = [kid for kid in structure_kids(parent) if not (is_structure_element(kid) and kid.objgen == element.objgen)]
            parent.K = pikepdf.Array(kept)
            dropped.add(element.objgen)
    return dropped


def _page_mcid_owners(root: pikepdf.Dictionary) -> dict[int, pikepdf.Array]:
    """The parent tree's per-page arrays (index = MCID), keyed by page index."""
    nums = root.ParentTree.Nums
    owners = {}
    for i in range(0, len(nums), 2):
        if isinstance(nums[i + 1], pikepdf.Array):
            owners[int(nums[i])] = nums[i + 1]
    return owners


# How pydyf writes a marked-content start; rewriting bytes is ~20x faster than
# parsing and re-serialising every page's content stream.
_BDC = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, artifacts: dict) -> None:
    """Rewrite the page's ``BDC`` operators for the given MCIDs into ``/Artifact`` ones."""
    data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else None
    if data is not None:
        done = set()

        def replace(match: re.Match) -> bytes:
            mcid = int(match.group(2))
            if mcid not in artifacts:
                return match.group(0)
            done.add(mcid)
            return b"/Artifact " + artifacts[mcid].unparse() + b" BDC"

        rewritten = _BDC.sub(replace, data)
        if done == set(artifacts):
            page.obj.Contents = pdf.make_stream(rewritten)
            return
    # Anything written differently: take the slow, general road.
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in artifacts:
                operands = [pikepdf.Name.Artifact, artifacts[int(mcid)]]
        instructions.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _scope_header_cells(root: pikepdf.Dictionary) -> None:
    for row in walk_structure(root):
        if row.S != pikepdf.Name.TR:
            continue
        cells = [kid for kid in structure_kids(row) if is_structure_element(kid)]
        header_row = all(cell.S == pikepdf.Name.TH for cell in cells)
        for cell in cells:
            if cell.S == pikepdf.Name.TH:
                attributes = cell.get("/A")
                if not isinstance(attributes, pikepdf.Dictionary):
                    attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    cell.A = attributes
                attributes.Scope = pikepdf.Name.Column if header_row else pikepdf.Name.Row


def _join_column_lists(root: pikepdf.Dictionary) -> None:
    """An ``/L`` whose children are all ``/L`` (one per CSS column) becomes one flat list."""
    for element in list(walk_structure(root)):
        kids = structure_kids(element)
        if element.S != pikepdf.Name.L or not kids or not all(is_structure_element(k) and k.S == pikepdf.Name.L for k in kids):
            continue
        items = []
        for column in kids:
            for item in structure_kids(column):
                if is_structure_element(item):
                    item.P = element
                items.append(item)
        element.K = pikepdf.Array(items)


def _describe_links(pdf: pikepdf.Pdf) -> None:
    """Give each link annotation ``/Contents``: the text of its structure element or its URL."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != pikepdf.Name.Link or "/Contents" in annotation:
                continue
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
            annotation.Contents = pikepdf.String(_link_label(uri) or "link")


def _link_label(uri: str) -> str:
    """A short spoken label for a URL: its address without the scheme."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        if uri.startswith(prefix):
            return uri[len(prefix):].rstrip("/")
    return uri
