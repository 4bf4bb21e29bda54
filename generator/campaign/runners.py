"""Where a batch's work runs: in this process, in local worker processes, or on a Dask cluster.

All three take the same plain-data jobs (:mod:`generator.campaign.worker`) and give the same
results, so the output does not depend on where it was made. A runner hands back futures; the
batch keeps a bounded number of chunks in flight and reads results in submission order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import LessonpackError
from ..processes import worker_context


def worker_lost() -> LessonpackError:
    """What a killed worker (out of memory, or stopped by someone) is reported as; the run can resume."""
    return LessonpackError(
        "a rendering process stopped unexpectedly (killed, or out of memory)",
        hint="run the same command again: finished schools are kept and skipped; use --jobs 1 if memory is short")


class Done:
    """A result computed on the spot, shaped like a future (for the in-process runner)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        """The value."""
        return self.value


class InProcess:
    """Runs every job here, one after another (``--jobs 1``)."""

    window = 1

    def submit(self, function: Callable, job) -> Done:
        """Run ``function(job)`` now."""
        return Done(function(job))

    def close(self) -> None:
        """Nothing to release."""


class LocalProcesses:
    """A pool of local worker processes (see generator.processes)."""

    def __init__(self, jobs: int):
        self.pool = ProcessPoolExecutor(jobs, mp_context=worker_context())
        # Two chunks per worker in flight: a worker never waits for the main process to hand it work.
        self.window = jobs * 2

    def submit(self, function: Callable, job):
        """Queue ``function(job)`` on a worker."""
        return self.pool.submit(function, job)

    def close(self) -> None:
        """Stop the workers (pending jobs are dropped when the batch was interrupted)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A Dask distributed cluster; its workers must see the project and the output folder."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise LessonpackError("--scheduler needs the 'distributed' package", hint="pip install distributed") from exc
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise LessonpackError(f"cannot reach the Dask scheduler at {address}: {exc}",
                                  hint="start one with 'dask scheduler' and workers with 'dask worker ADDRESS'") from exc
        self.window = max(1, len(self.client.scheduler_info().get("workers", {}))) * 2

    def submit(self, function: Callable, job):
        """Queue ``function(job)`` on the cluster (never cached: every call renders)."""
        return self.client.submit(function, job, pure=False)

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster keeps running)."""
        self.client.close()


def open_runner(scheduler: str | None, jobs: int):
    """The runner for a batch: Dask when a scheduler is given, else local processes (one per CPU, at most 8)."""
    if scheduler:
        return DaskCluster(scheduler)
    jobs = jobs or min(os.cpu_count() or 1, 8)
    return InProcess() if jobs == 1 else LocalProcesses(jobs)


def in_order(runner, function: Callable, jobs: Iterator) -> Iterator:
    """``function(job)`` for every job, run by ``runner`` with at most ``runner.window`` in flight, in job order."""
    pending: deque = deque()
    try:
        for job in jobs:
            pending.append(runner.submit(function, job))
            if len(pending) >= runner.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as exc:
        raise worker_lost() from exc
