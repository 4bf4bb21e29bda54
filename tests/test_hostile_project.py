"""Hostile projects: bad options, look-alike files, broken themes and profiles, all refused with a place."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT
from helpers import edit, pdf_text
from PIL import Image

from generator import api
from generator.build import build
from generator.cli import main
from generator.errors import LessonpackError, RenderError, ValidationFailed
from generator.lessons import load_lessons

HOSTILE = ROOT / "tests" / "hostile"


def check_problems(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        api.check(project)
    return [str(p) for p in caught.value.problems]


def cli(capsys, *argv) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().err


# -- options are names and numbers, never paths -----------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["--theme", "../../etc"], "error: --theme takes a theme name (a folder in themes/), not a path: '../../etc'"),
    (["--jobs", "-1"], "error: --jobs must be 0 (one process per CPU) or a positive number, not -1"),
    (["--lesson", "demo", "--lesson", "demo"], "error: lesson 'demo' is named twice"),
    (["--out", "lessons"], "error: refusing to build into lessons: it is inside the project's lessons/ folder"),
    (["--out", "."], "error: refusing to build into .: it holds the project itself"),
    (["--out", "themes/default/css"], "error: refusing to build into themes/default/css: it is inside the project's themes/ folder"),
])
def test_bad_build_options_are_refused_before_anything_is_written(project, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(project.root)
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    status, err = cli(capsys, "build", *argv)
    assert (status, err.splitlines()[0]) == (1, message)
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


def test_a_school_file_name_that_is_not_a_slug_cannot_pick_the_output_folder(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    (project.root / "schools").mkdir()
    shutil.copy(ROOT / "schools/example-primary.yaml", project.root / "schools/...yaml")
    status, err = cli(capsys, "build", "--school", "schools/...yaml")
    assert status == 1
    assert err.startswith("schools/...yaml: error: a school profile's file name must be lower-case words joined by hyphens")
    assert not (project.root / "build").exists()


def test_an_unexpected_exception_is_one_line_saying_it_is_a_bug(project, capsys, monkeypatch):
    monkeypatch.chdir(project.root)
    monkeypatch.setattr(api, "check", lambda project: 1 / 0)
    status, err = cli(capsys, "check")
    assert status == 2
    assert err == ("lessonpack: internal error (a bug, please report it) while running 'lessonpack check': "
                   "ZeroDivisionError: division by zero\n")


# -- files that would be silently ignored ---------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("ks3.yml", "'ks3.yml' would be ignored: rename it to 'ks3.yaml'"),
    ("KS3.YAML", "'KS3.YAML' would be ignored: rename it to 'ks3.yaml'"),
    ("Lesson.yaml", "'Lesson.yaml' would be ignored: rename it to 'lesson.yaml'"),
    ("notes.yml", "unexpected file 'notes.yml' (a lesson folder holds lesson.yaml and ks1.yaml ... ks4.yaml)"),
])
def test_look_alike_key_stage_files_are_reported(project, name, message):
    (project.lessons / "demo" / name).write_text("objectives: []\n")
    with pytest.raises(ValidationFailed) as caught:
        load_lessons(project.lessons, root=project.root)
    assert [str(p) for p in caught.value.problems] == [f"lessons/demo/{name}: error: {message}"]


# -- school profiles --------------------------------------------------------------------------------

def school(project, text: str) -> None:
    (project.root / "schools").mkdir(exist_ok=True)
    (project.root / "schools/test-school.yaml").write_text(text)


SCHOOL = "name: Test School\nsign_off: {name: Ms A, role: Head}\n"


@pytest.mark.parametrize("extra, message", [
    ("lessons: []\n", "schools/test-school.yaml:3:10: error: 'lessons' needs at least 1 item(s), found 0"),
    ("stages: [ks2, ks2]\n", "schools/test-school.yaml:3:9: error: 'ks2' is listed twice"),
    ("stages: [ks1]\nlessons: [demo]\n",
     "schools/test-school.yaml:4:11: error: lesson 'demo' has none of this profile's key stages (ks1), "
     "so it would be left out"),
    ("overrides:\n  demo:\n    ks2:\n      drop: [no-such-activity]\n",
     "schools/test-school.yaml:6:14: error: unknown activity 'no-such-activity' in demo ks2"),
    ("overrides:\n  demo:\n    ks2:\n      timings: {main-activity: true}\n",
     "schools/test-school.yaml:6:32: error: 'main-activity' must be a whole number, found bool True"),
])
def test_check_applies_every_school_profile(project, extra, message):
    school(project, SCHOOL + extra)
    [problem] = check_problems(project)
    assert problem.startswith(message)


def test_rename_treats_the_new_name_as_text_not_a_regex_template(project):
    edit(project, "ks2.yaml", "scenario: \"TODO: a short story about fictional characters.\"",
         "scenario: \"Sam meets Kai online.\"")
    edit(project, "ks2.yaml", "letter:", "characters:\n  - {name: Sam, description: a pupil}\nletter:")
    school(project, SCHOOL + "overrides:\n  demo:\n    ks2:\n      rename: {Sam: '\\g<0>\\1 & Co'}\n")
    from generator.profiles import load_school

    profile = load_school(project.root / "schools/test-school.yaml", project)
    [lesson] = load_lessons(project.lessons, root=project.root, overlays=profile.overlays())
    assert lesson.stages["ks2"].activities[0].scenario == "\\g<0>\\1 & Co meets Kai online."


def test_an_overflow_caused_by_the_school_name_points_at_the_profile_line(project, tmp_path):
    name = ("Saint " + "Bartholomew " * 40)[:400].strip()
    school(project, f"# a profile\nsign_off: {{name: Ms A, role: Head}}\nname: {name}\n")
    with pytest.raises(RenderError) as caught:
        build(project, school=project.root / "schools/test-school.yaml", out=tmp_path / "out", jobs=1)
    assert str(caught.value) == (
        "schools/test-school.yaml:3:7: error: demo (ks2, slides.pptx): text would overflow its box on slide 1 "
        f"('Demo') even at 24 pt: “{name[:60]}…”\n"
        "  hint: shorten the school's name in its profile (the name pupils know it by); "
        "it must fit in two lines at the foot of slide 1")
    assert not (tmp_path / "out").exists()


def test_office_properties_take_a_school_name_longer_than_255_characters(project):
    # python-docx refuses a longer document property with a ValueError (a traceback in a campaign's Word copies).
    from io import BytesIO

    from docx import Document

    from generator.renderers.word_letter import render_word_letter
    from generator.school import SchoolInfo
    from generator.themes import load_theme
    from generator.views import build_view

    [lesson] = load_lessons(project.lessons, root=project.root)
    view = build_view(lesson, "ks2", SchoolInfo(name="N" * 300), [])
    document = Document(BytesIO(render_word_letter(view, load_theme(project.themes, "default", project.root))))
    assert document.core_properties.author == "N" * 254 + "…"


# -- themes are complete ----------------------------------------------------------------------------

def test_check_finds_every_broken_theme_file(project):
    default = project.themes / "default"
    css = default / "css/base.css"
    css.write_text(css.read_text() + "\n@font-face { font-family: X; src: url(../fonts/missing.ttf); }\n"
                   "@import url(file:///etc/passwd);\n")
    (default / "fonts/AtkinsonHyperlegible-latin-700.ttf").write_bytes(b"not a font at all")
    icon = default / "icons/pencil.png"
    icon.write_bytes(icon.read_bytes()[:len(icon.read_bytes()) // 2])  # truncated
    Image.new("RGB", (4, 4)).save(default / "icons/target.png", format="JPEG")  # a JPEG named .png
    Image.new("1", (9000, 2)).save(default / "icons/users.png")
    (default / "templates/guide.html").unlink()
    lines = css.read_text().splitlines()
    missing_line = next(i for i, line in enumerate(lines, 1) if "missing.ttf" in line)
    found = check_problems(project)
    expected = [
        f"themes/default/css/base.css:{missing_line}:35: error: font is missing: ../fonts/missing.ttf (no such file in the theme)",
        f"themes/default/css/base.css:{missing_line + 1}:9: error: refused URL 'file:///etc/passwd': a theme may only use files inside its own folder",
        "themes/default/fonts/AtkinsonHyperlegible-latin-700.ttf: error: is not a valid font",
        "themes/default/icons/pencil.png: error: picture cannot be decoded",
        "themes/default/icons/target.png: error: is not a PNG picture (it holds JPEG data)",
        "themes/default/icons/users.png: error: picture is 9000x2 pixels; the limit is 8000 a side and 40 megapixels",
        "themes/default/templates: error: template guide.html is missing",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)


def test_a_refused_url_in_theme_css_names_the_file_and_line_at_build_time(project, tmp_path):
    css = project.themes / "default/css/base.css"
    css.write_text(css.read_text() + "\nbody { background: url(file:///etc/hostname); }\n")
    line = len(css.read_text().splitlines())
    with pytest.raises(RenderError) as caught:
        build(project, out=tmp_path / "out", jobs=1)
    assert str(caught.value).startswith(f"themes/default/css/base.css:{line}: error: ")
    assert "file:///etc/hostname" in str(caught.value)


# -- layout and names -------------------------------------------------------------------------------

def test_a_3000_character_word_wraps_inside_the_guide(project, tmp_path):
    word = "x" * 3000
    edit(project, "ks2.yaml", "teacher_notes: \"TODO: how to run it.\"", f"teacher_notes: \"{word}\"")
    build(project, out=tmp_path / "out", jobs=1, stages=["ks2"])
    from pypdf import PdfReader

    reader = PdfReader(str(tmp_path / "out/packs/ks2/demo/guide.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    runs = [len(run) for run in re.findall(r"x{20,}", text)]
    assert sum(runs) >= 3000 - 10  # every character is printed ...
    assert max(runs) < 150  # ... on lines that fit the page


def test_picture_file_names_with_hash_question_mark_percent_and_spaces_work(project, tmp_path):
    name = "my pic #1?50%.png"
    (project.lessons / "demo/images").mkdir()
    Image.new("RGB", (40, 30), "red").save(project.lessons / "demo/images" / name)
    edit(project, "ks2.yaml", "    type: discussion\n",
         f"    type: discussion\n    picture: {{path: 'images/{name}', alt: 'A red square'}}\n")
    build(project, out=tmp_path / "out", jobs=1, stages=["ks2"])
    from pypdf import PdfReader

    images = [img for page in PdfReader(str(tmp_path / "out/packs/ks2/demo/worksheet.pdf")).pages
              for img in page.images]
    assert any(img.image.size == (40, 30) for img in images)
    assert "Read the story" in pdf_text(tmp_path / "out/packs/ks2/demo/worksheet.pdf")
