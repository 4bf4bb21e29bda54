"""Start the ``lessonpack`` command so that Ctrl-C or SIGTERM, at any moment, ends it cleanly.

This module imports nothing heavy: it installs the stop handlers before the rest of the
generator (pydantic, WeasyPrint, ...) is imported, so even a stop during start-up gets the
usual message and exit status 130 instead of a traceback.
"""

from __future__ import annotations

import signal
import sys

#: What a stop during start-up leaves: the build has not begun, so nothing was touched.
STOPPED_WHILE_STARTING = ("interrupted while starting: nothing was changed "
                          "(the output folder still holds its previous complete build)")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised by :func:`install_stop_handlers`.

    A subclass on purpose: when the *exact* KeyboardInterrupt type passes through some of
    CPython's C-level code runners, the interpreter remembers it as "unhandled" and ends the
    process with SIGINT (exit status -2, no message) even after our handler caught it and
    chose 130. The subclass is caught by every ``except KeyboardInterrupt`` but never
    triggers that flag.
    """


_stop_requested = False


def _stop(signum, frame) -> None:
    global _stop_requested
    _stop_requested = True
    raise Interrupted(signal.Signals(signum).name)


def stop_requested() -> bool:
    """Whether Ctrl-C or SIGTERM arrived: then any error that follows is the stop, in disguise.

    A library may catch the KeyboardInterrupt and raise its own error instead: pydantic-core's
    Rust start-up (pyo3) turns one that lands during its import into a PanicException.
    """
    return _stop_requested


def install_stop_handlers() -> None:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` (main thread only; elsewhere a no-op)."""
    try:
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
    except ValueError:  # not the main thread: whoever embeds us owns the signals
        pass


def run() -> None:
    """The ``lessonpack`` console script and ``python -m generator``."""
    install_stop_handlers()
    try:
        from .cli import main
    except BaseException as exc:  # noqa: BLE001 - only a stop is handled here
        if not (isinstance(exc, KeyboardInterrupt) or stop_requested()) or isinstance(exc, SystemExit):
            raise
        print(STOPPED_WHILE_STARTING, file=sys.stderr)
        raise SystemExit(130) from None
    raise SystemExit(main())
