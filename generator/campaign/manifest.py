"""The run's records: a journal written as recipients finish (for resuming), then manifest.json and .csv.

The journal is one JSON line per recipient, appended and flushed as each chunk completes, so a
crash loses at most the chunk in flight; a torn last line is ignored. The manifests are written
atomically at the end from the journal, sorted by row, without holding every record twice.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..output import write_text_atomic

JOURNAL = ".journal.jsonl"
RECORD_KEYS = ("row", "slug", "school", "status", "copies", "inputs", "letters", "files", "error")


def clean(record: dict) -> dict:
    """A record as the manifest keeps it (no run-only flags such as 'skipped')."""
    return {key: record[key] for key in RECORD_KEYS if key in record}


def previous_records(out: Path) -> dict[str, dict]:
    """What earlier runs recorded, by slug: the last manifest, then any journal of an interrupted run."""
    records: dict[str, dict] = {}
    manifest = out / "manifest.json"
    if manifest.is_file():
        try:
            for record in json.loads(manifest.read_text(encoding="utf-8")).get("recipients", []):
                records[record["slug"]] = record
        except (ValueError, KeyError, AttributeError, TypeError):
            pass  # a damaged manifest only means re-rendering
    for record in read_journal(out):
        records[record["slug"]] = record
    return records


def read_journal(out: Path) -> Iterator[dict]:
    """Records in the journal; a line torn by a crash is skipped."""
    path = out / JOURNAL
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "slug" in record:
                yield record


class Journal:
    """Appends records as they complete; flushed per chunk so a crash keeps what was done."""

    def __init__(self, out: Path):
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / JOURNAL
        self.handle = self.path.open("a", encoding="utf-8")

    def add(self, records: list[dict]) -> None:
        """Record finished recipients."""
        for record in records:
            self.handle.write(json.dumps(clean(record), ensure_ascii=False, sort_keys=True) + "\n")
        self.handle.flush()

    def close(self) -> None:
        """Close the file (it stays until the manifests are written)."""
        self.handle.close()


def write_manifests(out: Path, campaign_name: str, records: list[dict], print_files: list[dict]) -> None:
    """Write manifest.json and manifest.csv (one row per file) atomically; then drop the journal."""
    ordered = sorted((clean(r) for r in records), key=lambda r: r["row"])
    body = {"generator": f"lessonpack {__version__}", "campaign": campaign_name,
            "recipients": ordered, "print": print_files}
    write_text_atomic(out / "manifest.json", json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "school", "status", "copies", "file", "kind", "letter", "pages", "sha256", "inputs",
                     "error"])
    for r in ordered:
        for item in r["files"] or [{}]:
            writer.writerow([r["row"], _safe_cell(r["school"]), r["status"], r["copies"], item.get("path", ""),
                             item.get("kind", ""), item.get("letter", ""), item.get("pages", ""),
                             item.get("sha256", ""), r.get("inputs", ""), _safe_cell(r.get("error", ""))])
    for p in print_files:
        writer.writerow(["", "", "print", "", p["path"], "print", "", p["pages"], p["sha256"], p["members"], ""])
    write_text_atomic(out / "manifest.csv", buffer.getvalue())
    (out / JOURNAL).unlink(missing_ok=True)


def _safe_cell(text: str) -> str:
    # A school name starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
