"""The content-hash cache: each kind of edit rebuilds exactly the targets it touches, never fewer.

One small school project (lesson 'demo' at ks2, lesson 'other' at ks3) is built once; each
test then edits one input, builds again into the same folder and checks both WHICH targets
were rendered and that the new content is really in the files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import api
from generator.build import build
from generator.cache import CACHE_PATH, BuildCache
from generator.output import sha256
from generator.project import Project
from generator.scaffold import write_scaffold

from conftest import make_project
from helpers import pdf_colours, pdf_text

ALL = {"pack ks2/demo", "pack ks3/other", "unit-letter ks2", "unit-letter ks3"}
SCHOOL = """\
name: Cache Test Academy
dsl:
  name: Ms Ada Byron
  role: Designated safeguarding lead
  phone: "01632 960 999"
  email: dsl@cache.example
lessons: [demo, other]
"""


def replace(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The project, its school profile and a function that builds it and returns the rebuilt targets."""
    folder = tmp_path_factory.mktemp("cache") / "project"
    folder.mkdir()
    project = make_project(folder, "demo")
    write_scaffold(project, "other")
    stage_file = project.lessons / "other" / "ks2.yaml"
    stage_file.rename(project.lessons / "other" / "ks3.yaml")
    (folder / "schools").mkdir()
    school = folder / "schools" / "cache-test.yaml"
    school.write_text(SCHOOL, encoding="utf-8")
    out = folder / "build"

    def run() -> set[str]:
        # Through the API, as the command does: a no-op takes the fast path there.
        result = api.build(project, out=out, school=school, jobs=1)
        assert set(result.rebuilt) | set(result.unchanged) == ALL
        return set(result.rebuilt)

    assert run() == ALL
    return project, school, out, run


def test_nothing_changed_renders_nothing_and_writes_nothing(site):
    project, _, out, run = site
    files = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    assert run() == set()
    assert sorted(p for p in out.rglob("*") if p.is_file()) == files
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == before


def test_a_no_op_build_still_removes_what_a_stopped_build_left(site):
    # A build killed between its commit and its clean-up leaves a staging folder; the next build,
    # even one with nothing to render, removes it.
    _, _, out, run = site
    (out / ".staging-0123456789ab/packs/ks2").mkdir(parents=True)
    (out / ".staging-0123456789ab/packs/ks2/guide.pdf").write_bytes(b"half")
    (out / ".manifest.json.part").write_text("{")
    assert run() == set()
    assert not list(out.glob(".staging-*")) and not list(out.glob(".*.part"))


def test_no_op_command_imports_no_renderer_nor_pydantic(site):
    project, school, out, _ = site
    script = ("import sys; from generator import cli; "
              f"status = cli.main(['--project', {str(project.root)!r}, 'build', '--school', {str(school)!r}, "
              f"'--out', {str(out)!r}]); "
              "print(status, sorted(m for m in ('pydantic', 'weasyprint', 'pptx', 'docx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
    assert "up to date: 2 pack(s) and 2 unit letter(s) unchanged" in done.stdout


def test_comment_edit_renders_nothing(site):
    project, _, out, run = site
    path = project.lessons / "demo" / "lesson.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment changes no output\n", encoding="utf-8")
    assert run() == set()
    assert run() == set()


def test_lesson_edit_rebuilds_only_that_pack(site):
    project, _, out, run = site
    replace(project.lessons / "demo" / "ks2.yaml", 'title: "TODO"', 'title: "Spot the fake friend"')
    assert run() == {"pack ks2/demo"}
    assert "Spot the fake friend" in pdf_text(out / "packs/ks2/demo/worksheet.pdf")
    manifest = json.loads((out / "manifest.json").read_text())
    recorded = {a["path"]: a["sha256"] for a in manifest["artifacts"]}
    assert recorded["packs/ks2/demo/worksheet.pdf"] == sha256((out / "packs/ks2/demo/worksheet.pdf").read_bytes())
    assert "packs/ks3/other/worksheet.pdf" in recorded


def test_letter_text_edit_also_rebuilds_that_unit_letter(site):
    project, _, out, run = site
    replace(project.lessons / "other" / "ks3.yaml", "TODO: what your child will learn, for parents.",
            "how to spot a stranger pretending to be a friend.")
    assert run() == {"pack ks3/other", "unit-letter ks3"}
    assert "how to spot a stranger pretending to be a friend" in pdf_text(out / "packs/ks3/letter.pdf")


def test_template_edit_rebuilds_every_target_of_the_theme(site):
    project, _, out, run = site
    template = project.themes / "default/templates/worksheet.html"
    head, end, tail = template.read_text(encoding="utf-8").rpartition("{% endblock %}")
    template.write_text(f"{head}<p>Template marker 41723</p>{end}{tail}", encoding="utf-8")
    assert run() == ALL
    assert "Template marker 41723" in pdf_text(out / "packs/ks3/other/worksheet.pdf")


def test_theme_colour_edit_rebuilds_every_target(site):
    project, _, out, run = site
    theme = project.themes / "default/theme.yaml"
    text = theme.read_text(encoding="utf-8")
    assert "#7A1F5C" not in text.upper()
    theme.write_text(re.sub(r"(?m)^(\s*primary:).*$", r'\1 "#7A1F5C"', text, count=1), encoding="utf-8")
    assert run() == ALL
    assert (0x7A, 0x1F, 0x5C) in pdf_colours(out / "packs/ks2/demo/worksheet.pdf")


def test_helpline_for_older_pupils_rebuilds_only_their_targets(site):
    project, _, out, run = site
    # Report Remove is shown from ks3 only: the ks2 pack and letter do not show it.
    replace(project.data / "helplines.yaml", "name: Report Remove (Childline with the IWF)",
            "name: Report Remove service (Childline with the IWF)")
    assert run() == {"pack ks3/other", "unit-letter ks3"}
    assert "Report Remove service" in pdf_text(out / "packs/ks3/other/letter.pdf")


def test_parent_guidance_for_one_key_stage_rebuilds_only_its_unit_letter(site):
    project, _, out, run = site
    replace(project.data / "parent_guidance.yaml", "    - Which apps or games do you and your friends like at the moment?",
            "    - Which games do your friends play, and which do you like best?")
    assert run() == {"unit-letter ks2"}
    assert "Which games do your friends play" in pdf_text(out / "packs/ks2/letter.pdf")


def test_school_field_rebuilds_every_school_target(site):
    _, school, out, run = site
    replace(school, "Ms Ada Byron", "Mr Alan Turing")
    assert run() == ALL
    assert "Mr Alan Turing" in pdf_text(out / "packs/ks2/demo/letter.pdf")


def test_school_override_rebuilds_only_that_lesson(site):
    _, school, out, run = site
    school.write_text(school.read_text() + "overrides:\n  demo:\n    ks2:\n      note: Cache override note 5521.\n")
    assert run() == {"pack ks2/demo"}
    assert "Cache override note 5521" in pdf_text(out / "packs/ks2/demo/guide.pdf")


def test_edited_or_deleted_output_is_rendered_again(site):
    _, _, out, run = site
    (out / "packs/ks3/other/guide.pdf").write_bytes(b"not the guide")
    (out / "packs/ks2/letter.pdf").unlink()
    assert run() == {"pack ks3/other", "unit-letter ks2"}
    assert "Teacher guide" in pdf_text(out / "packs/ks3/other/guide.pdf")
    assert (out / "packs/ks2/letter.pdf").is_file()


def test_cache_survives_moving_the_project(site, tmp_path):
    project, school, _, _ = site
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(project.root, moved)
    result = build(Project(moved), out=moved / "build", school=moved / "schools" / school.name, jobs=1)
    assert result.rebuilt == []


def test_unreadable_cache_file_means_no_records(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / CACHE_PATH).write_text("{not json")
    assert BuildCache(tmp_path, {}).records == {}
    (tmp_path / CACHE_PATH).write_text(json.dumps({"format": 999, "targets": {"pack ks2/x": {}}}))
    assert BuildCache(tmp_path, {}).records == {}


def test_record_is_reused_only_with_same_key_and_intact_listed_files(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs/a.pdf").write_bytes(b"A")
    entry = {"path": "packs/a.pdf", "sha256": sha256(b"A")}
    cache = BuildCache(tmp_path, {})
    cache.record("pack ks2/x", "k1", [entry])
    (tmp_path / CACHE_PATH).write_text(cache.text())
    again = BuildCache(tmp_path, {"packs/a.pdf": entry})
    assert again.reusable("pack ks2/x", "k1") == [entry]
    assert again.reusable("pack ks2/x", "k2") is None
    assert BuildCache(tmp_path, {}).reusable("pack ks2/x", "k1") is None  # not in the manifest
    (tmp_path / "packs/a.pdf").write_bytes(b"B")
    assert again.reusable("pack ks2/x", "k1") is None


def test_no_op_module_agrees_with_themes_on_the_default_theme():
    from generator import noop, themes

    assert noop.DEFAULT_THEME == themes.DEFAULT_THEME
