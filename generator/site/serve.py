"""``lessonpack serve``: the catalogue on 127.0.0.1, rebuilt as files are edited, the open page reloading.

A :class:`PreviewServer` builds once, serves the site folder over HTTP on the loopback
interface only, and watches ``lessons/``, ``themes/``, ``data/``, ``curricula/`` and the school
profile (watchfiles). After each edit it lints, builds (the content-hash cache renders only
the packs the edit touched) and rebuilds the site from the packs. Served HTML pages get a
small script that polls ``/__lessonpack/version`` and reloads the page when a rebuild
finishes; the static site files themselves are never changed.

A YAML, check or lint error does not stop the server: every page shows the error with its
file:line until the file is fixed, and the report callback gets the same text for the terminal.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import LessonpackError
from ..project import Project

#: The loopback address: a preview is for the person editing, never for the network.
HOST = "127.0.0.1"
VERSION_PATH = "/__lessonpack/version"
#: Editors write and rename several times per save; wait this long for the burst to end (ms).
DEBOUNCE_MS = 300
WATCHED_FOLDERS = ("lessons", "themes", "data", "curricula")
#: How long start() waits for the file watcher to be registered (a busy machine can be slow).
WATCH_READY_SECONDS = 60

_RELOAD_SCRIPT = """<script>/* lessonpack serve: reload when the build changes */
(function () {{
  var seen = "{version}";
  setInterval(function () {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (now) {{ if (now !== seen) {{ location.reload(); }} }}).catch(function () {{}});
  }}, 700);
}})();
</script>"""

_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error - lessonpack preview</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ color: #8a1c1c; font-size: 1.5rem; }}
pre {{ background: #fff4f4; border: 2px solid #8a1c1c; padding: 1rem; white-space: pre-wrap; font-size: 1rem; }}
</style>
</head>
<body>
<main>
<h1>The preview could not be rebuilt</h1>
<p>Fix the file named below and save it: this page reloads by itself when the build works again.
The last good version of the site is not shown, so that nothing out of date is mistaken for the new one.</p>
<pre id="lessonpack-error">{error}</pre>
</main>
</body>
</html>
"""


class PreviewState:
    """What the HTTP handlers and the rebuild thread share: the site folder, a version and the last error."""

    def __init__(self, site: Path):
        self._lock = threading.Lock()
        self.site = site
        self.version = 0
        self.error: str | None = None

    def succeeded(self, site: Path) -> None:
        """A rebuild finished: serve ``site`` and tell open pages to reload."""
        with self._lock:
            self.site, self.error = site, None
            self.version += 1

    def failed(self, error: str) -> None:
        """A rebuild failed: every page shows ``error`` until the next success."""
        with self._lock:
            self.error = error
            self.version += 1

    def snapshot(self) -> tuple[Path, int, str | None]:
        """(site folder, version, error) at one instant."""
        with self._lock:
            return self.site, self.version, self.error


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the site folder; injects the reload script into HTML; shows the error page while broken."""

    state: PreviewState

    def __init__(self, *args, state: PreviewState, **kwargs):
        self.state = state
        site, _, _ = state.snapshot()
        super().__init__(*args, directory=str(site), **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        """Requests are not logged: the terminal is for build messages."""

    def do_GET(self) -> None:
        """The version endpoint, the error page, an HTML page with the script, or a plain file."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        site, version, error = self.state.snapshot()
        if path == VERSION_PATH:
            return self._send(HTTPStatus.OK, str(version).encode(), "text/plain; charset=utf-8")
        if error is not None and (path.endswith((".html", "/")) or "." not in path.rsplit("/", 1)[-1]):
            page = _ERROR_PAGE.format(error=html.escape(error))
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, _with_script(page, version), "text/html; charset=utf-8")
        self.directory = str(site)
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_text(encoding="utf-8")
            return self._send(HTTPStatus.OK, _with_script(page, version), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _with_script(page: str, version: int) -> bytes:
    """``page`` with the reload script before ``</body>`` (or at the end)."""
    script = _RELOAD_SCRIPT.format(version=version, path=VERSION_PATH)
    head, found, tail = page.rpartition("</body>")
    return ((head + script + found + tail) if found else (page + script)).encode("utf-8")


def _default_rebuild(project: Project, school: Path | None) -> tuple[Path, str]:
    """Lint, build (incrementally) and rebuild the site; return the site folder and a summary line."""
    from .. import api
    from . import build_site

    lint = api.lint(project)
    built = api.build(project, school=school)
    site = build_site(project, school=school)
    warnings = [line for line in lint.splitlines() if "warning" in line]
    return site.out, "\n".join(warnings + [built.summary(), site.summary()])


class PreviewServer:
    """A live preview of the site: build, serve on 127.0.0.1, rebuild on every edit."""

    def __init__(self, project: Project, school: Path | None = None, port: int = 8000,
                 report: Callable[[str], None] = lambda line: None,
                 rebuild: Callable[[Project, Path | None], tuple[Path, str]] = _default_rebuild):
        self.project = project
        self.school = school.resolve() if school else None
        self.report = report
        self._rebuild = rebuild
        self._stop = threading.Event()
        self._watching = threading.Event()
        self.state = PreviewState(project.build / "site")
        self.rebuild()
        handler = partial(PreviewHandler, state=self.state)
        try:
            self.httpd = ThreadingHTTPServer((HOST, port), handler)
        except OSError as exc:
            raise LessonpackError(f"cannot serve on {HOST}:{port}: {exc.strerror}",
                                  hint="choose another port with --port N") from exc
        self.httpd.daemon_threads = True
        self._threads = [threading.Thread(target=self.httpd.serve_forever, name="lessonpack-http", daemon=True),
                         threading.Thread(target=self._watch, name="lessonpack-watch", daemon=True)]

    @property
    def url(self) -> str:
        """The address of the home page."""
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def watched(self) -> list[Path]:
        """The folders whose edits trigger a rebuild (and the school profile's folder, for that one file)."""
        paths = [self.project.root / name for name in WATCHED_FOLDERS if (self.project.root / name).is_dir()]
        return paths + ([self.school.parent] if self.school else [])

    def _relevant(self, change, path: str) -> bool:
        """Whether a changed ``path`` is an input: inside a watched folder, or the school profile itself."""
        from watchfiles import DefaultFilter

        if not DefaultFilter()(change, path):
            return False  # editor swap files, caches
        changed = Path(path)
        if self.school is not None and (changed == self.school or (
                changed.parent == self.school.parent and changed.suffix.lower() not in (".yaml", ".yml"))):
            return True  # the profile, or a logo beside it
        return any(changed.is_relative_to(self.project.root / name) for name in WATCHED_FOLDERS)

    def start(self) -> "PreviewServer":
        """Start serving and watching in background threads."""
        for thread in self._threads:
            thread.start()
        # A file saved before the watcher is registered would never be noticed: wait for it.
        self._watching.wait(timeout=WATCH_READY_SECONDS)
        return self

    def stop(self) -> None:
        """Stop watching and serving, and close the port."""
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=10)

    def rebuild(self) -> bool:
        """Rebuild now; on a user error keep serving and show it. True if the build succeeded."""
        started = time.perf_counter()
        try:
            site, summary = self._rebuild(self.project, self.school)
        except LessonpackError as exc:
            self.state.failed(str(exc))
            self.report(f"{exc}\n(the preview shows this error until the file is fixed)")
            return False
        self.state.succeeded(site)
        self.report(f"{summary}\nrebuilt in {time.perf_counter() - started:.1f}s; open pages reload")
        return True

    def _watch(self) -> None:
        from watchfiles import watch

        paths = self.watched()
        if not paths:
            self._watching.set()
            return
        # The school's folder may be the project itself: the filter keeps build/ and the rest out.
        # yield_on_timeout: the first (empty) yield says the watcher is registered.
        for changes in watch(*paths, watch_filter=self._relevant, stop_event=self._stop, debounce=DEBOUNCE_MS,
                             rust_timeout=500, yield_on_timeout=True, raise_interrupt=False):
            self._watching.set()
            if self._stop.is_set():
                return
            if not changes:
                continue
            names = sorted({Path(path).name for _, path in changes})
            self.report(f"changed: {', '.join(names)}")
            self.rebuild()
