"""Keep a variable-data letter tagged (PDF/UA): the personalised areas join the body's structure tree.

The shared body is a tagged WeasyPrint PDF whose structure holds an empty ``/Div`` where each
area goes (the area's ``<div>`` is empty in the body). Each recipient's area is drawn from a
form XObject made from a page of the (also tagged) areas document. Without this step a screen
reader would find the school's name, the date and whom to contact nowhere in the structure.

So, for each area: its structure elements are rebuilt under the body's empty ``/Div`` (same
roles, alt text and language), their marked-content references point into the form XObject
(``/MCR`` with ``/Stm``), the form gets a ``/StructParents`` entry in the parent tree, and the
form is painted inside a marked-content sequence, as PDF/UA asks of all page content.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

#: Structure-element keys that carry meaning for assistive technology and are copied as text.
TEXT_KEYS = ("/Alt", "/ActualText", "/Lang", "/E", "/T")


def placeholders(letter: pikepdf.Pdf) -> list[Dictionary]:
    """The body's empty ``/Div`` elements, in reading order: where the areas' structure goes."""
    found: list[Dictionary] = []

    def walk(element) -> None:
        if not isinstance(element, Dictionary) or element.get("/Type") in ("/MCR", "/OBJR"):
            return
        kids = element.get("/K")
        if element.get("/S") == "/Div" and isinstance(kids, Array) and len(kids) == 0:
            found.append(element)
            return
        for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            walk(kid)

    walk(letter.Root.StructTreeRoot)
    return found


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, Array]:
    """The structure parent tree as a dict (WeasyPrint writes one flat ``/Nums`` array)."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


class AreaPages:
    """An opened areas document and, per page, the structure elements that hold its content.

    Built once per areas document (one chunk of recipients), not once per letter: reading the
    structure parent tree walks every recipient's areas.
    """

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self._parents = _parent_tree(pdf)
        self._tops: dict[int, list[Dictionary]] = {}

    def tops(self, page_index: int) -> list[Dictionary]:
        """The structure elements just below /Document that hold page ``page_index``'s content."""
        if page_index not in self._tops:
            by_mcid = self._parents[int(self.pdf.pages[page_index].obj.StructParents)]
            tops: list[Dictionary] = []
            for element in by_mcid:
                while isinstance(element, Dictionary) and element.get("/P") is not None and \
                        element.P.get("/S") not in (None, "/Document"):
                    element = element.P
                if isinstance(element, Dictionary) and not any(element.objgen == seen.objgen for seen in tops):
                    tops.append(element)
            self._tops[page_index] = tops
        return self._tops[page_index]


def _rebuild(letter: pikepdf.Pdf, element: Dictionary, parent, page, form, mcids: dict[int, Dictionary]):
    """A copy of ``element`` (from the areas document) in ``letter``, its content references into ``form``."""
    copy = letter.make_indirect(Dictionary(Type=Name.StructElem, S=Name(str(element.S)), P=parent, Pg=page.obj))
    for key in TEXT_KEYS:
        if key in element:
            copy[key] = pikepdf.String(str(element[key]))
    kids = element.get("/K")
    new_kids = Array()
    for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
        if isinstance(kid, int) or (isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR"):
            mcid = int(kid) if isinstance(kid, int) else int(kid.MCID)
            new_kids.append(Dictionary(Type=Name.MCR, MCID=mcid, Pg=page.obj, Stm=form))
            mcids[mcid] = copy
        elif isinstance(kid, Dictionary) and kid.get("/Type") != "/OBJR":
            # Links are page annotations, which a form XObject does not carry: the text stays, tagged.
            new_kids.append(_rebuild(letter, kid, copy, page, form, mcids))
    copy.K = new_kids
    return copy


def tag_area(letter: pikepdf.Pdf, placeholder: Dictionary, page: pikepdf.Page, form,
             areas: AreaPages, page_index: int) -> None:
    """Put the structure of area page ``page_index`` of ``areas`` under ``placeholder``, pointing into ``form``."""
    mcids: dict[int, Dictionary] = {}
    placeholder.K = Array([_rebuild(letter, top, placeholder, page, form, mcids)
                           for top in areas.tops(page_index)])
    placeholder.Pg = page.obj
    tree = letter.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    key = max([int(nums[i]) for i in range(0, len(nums), 2)] + [int(tree.get("/ParentTreeNextKey", 0)) - 1]) + 1
    form.StructParents = key
    nums.append(key)
    nums.append(letter.make_indirect(Array([mcids.get(n, None) for n in range(max(mcids, default=-1) + 1)])))
    tree.ParentTreeNextKey = key + 1
