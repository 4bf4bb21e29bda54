"""Shared fixtures: a throw-away project with one valid lesson, and one real build per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.project import Project
from generator.scaffold import write_scaffold

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = "spotting-fake-identities"


def make_project(folder: Path, lesson_id: str = "demo") -> Project:
    """A minimal project in ``folder``: the real themes and data, one scaffolded lesson."""
    shutil.copytree(ROOT / "themes", folder / "themes")
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "curricula", folder / "curricula")
    (folder / "lessons").mkdir()
    project = Project(folder)
    write_scaffold(project, lesson_id)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh project with the scaffolded lesson 'demo' (ks2 only)."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def flagship_build(tmp_path_factory) -> Path:
    """The flagship lesson built once for the whole session; returns the build folder."""
    out = tmp_path_factory.mktemp("flagship")
    build(Project(ROOT), lessons=[FLAGSHIP], out=out)
    return out


@pytest.fixture(scope="session")
def school_flagship_ks2(tmp_path_factory) -> Path:
    """The example school's flagship pack at ks2 (logo, local helplines, Word letter), built once."""
    out = tmp_path_factory.mktemp("school-flagship-ks2")
    build(Project(ROOT), school=ROOT / "schools" / "example-primary.yaml", lessons=[FLAGSHIP], stages=["ks2"], out=out)
    return out


@pytest.fixture(scope="session")
def flagship_site(flagship_build, tmp_path_factory) -> Path:
    """The catalogue site of the flagship build (four packs), built once for the session."""
    from generator.site import build_site

    out = tmp_path_factory.mktemp("flagship-site") / "site"
    build_site(Project(ROOT), out=out, build_dir=flagship_build)
    return out
