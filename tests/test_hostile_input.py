"""Hostile input: every bad file is refused with the project's own error and a place, never a traceback."""

from __future__ import annotations

import os

import pytest

from generator.build import build
from generator.errors import LessonpackError, RenderError, ValidationFailed
from generator.lessons import load_lessons
from generator.yamlio import parse_yaml
from helpers import edit

KS2 = "lessons/demo/ks2.yaml"


def problems(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    return [str(p) for p in caught.value.problems]


def only_problem(project) -> str:
    [problem] = problems(project)
    return problem


# -- themes are data -----------------------------------------------------------------------------

@pytest.mark.parametrize("attack", [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ meta.__class__.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{% set x = content.__dict__ %}{{ x }}",
    "{{ 'x' * 1000000000 }}",
])
def test_a_theme_template_cannot_reach_python_internals(project, tmp_path, attack):
    # The worksheet is the first document a build renders: the attack is met at once (a fast test).
    template = project.themes / "default/templates/worksheet.html"
    text = template.read_text()
    line = text[:text.index("{{ meta.title }}</h1>")].count("\n") + 1
    template.write_text(text.replace("{{ meta.title }}</h1>", attack + "</h1>"))
    with pytest.raises(RenderError) as caught:
        build(project, out=tmp_path / "out", jobs=1)
    assert str(caught.value).startswith(
        f"themes/default/templates/worksheet.html:{line}: error: demo (ks2, worksheet.pdf): ")
    assert "not allowed" in str(caught.value) or "unsafe" in str(caught.value)
    assert not (tmp_path / "out").exists()


# -- text is clean or refused with a place -------------------------------------------------------

def test_a_control_character_is_refused_at_its_line_and_column(project):
    edit(project, "ks2.yaml", "minutes: 5", "minutes: 5 # \x1b[31m")
    assert only_problem(project) == f"{KS2}:11:16: error: control character U+001B is not allowed in text"


def test_a_non_character_is_refused_at_its_line_and_column(project):
    edit(project, "lesson.yaml", "title:", "title: \ufffe")
    [problem] = [p for p in problems(project)]
    assert problem.startswith("lessons/demo/lesson.yaml:") and problem.endswith(
        "error: non-character U+FFFE is not allowed in text")


def test_invalid_utf8_names_line_and_column(project):
    path = project.lessons / "demo/ks2.yaml"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2] + b" \xff\xfe"
    path.write_bytes(b"\n".join(lines))
    column = len(lines[2]) - 1
    assert only_problem(project) == f"{KS2}:3:{column}: error: invalid UTF-8 (byte 0xff)"


def test_deep_nesting_is_refused_without_a_recursion_error():
    with pytest.raises(LessonpackError) as caught:
        parse_yaml("a: " + "[" * 5000 + "]" * 5000, "deep.yaml")
    assert str(caught.value).startswith("deep.yaml:1:43: error: nested more than 40 levels deep")
    with pytest.raises(LessonpackError, match="nested more than 40 levels deep"):
        parse_yaml("".join(" " * i + "- \n" for i in range(0, 400, 2)) + " " * 400 + "- x\n", "block.yaml")


@pytest.mark.parametrize("value, expected", [
    ("1" * 5000, "cannot read this value"),
    ("2024-13-45", "cannot read this value"),
])
def test_values_python_cannot_build_are_located(value, expected):
    with pytest.raises(LessonpackError) as caught:
        parse_yaml(f"x: {value}\n", "v.yaml")
    assert str(caught.value).startswith(f"v.yaml:1:4: error: {expected}")


@pytest.mark.parametrize("value", ["true", '"5"', "5.5", "null"])
def test_minutes_must_be_a_whole_number_not_a_boolean_or_text(project, value):
    edit(project, "ks2.yaml", "minutes: 5", f"minutes: {value}")
    problem = next(p for p in problems(project) if ":11:" in p)
    assert problem.startswith(f"{KS2}:11:12: error: ")


# -- only regular files, only inside the project --------------------------------------------------

def test_a_fifo_where_a_lesson_file_belongs_is_refused_without_hanging(project):
    path = project.lessons / "demo/ks2.yaml"
    path.unlink()
    os.mkfifo(path)
    assert only_problem(project) == f"{KS2}: error: is not a regular file (a pipe, device or socket); refused"


def test_a_folder_where_a_lesson_file_belongs_is_refused(project):
    path = project.lessons / "demo/ks2.yaml"
    path.unlink()
    path.mkdir()
    assert only_problem(project) == f"{KS2}: error: is a folder; a file is needed here"


def test_a_dangling_link_is_refused(project):
    path = project.lessons / "demo/ks2.yaml"
    path.unlink()
    path.symlink_to(project.root / "nowhere.yaml")
    assert only_problem(project) == f"{KS2}: error: is a link to a file that does not exist"


def test_a_link_leading_out_of_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    path = project.lessons / "demo/ks2.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    assert only_problem(project) == f"{KS2}: error: is a link leading outside the project; refused"


def test_the_size_limit_counts_bytes_read(project):
    path = project.lessons / "demo/ks2.yaml"
    path.write_text(path.read_text() + "#" * (600 * 1024) + "\n")
    assert only_problem(project) == f"{KS2}: error: file is too large (more than 524288 bytes, the limit)"
