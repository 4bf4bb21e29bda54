"""Campaign batch benchmark: the naive way (one WeasyPrint document per letter, one process)
against `lessonpack batch` (shared bodies, personalised areas, local worker processes).

Run with `make bench-batch` (1,000 ks2 letters of one lesson) or
`python bench/bench_batch.py --recipients 10000` for the memory figure at 10,000 letters.

Two naive ways are timed, both one whole WeasyPrint document per letter in one process:
- *naive* is the way the issue measured ("one PDF per letter", 10 letters/s for a one-page
  letter, its 2.4x for two processes is relative to that): a mail-merge script that, for each
  letter, fills the template and calls WeasyPrint with the theme's stylesheets, so the CSS is
  parsed and its fonts loaded again for every letter. `ratio:` is measured against this way.
- *naive, CSS and fonts reused* is the issue's first improvement (14.6/s there): one parsed CSS
  and font configuration for all letters. Its ratio is printed too, as the stricter comparison.
The naive ways are timed on `--naive` and `--reused` letters (defaults: as many as the batch, at
most 1,000; and 200); their rates do not depend on the count. Peak memory is the largest sum of
the resident memory of this process and all its descendants (the worker processes), sampled
every 0.2 s.

The machine may be shared: the load average is printed at the start and end of each way, and
so is the CPU time per letter of each way (for the batch, of this process and every worker,
as last sampled), which the load changes far less than the wall-clock rates.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.campaign.batch import batch  # noqa: E402
from generator.campaign.load import load_campaign  # noqa: E402
from generator.campaign.plan import LetterSpec  # noqa: E402
from generator.campaign.vdp import LetterRenderer  # noqa: E402
from generator.html import PdfRenderer  # noqa: E402
from generator.project import Project  # noqa: E402

LESSON = "spotting-fake-identities"
TOWNS = ["Ashby", "Bellingford", "Carrow", "Dunmere", "Eastwick", "Fallowfield", "Greyhaven", "Holloway",
         "Ivybridge", "Juniper", "Kestrel", "Longmead", "Millbrook", "Nettlecombe", "Oakhurst", "Pennywell"]


def write_campaign(folder: Path, count: int) -> Path:
    """A campaign of ``count`` fictional ks2 schools, one lesson letter each."""
    folder.mkdir(parents=True)
    with (folder / "recipients.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["school_name", "address_1", "town", "postcode", "dsl_name", "dsl_role", "dsl_email",
                         "key_stages"])
        for i in range(count):
            town = f"{TOWNS[i % len(TOWNS)]} {['Vale', 'Green', 'Cross', 'Heath'][i // len(TOWNS) % 4]}"
            writer.writerow([f"{town} Primary School No. {i + 1}", f"{i + 1} School Lane", town,
                             f"NS{i % 90 + 1} {i % 10}AB", f"Ms Sam Taylor-{i}", "Designated safeguarding lead",
                             f"dsl{i}@school{i}.example.sch.uk", "ks2"])
    file = folder / "campaign.yaml"
    file.write_text("name: Benchmark\norganisation: Northshire Safer Schools Partnership\ntheme: campaign-example\n"
                    f"recipients: recipients.csv\nletter_date: 11 January 2027\nletters:\n  lessons: [{LESSON}]\n"
                    "print:\n  slip_pages: false\n", encoding="utf-8")
    return file


def _descendants(root: int) -> dict[int, tuple[int, float]]:
    """``root`` and every process below it: pid -> (resident bytes, CPU seconds used so far)."""
    parents: dict[int, int] = {}
    usage: dict[int, tuple[int, float]] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            # fields[11:13] are utime and stime (in clock ticks), fields[21] the resident pages.
            usage[int(entry)] = (int(fields[21]) * os.sysconf("SC_PAGE_SIZE"),
                                 (int(fields[11]) + int(fields[12])) / ticks)
        except (OSError, IndexError, ValueError):
            continue
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        found[pid] = usage.get(pid, (0, 0.0))
        stack += [child for child, parent in parents.items() if parent == pid]
    return found


def load_average() -> str:
    """The 1-minute load average (2 means both cores busy)."""
    return f"{os.getloadavg()[0]:.1f}"


class PeakMemory:
    """Samples the memory (and CPU time) of this process tree in a thread until stopped."""

    def __init__(self):
        self.peak = 0.0
        self.cpu: dict[int, float] = {}
        """pid -> CPU seconds when last seen (a worker's last sample is kept after it exits)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            tree = _descendants(os.getpid())
            self.peak = max(self.peak, sum(rss for rss, _ in tree.values()) / 1e6)
            self.cpu.update({pid: cpu for pid, (_, cpu) in tree.items()})
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def naive(project: Project, file: Path, count: int, reuse_css: bool) -> tuple[float, float]:
    """Letters per second and CPU seconds per letter, one whole WeasyPrint document per letter in this process.

    Without ``reuse_css`` each letter gets a new :class:`PdfRenderer` (the theme's CSS parsed and
    its fonts loaded, as a script calling WeasyPrint once per letter does); the templates, the
    lesson and the body's shared wording are prepared once either way.
    """
    campaign = load_campaign(file, project)
    renderer = LetterRenderer(campaign, project.data, project.root)
    spec = LetterSpec("ks2", LESSON)
    recipients = iter(campaign.reader())
    renderer.whole_letter(spec, next(recipients))  # warm up: templates compiled, the lesson read
    shared_pdf = renderer.pdf
    started, cpu = time.perf_counter(), time.process_time()
    for _, recipient in zip(range(count), recipients):
        if not reuse_css:
            renderer.pdf = PdfRenderer(shared_pdf.stylesheet_files, campaign.theme.tokens_css(), shared_pdf.allowed)
        renderer.whole_letter(spec, recipient)
        if not reuse_css:
            renderer.pdf.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    renderer.pdf = shared_pdf
    renderer.close()
    return count / elapsed, cpu / count


def main() -> None:
    """Run both ways and print the figures the README records."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=0, help="letters for the naive way (default: up to 1,000)")
    parser.add_argument("--reused", type=int, default=200, help="letters for the naive way with CSS and fonts reused")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    project = Project(ROOT)
    with tempfile.TemporaryDirectory(prefix="lessonpack-bench-") as temp:
        file = write_campaign(Path(temp) / "bench", max(args.recipients, (args.naive or 0) + 1))
        loads = [load_average()]
        with PeakMemory() as memory:
            started, own_cpu = time.perf_counter(), time.process_time()
            result = batch(project, file, jobs=args.jobs, out=Path(temp) / "out")
            batch_seconds = time.perf_counter() - started
        # This process's own figure is exact; each worker's is its last sample (within 0.2 s).
        batch_cpu = time.process_time() - own_cpu + sum(cpu for pid, cpu in memory.cpu.items() if pid != os.getpid())
        loads.append(load_average())
        assert result.ok, result.summary()
        batch_rate = result.totals.letters / batch_seconds
        naive_count = args.naive or min(args.recipients, 1000)
        naive_rate, naive_cpu = naive(project, file, naive_count, reuse_css=False)
        loads.append(load_average())
        reused_rate, reused_cpu = naive(project, file, args.reused, reuse_css=True)
        loads.append(load_average())
    print(f"batch: {result.totals.letters} letters in {batch_seconds:.1f}s (includes start-up, print files, manifest); "
          f"CPU {batch_cpu / result.totals.letters * 1000:.1f} ms per letter, all processes; "
          f"load average {loads[0]} at the start, {loads[1]} at the end")
    batch_cpu_letter = batch_cpu / result.totals.letters
    print(f"naive: {naive_count} letters timed; CPU {naive_cpu * 1000:.1f} ms per letter; "
          f"load average {loads[1]} at the start, {loads[2]} at the end")
    print(f"naive, CSS and fonts reused: {args.reused} letters timed, {reused_rate:.1f} letters/s; "
          f"CPU {reused_cpu * 1000:.1f} ms per letter; load average {loads[2]} at the start, {loads[3]} at the end")
    print(f"CPU time ratio per letter (naive / batch): {naive_cpu / batch_cpu_letter:.1f}; "
          f"(naive with CSS and fonts reused / batch): {reused_cpu / batch_cpu_letter:.1f}")
    print(f"ratio against the naive way with CSS and fonts reused: {batch_rate / reused_rate:.1f}")
    print(f"naive letters/s: {naive_rate:.1f}")
    print(f"batch letters/s: {batch_rate:.1f}")
    print(f"ratio: {batch_rate / naive_rate:.1f}")
    print(f"peak MB at {result.totals.letters} letters: {memory.peak:.0f}")


if __name__ == "__main__":
    main()
