"""Local worker processes for builds and batches: one way to start them, from a forkserver.

Workers come from a *forkserver*, never a plain ``fork`` of the main process: forking a process
that already runs threads (fontconfig, WeasyPrint, a progress bar) can deadlock, and Python 3.12
warns about it. The server is a small single-threaded process; each worker is a fork of it and
imports what it needs itself.

Tried and left out: having the server import the rendering code once for all workers
(``set_forkserver_preload``). It saved start-up CPU, but every worker then shared the server's
pages, the resident memory of the process tree (the campaign benchmark's measure) grew by about
60-140 MB at 1,000 letters, and no faster run could be told apart from the machine's noise.
"""

from __future__ import annotations

import multiprocessing


def worker_context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context every local worker pool uses."""
    return multiprocessing.get_context("forkserver")
