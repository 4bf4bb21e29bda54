"""``build()``: load, plan, render, write, in that order.

Everything is written into a staging folder and swapped in with one atomic step
(:mod:`generator.staging`), so a build that fails or is stopped leaves ``build/`` as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LessonpackError
from .helplines import Helpline, helplines_for, load_helplines
from .lessons import Lesson, load_lessons, stage_ids_for
from .output import deterministic_zip, sha256
from .profiles import School, load_school
from .project import Project
from .renderers import OUTPUT_FILES, SCHOOL_FILES, Renderers
from .school import DEFAULT_SCHOOL, SchoolInfo
from .staging import Staging
from .stages import KEY_STAGES
from .themes import DEFAULT_THEME, Theme, load_theme
from .unit_letters import ParentGuidance, is_older, load_guidance, unit_lessons
from .views import build_view


@dataclass(frozen=True)
class PackTarget:
    """One lesson at one key stage: the unit of rendering work."""

    lesson: Lesson
    stage: str


@dataclass
class RenderedPack:
    """The four documents of one pack, in memory: kind -> (bytes, pages or slides)."""

    lesson_id: str
    stage: str
    documents: dict[str, tuple[bytes, int]]


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    artifacts: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A short report for the command line."""
        packs = sum(1 for a in self.artifacts if a["kind"] == "zip")
        documents = sum(1 for a in self.artifacts if a["kind"] in SCHOOL_FILES)
        lines = [f"warning: {w}" for w in self.warnings]
        lines.append(f"built {packs} pack(s), {documents} document(s) in {self.seconds:.1f}s -> {self.out}")
        return "\n".join(lines)


def plan(lessons: list[Lesson], stages: list[str] | None) -> list[PackTarget]:
    """Every (lesson, key stage) to build, in a stable order."""
    return [PackTarget(lesson, stage) for lesson in lessons for stage in stage_ids_for(lesson, stages)]


def render_pack(renderers: Renderers, target: PackTarget, school: SchoolInfo, helplines: list[Helpline],
                logo: tuple[Path, str] | None) -> RenderedPack:
    """Render the documents of one pack (plus the Word letter for a school)."""
    view = build_view(target.lesson, target.stage, school, helplines)
    documents = {}
    kinds = SCHOOL_FILES if school.is_named else OUTPUT_FILES
    for kind in kinds:
        try:
            documents[kind] = renderers.render(kind, view, target.lesson.folder, logo)
        except LessonpackError as exc:
            exc.message = f"{target.lesson.id} ({target.stage}, {SCHOOL_FILES[kind]}): {exc.message}"
            raise
    return RenderedPack(target.lesson.id, target.stage, documents)


# -- parallel rendering ------------------------------------------------------------------------
# Each worker process builds its renderers (fonts, parsed CSS) once, in the initializer,
# and keeps them in this module-level slot: the one piece of process state, by design.
_WORKER: dict = {}


def _init_worker(theme: Theme, extra_allowed: list[Path], school, helplines, logo) -> None:
    import signal
    from multiprocessing.util import Finalize

    # Ctrl-C reaches the whole process group: the parent alone cleans up and reports it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    renderers = Renderers(theme, extra_allowed)
    _WORKER.update(renderers=renderers, school=school, helplines=helplines, logo=logo)
    Finalize(renderers, renderers.close, exitpriority=10)


def _render_in_worker(target: PackTarget) -> RenderedPack:
    w = _WORKER
    return render_pack(w["renderers"], target, w["school"], w["helplines"], w["logo"])


def render_all(targets: list[PackTarget], theme: Theme, school: SchoolInfo, helplines: list[Helpline],
               logo: tuple[Path, str] | None = None, jobs: int = 0, extra_allowed: list[Path] = ()) -> list[RenderedPack]:
    """Render every target, in parallel when there is more than one CPU and more than one target."""
    jobs = jobs or min(os.cpu_count() or 1, 4)
    jobs = max(1, min(jobs, len(targets)))
    if jobs == 1:
        renderers = Renderers(theme, list(extra_allowed))
        try:
            return [render_pack(renderers, t, school, helplines, logo) for t in targets]
        finally:
            renderers.close()
    # forkserver, not fork: forking a process that already runs threads can deadlock (Python 3.12 warns).
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(theme, list(extra_allowed), school, helplines, logo)) as pool:
        try:
            return list(pool.map(_render_in_worker, targets))
        except BrokenProcessPool as exc:
            raise LessonpackError("a rendering process stopped unexpectedly (killed, or out of memory)",
                                  hint="nothing was changed; build again, with --jobs 1 if memory is short") from exc


def render_unit_letters(renderers: Renderers, lessons: list[Lesson], stages: list[str], guidance: ParentGuidance,
                        school: SchoolInfo, helplines: list[Helpline],
                        logo: tuple[Path, str] | None = None) -> dict[str, tuple[bytes, int]]:
    """The unit letter of each key stage in ``stages``: key stage -> (PDF bytes, pages)."""
    return {
        stage: renderers.documents.render_unit_letter(
            KEY_STAGES[stage], unit_lessons(lessons, stage), guidance, is_older(stage), school,
            helplines_for(helplines, "parent", stage), logo)
        for stage in stages
    }


def stage_unit_letters(stage: Staging, letters: dict[str, tuple[bytes, int]]) -> list[dict]:
    """Stage ``packs/<ks>/letter.pdf`` for each key stage; return manifest entries."""
    entries = []
    for key_stage, (data, pages) in letters.items():
        path = f"packs/{key_stage}/letter.pdf"
        stage.write(path, data)
        entries.append({"lesson": None, "key_stage": key_stage, "kind": "unit-letter", "path": path,
                        "sha256": sha256(data), "bytes": len(data), "pages": pages})
    return entries


# -- writing -----------------------------------------------------------------------------------

def stage_packs(stage: Staging, packs: list[RenderedPack]) -> list[dict]:
    """Stage each pack's documents and zip; return their manifest entries."""
    entries = []
    for pack in packs:
        folder = f"packs/{pack.stage}/{pack.lesson_id}"
        members = []
        for kind, (data, count) in pack.documents.items():
            name = SCHOOL_FILES[kind]
            stage.write(f"{folder}/{name}", data)
            members.append((f"{pack.lesson_id}-{pack.stage}/{name}", data))
            entry = {"lesson": pack.lesson_id, "key_stage": pack.stage, "kind": kind, "path": f"{folder}/{name}",
                     "sha256": sha256(data), "bytes": len(data)}
            if kind in ("slides", "worksheet", "letter", "guide"):
                entry["slides" if kind == "slides" else "pages"] = count
            entries.append(entry)
        archive = deterministic_zip(members)
        stage.write(f"{folder}.zip", archive)
        entries.append({"lesson": pack.lesson_id, "key_stage": pack.stage, "kind": "zip", "path": f"{folder}.zip",
                        "sha256": sha256(archive), "bytes": len(archive)})
    return entries


def default_out(project: Project, theme: str, school: School | None) -> Path:
    """Where a build goes unless --out says otherwise: build/, build/themes/<t>/ or build/schools/<slug>/."""
    if school is not None:
        return project.build / "schools" / school.slug
    if theme != DEFAULT_THEME:
        return project.build / "themes" / theme
    return project.build


def build(project: Project, stages: list[str] | None = None, lessons: list[str] | None = None,
          out: Path | None = None, jobs: int = 0, theme: str | None = None,
          school: Path | None = None) -> BuildResult:
    """Build the packs of ``lessons`` (default all) at ``stages`` (default all) into ``out``.

    With ``school`` (a profile file), the school's details, theme, lessons, key stages and
    overrides apply; the base lessons are only read.
    """
    started = time.perf_counter()
    helplines = load_helplines(project.data, project.root)
    profile = load_school(school, project) if school else None
    theme_id = theme or (profile.profile.theme if profile else None) or DEFAULT_THEME
    info = profile.profile.info() if profile else DEFAULT_SCHOOL
    overlays = profile.overlays() if profile else None
    unit_ids = profile.profile.lessons if profile else None
    lesson_list = load_lessons(project.lessons, lessons or unit_ids, project.root, overlays)
    theme_obj = load_theme(project.themes, theme_id, project.root)
    stages = stages or (profile.profile.stages if profile else None)
    targets = plan(lesson_list, stages)
    if not targets:
        raise LessonpackError("nothing to build: no lesson has the requested key stage(s)",
                              hint="run 'lessonpack check' to see which key stages each lesson has")
    out = (out or default_out(project, theme_id, profile)).resolve()
    logo = (profile.logo() if profile else None) or theme_obj.logo()
    allowed = [logo[0].parent] if logo else []
    guidance = load_guidance(project.data, project.root)
    # Everything is written into a staging folder and swapped in at the end (staging.py):
    # however the build stops, ``out`` holds the previous complete build or the new one.
    with Staging(out) as stage:
        packs = render_all(targets, theme_obj, info, helplines, logo, jobs, allowed)
        stages_built = [s for s in KEY_STAGES if any(t.stage == s for t in targets)]
        # The unit letter lists every lesson of the unit, not only those rebuilt now.
        unit = lesson_list if not lessons else load_lessons(project.lessons, unit_ids, project.root, overlays)
        renderers = Renderers(theme_obj, allowed)
        try:
            letters = render_unit_letters(renderers, unit, stages_built, guidance, info, helplines, logo)
        finally:
            renderers.close()
        entries = stage_packs(stage, packs) + stage_unit_letters(stage, letters)
        kept = stage.carry_all_except({e["path"] for e in entries})
        stage.commit(kept + entries)
    result = BuildResult(out, entries, time.perf_counter() - started, list(stage.warnings))
    warning = theme_obj.font_warning()
    if warning:
        result.warnings.append(warning)
    return result
