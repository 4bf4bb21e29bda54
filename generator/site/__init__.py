"""``lessonpack site``: a static catalogue of a finished build, for teachers and parents.

:func:`build_site` reads the build's manifest (it never renders a pack), then writes, into
a fresh folder that replaces the old site only when complete:

- ``index.html``: every pack by key stage and topic, with search and filters;
- ``lessons/<lesson>/<ks>.html``: summary, objectives, timings, content labels, thumbnails
  of the worksheet pages and every slide, and every download with its size;
- ``parents/<ks>.html``: what children learn, every material, the letters and helplines;
- ``coverage.html``: the curriculum coverage report;
- ``packs/``: the files themselves, ``thumbs/``, ``assets/`` and the ``pagefind/`` index.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LessonpackError
from ..project import Project
from ..themes import load_theme
from ..unit_letters import load_guidance
from .assets import link_packs, write_assets, write_logo
from .catalogue import Catalogue, Pack, load_catalogue
from .pages import PackPictures, PageWriter
from .search import build_search_index
from .thumbnails import SLIDE_WIDTH_PX, handout_slide_pages, render_thumbnails

__all__ = ["SiteResult", "build_site"]


@dataclass
class SiteResult:
    """What :func:`build_site` wrote."""

    out: Path
    pages: list[str] = field(default_factory=list)
    packs: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """A line for the command line."""
        return (f"site: {len(self.pages)} page(s) for {self.packs} pack(s) in {self.seconds:.1f}s -> "
                f"{self.out / 'index.html'}")


def _slide_titles(pptx: Path) -> list[str]:
    """The title of each slide: the first text on it (the decks draw no title placeholders)."""
    from pptx import Presentation

    titles = []
    for slide in Presentation(str(pptx)).slides:
        texts = [shape.text_frame.text.strip() for shape in slide.shapes if shape.has_text_frame]
        titles.append(next((t for t in texts if t), ""))
    return titles


def _pictures(catalogue: Catalogue, pack: Pack, site: Path, reuse: Path | None) -> PackPictures:
    from pptx import Presentation

    from ..renderers.slides_pdf import slide_box

    pages, slides, titles = [], [], []
    worksheet = pack.document("worksheet")
    if worksheet:
        pages = render_thumbnails(catalogue.build_dir / worksheet.path, worksheet.sha256, "thumbs/pages", site, reuse)
    handout, deck = pack.document("slides-pdf"), pack.document("slides")
    if handout and deck:
        deck_file = catalogue.build_dir / deck.path
        titles = _slide_titles(deck_file)
        size = Presentation(str(deck_file))
        crop = slide_box(size.slide_width, size.slide_height)
        handout_file = catalogue.build_dir / handout.path
        slides = render_thumbnails(handout_file, handout.sha256, "thumbs/slides", site, reuse, crop, SLIDE_WIDTH_PX,
                                   handout_slide_pages(handout_file))
    return PackPictures(pages, slides, titles)


#: Written into every site: a folder without it is never replaced, so --out cannot delete a user's files.
MARKER = ".lessonpack-site"


def _check_replaceable(out: Path, build_dir: Path, project: Project) -> None:
    if out == build_dir or build_dir.is_relative_to(out) or project.root.is_relative_to(out):
        raise LessonpackError(f"the site cannot replace {out}: it holds the build or the project",
                              hint="choose another --out folder, e.g. build/site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise LessonpackError(f"{out} already exists and is not a site lessonpack wrote; it was left untouched",
                              hint="choose an empty or new --out folder")
    if out.exists() and not out.is_dir():
        raise LessonpackError(f"{out} is a file, not a folder", hint="choose another --out folder")


def _replace_folder(new: Path, out: Path) -> None:
    """Swap the finished ``new`` folder into ``out``; the old site is removed only afterwards."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(project: Project, out: Path | None = None, school: Path | None = None,
               build_dir: Path | None = None) -> SiteResult:
    """Write the static site for the packs in ``build_dir`` (default: the default or school build).

    ``out`` defaults to ``<build_dir>/site``. Raises :class:`LessonpackError` naming the
    command to run when the packs are missing or have changed since they were built.
    """
    started = time.perf_counter()
    catalogue = load_catalogue(project, school, build_dir)
    theme = load_theme(project.themes, catalogue.theme_id, project.root)
    guidance = load_guidance(project.data, project.root)
    out = (out or catalogue.build_dir / "site").resolve()
    _check_replaceable(out, catalogue.build_dir, project)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    reuse = out if (out / "index.html").is_file() else None
    try:
        (staging / MARKER).write_text("This folder is a site written by 'lessonpack site'; it is replaced on each run.\n",
                                      encoding="utf-8")
        write_assets(theme, staging)
        logo = write_logo(catalogue.school_logo or theme.logo(), staging)
        link_packs(catalogue, staging)
        writer = PageWriter(theme, catalogue, staging, logo)
        pages = [writer.home()]
        previews = {}
        for pack in catalogue.packs:
            pictures = _pictures(catalogue, pack, staging, reuse)
            previews[pack.id] = pictures.pages
            pages.append(writer.lesson(pack, pictures))
        pages.append(writer.parents_index())
        pages += [writer.parents(stage, guidance, previews) for stage in catalogue.stages]
        pages.append(writer.coverage(project.root))
        build_search_index(staging)
        _replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(out, pages, len(catalogue.packs), time.perf_counter() - started)
