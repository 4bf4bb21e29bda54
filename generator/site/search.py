"""The search index, built by Pagefind (the ``pagefind`` binary shipped in the PyPI package).

Only the lesson pages are indexed (they carry ``data-pagefind-body``), so every result is
a pack the home page can show.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import LessonpackError


def _pagefind_binary() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        try:
            from pagefind_bin import get_executable
        except ImportError as exc:
            raise LessonpackError("the search index needs Pagefind, which is not installed",
                                  hint="run 'make setup' (or: pip install 'pagefind[extended]')") from exc
    return Path(get_executable())


def build_search_index(site: Path) -> int:
    """Write ``site/pagefind/``; return the number of pages indexed."""
    binary = _pagefind_binary()
    completed = subprocess.run([str(binary), "--site", str(site), "--output-subdir", "pagefind", "--silent"],
                               capture_output=True, text=True, timeout=300, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise LessonpackError(f"Pagefind could not index the site: {detail[-1] if detail else 'no message'}",
                              hint="run 'lessonpack site' again; if it fails again, report it with this message")
    return len(list(site.glob("lessons/*/*.html")))
