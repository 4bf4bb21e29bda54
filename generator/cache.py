"""Content-hash cache: which targets of a build are already up to date in the output folder.

A target (one lesson at one key stage, or one key stage's unit letter) is a pure function
of its inputs. Its key is the SHA-256 of exactly what its renderer is given: the lesson's
data after school overlays, the files of the lesson folder other than its YAML, the school
details, the helplines shown at that key stage, every file of the theme chain, the logo,
the generator's own source and the versions of the libraries that draw the output. Never a
path, a modification time or anything about the machine.

``<out>/packs/.lessonpack-cache.json`` records, per target, the key of the build that wrote
it and the manifest entries (path, sha256, ...) of its files. It lives in the folder that a
build swaps in as one step (:mod:`generator.staging`), so records and files always change
together. A target is reused only when its key is unchanged AND every recorded file is
listed in the committed manifest and still there with its recorded sha256; anything else (a
missing record, an edited or deleted output, a corrupt cache file) means "render again". So
the cache can make a build faster but never serve a stale file.

Whoever gives a renderer a new input (a data file, curricula) must add it to the key here;
files in ``data/`` this module does not know are put in every key, to be safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .output import sha256

CACHE_FILE = ".lessonpack-cache.json"
#: Where the records live, relative to the output folder: inside the folder a build swaps in.
CACHE_PATH = f"packs/{CACHE_FILE}"
#: Bump when the meaning of a record changes; older records are then ignored.
CACHE_FORMAT = 2
#: How many recent build requests (option sets) a folder remembers for the no-op check.
REMEMBERED_REQUESTS = 8
#: Data files whose use is known: helplines go into keys per key stage, the guidance into
#: unit-letter keys, and the lint rules into no output at all.
KNOWN_DATA_FILES = {"helplines.yaml", "parent_guidance.yaml", "lint.yaml"}
#: Libraries whose version can change the bytes of an output.
OUTPUT_LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "fonttools", "python-pptx", "python-docx", "jinja2", "pillow",
                    "pydantic", "pyyaml", "markupsafe")


class KeyHasher:
    """SHA-256 over labelled, length-prefixed parts, so that no two different inputs run together."""

    def __init__(self, kind: str):
        self._hash = hashlib.sha256()
        self.text("target kind", kind)

    def bytes(self, label: str, data: bytes) -> None:
        """Add one labelled byte string."""
        for part in (label.encode(), data):
            self._hash.update(len(part).to_bytes(8, "big"))
            self._hash.update(part)

    def text(self, label: str, value: str) -> None:
        """Add one labelled string."""
        self.bytes(label, value.encode("utf-8"))

    def json(self, label: str, value) -> None:
        """Add a JSON-able value in canonical form (sorted keys)."""
        self.text(label, json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")))

    def hexdigest(self) -> str:
        """The key."""
        return self._hash.hexdigest()


def _ignored(path: Path) -> bool:
    # Editor swap and backup files and Python caches are not inputs; a saved edit is.
    return any(part.startswith(".") or part == "__pycache__" for part in path.parts) or path.name.endswith("~")


def folder_digest(folder: Path, skip_suffixes: tuple[str, ...] = ()) -> str:
    """Hash of every file under ``folder``: names relative to it (never the absolute path) and bytes."""
    hasher = KeyHasher("folder")
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not _ignored(relative) and not path.name.lower().endswith(skip_suffixes):
                hasher.bytes(relative.as_posix(), path.read_bytes())
    return hasher.hexdigest()


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def library_versions() -> dict[str, str]:
    """Installed versions of OUTPUT_LIBRARIES, read from the ``*.dist-info`` folder names on ``sys.path``.

    (``importlib.metadata`` would take longer to import than the whole no-op build.)
    """
    wanted = {_normalised(name) for name in OUTPUT_LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, version = folder[: -len(".dist-info")].rpartition("-")
                if _normalised(name) in wanted:
                    found.setdefault(_normalised(name), version)
    return {name: found.get(name, "absent") for name in sorted(wanted)}


@lru_cache(maxsize=1)
def generator_digest() -> str:
    """Hash of the generator's source files, its version, Python's version and the output libraries' versions."""
    from . import __version__

    hasher = KeyHasher("generator")
    hasher.text("version", __version__)
    hasher.text("python", "%d.%d" % sys.version_info[:2])
    hasher.json("libraries", library_versions())
    hasher.text("source", folder_digest(Path(__file__).parent))
    return hasher.hexdigest()


def shared_digest(theme, logo: tuple[Path, str] | None, school, kinds: dict[str, str], data_dir: Path,
                  translations: str = "") -> str:
    """Hash of what every target of one build shares: generator, theme chain, logo, school details, kinds."""
    hasher = KeyHasher("shared")
    hasher.text("generator", generator_digest())
    hasher.text("theme", theme.id)
    for index, folder in enumerate(theme.folders):
        # The position and name say which layer overrides which; the absolute path must not count.
        hasher.text(f"theme folder {index}", folder.name)
        hasher.text(f"theme files {index}", folder_digest(folder))
    # The picture library's index is read from the project's default theme whatever the chain.
    index = theme.folders[-1].parent / "default" / "pictures" / "pictures.yaml"
    if index.is_file():
        hasher.bytes("picture library index", index.read_bytes())
    if logo is not None:
        path, alt = logo
        hasher.bytes("logo", path.read_bytes())
        hasher.text("logo suffix", path.suffix.lower())
        hasher.text("logo alt", alt)
    hasher.json("school", school.model_dump(mode="json"))
    hasher.json("kinds", kinds)
    hasher.text("translations", translations)  # letters in other languages (build.translations_digest)
    if data_dir.is_dir():
        for path in sorted(data_dir.rglob("*")):
            relative = path.relative_to(data_dir)
            if path.is_file() and relative.as_posix() not in KNOWN_DATA_FILES and not _ignored(relative):
                hasher.bytes(f"data {relative.as_posix()}", path.read_bytes())
    return hasher.hexdigest()


def pack_key(shared: str, lesson, stage: str, helplines: list) -> str:
    """Key of one pack: the shared inputs, the lesson at ``stage`` after overlays, its folder's files, its helplines."""
    hasher = KeyHasher("pack")
    hasher.text("shared", shared)
    hasher.text("lesson", lesson.id)
    hasher.text("stage", stage)
    hasher.json("meta", lesson.meta.model_dump(mode="json"))
    hasher.json("content", lesson.stages[stage].model_dump(mode="json"))
    # The YAML is already in as data after overlays; pictures and any other file the
    # templates may reach through the lesson folder count as bytes.
    hasher.text("lesson files", folder_digest(lesson.folder, skip_suffixes=(".yaml", ".yml")))
    hasher.json("helplines", [h.model_dump(mode="json") for h in helplines])
    return hasher.hexdigest()


def unit_letter_key(shared: str, stage: str, lessons: list, guidance, helplines: list) -> str:
    """Key of one key stage's unit letter: the lines it lists, that key stage's guidance and the parents' helplines."""
    hasher = KeyHasher("unit letter")
    hasher.text("shared", shared)
    hasher.text("stage", stage)
    hasher.json("lessons", [asdict(lesson) for lesson in lessons])
    hasher.json("guidance", guidance.model_dump(mode="json"))
    hasher.json("helplines", [h.model_dump(mode="json") for h in helplines])
    return hasher.hexdigest()


class BuildCache:
    """The cache records of one output folder: target id -> key and manifest entries."""

    def __init__(self, out: Path, committed: dict[str, dict]):
        """Read the records of ``out``; ``committed`` is its manifest (path -> entry)."""
        self.out = out
        self.committed = committed
        data = self._read(out / CACHE_PATH)
        self.records: dict[str, dict] = {k: v for k, v in data.get("targets", {}).items() if isinstance(v, dict)}
        #: Recent requests, oldest first: {"fingerprint", "keys": {target: key}, "warnings"}.
        self.requests: list[dict] = [r for r in data.get("requests", []) if isinstance(r, dict)]

    @staticmethod
    def _read(path: Path) -> dict:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if (not isinstance(data, dict) or data.get("format") != CACHE_FORMAT
                or not isinstance(data.get("targets"), dict) or not isinstance(data.get("requests"), list)):
            return {}
        return data

    def reusable(self, target: str, key: str) -> list[dict] | None:
        """The manifest entries of ``target`` if it was built from ``key`` and its files are intact, else None."""
        record = self.records.get(target)
        if not record or record.get("key") != key or not isinstance(record.get("entries"), list):
            return None
        entries = record["entries"]
        for entry in entries:
            try:
                path, digest = entry["path"], entry["sha256"]
                if self.committed.get(path, {}).get("sha256") != digest:
                    return None
                if sha256((self.out / path).read_bytes()) != digest:
                    return None
            except (OSError, KeyError, TypeError, AttributeError):
                return None
        return entries

    def record(self, target: str, key: str, entries: list[dict]) -> None:
        """Remember that ``target`` was built from ``key`` into the files of ``entries``."""
        self.records[target] = {"key": key, "entries": entries}

    def request(self, fingerprint: str) -> tuple[dict[str, str], list[str]] | None:
        """The target keys and warnings a build of the request ``fingerprint`` committed, if remembered."""
        for remembered in self.requests:
            if remembered.get("fingerprint") == fingerprint:
                keys, warnings = remembered.get("keys"), remembered.get("warnings")
                if isinstance(keys, dict) and isinstance(warnings, list):
                    return keys, warnings
        return None

    def remember_request(self, fingerprint: str, keys: dict[str, str], warnings: list[str]) -> None:
        """Remember that the request ``fingerprint`` is fully built with ``keys`` (see :mod:`generator.noop`)."""
        self.requests = [r for r in self.requests if r.get("fingerprint") != fingerprint]
        self.requests.append({"fingerprint": fingerprint, "keys": dict(keys), "warnings": list(warnings)})
        self.requests = self.requests[-REMEMBERED_REQUESTS:]

    def text(self) -> str:
        """The records as the JSON text of the cache file."""
        body = {"format": CACHE_FORMAT, "targets": self.records, "requests": self.requests}
        return json.dumps(body, indent=1, sort_keys=True) + "\n"
