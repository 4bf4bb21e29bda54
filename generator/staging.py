"""All-or-nothing output: stage a build beside the current one and commit it with one swap.

An output folder (``build/``, ``build/themes/<t>/``, ``build/schools/<slug>/`` ...) holds one
*owned* folder, ``packs/``, and ``manifest.json``. The manifest really lives inside the owned
folder (``packs/.manifest.json``); ``manifest.json`` is a fixed relative link to it. A build
writes every file into ``<out>/.staging-<token>/packs/``, then exchanges that folder with
``<out>/packs`` in one ``renameat2(RENAME_EXCHANGE)`` call: files and manifest change together,
at one instant, whatever stops the process (error, Ctrl-C, SIGTERM, kill -9, a full disk).
Everything else in the output folder (``themes/``, ``schools/``, ``site/``, ``campaigns/``,
``coverage.html``) is never touched.

Unchanged files are carried from the current build into the staging folder by hard link
(:meth:`Staging.carry`), so an incremental build copies no bytes. Leftovers of a build that was
killed (``.staging-*`` folders, ``*.part`` files) are removed at the start of the next one, under
a lock that also keeps two builds from writing to one folder at the same time.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
from pathlib import Path, PurePosixPath

from .errors import LessonpackError, Location, OutputError
from .output import manifest_json, sha256

OWNED = "packs"
MANIFEST = "manifest.json"
#: Where the manifest really lives, inside the owned folder, so that one swap moves both.
INNER_MANIFEST = ".manifest.json"
LOCK = ".lessonpack.lock"
STAGING_PREFIX = ".staging-"
_SHA = re.compile(r"^[0-9a-f]{64}$")


class BuildInterrupted(LessonpackError):
    """The build was stopped (Ctrl-C, SIGTERM) and the output folder says which build it holds."""

    exit_status = 130


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync(path: Path) -> None:
    """Flush ``path`` (a file, or a folder's list of entries) to disk."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # file systems that cannot sync folders
            raise
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _shown(path: Path) -> Location:
    return Location(path.as_posix())


def read_manifest(out: Path) -> tuple[dict[str, dict], list[str]]:
    """The committed manifest of ``out`` as path -> entry, and warnings.

    A missing manifest is an empty build. A corrupt or hand-edited one (not JSON, wrong shape,
    a path leaving the owned folder, a bad hash) is treated as absent, with a warning.
    """
    inner = out / OWNED / INNER_MANIFEST
    legacy = out / MANIFEST
    path = inner if inner.is_file() and not inner.is_symlink() else legacy
    if not path.is_file():
        return {}, []
    try:
        body = json.loads(path.read_bytes().decode("utf-8"))
        entries = _valid_entries(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return {}, [f"{_shown(out / MANIFEST)}: earlier manifest ignored ({exc}); the build starts from scratch"]
    return entries, []


def _valid_entries(body: object) -> dict[str, dict]:
    if not isinstance(body, dict) or not isinstance(body.get("artifacts"), list):
        raise ValueError("not a lessonpack manifest")
    entries: dict[str, dict] = {}
    for index, entry in enumerate(body["artifacts"]):
        if not isinstance(entry, dict):
            raise ValueError(f"artifact {index} is not an object")
        path, digest = entry.get("path"), entry.get("sha256")
        if not isinstance(path, str) or not _inside_owned(path):
            raise ValueError(f"artifact {index} has a path outside {OWNED}/")
        if not isinstance(digest, str) or not _SHA.match(digest):
            raise ValueError(f"artifact {index} has no valid sha256")
        if not isinstance(entry.get("bytes"), int) or isinstance(entry.get("bytes"), bool):
            raise ValueError(f"artifact {index} has no byte count")
        if path in entries:
            raise ValueError(f"{path} is listed twice")
        entries[path] = entry
    return entries


def _inside_owned(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return (len(parts) >= 2 and parts[0] == OWNED and ".." not in parts and "" not in parts
            and not relative.startswith("/") and "\\" not in relative and "\0" not in relative)


class Staging:
    """One build of ``out`` in progress: write or carry files, then :meth:`commit` (or drop it all).

    Use as a context manager; leaving the block without ``commit`` removes the staging folder
    and leaves ``out`` exactly as it was::

        with Staging(out) as stage:
            stage.write("packs/ks2/x/guide.pdf", data)        # new bytes
            stage.carry("packs/ks2/y/guide.pdf")              # unchanged: hard link, no copy
            stage.commit(entries)                             # the single commit point
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.previous: dict[str, dict] = {}
        """The committed build's manifest entries by path (empty when absent or corrupt)."""
        self.warnings: list[str] = []
        self.committed = False
        self.root: Path | None = None
        self._lock_handle = None
        self._created_out = False

    # -- opening ---------------------------------------------------------------------------
    def __enter__(self) -> "Staging":
        self._check_the_way()
        try:
            self._created_out = not self.out.exists()
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock()
            self._clean_leftovers()
            self.root = self.out / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
            (self.root / OWNED).mkdir(parents=True)
        except OSError as exc:
            self.close()
            raise OutputError(f"cannot prepare the output folder: {exc.strerror}",
                              _shown(Path(exc.filename or self.out))) from exc
        self.previous, self.warnings = read_manifest(self.out)
        return self

    def _check_the_way(self) -> None:
        """Refuse an output folder, owned folder or manifest that is something else (file, link)."""
        for path, want_dir in ((self.out, True), (self.out / OWNED, True)):
            if path.is_symlink():
                raise OutputError("is a link; the build writes only real folders", _shown(path),
                                  "remove the link or choose another --out")
            if path.exists() and not path.is_dir():
                raise OutputError("is in the way: a folder is needed here", _shown(path),
                                  "move the file away or choose another --out")
        manifest = self.out / MANIFEST
        if manifest.is_symlink() and os.readlink(manifest) != f"{OWNED}/{INNER_MANIFEST}":
            raise OutputError("is a link to somewhere else", _shown(manifest), "remove it")
        if manifest.exists() and not manifest.is_symlink() and not manifest.is_file():
            raise OutputError("is in the way: the manifest file belongs here", _shown(manifest),
                              "move it away or choose another --out")

    def _lock(self) -> None:
        self._lock_handle = open(self.out / LOCK, "a+b")
        try:
            fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self.close()
            raise OutputError("another lessonpack build is writing to this folder", _shown(self.out),
                              "wait for it to finish, then build again") from exc

    def _clean_leftovers(self) -> None:
        """Remove what a killed build left: staging folders and ``.part`` files."""
        for leftover in self.out.glob(f"{STAGING_PREFIX}*"):
            _remove_tree(leftover)
        for part in self.out.glob(".*.part"):
            part.unlink(missing_ok=True)
        owned = self.out / OWNED
        if owned.is_dir():
            for part in owned.rglob("*.part"):
                if part.is_file() and not part.is_symlink():
                    part.unlink(missing_ok=True)

    # -- filling -----------------------------------------------------------------------------
    def path(self, relative: str) -> Path:
        """Where ``relative`` (e.g. ``packs/ks2/x/guide.pdf``) goes in the staging folder."""
        if not _inside_owned(relative):
            raise OutputError(f"refusing to write outside {OWNED}/: {relative}", _shown(self.out))
        assert self.root is not None, "use Staging as a context manager"
        return self.root / relative

    def write(self, relative: str, data: bytes) -> None:
        """Stage ``data`` as ``relative``; a full disk or other failure raises OutputError."""
        target = self.path(relative)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(data)
                # On disk before the commit can name it: a power cut after "done" leaves no empty file.
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write the build: {exc.strerror}", _shown(self.out / relative),
                              "free some disk space" if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
                              else "") from exc

    def carry(self, relative: str) -> dict | None:
        """Carry ``relative`` unchanged from the committed build (hard link, copy if links fail).

        Returns the file's earlier manifest entry, or None when the committed build has no such
        file or it no longer matches its manifest hash (then render it again).
        """
        entry = self.previous.get(relative)
        source = self.out / relative
        if entry is None or source.is_symlink() or not source.is_file():
            return None
        try:
            if sha256(source.read_bytes()) != entry["sha256"]:
                self.warnings.append(f"{relative}: changed since it was built; rebuilt")
                return None
            target = self.path(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)  # the same, already durable, file
            except OSError:
                shutil.copyfile(source, target)
                _fsync(target)
        except OSError as exc:
            raise OutputError(f"cannot carry the earlier file: {exc.strerror}", _shown(source)) from exc
        return entry

    def carry_all_except(self, fresh: set[str]) -> list[dict]:
        """Carry every committed file not in ``fresh`` (a partial build keeps the rest); their entries."""
        return [entry for path, entry in sorted(self.previous.items())
                if path not in fresh and self.carry(path) is not None]

    # -- committing --------------------------------------------------------------------------
    def commit(self, entries: list[dict]) -> None:
        """Write the manifest and swap the staging folder in: the single commit point."""
        assert self.root is not None, "use Staging as a context manager"
        staged_owned = self.root / OWNED
        missing = [e["path"] for e in entries if not (self.root / e["path"]).is_file()]
        if missing:
            raise OutputError(f"internal: listed but not staged: {missing[0]}", _shown(self.out))
        try:
            (staged_owned / INNER_MANIFEST).write_text(manifest_json(entries), encoding="utf-8")
            _fsync(staged_owned / INNER_MANIFEST)
            # Every folder's entries on disk before the swap, so the swapped-in tree is complete after a power cut.
            for folder in sorted({p.parent for p in staged_owned.rglob("*")} | {staged_owned}, reverse=True):
                _fsync(folder)
            self._point_manifest_link()
            owned = self.out / OWNED
            if owned.exists():
                if not _exchange(staged_owned, owned):
                    # No atomic exchange here: two renames, with a moment without packs/.
                    os.rename(owned, self.root / "previous")
                    os.rename(staged_owned, owned)
            else:
                os.rename(staged_owned, owned)
            _fsync(self.out)  # the swap itself (and the manifest link) made durable
        except OSError as exc:
            raise OutputError(f"cannot commit the build: {exc.strerror}", _shown(self.out)) from exc
        self.committed = True

    def _point_manifest_link(self) -> None:
        """Make ``manifest.json`` the fixed link into the owned folder (once; keeps old builds readable)."""
        link = self.out / MANIFEST
        if link.is_symlink():
            return
        owned = self.out / OWNED
        if link.is_file() and owned.is_dir():
            # An older layout: keep its manifest readable through the link until the swap.
            temp = owned / f"{INNER_MANIFEST}.part"
            shutil.copyfile(link, temp)
            os.replace(temp, owned / INNER_MANIFEST)
        temp_link = self.out / f".{MANIFEST}.part"
        temp_link.unlink(missing_ok=True)
        os.symlink(f"{OWNED}/{INNER_MANIFEST}", temp_link)
        os.replace(temp_link, link)

    # -- closing -----------------------------------------------------------------------------
    def close(self) -> None:
        """Remove the staging folder (after a commit it holds the previous build) and unlock."""
        if self.root is not None:
            _remove_tree(self.root)
            self.root = None
        if self._lock_handle is not None:
            if self._created_out and not self.committed:
                # A first build that failed leaves no trace, not even an empty folder.
                (self.out / LOCK).unlink(missing_ok=True)
                (self.out / MANIFEST).unlink(missing_ok=True)
                try:
                    self.out.rmdir()
                except OSError:
                    pass
            self._lock_handle.close()
            self._lock_handle = None

    def __exit__(self, kind, exc, traceback) -> None:
        try:
            self.close()
        except KeyboardInterrupt:
            pass
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            state = ("holds the new complete build" if self.committed
                     else "still holds the previous complete build; nothing was changed")
            raise BuildInterrupted(f"interrupted: {self.out.as_posix()} {state}") from exc
