"""Checks a PDF for the accessibility points we promise, with pikepdf and the ``pdfua`` checker.

Two independent views: the ``pdfua`` package's machine-checkable PDF/UA-1 rules, and
our own reading of the structure tree (:func:`read_structure`): title shown, language
set, headings in order and not empty, lists as lists, tables with header cells and
scopes, pictures with alt text, running headers and footers as artifacts, and link
annotations with a description. ``python -m generator.pdf.audit build/`` audits a
whole build (``make check-pdfs``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from .tagging import is_structure_element, structure_kids, walk_structure

#: pdfua 0.1.3's empty-heading rule (UA-14-001) crashes on pikepdf arrays; our own
#: check of headings (``empty heading``) covers the same point.
KNOWN_CHECKER_BUGS = {"UA-14-001"}


@dataclass
class Structure:
    """What a screen reader would find in one PDF."""

    title: str = ""
    lang: str = ""
    shows_title: bool = False
    headings: list[int] = field(default_factory=list)        # levels in reading order
    roles: dict[str, int] = field(default_factory=dict)     # structure role -> count
    langs: set[str] = field(default_factory=set)            # /Lang on structure elements
    figures_without_alt: int = 0
    empty_headings: int = 0
    lists_without_items: int = 0
    tables_without_headers: int = 0
    headers_without_scope: int = 0
    pagination_artifacts: list[int] = field(default_factory=list)  # per page
    unowned_marked_content: int = 0
    links: int = 0
    links_without_contents: int = 0


def _marks_content(element) -> bool:
    for kid in structure_kids(element):
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"):
            return True
        if is_structure_element(kid) and _marks_content(kid):
            return True
    return False


def read_structure(path: Path) -> Structure:
    """Read the structure tree, catalogue and page marks of the PDF at ``path``."""
    found = Structure()
    with pikepdf.open(path) as pdf:
        found.title = str(pdf.docinfo.get("/Title", ""))
        found.lang = str(pdf.Root.get("/Lang", ""))
        preferences = pdf.Root.get("/ViewerPreferences", {})
        found.shows_title = bool(preferences.get("/DisplayDocTitle", False))
        root = pdf.Root.get("/StructTreeRoot")
        owned: set[tuple[int, int]] = set()
        page_index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        if root is not None:
            _walk_tree(root, found, owned, page_index)
        for index, page in enumerate(pdf.pages):
            artifacts = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC" and operands[0] == pikepdf.Name.Artifact:
                    properties = operands[1] if len(operands) > 1 else None
                    if isinstance(properties, pikepdf.Dictionary) and properties.get("/Type") == "/Pagination":
                        artifacts += 1
                elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    if (index, int(operands[1].MCID)) not in owned:
                        found.unowned_marked_content += 1
            found.pagination_artifacts.append(artifacts)
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") == pikepdf.Name.Link:
                    found.links += 1
                    if not str(annotation.get("/Contents", "")).strip():
                        found.links_without_contents += 1
    return found


def _walk_tree(root, found: Structure, owned: set, page_index: dict) -> None:
    """Count roles and defects; collect (page, MCID) pairs that elements own."""
    for element in walk_structure(root):
        role = str(element.S)[1:]
        found.roles[role] = found.roles.get(role, 0) + 1
        if "/Lang" in element:
            found.langs.add(str(element.Lang))
        if len(role) == 2 and role[0] == "H" and role[1].isdigit():
            found.headings.append(int(role[1]))
            if not _marks_content(element):
                found.empty_headings += 1
        elif role == "Figure" and "/Alt" not in element and "/ActualText" not in element:
            found.figures_without_alt += 1
        elif role == "L" and not any(is_structure_element(k) and k.S == "/LI" for k in structure_kids(element)):
            found.lists_without_items += 1
        elif role == "Table" and not _has_role(element, "/TH"):
            found.tables_without_headers += 1
        elif role == "TH" and "/Scope" not in element.get("/A", {}):
            found.headers_without_scope += 1
        page = element.get("/Pg")
        for kid in structure_kids(element):
            if isinstance(kid, int) and page is not None:
                owned.add((page_index.get(page.objgen, -1), kid))


def _has_role(element, role: str) -> bool:
    return any(is_structure_element(kid) and (kid.S == role or _has_role(kid, role)) for kid in structure_kids(element))


def structure_problems(found: Structure) -> list[str]:
    """Every promise ``found`` breaks, as short sentences (empty when all is well)."""
    problems = []
    if not found.title.strip() or not found.shows_title:
        problems.append("no document title shown in the title bar")
    if not found.lang:
        problems.append("no document language")
    if found.headings and found.headings[0] != 1:
        problems.append(f"first heading is H{found.headings[0]}, not H1")
    for before, after in zip(found.headings, found.headings[1:]):
        if after > before + 1:
            problems.append(f"heading level jumps from H{before} to H{after}")
            break
    counts = {
        "empty heading": found.empty_headings, "figure without alt text": found.figures_without_alt,
        "list without list items": found.lists_without_items,
        "table without header cells": found.tables_without_headers,
        "header cell without scope": found.headers_without_scope,
        "marked content outside the structure tree": found.unowned_marked_content,
        "link without a description": found.links_without_contents,
    }
    problems += [f"{count} x {what}" for what, count in counts.items() if count]
    if found.pagination_artifacts and not all(found.pagination_artifacts):
        problems.append("a page without its running header/footer marked as an artifact")
    return problems


def pdfua_findings(path: Path) -> list[str]:
    """The ``pdfua`` checker's findings for ``path`` (rules it could not run are findings too)."""
    from pdfua import validate

    report = validate(str(path))
    lines = [f"{f.rule_id} page {f.location.page}: {f.message}" for f in report.findings]
    lines += [f"{o.rule_id} not run: {o.skipped_reason}" for o in report.outcomes
              if o.skipped_reason and o.rule_id not in KNOWN_CHECKER_BUGS]
    return lines


def audit_pdf(path: Path) -> list[str]:
    """All accessibility problems in the PDF at ``path``: the checker's and our own."""
    return pdfua_findings(path) + structure_problems(read_structure(path))


def main(argv: list[str] | None = None) -> int:
    """Audit every PDF under the given folders; print problems; exit 1 if any."""
    folders = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("build")]
    files = sorted(p for folder in folders for p in folder.rglob("*.pdf"))
    failed = 0
    for file in files:
        problems = audit_pdf(file)
        if problems:
            failed += 1
            print(f"{file}:")
            for problem in problems:
                print(f"  {problem}")
    print(f"{len(files)} PDF(s) audited, {failed} with problems")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
