"""The catalogue's HTML pages: home, one page per lesson and key stage, and the parents' pages.

Pages are Jinja2 templates from the theme's ``site/templates/`` folder (a theme or school
can override one file), rendered strictly and autoescaped like every other document.
All links are relative, so the site works from any web server and from the file system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .. import __version__
from ..html import make_environment, render_template
from ..output import write_text_atomic
from ..stages import STAGE_IDS
from ..themes import Theme
from ..unit_letters import ParentGuidance
from .catalogue import PARENT_KINDS, Catalogue, Pack, family_label
from .thumbnails import Thumbnail


@dataclass(frozen=True)
class GalleryItem:
    """One thumbnail with its alt text and caption."""

    thumbnail: Thumbnail
    alt: str
    caption: str


@dataclass(frozen=True)
class Gallery:
    """The pictures of one document on a lesson page."""

    id: str
    title: str
    intro: str
    document: object
    items: list[GalleryItem]


@dataclass(frozen=True)
class PackPictures:
    """Thumbnails of one pack: worksheet pages, and slides with their titles."""

    pages: list[Thumbnail]
    slides: list[Thumbnail]
    slide_titles: list[str]


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, for filter values and anchors."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def first_sentence(text: str) -> str:
    """The first sentence of ``text``: a card shows a line, the lesson page the rest."""
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def _tel(phone: str) -> str:
    """A ``tel:`` number when ``phone`` is one plain number, else ''."""
    return phone.replace(" ", "") if re.fullmatch(r"[0-9 ]{3,20}", phone or "") else ""


class PageWriter:
    """Renders and writes the pages of one site."""

    def __init__(self, theme: Theme, catalogue: Catalogue, site: Path, logo: dict | None):
        folders = [folder / "site" / "templates" for folder in theme.folders if (folder / "site" / "templates").is_dir()]
        self.env = make_environment(folders)
        self.env.filters["tel"] = _tel
        self.catalogue = catalogue
        self.site = site
        school = catalogue.school
        named = school.is_named
        self.common = {
            "school": school,
            "site_name": school.name if named else "Online safety lessons",
            "site_tagline": "Online-safety lessons and materials" if named else "Lesson packs for schools, from age 5 to 16",
            "logo": logo,
            "version": __version__,
        }

    def write(self, relative: str, template: str, **context) -> str:
        """Render ``template`` to ``relative`` (under the site); return the relative path."""
        root = "../" * relative.count("/")
        html = render_template(self.env, template, {**self.common, "root": root, **context})
        write_text_atomic(self.site / relative, html)
        return relative

    def home(self) -> str:
        """``index.html``: every pack by key stage and by topic, with search and filters."""
        c = self.catalogue
        topics = [{"id": slug(t), "name": t} for t in c.topics]
        kinds = [{"id": f, "name": family_label(f)} for f in c.families]
        cards = []
        for pack in c.packs:
            meta = pack.lesson.meta
            words = " ".join([meta.title, meta.topic, meta.summary, *pack.content.objectives, pack.stage.name])
            cards.append({"pack": pack, "topic_id": slug(meta.topic), "kinds": " ".join(pack.families),
                          "search_text": " ".join(words.lower().split()), "summary": first_sentence(meta.summary)})
        rows = []
        for lesson_id in dict.fromkeys(p.lesson.id for p in c.packs):
            packs = {p.stage.id: p for p in c.packs if p.lesson.id == lesson_id}
            first = next(iter(packs.values()))
            rows.append({"title": first.lesson.meta.title, "topic": first.lesson.meta.topic, "packs": packs})
        heading = f"Online-safety lessons at {c.school.name}" if c.school.is_named else "Online-safety lesson packs"
        return self.write("index.html", "home.html", section="home", heading=heading, stages=c.stages,
                          topics=topics, kinds=kinds, cards=cards, packs=c.packs, topic_rows=rows,
                          unit_letters=c.unit_letters)

    def lesson(self, pack: Pack, pictures: PackPictures) -> str:
        """``lessons/<id>/<ks>.html``: the pack's summary, labels, downloads, timings and thumbnails."""
        galleries = []
        worksheet, handout = pack.document("worksheet"), pack.document("slides-pdf")
        if worksheet and pictures.pages:
            total = len(pictures.pages)
            items = [GalleryItem(t, f"Worksheet page {t.number} of {total}", f"Page {t.number}") for t in pictures.pages]
            galleries.append(Gallery("worksheet", "Worksheet pages", f"The pupil worksheet has {total} A4 "
                                     f"page{'s' if total != 1 else ''}.", worksheet, items))
        if handout and pictures.slides:
            items = []
            for t in pictures.slides:
                title = pictures.slide_titles[t.number - 1] if t.number <= len(pictures.slide_titles) else ""
                items.append(GalleryItem(t, f"Slide {t.number}: {title}" if title else f"Slide {t.number}",
                                         f"{t.number}. {title}" if title else f"Slide {t.number}"))
            galleries.append(Gallery("slides", "Slides", f"Every slide of the deck ({len(items)} slides). The "
                                     "handout prints each slide with the speaker notes under it.", handout, items))
        others = [p for p in self.catalogue.packs if p.lesson.id == pack.lesson.id and p is not pack]
        return self.write(pack.page, "lesson.html", section="home", pack=pack, galleries=galleries, others=others)

    def parents(self, stage, guidance: ParentGuidance, previews: dict[str, list[Thumbnail]]) -> str:
        """``parents/<ks>.html``: what children learn, every material, the letters and the helplines."""
        c = self.catalogue
        lessons = []
        for pack in c.packs_at(stage.id):
            materials = [d for kind in PARENT_KINDS if (d := pack.document(kind))]
            pages = previews.get(pack.id, [])
            preview = [GalleryItem(t, f"{pack.lesson.meta.title}: worksheet page {t.number} of {len(pages)}",
                                   f"Worksheet page {t.number}") for t in pages]
            lessons.append({"pack": pack, "materials": materials, "preview": preview})
        return self.write(f"parents/{stage.id}.html", "parents.html", section="parents", stage=stage,
                          lessons=lessons, packs=c.packs_at(stage.id), unit_letter=c.unit_letters.get(stage.id),
                          guidance=guidance.for_stage(stage.id), helplines=c.parent_helplines(stage.id))

    def parents_index(self) -> str:
        """``parents/index.html``: a key-stage chooser."""
        stages = [s for s in self.catalogue.stages if s.id in STAGE_IDS]
        return self.write("parents/index.html", "parents_index.html", section="parents", stages=stages,
                          intro=self._parents_intro())

    def coverage(self, project_root: Path) -> str:
        """``coverage.html`` (and ``coverage.csv``): the site's lessons against every curriculum framework."""
        from ..curricula import coverage, lesson_stage_columns, load_frameworks
        from ..reports import coverage_csv
        from ..stages import KEY_STAGES

        # Only the key stages this site has: a school teaching ks1-ks2 is not credited with ks3 lessons.
        lessons = []
        for lesson_id in dict.fromkeys(p.lesson.id for p in self.catalogue.packs):
            lesson = next(p.lesson for p in self.catalogue.packs if p.lesson.id == lesson_id)
            stages = {p.stage.id: lesson.stages[p.stage.id] for p in self.catalogue.packs if p.lesson.id == lesson_id}
            lessons.append(replace(lesson, stages=stages))
        frameworks = load_frameworks(project_root / "curricula", project_root)
        rows = coverage(lessons, frameworks)
        columns = lesson_stage_columns(lessons)
        write_text_atomic(self.site / "coverage.csv", coverage_csv(rows, columns))
        titles = {lesson.id: lesson.meta.title for lesson in lessons}
        return self.write("coverage.html", "coverage.html", section="coverage", frameworks=frameworks, rows=rows,
                          columns=columns, titles=titles, stages=KEY_STAGES)

    def _parents_intro(self) -> str:
        school = self.catalogue.school
        who = school.name if school.is_named else "Your child's school"
        return (f"{who} teaches children how to stay safe online: how to spot people who are not who they say, "
                "how to say no, and how to get help.")
