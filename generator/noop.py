"""Recognise a build that would change nothing, before loading a lesson or importing pydantic.

A build *request* (the project's input files, the school profile and the options) has a
fingerprint: the hash of every file the build may read (``lessons/``, ``themes/``, ``data/``,
``curricula/``, the school profile and its logo) by content and relative name, the options,
and the generator's own source. A build that commits records its fingerprint beside the
per-target cache records, with the key of every target it covered (:mod:`generator.cache`).

When the same request comes again, the records still hold those keys and every file is
intact, nothing can have changed: the command is done after hashing, in a fraction of a
second. Anything else (an edit, a deleted output, a record written by a different request)
falls through to the full build, which keys every target again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_PATH, BuildCache, KeyHasher, folder_digest, generator_digest
from .project import Project
from .results import BuildResult
from .staging import has_leftovers, read_manifest

#: ``themes.DEFAULT_THEME``, repeated so that this module needs no pydantic (a test keeps them equal).
DEFAULT_THEME = "default"
#: Every folder of the project a build may read.
INPUT_FOLDERS = ("lessons", "themes", "data", "curricula", "locale")


@dataclass
class Request:
    """One build request: where it writes and the fingerprint of everything it reads."""

    out: Path
    fingerprint: str


def output_folder(project: Project, theme: str, school_slug: str | None) -> Path:
    """Where a build goes unless --out says otherwise: build/, build/themes/<t>/ or build/schools/<slug>/."""
    if school_slug is not None:
        return project.build / "schools" / school_slug
    if theme != DEFAULT_THEME:
        return project.build / "themes" / theme
    return project.build


def _school_fields(school: Path) -> dict | None:
    """The raw profile (no validation), or None if it cannot be read: the full build will say why."""
    import yaml

    try:
        data = yaml.load(school.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe_request(project: Project, stages: list[str] | None, lessons: list[str] | None, out: Path | None,
                     theme: str | None, school: Path | None, letters=None) -> Request | None:
    """The request's output folder and fingerprint, or None when only a full build can tell."""
    hasher = KeyHasher("request")
    hasher.text("generator", generator_digest())
    hasher.json("options", {"stages": sorted(stages) if stages else None, "lessons": lessons or None,
                            "theme": theme, "letters": letters.as_json() if letters and any(letters.as_json().values())
                            else None})
    for name in INPUT_FOLDERS:
        hasher.text(name, folder_digest(project.root / name))
    slug = None
    if school is not None:
        fields = _school_fields(school)
        if fields is None:
            return None
        slug = school.stem
        hasher.bytes("school", school.read_bytes())
        logo = fields.get("logo")
        if isinstance(logo, dict) and isinstance(logo.get("path"), str):
            picture = school.parent / logo["path"]
            hasher.bytes("school logo", picture.read_bytes() if picture.is_file() else b"(missing)")
        if theme is None:
            theme = fields.get("theme")
            if theme is not None and not isinstance(theme, str):
                return None
    if out is None:
        out = output_folder(project, theme or DEFAULT_THEME, slug)
    return Request(out.resolve(), hasher.hexdigest())


def unchanged_build(request: Request) -> BuildResult | None:
    """A result listing every target as unchanged if ``request`` was built into its folder and nothing changed since."""
    if not (request.out / CACHE_PATH).is_file() or has_leftovers(request.out):
        return None  # leftovers of a stopped build: the full build cleans them
    committed, _ = read_manifest(request.out)
    cache = BuildCache(request.out, committed)
    remembered = cache.request(request.fingerprint)
    if remembered is None:
        return None
    keys, warnings = remembered
    if any(cache.reusable(target, key) is None for target, key in keys.items()):
        return None
    return BuildResult(request.out, warnings=list(warnings), unchanged=list(keys))
