"""Benchmarks for the README: whole builds and the costs inside one.

Run with `make bench`. Ratios are measured in the same run, so they hold when the
machine's speed drifts; absolute times depend on the machine.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.helplines import load_helplines  # noqa: E402
from generator.lessons import load_lessons  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.renderers import Renderers  # noqa: E402
from generator.school import DEFAULT_SCHOOL  # noqa: E402
from generator.themes import load_theme  # noqa: E402
from generator.views import build_view  # noqa: E402

REPEATS = 3


def timed(action) -> float:
    """Median wall time of ``action`` over REPEATS runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def whole_build(jobs: int) -> float:
    out = Path(tempfile.mkdtemp(prefix="lessonpack-bench-"))
    try:
        return timed(lambda: build(Project(ROOT), out=out, jobs=jobs))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def per_document() -> dict[str, float]:
    """Median time per document kind, rendering every lesson-stage with shared resources."""
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    theme = load_theme(ROOT / "themes", "default", ROOT)
    helplines = load_helplines(ROOT / "data", ROOT)
    renderers = Renderers(theme)
    views = [(build_view(l, s, DEFAULT_SCHOOL, helplines), l.folder) for l in lessons for s in l.stages]
    result = {}
    for kind in ("worksheet", "slides", "letter", "guide"):
        times = []
        for view, folder in views:
            started = time.perf_counter()
            renderers.render(kind, view, folder)
            times.append(time.perf_counter() - started)
        result[kind] = statistics.median(times)
    renderers.close()
    return result


def shared_vs_fresh() -> tuple[float, float]:
    """Rendering 8 worksheets with one Renderers (fonts, CSS parsed once) vs a new one each time."""
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    theme = load_theme(ROOT / "themes", "default", ROOT)
    helplines = load_helplines(ROOT / "data", ROOT)
    views = [(build_view(l, s, DEFAULT_SCHOOL, helplines), l.folder) for l in lessons for s in l.stages][:8]

    def shared():
        renderers = Renderers(theme)
        for view, folder in views:
            renderers.render("worksheet", view, folder)
        renderers.close()

    def fresh():
        for view, folder in views:
            renderers = Renderers(theme)
            renderers.render("worksheet", view, folder)
            renderers.close()

    return timed(shared), timed(fresh)


def tagging_cost() -> tuple[float, float]:
    """Rendering one worksheet, letter and guide per lesson untagged vs tagged PDF/UA-1 (with pikepdf finishing)."""
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    theme = load_theme(ROOT / "themes", "default", ROOT)
    helplines = load_helplines(ROOT / "data", ROOT)
    views = [(build_view(l, next(iter(l.stages)), DEFAULT_SCHOOL, helplines), l.folder) for l in lessons]
    renderers = Renderers(theme)

    def render_all(tagged: bool):
        for pdf in renderers.documents.pdf.values():
            pdf.tagged = tagged
        for view, folder in views:
            for kind in ("worksheet", "letter", "guide"):
                renderers.render(kind, view, folder)

    untagged, tagged = timed(lambda: render_all(False)), timed(lambda: render_all(True))
    renderers.close()
    return untagged, tagged


def main() -> None:
    packs = sum(len(l.stages) for l in load_lessons(ROOT / "lessons", root=ROOT))
    serial, parallel = whole_build(1), whole_build(2)
    shared, fresh = shared_vs_fresh()
    documents = per_document()
    untagged, tagged = tagging_cost()
    print(f"whole build, {packs} packs ({packs * 4} documents + zips + unit letters), median of {REPEATS}:")
    print(f"  1 process : {serial:6.2f} s")
    print(f"  2 processes: {parallel:6.2f} s   (speed-up {serial / parallel:.2f}x)")
    print(f"8 worksheets, shared fonts and CSS: {shared:.2f} s; fresh per document: {fresh:.2f} s "
          f"(sharing is {fresh / shared:.2f}x faster)")
    print(f"worksheet+letter+guide per lesson: untagged {untagged:.2f} s, tagged PDF/UA-1 {tagged:.2f} s "
          f"(tagging costs {tagged / untagged:.2f}x)")
    print("median time per document: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in documents.items()))


if __name__ == "__main__":
    main()
