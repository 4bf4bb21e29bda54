"""Local worker processes for builds and batches: forkserver workers that start with the libraries loaded.

Workers come from a *forkserver*, never a plain ``fork`` of the main process: forking a process
that already runs threads (fontconfig, WeasyPrint, a progress bar) can deadlock, and Python 3.12
warns about it. The server is a small single-threaded process; each worker is a fork of it.

The server imports the rendering code once (``PRELOAD``) before it forks any worker, so a worker
starts with WeasyPrint, pikepdf and python-pptx already imported instead of importing them
itself: about 0.8 s of CPU saved per worker, which matters at the start of every batch on a
two-core machine. :func:`start_early` lets a command start the server (and its imports) while
the main process is still reading and checking its input.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver

#: What the forkserver imports before forking workers: the modules whose functions workers run.
PRELOAD = ["generator.build", "generator.campaign.worker"]

_configured = False


def worker_context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context every local worker pool uses (forkserver, with ``PRELOAD``)."""
    global _configured
    context = multiprocessing.get_context("forkserver")
    if not _configured:
        # Only takes effect before the server starts (the server lives as long as this process).
        context.set_forkserver_preload(PRELOAD)
        _configured = True
    return context


def start_early() -> None:
    """Start the forkserver now, so that its imports overlap with the caller's own work."""
    worker_context()
    multiprocessing.forkserver.ensure_running()
