"""Variable-data letters: the shared body laid out once, the personalised areas per recipient.

A campaign letter's body is identical for every school that gets the same lesson at the same key
stage; only the letterhead, date, first paragraph and the contact and sign-off block change. Those
live in fixed-size areas (``themes/default/css/campaign.css``), so they can never move the body's
line or page breaks. The body is rendered once with the areas left empty and their positions
read from the layout; every recipient's areas are rendered together in one small document (one
area per page, each page exactly the area's size); the two are combined as PDF form XObjects
with pikepdf. The result draws the same glyphs at the same places as a letter rendered whole.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..errors import RenderError
from ..helplines import Helpline, helplines_for, load_helplines
from ..html import PDF_VARIANT, PdfRenderer, render_template, virtual_url
from ..lessons import Lesson
from ..output import sha256
from ..renderers.documents import DocumentRenderer
from ..school import SchoolInfo
from ..stages import KEY_STAGES
from ..letters import RUNNING_HELP, lesson_letter, unit_letter
from ..unit_letters import ParentGuidance, load_guidance, unit_lessons
from ..views import build_view
from .load import Campaign
from .plan import LetterSpec
from .recipients import Recipient
from .tagging import AreaPages, placeholders, tag_area

AREAS = ("head", "contact")
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF uses points (72 per inch)


@dataclass(frozen=True)
class Area:
    """Where a personalised area sits on a body page, in PDF points from the page's bottom left."""

    page: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Body:
    """The shared part of one letter, rendered once: PDF bytes, pages and where its areas are."""

    key: str
    pdf: bytes
    pages: int
    areas: dict[str, Area]
    sizes_px: dict[str, tuple[float, float]]
    compact: bool = False
    """Laid out a little tighter, because the normal layout left the sign-off alone on a last page."""
    closing_page: int = 0
    """The page (from 0) on which the closing block (last section, contact and sign-off) starts."""
    holders: tuple[tuple[int, int], ...] = ()
    """The PDF object numbers of the structure tree's empty areas, in reading order (see tagging.py)."""

    @property
    def sha256(self) -> str:
        """Hash of the body's bytes: part of every recipient's inputs hash."""
        return sha256(self.pdf)


class LetterRenderer:
    """Renders a campaign's bodies, personalised areas and whole letters; one per process."""

    def __init__(self, campaign: Campaign, project_data: Path, project_root: Path):
        self.campaign = campaign
        theme = campaign.theme
        self.documents = DocumentRenderer(theme, [campaign.folder], kinds=())  # its templates only
        stylesheets = theme.stylesheets("letter") + [theme.asset("css/campaign.css")]
        self.pdf = PdfRenderer(stylesheets, theme.tokens_css(), list(theme.folders) + [campaign.folder])
        self.helplines: list[Helpline] = load_helplines(project_data, project_root)
        self.guidance: ParentGuidance = load_guidance(project_data, project_root)
        logo = theme.logo()
        # Path-free URLs (see virtual_url): the bytes must not depend on where the project is.
        self.roots = {**self.documents.roots(None, None), "campaign": campaign.folder}
        self.campaign_context = {
            "organisation": campaign.settings.organisation,
            "logo_url": virtual_url(logo[0], self.roots) if logo else "",
            "logo_alt": logo[1] if logo else "",
        }
        # The body's own "school": campaign-wide wording only, never a recipient's details.
        self.shared_school = SchoolInfo(name=campaign.settings.organisation, when=campaign.settings.when)
        self._bodies: dict[str, Body] = {}

    @property
    def bodies_laid_out(self) -> int:
        """How many shared bodies this renderer holds (they are laid out on first use)."""
        return len(self._bodies)

    def close(self) -> None:
        """Release WeasyPrint's per-process font files."""
        self.pdf.close()
        self.documents.close()

    # -- the letter's HTML ------------------------------------------------------------------------
    def _letter_html(self, spec: LetterSpec, recipient: Recipient | None, compact: bool) -> tuple[str, Path]:
        # The sections are always written for the campaign-wide "school". Whom to contact is said
        # once, by name, in the head area's paragraph (and the contact area): the shared opening
        # paragraph leaves it out rather than repeat it generically.
        school = self.shared_school
        vdp = {"recipient": self._recipient_context(recipient) if recipient else None,
               "campaign": self.campaign_context, "compact": compact}
        helplines = helplines_for(self.helplines, "parent", spec.stage)
        if spec.lesson is None:
            lessons = unit_lessons(self.campaign.unit_lessons(), spec.stage)
            sections = unit_letter(KEY_STAGES[spec.stage], lessons, self.guidance.for_stage(spec.stage), school,
                                   helplines, contact_in_opening=False)
            base, title, heading = self.campaign.theme.folders[0], "Online safety", "Our online safety lessons"
        else:
            lesson: Lesson = self.campaign.lessons[spec.lesson]
            sections = lesson_letter(build_view(lesson, spec.stage, school, self.helplines), contact_in_opening=False)
            base, title, heading = lesson.folder, lesson.meta.title, lesson.meta.title
        key_stage = KEY_STAGES[spec.stage]
        context = {
            "meta": {"title": title}, "key_stage": key_stage, "school": school, "heading": heading,
            "letter_title": f"{title}: letter to parents and carers ({key_stage.name})",
            # The contact section names the lead: it is in the personalised contact area instead.
            "sections": [s for s in sections if s.style != "contact"],
            "running_help": RUNNING_HELP, "vdp": vdp,
        }
        return render_template(self.documents.env, "campaign/letter.html", context), base

    def _roots(self, base: Path) -> dict[str, Path]:
        """The path-free folder names for a document whose relative URLs start at ``base``."""
        return {**self.roots, "lesson": base}

    def _recipient_context(self, recipient: Recipient) -> dict:
        return {"school": recipient.school,
                "logo_url": virtual_url(recipient.logo, self.roots) if recipient.logo else "",
                "logo_alt": f"{recipient.school.name} logo" if recipient.logo else ""}

    # -- shared bodies ----------------------------------------------------------------------------
    def body(self, spec: LetterSpec) -> Body:
        """The shared body of ``spec``'s letter (rendered on first use, then reused)."""
        if spec.key not in self._bodies:
            body = self._layout_body(spec, compact=False)
            if body.pages > 1 and body.closing_page == body.pages - 1:
                # The closing block (last section, sign-off) starts a page of its own: try the
                # tighter spacing (only the shared body changes, never the areas) and keep it if
                # the letter gets shorter.
                tighter = self._layout_body(spec, compact=True)
                body = tighter if tighter.pages < body.pages else body
            self._bodies[spec.key] = body
        return self._bodies[spec.key]

    def _layout_body(self, spec: LetterSpec, compact: bool) -> Body:
        html, base = self._letter_html(spec, None, compact)
        document = self.pdf.layout(html, base, [base], self._roots(base))
        areas, sizes = {}, {}
        for index, page in enumerate(document.pages):
            for name in AREAS:
                box = page.anchors.get(f"vdp-{name}")
                if box is None:
                    continue
                x1, y1, x2, y2 = box
                sizes[name] = (x2 - x1, y2 - y1)
                areas[name] = Area(index, x1 * PX_TO_PT, (page.height - y2) * PX_TO_PT,
                                   (x2 - x1) * PX_TO_PT, (y2 - y1) * PX_TO_PT)
        closing_page = next((index for index, page in enumerate(document.pages)
                             if "vdp-closing" in page.anchors), len(document.pages) - 1)
        missing = [name for name in AREAS if name not in areas]
        if missing:
            raise RenderError(f"the campaign letter template has no area 'vdp-{missing[0]}'",
                              hint="campaign/letter.html must call area('head', vdp) and area('contact', vdp)")
        data = self.pdf.write(document)[0]
        # Where the areas' structure goes, found once here rather than by walking every letter's tree.
        with pikepdf.open(io.BytesIO(data)) as parsed:
            holders = tuple(holder.objgen for holder in placeholders(parsed))
        if len(holders) != len(areas):
            raise ValueError(f"the letter body's structure has {len(holders)} empty areas, not {len(areas)}")
        return Body(spec.key, data, len(document.pages), areas, sizes, compact, closing_page, holders)

    # -- whole letters (the naive way, and the reference the tests compare against) --------------
    def whole_letter(self, spec: LetterSpec, recipient: Recipient) -> bytes:
        """One letter rendered as a single WeasyPrint document, areas filled in place."""
        html, base = self._letter_html(spec, recipient, self.body(spec).compact)
        extra = [base] + ([recipient.logo.parent] if recipient.logo else [])
        document = self.pdf.layout(html, base, extra, self._roots(base))
        return _with_author(self.pdf.write(document)[0], recipient.school.name)

    # -- personalised areas -----------------------------------------------------------------------
    def areas(self, recipients: list[Recipient], sizes: dict[str, tuple[float, float]]) -> "AreaSheet":
        """Every recipient's areas in one document; a recipient whose details overflow an area is marked."""
        context = {"recipients": [self._recipient_context(r) for r in recipients],
                   "campaign": self.campaign_context, "sizes": sizes}
        html = render_template(self.documents.env, "campaign/blocks.html", context)
        extra = [self.campaign.folder] + [r.logo.parent for r in recipients if r.logo]
        document = self.pdf.layout(html, self.campaign.folder, extra, self.roots)
        pages = _fits(document.pages, len(recipients))
        # These pages become form XObjects inside the letters: tagged, so that their structure
        # can join each letter's structure tree (tagging.py).
        data = document.write_pdf(pdf_identifier=b"lessonpack", uncompressed_pdf=False, pdf_variant=PDF_VARIANT)
        return AreaSheet(data, pages)


def _fits(pages: list, count: int) -> list[dict[str, int] | str]:
    """Per recipient, the pages of its areas, or why its details do not fit them.

    Each area is one page of exactly the area's size, laid out as in a letter (fixed height,
    overflow hidden), so details that do not fit would be cut off silently: they are found from
    the layout instead (an area running onto a second page, a letterhead reaching down into the
    greeting, a contact block taller than its area).
    """
    boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
    for number, page in enumerate(pages):
        for anchor, box in page.anchors.items():
            boxes.setdefault(anchor, (number, box))
    order = [f"{name}-{i}" for i in range(count) for name in AREAS]
    starts = [boxes[a][0] for a in order] + [len(pages)]
    result: list[dict[str, int] | str] = []
    for i in range(count):
        found: dict[str, int] = {}
        for j, name in enumerate(AREAS):
            position = i * len(AREAS) + j
            start = starts[position]
            if name == "head":
                fits = boxes[f"letterhead-{i}"][1][3] <= boxes[f"greeting-{i}"][1][1] + 0.5
            else:
                # A block that overflows is cut at the page's bottom edge: reaching it is overflowing.
                page, grid = boxes[f"contact-grid-{i}"]
                fits = page == start and grid[3] < pages[start].height - 0.5
            if starts[position + 1] - start != 1 or not fits:
                label = "letterhead and first paragraph" if name == "head" else "contact and sign-off block"
                found = {}
                result.append(f"the school's details do not fit the {label} "
                              f"(shorten the school name, address or safeguarding lead's details)")
                break
            found[name] = start
        if found:
            result.append(found)
    return result


@dataclass
class AreaSheet:
    """The rendered areas of a chunk of recipients: PDF bytes, and per recipient its pages or a problem."""

    pdf: bytes
    pages: list[dict[str, int] | str]


def compose(body: Body, areas: AreaPages, pages: dict[str, int], school_name: str) -> bytes:
    """One recipient's letter: the body's pages with the recipient's areas drawn into their places."""
    letter = pikepdf.open(io.BytesIO(body.pdf))
    # The same bytes always parse to the same object numbers, so the body's holders are found by number.
    holders = [letter.get_object(objgen) for objgen in body.holders]
    for (name, area), holder in zip(body.areas.items(), holders):
        form = letter.copy_foreign(areas.pdf.pages[pages[name]].as_form_xobject())
        page = letter.pages[area.page]
        tag_area(letter, holder, page, form, areas, pages[name])
        resources = page.obj.Resources
        if "/XObject" not in resources:
            resources.XObject = pikepdf.Dictionary()
        # Fixed resource names (not pikepdf's generated ones): the same letter gives the same bytes.
        key = f"/LessonpackArea{name.title()}"
        resources.XObject[key] = form
        page.contents_add(b"q\n", prepend=True)
        # Inside a marked-content sequence, as PDF/UA asks of all page content; the form's own
        # content is tagged through the structure elements tag_area() made for it.
        page.contents_add(f"\nQ\n/Div BMC q 1 0 0 1 {area.x:.4f} {area.y:.4f} cm {key} Do Q EMC\n".encode())
    letter.docinfo["/Author"] = school_name
    return _save(letter)


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    # A fixed /ID and no timestamps: the same inputs give the same bytes. The XMP metadata already
    # names the body's PDF version; not parsing it again on every save is about 0.3 ms a letter.
    pdf.save(buffer, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _with_author(data: bytes, author: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.docinfo["/Author"] = author
    return _save(pdf)
