"""The same input gives the same PDF bytes wherever the project is checked out.

WeasyPrint names every image after its URL; documents therefore refer to pictures and
logos by path-free URLs, and this test renders one lesson with a library picture, a
lesson picture and a school logo from two different folders and compares the bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, make_project

from generator.lessons import load_lessons
from generator.profiles import load_school
from generator.renderers import Renderers
from generator.themes import load_theme
from generator.helplines import load_helplines
from generator.views import build_view

SCHOOL = """\
name: Path Test School
logo: {path: logo.png, alt: Path Test School logo}
"""


def render_from(folder: Path) -> dict[str, bytes]:
    """The worksheet and letter of lesson 'demo' (ks2), rendered in a project at ``folder``."""
    project = make_project(folder)
    stage = project.lessons / "demo" / "ks2.yaml"
    text = stage.read_text(encoding="utf-8")
    stage.write_text(text.replace("    type: discussion\n", "    type: discussion\n    picture: tablet\n", 1),
                     encoding="utf-8")
    (project.lessons / "demo" / "images").mkdir()
    shutil.copy(ROOT / "schools" / "example-primary-logo.png", project.lessons / "demo" / "images" / "own.png")
    (project.root / "schools").mkdir()
    shutil.copy(ROOT / "schools" / "example-primary-logo.png", project.root / "schools" / "logo.png")
    (project.root / "schools" / "path-test.yaml").write_text(SCHOOL, encoding="utf-8")
    school = load_school(project.root / "schools" / "path-test.yaml", project)
    lesson = load_lessons(project.lessons, root=project.root)[0]
    theme = load_theme(project.themes, "default", project.root)
    logo = school.logo()
    renderers = Renderers(theme, [logo[0].parent])
    try:
        view = build_view(lesson, "ks2", school.profile.info(), load_helplines(project.data, project.root))
        html = renderers.documents.render_html("worksheet", view, lesson.folder, logo)
        assert str(folder) not in html
        return {kind: renderers.render(kind, view, lesson.folder, logo)[0] for kind in ("worksheet", "letter")}
    finally:
        renderers.close()


def test_pdf_bytes_do_not_depend_on_the_checkout_path(tmp_path):
    first = render_from(tmp_path / "a")
    second = render_from(tmp_path / "somewhere" / "much-deeper")
    assert first["worksheet"] == second["worksheet"]
    assert first["letter"] == second["letter"]
    assert b"/Image" in first["worksheet"] or b"/XObject" in first["worksheet"]
