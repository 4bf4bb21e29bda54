"""Benchmark for the README: a full build, a one-lesson edit and a no-op build, in one run.

Run with `make bench-incremental`. Each figure is the whole `lessonpack build` command timed
from outside (interpreter start-up and imports included), on a throw-away copy of the project
so that build/ is not touched. The no-op figure is the median of several runs.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONPACK = Path(sys.executable).with_name("lessonpack")
EDITED_LESSON = "spotting-fake-identities"
NO_OP_REPEATS = 5


def run_build(project: Path, *options: str) -> tuple[float, str]:
    """Wall time of one `lessonpack build` in ``project`` and its last output line."""
    started = time.perf_counter()
    done = subprocess.run([str(LESSONPACK), "--project", str(project), "build", *options],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def edit_one_lesson(project: Path) -> None:
    """Change the title of one activity of one key stage of one lesson (a typical editor's save)."""
    path = project / "lessons" / EDITED_LESSON / "ks2.yaml"
    text = path.read_text(encoding="utf-8")
    title = re.search(r'(?m)^(\s+title: ")([^"]*)"', text)
    path.write_text(text[:title.start()] + f'{title.group(1)}{title.group(2)} (edited)"' + text[title.end():],
                    encoding="utf-8")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="lessonpack-bench-incremental-"))
    try:
        project = work / "project"
        project.mkdir()
        for folder in ("lessons", "themes", "data", "curricula", "schools"):
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, project / folder)
        full, full_line = run_build(project)
        edit_one_lesson(project)
        edit, edit_line = run_build(project)
        no_ops = [run_build(project) for _ in range(NO_OP_REPEATS)]
        no_op = statistics.median(t for t, _ in no_ops)
        print("lessonpack build, whole command timed from the shell, one run:")
        print(f"  full build (empty folder)  : {full:7.2f} s   {full_line}")
        print(f"  after editing one lesson   : {edit:7.2f} s   {edit_line}")
        print(f"  nothing changed (median {NO_OP_REPEATS}) : {no_op:7.2f} s   {no_ops[-1][1]}")
        print(f"  one-lesson edit is {full / edit:.1f}x faster than a full build; a no-op {full / no_op:.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
