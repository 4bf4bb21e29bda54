"""Progress for long commands: a bar with rate and ETA on a terminal, plain lines otherwise.

Only the CLI uses this; library code reports progress through a callback and never prints.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def progress_reporter(stream: TextIO) -> Iterator:
    """A ``progress(done, total, text)`` callback drawing on ``stream``."""
    if stream.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("[bold]schools"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:>6.1f}/s"), TimeRemainingColumn())
        with Progress(*columns, console=Console(file=stream), transient=True) as bar:
            task = bar.add_task("batch", total=None, rate=0.0)
            started = time.perf_counter()

            def update(done: int, total: int, text: str) -> None:
                rate = done / max(time.perf_counter() - started, 1e-6)
                bar.update(task, completed=done, total=total, rate=rate)

            yield update
        return
    started = time.perf_counter()
    last = [-1]

    def plain(done: int, total: int, text: str) -> None:
        step = max(1, total // 20)  # about twenty lines for a whole run
        if done == total or done // step != last[0] // step:
            elapsed = time.perf_counter() - started
            print(f"{done}/{total} schools ({done / max(elapsed, 1e-6):.1f}/s, {elapsed:.0f}s)", file=stream,
                  flush=True)
        last[0] = done

    yield plain
