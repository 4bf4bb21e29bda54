"""``build()``: load, plan, render, write, in that order.

Everything is written into a staging folder and swapped in with one atomic step
(:mod:`generator.staging`), so a build that fails or is stopped leaves ``build/`` as it was.
Targets whose inputs are unchanged since the last build into the same folder, and whose
files are intact, are carried over instead of rendered again (:mod:`generator.cache`); when
nothing changed, the build writes nothing at all.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_PATH, BuildCache, KeyHasher, folder_digest, pack_key, shared_digest, unit_letter_key
from .errors import LessonpackError
from .glyphs import refuse_undrawable_text, refuse_undrawable_translations
from .guards import check_build_request
from .helplines import Helpline, helplines_at, helplines_for, load_helplines
from .lessons import Lesson, load_lessons, stage_ids_for
from .noop import Request, describe_request, output_folder
from .output import deterministic_zip, sha256
from .processes import worker_context
from .profiles import School, load_school
from .project import Project
from .renderers import file_name, output_files
from .results import BuildResult
from .school import DEFAULT_SCHOOL, SchoolInfo
from .staging import Staging, has_leftovers, read_manifest
from .stages import KEY_STAGES
from .themes import DEFAULT_THEME, Theme, load_theme
from .translations.languages import LetterOptions
from .translations.setup import LetterSetup
from .unit_letters import ParentGuidance, load_guidance, unit_lessons
from .views import build_view


@dataclass(frozen=True)
class PackTarget:
    """One lesson at one key stage: the unit of rendering work."""

    lesson: Lesson
    stage: str

    @property
    def id(self) -> str:
        """The target's name in the cache, e.g. ``pack ks2/sextortion``."""
        return pack_id(self.lesson.id, self.stage)


def pack_id(lesson_id: str, stage: str) -> str:
    """Cache name of the pack of ``lesson_id`` at ``stage``."""
    return f"pack {stage}/{lesson_id}"


def unit_letter_id(stage: str) -> str:
    """Cache name of the unit letter of ``stage``."""
    return f"unit-letter {stage}"


@dataclass
class RenderedPack:
    """The four documents of one pack, in memory: kind -> (bytes, pages or slides)."""

    lesson_id: str
    stage: str
    documents: dict[str, tuple[bytes, int]]


def plan(lessons: list[Lesson], stages: list[str] | None) -> list[PackTarget]:
    """Every (lesson, key stage) to build, in a stable order."""
    return [PackTarget(lesson, stage) for lesson in lessons for stage in stage_ids_for(lesson, stages)]


def render_pack(renderers: Renderers, target: PackTarget, school: SchoolInfo, helplines: list[Helpline],
                logo: tuple[Path, str] | None, kinds: dict[str, str]) -> RenderedPack:
    """Render the documents of one pack (plus the Word letter for a school)."""
    # The view gets only the helplines this key stage shows: exactly what its cache key covers.
    view = build_view(target.lesson, target.stage, school, helplines_at(helplines, target.stage))
    documents = {}
    for kind in (k for k in kinds if renderers.applies(k, view)):
        try:
            documents[kind] = renderers.render(kind, view, target.lesson.folder, logo, documents)
        except LessonpackError as exc:
            exc.message = f"{target.lesson.id} ({target.stage}, {file_name(kind)}): {exc.message}"
            raise
    return RenderedPack(target.lesson.id, target.stage, documents)


# -- parallel rendering ------------------------------------------------------------------------
# Each worker process builds its renderers (fonts, parsed CSS) once, in the initializer,
# and keeps them in this module-level slot: the one piece of process state, by design.
_WORKER: dict = {}


def _init_worker(theme: Theme, extra_allowed: list[Path], school, helplines, logo, kinds, letters) -> None:
    import signal
    from multiprocessing.util import Finalize

    from .renderers import Renderers

    # Ctrl-C reaches the whole process group: the parent alone cleans up and reports it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    renderers = Renderers(theme, extra_allowed, letters)
    _WORKER.update(renderers=renderers, school=school, helplines=helplines, logo=logo, kinds=kinds)
    Finalize(renderers, renderers.close, exitpriority=10)


def _render_in_worker(target: PackTarget) -> RenderedPack:
    w = _WORKER
    return render_pack(w["renderers"], target, w["school"], w["helplines"], w["logo"], w["kinds"])


def render_all(targets: list[PackTarget], theme: Theme, school: SchoolInfo, helplines: list[Helpline],
               logo: tuple[Path, str] | None = None, jobs: int = 0, extra_allowed: list[Path] = (),
               kinds: dict[str, str] | None = None, letters=None) -> list[RenderedPack]:
    """Render every target, in parallel when there is more than one CPU and more than one target."""
    from .renderers import Renderers

    if not targets:
        return []
    kinds = kinds or output_files(school.is_named)
    jobs = jobs or min(os.cpu_count() or 1, 4)
    jobs = max(1, min(jobs, len(targets)))
    if jobs == 1:
        renderers = Renderers(theme, list(extra_allowed), letters)
        try:
            return [render_pack(renderers, t, school, helplines, logo, kinds) for t in targets]
        finally:
            renderers.close()
    with ProcessPoolExecutor(jobs, mp_context=worker_context(), initializer=_init_worker,
                             initargs=(theme, list(extra_allowed), school, helplines, logo, kinds, letters)) as pool:
        try:
            return list(pool.map(_render_in_worker, targets))
        except BrokenProcessPool as exc:
            raise LessonpackError("a rendering process stopped unexpectedly (killed, or out of memory)",
                                  hint="nothing was changed; build again, with --jobs 1 if memory is short") from exc


def render_unit_letters(renderers, lessons: list[Lesson], stages: list[str], guidance: ParentGuidance,
                        school: SchoolInfo, helplines: list[Helpline], logo: tuple[Path, str] | None = None,
                        setup: LetterSetup | None = None) -> dict[str, list[tuple[str | None, bytes, int]]]:
    """The unit letter of each key stage in ``stages``, in English and each of ``setup``'s languages:
    key stage -> [(language or None, PDF bytes, pages)]."""
    letters: dict[str, list[tuple[str | None, bytes, int]]] = {}
    for stage in stages:
        taught = [lesson for lesson in lessons if stage in lesson.stages]
        arguments = (KEY_STAGES[stage], unit_lessons(lessons, stage), guidance.for_stage(stage), school,
                     helplines_for(helplines, "parent", stage), logo)
        letters[stage] = [(None, *renderers.documents.render_unit_letter(*arguments))]
        for code in (setup.options.languages if setup else ()):
            if setup.missing([lesson.id for lesson in taught])[code]:
                continue  # build() warns: a unit letter half in English would mislead
            translator = setup.for_lessons(code, [lesson.folder for lesson in taught])
            letters[stage].append((code, *renderers.documents.render_unit_letter(
                *arguments, translator=translator, layout=setup.options.layout_of(code))))
    return letters


def stage_unit_letter(stage: Staging, key_stage: str, data: bytes, pages: int, language: str | None = None) -> dict:
    """Stage ``packs/<ks>/letter.pdf`` (``letter.<language>.pdf``); return its manifest entry."""
    path = f"packs/{key_stage}/letter.{language}.pdf" if language else f"packs/{key_stage}/letter.pdf"
    stage.write(path, data)
    return {"lesson": None, "key_stage": key_stage, "kind": "unit-letter", "path": path,
            "sha256": sha256(data), "bytes": len(data), "pages": pages}


# -- writing -----------------------------------------------------------------------------------

def stage_pack(stage: Staging, pack: RenderedPack) -> list[dict]:
    """Stage one pack's documents and zip; return their manifest entries."""
    entries = []
    folder = f"packs/{pack.stage}/{pack.lesson_id}"
    members = []
    for kind, (data, count) in pack.documents.items():
        name = file_name(kind)
        stage.write(f"{folder}/{name}", data)
        members.append((f"{pack.lesson_id}-{pack.stage}/{name}", data))
        entry = {"lesson": pack.lesson_id, "key_stage": pack.stage, "kind": kind, "path": f"{folder}/{name}",
                 "sha256": sha256(data), "bytes": len(data)}
        if kind == "slides" or name.endswith(".pdf"):
            entry["slides" if kind == "slides" else "pages"] = count
        entries.append(entry)
    archive = deterministic_zip(members)
    stage.write(f"{folder}.zip", archive)
    entries.append({"lesson": pack.lesson_id, "key_stage": pack.stage, "kind": "zip", "path": f"{folder}.zip",
                    "sha256": sha256(archive), "bytes": len(archive)})
    return entries


def target_keys(shared: str, targets: list[PackTarget], unit: list[Lesson], stages: list[str],
                guidance: ParentGuidance, helplines: list[Helpline]) -> dict[str, str]:
    """The cache key of every pack in ``targets`` and of the unit letter of each of ``stages``."""
    keys = {t.id: pack_key(shared, t.lesson, t.stage, helplines_at(helplines, t.stage)) for t in targets}
    for stage in stages:
        parents = helplines_for(helplines, "parent", stage)
        keys[unit_letter_id(stage)] = unit_letter_key(shared, stage, unit_lessons(unit, stage),
                                                      guidance.for_stage(stage), parents)
    return keys


def default_out(project: Project, theme: str, school: School | None) -> Path:
    """Where a build goes unless --out says otherwise: build/, build/themes/<t>/ or build/schools/<slug>/."""
    return output_folder(project, theme, school.slug if school is not None else None)


def build(project: Project, stages: list[str] | None = None, lessons: list[str] | None = None,
          out: Path | None = None, jobs: int = 0, theme: str | None = None,
          school: Path | None = None, force: bool = False, letters: LetterOptions | None = None) -> BuildResult:
    """Build the packs of ``lessons`` (default all) at ``stages`` (default all) into ``out``.

    ``letters`` asks for parent letters in other languages too (default: the school profile's).

    With ``school`` (a profile file), the school's details, theme, lessons, key stages and
    overrides apply; the base lessons are only read.
    """
    started = time.perf_counter()
    check_build_request(project, stages, lessons, out, jobs, theme, force)
    # The request's fingerprint before reading anything: remembered only if still the same at the end.
    request = describe_request(project, stages, lessons, out, theme, school, letters)
    options = (stages, lessons, out, theme, school, letters)
    helplines = load_helplines(project.data, project.root)
    profile = load_school(school, project) if school else None
    theme_id = theme or (profile.profile.theme if profile else None) or DEFAULT_THEME
    info = profile.profile.info() if profile else DEFAULT_SCHOOL
    overlays = profile.overlays() if profile else None
    unit_ids = profile.profile.lessons if profile else None
    lesson_list = load_lessons(project.lessons, lessons or unit_ids, project.root, overlays)
    theme_obj = load_theme(project.themes, theme_id, project.root)
    refuse_undrawable_text(theme_obj, lesson_list, profile, project.root)
    stages = stages or (profile.profile.stages if profile else None)
    targets = plan(lesson_list, stages)
    if not targets:
        raise LessonpackError("nothing to build: no lesson has the requested key stage(s)",
                              hint="run 'lessonpack check' to see which key stages each lesson has")
    out = (out or default_out(project, theme_id, profile)).resolve()
    logo = (profile.logo() if profile else None) or theme_obj.logo()
    allowed = [logo[0].parent] if logo else []
    guidance = load_guidance(project.data, project.root)
    stages_built = [s for s in KEY_STAGES if any(t.stage == s for t in targets)]
    # The unit letter lists every lesson of the unit, not only those rebuilt now.
    unit = lesson_list if not lessons else load_lessons(project.lessons, unit_ids, project.root, overlays)

    letters = letters or LetterOptions()
    if not letters.languages and profile and profile.profile.languages:
        letters = LetterOptions(tuple(profile.profile.languages), letters.layout, letters.allow_unreviewed)
    kinds = output_files(info.is_named, letters.languages)
    setup = LetterSetup(project.root, project.data, letters) if letters.languages else None
    review = {}
    if setup is not None:
        # Refused before anything renders: unreviewed translations print only when allowed.
        used = setup.check_reviewed(sorted({t.lesson.folder for t in targets} | {lesson.folder for lesson in unit}))
        refuse_undrawable_translations(theme_obj, used, project.root)
        review = {code: _review_status([f for f in used if f.language == code]) for code in letters.languages}

    # Key every target on its inputs; only those whose key or files changed are rendered.
    committed, _ = read_manifest(out)
    cache = BuildCache(out, committed)
    shared = shared_digest(theme_obj, logo, info, kinds, project.data,
                           translations_digest(project, letters, unit) if setup else "")
    keys = target_keys(shared, targets, unit, stages_built, guidance, helplines)
    reused = {name: cache.reusable(name, key) for name, key in keys.items()}
    stale_packs = [t for t in targets if reused[t.id] is None]
    stale_stages = [s for s in stages_built if reused[unit_letter_id(s)] is None]
    unchanged = [name for name in keys if reused[name] is not None]
    warnings = [w for w in [theme_obj.font_warning()] if w]
    if setup is not None:
        warnings += translation_warnings(setup, targets, unit, stages_built)
    if (not stale_packs and not stale_stages and request and cache.request(request.fingerprint) == (keys, warnings)
            and not has_leftovers(out)):
        # Nothing to render, every file intact, and the request remembered: nothing to write.
        result = BuildResult(out, [], time.perf_counter() - started, unchanged=unchanged)
    else:
        remember = _rememberer(request, project, options, keys, warnings)
        result = _render_and_commit(out, cache, keys, reused, stale_packs, stale_stages, unit, theme_obj,
                                    info, helplines, guidance, logo, allowed, jobs, remember, kinds, setup, review)
        result.seconds = time.perf_counter() - started
    result.warnings += warnings
    return result


def translation_warnings(setup: LetterSetup, targets: list[PackTarget], unit: list[Lesson],
                         stages: list[str]) -> list[str]:
    """What a build with --language leaves out because a lesson has no translation into that language."""
    from .translations.languages import language

    warnings = []
    for code, lessons in setup.missing(sorted({t.lesson.id for t in targets})).items():
        if lessons:
            warnings.append(f"no {language(code).english_name} translation of {', '.join(lessons)}: letter.{code}.pdf "
                            f"not built for them (write lessons/<id>/translations/{code}.yaml)")
    for stage in stages:
        taught = [lesson.id for lesson in unit if stage in lesson.stages]
        for code, lessons in setup.missing(taught).items():
            if lessons:
                warnings.append(f"{stage} unit letter not built in {language(code).english_name}: it lists "
                                f"{', '.join(lessons)}, which have no translation")
    return warnings


def _review_status(files) -> dict:
    """The manifest's record of a language's translations: reviewed or not, and by whom."""
    return {"translation_reviewed": all(f.reviewed for f in files),
            "reviewed_by": sorted({f.reviewed_by.strip() for f in files if f.reviewed})}


def _with_review(entry: dict, review: dict) -> dict:
    """``entry`` plus its language and review status if it is a translated letter."""
    name = entry["path"].rsplit("/", 1)[-1]
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "letter" and parts[1] in review:
        entry = {**entry, "language": parts[1], **review[parts[1]]}
    return entry


def translations_digest(project: Project, letters: LetterOptions, lessons: list[Lesson]) -> str:
    """Hash of what translated letters depend on beyond the English: catalogues, translation files, options."""
    hasher = KeyHasher("translations")
    hasher.json("options", letters.as_json())
    hasher.text("locale", folder_digest(project.root / "locale"))
    for lesson in lessons:
        hasher.text(f"lesson {lesson.id}", folder_digest(lesson.folder / "translations"))
    return hasher.hexdigest()


def _rememberer(request: Request | None, project: Project, options: tuple, keys: dict[str, str],
                warnings: list[str]):
    """A function that records ``request`` in a cache, if no input changed while the build ran."""

    def remember(cache: BuildCache) -> None:
        # An input edited during the build may or may not be in the output: then the next
        # build must key every target again, so the request is not remembered.
        if request is not None and describe_request(project, *options) == request:
            cache.remember_request(request.fingerprint, keys, warnings)

    return remember


def _render_and_commit(out: Path, cache: BuildCache, keys: dict[str, str], reused: dict[str, list[dict] | None],
                       packs_to_render: list[PackTarget], letters_to_render: list[str], unit: list[Lesson],
                       theme: Theme, info: SchoolInfo, helplines: list[Helpline], guidance: ParentGuidance,
                       logo: tuple[Path, str] | None, allowed: list[Path], jobs: int, remember,
                       kinds: dict[str, str], setup: LetterSetup | None, review: dict) -> BuildResult:
    """Render the stale targets, carry the unchanged ones, and commit the new build in one step."""
    # Everything is written into a staging folder and swapped in at the end (staging.py):
    # however the build stops, ``out`` holds the previous complete build or the new one.
    with Staging(out) as stage:
        packs = render_all(packs_to_render, theme, info, helplines, logo, jobs, allowed, kinds, setup)
        letters = {}
        if letters_to_render:
            from .renderers import Renderers

            renderers = Renderers(theme, allowed)
            try:
                letters = render_unit_letters(renderers, unit, letters_to_render, guidance, info, helplines, logo,
                                              setup)
            finally:
                renderers.close()
        written: list[dict] = []
        for pack in packs:
            name = pack_id(pack.lesson_id, pack.stage)
            entries = [_with_review(e, review) for e in stage_pack(stage, pack)]
            cache.record(name, keys[name], entries)
            written += entries
        for key_stage, versions in letters.items():
            entries = [_with_review(stage_unit_letter(stage, key_stage, data, pages, code), review)
                       for code, data, pages in versions]
            cache.record(unit_letter_id(key_stage), keys[unit_letter_id(key_stage)], entries)
            written += entries
        # Unchanged targets, and files of earlier wider builds, are carried by hard link.
        kept = stage.carry_all_except({e["path"] for e in written})
        carried = {e["path"] for e in kept}
        lost = [e["path"] for entries in reused.values() if entries for e in entries if e["path"] not in carried]
        if lost:
            raise LessonpackError(f"{lost[0]} changed while the build was running", hint="build again")
        remember(cache)
        stage.write(CACHE_PATH, cache.text().encode("utf-8"))
        stage.commit(kept + written)
    result = BuildResult(out, written, 0.0, list(stage.warnings),
                         rebuilt=[name for name in keys if reused[name] is None],
                         unchanged=[name for name in keys if reused[name] is not None])
    return result

