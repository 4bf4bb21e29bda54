"""``batch()``: check every row, plan, render in chunks (local processes or Dask), write print files.

The order of the stages matters: every row is validated before anything is rendered; records
are journalled as chunks finish, so an interrupted run resumes; a print file is written as soon
as every letter it holds is rendered (by the same workers, while later letters still render),
and never when one of its letters failed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..output import write_text_atomic
from ..processes import start_early
from ..project import Project
from .load import Campaign, load_campaign
from .manifest import Journal, previous_records, write_manifests
from .plan import PlanTotals
from .printfiles import PrintBatch, PrintBatcher, print_path
from .runners import in_order, open_runner, result_of
from .vdp import LetterRenderer
from .worker import ChunkJob, PrintJob, print_file, render_chunk

#: Recipients per task: large enough that one areas document serves many schools, small enough
#: that a crash loses little and the progress bar moves. Fixed (never derived from the number of
#: workers), because a chunk's letters share font subsets: the same chunks give the same bytes.
CHUNK = 16

Progress = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    """What a batch run did (or, with --dry-run, would do)."""

    out: Path
    campaign: str
    totals: PlanTotals
    dry_run: bool = False
    rendered: int = 0
    skipped: int = 0
    failures: list[dict] = field(default_factory=list)
    print_files: list[dict] = field(default_factory=list)
    print_skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every recipient was rendered."""
        return not self.failures

    def summary(self) -> str:
        """The final report for the command line."""
        if self.dry_run:
            return f"plan for {self.campaign}: {self.totals.text()} (dry run: nothing rendered)"
        lines = [f"{self.campaign}: {self.totals.text()}",
                 f"rendered {self.rendered} recipient(s), {self.skipped} unchanged and skipped, "
                 f"{len(self.failures)} failed; {len(self.print_files)} print file(s) in {self.seconds:.1f}s -> {self.out}"]
        lines += [f"failed: row {f['row']} ({f['school']}): {f['error']}" for f in self.failures]
        lines += [f"not written: {name} (it holds a letter that failed)" for name in self.print_skipped]
        return "\n".join(lines)

    def as_json(self) -> dict:
        """The summary written to summary.json."""
        return {"campaign": self.campaign, "recipients": self.totals.recipients, "letters": self.totals.letters,
                "pages": self.totals.pages, "sheets": self.totals.sheets, "rendered": self.rendered,
                "skipped": self.skipped, "failures": [{k: f[k] for k in ("row", "school", "error")}
                                                      for f in self.failures],
                "print_files": [p["path"] for p in self.print_files], "seconds": round(self.seconds, 1)}


def batch(project: Project, campaign_file: Path, dry_run: bool = False, scheduler: str | None = None,
          jobs: int = 0, out: Path | None = None, progress: Progress | None = None,
          chunk: int = CHUNK) -> BatchResult:
    """Run the campaign in ``campaign_file``; see the module docstring for the order of stages."""
    started = time.perf_counter()
    campaign = load_campaign(campaign_file.resolve(), project)
    if not dry_run and not scheduler and jobs != 1:
        start_early()  # the workers' server imports the rendering code while the rows are checked
    reader = campaign.reader()
    count = reader.check()  # every row, all problems at once, before anything is rendered
    out = (out or project.build / "campaigns" / campaign.name).resolve()
    profile = campaign.settings.print
    if dry_run:
        return _dry_run(project, campaign, reader, out)
    result = BatchResult(out, campaign.settings.name, PlanTotals())
    _remove_partial_files(out)
    previous = previous_records(out)
    old_print = {p["path"]: p for p in _previous_print(out)}
    records: list[dict] = []

    def chunk_job(recipients: list) -> ChunkJob:
        return ChunkJob(project.root, campaign.file, out, recipients,
                        {r.slug: previous[r.slug] for r in recipients if r.slug in previous})

    def print_job(print_batch: PrintBatch) -> PrintJob:
        path = print_path(print_batch)
        return PrintJob(project.root, campaign.file, out, print_batch, old_print.get(path))

    runner = open_runner(scheduler, jobs)
    journal = None
    try:
        journal = Journal(out)
        printing = PrintQueue(runner, print_job, profile.batch_letters)
        for chunk_records in in_order(runner, render_chunk, map(chunk_job, _chunks(reader, chunk))):
            journal.add(chunk_records)
            for record in chunk_records:
                records.append(record)
                printing.add(record)
                if record["status"] != "ok":
                    result.failures.append(record)
                    continue
                result.skipped += bool(record.get("skipped"))
                result.rendered += not record.get("skipped")
                result.totals.add(record["copies"], [letter["pages"] for letter in record["letters"]],
                                  profile.duplex, profile.slip_pages)
            if progress:
                progress(len(records), count, chunk_records[-1]["school"])
        result.print_files, result.print_skipped = printing.finish()
    finally:
        if journal:
            journal.close()
        runner.close()
    write_manifests(out, campaign.settings.name, records, result.print_files)
    result.seconds = time.perf_counter() - started
    write_text_atomic(out / "summary.json", json.dumps(result.as_json(), indent=1, ensure_ascii=False) + "\n")
    return result


class PrintQueue:
    """Makes each print file as soon as every letter it holds is done, on the batch's own workers.

    Records arrive in recipient order; a print batch is complete when the next school would not
    fit it. A batch holding a failed letter is not written (it is listed as skipped).
    """

    def __init__(self, runner, job_for: Callable[[PrintBatch], PrintJob], size: int):
        self.runner = runner
        self.job_for = job_for
        self.batcher = PrintBatcher(size)
        self.queued: list[tuple[PrintBatch, object]] = []  # each batch and its future (None: not written)

    def add(self, record: dict) -> None:
        """Take the next recipient's record; start the print file of a batch it completes."""
        self._start(self.batcher.add(record))

    def _start(self, print_batch: PrintBatch | None) -> None:
        if print_batch is None:
            return
        if any(r["status"] != "ok" for r in print_batch.records):
            self.queued.append((print_batch, None))
        else:
            self.queued.append((print_batch, self.runner.submit(print_file, self.job_for(print_batch))))

    def finish(self) -> tuple[list[dict], list[str]]:
        """Start the last batch and wait for all: the print files' manifest entries, and the files not written."""
        self._start(self.batcher.finish())
        written, skipped = [], []
        for print_batch, future in self.queued:
            if future is None:
                skipped.append(print_path(print_batch))
            else:
                written.append(result_of(future))
        return written, skipped


def _remove_partial_files(out: Path) -> None:
    """Delete temporary files a killed run left behind (atomic writes name them .<file>.*.part)."""
    for folder in (out / "schools", out / "print"):
        if folder.is_dir():
            for leftover in folder.rglob(".*.part"):
                leftover.unlink(missing_ok=True)


def _dry_run(project: Project, campaign: Campaign, reader, out: Path) -> BatchResult:
    """Count recipients, letters, pages and sheets; lays out only the shared bodies (one per letter kind)."""
    result = BatchResult(out, campaign.settings.name, PlanTotals(), dry_run=True)
    profile = campaign.settings.print
    renderer = LetterRenderer(campaign, project.data, project.root)
    try:
        for recipient in reader:
            pages = [renderer.body(spec).pages for spec in campaign.letters(recipient)]
            result.totals.add(recipient.copies, pages, profile.duplex, profile.slip_pages)
    finally:
        renderer.close()
    return result


def _chunks(reader, size: int) -> Iterator[list]:
    chunk = []
    for recipient in reader:
        chunk.append(recipient)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _previous_print(out: Path) -> list[dict]:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("print", [])
    except (OSError, ValueError, AttributeError):
        return []
