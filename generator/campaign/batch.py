"""``batch()``: check every row, plan, render in chunks (local processes or Dask), write print files.

The order of the stages matters: every row is validated before anything is rendered; records
are journalled as chunks finish, so an interrupted run resumes; print files are written last,
and only for batches whose every letter was rendered.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..html import render_template
from ..output import sha256, write_bytes_atomic, write_text_atomic
from ..project import Project
from .load import Campaign, load_campaign
from .manifest import Journal, previous_records, write_manifests
from .plan import PlanTotals
from .printfiles import PrintBatch, assemble, batches, print_path
from .runners import in_order, open_runner
from .vdp import LetterRenderer
from .worker import ChunkJob, render_chunk

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

    runner = open_runner(scheduler, jobs)
    journal = None
    try:
        journal = Journal(out)
        for chunk_records in in_order(runner, render_chunk, map(chunk_job, _chunks(reader, chunk))):
            journal.add(chunk_records)
            for record in chunk_records:
                records.append(record)
                if record["status"] != "ok":
                    result.failures.append(record)
                    continue
                result.skipped += bool(record.get("skipped"))
                result.rendered += not record.get("skipped")
                result.totals.add(record["copies"], [letter["pages"] for letter in record["letters"]],
                                  profile.duplex, profile.slip_pages)
            if progress:
                progress(len(records), count, chunk_records[-1]["school"])
    finally:
        if journal:
            journal.close()
        runner.close()
    # Print files are made after the workers have stopped: one holds a whole batch of letters in
    # memory (about 120 MB for 500), and made while the workers still ran (tried: 0.8 s shorter
    # at 1,000 letters) they raised the run's peak memory from about 430 to 580 MB.
    for print_batch in batches(iter(records), profile.batch_letters):
        entry = _print_file(project, campaign, print_batch, out, old_print)
        if entry is None:
            result.print_skipped.append(print_path(print_batch))
        else:
            result.print_files.append(entry)
    write_manifests(out, campaign.settings.name, records, result.print_files)
    result.seconds = time.perf_counter() - started
    write_text_atomic(out / "summary.json", json.dumps(result.as_json(), indent=1, ensure_ascii=False) + "\n")
    return result


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


def _print_file(project: Project, campaign: Campaign, print_batch: PrintBatch, out: Path,
                old: dict[str, dict]) -> dict | None:
    """Write one print file (or keep it, unchanged); None when one of its letters failed."""
    if any(r["status"] != "ok" for r in print_batch.records):
        return None
    path = print_path(print_batch)
    members = print_batch.members_hash()
    earlier = old.get(path)
    target = out / path
    if earlier and earlier.get("members") == members and target.is_file() \
            and sha256(target.read_bytes()) == earlier.get("sha256"):
        return earlier
    profile = campaign.settings.print
    slips = _slips(project, campaign, print_batch) if profile.slip_pages else None
    data, pages = assemble(print_batch, out, profile, slips)
    write_bytes_atomic(target, data)
    return {"path": path, "letters": print_batch.letters, "recipients": len(print_batch.records), "pages": pages,
            "sha256": sha256(data), "members": members}


def _slips(project: Project, campaign: Campaign, print_batch: PrintBatch) -> bytes:
    renderer = LetterRenderer(campaign, project.data, project.root)
    try:
        html = render_template(renderer.documents.env, "campaign/slips.html", {
            "campaign_name": campaign.settings.name, "batch": print_batch.number, "slips": print_batch.records})
        return renderer.pdf.render(html, campaign.theme.folders[0])[0]
    finally:
        renderer.close()
