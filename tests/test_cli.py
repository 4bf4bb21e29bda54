"""The lessonpack command: exit codes, messages, schema, scaffolding."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from generator.cli import main
from generator.pictures import load_library
from generator.schema import schema_text


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_on_a_valid_project(project, capsys):
    assert run(capsys, "--project", str(project.root), "check") == (
        0, "ok: 1 lesson(s), 1 lesson-stage(s), 4 theme(s), 0 school profile(s), no problems\n", "")


def test_check_reports_every_problem_and_exits_1_without_traceback(project):
    ks2 = project.lessons / "demo" / "ks2.yaml"
    ks2.write_text(ks2.read_text().replace("objectives:", "objectivs:").replace("minutes: 25", "minutes: 'x'"))
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "lessons/demo/ks2.yaml:3:1: error: missing required key 'objectives'",
        "lessons/demo/ks2.yaml:3:1: error: unknown key 'objectivs' (did you mean 'objectives'?)",
        "lessons/demo/ks2.yaml:26:14: error: 'minutes' must be a whole number, found str 'x'",
        "3 error(s) found",
    ]


def test_committed_schemas_are_in_sync_with_the_model():
    for kind, file in (("lesson", "lesson.schema.json"), ("keystage", "keystage.schema.json")):
        committed = (ROOT / "schema" / file).read_text(encoding="utf-8")
        names = list(load_library(ROOT / "themes").pictures)
        assert committed == schema_text(kind, names), f"run: lessonpack schema {kind} > schema/{file}"


def test_schema_command_prints_json_schema_with_field_docs(capsys):
    code, out, _ = run(capsys, "schema", "keystage")
    schema = json.loads(out)
    assert code == 0
    assert schema["properties"]["objectives"]["description"].startswith("Learning objectives with observable verbs")
    assert "discussion" in json.dumps(schema["$defs"]["Discussion"])


def test_lesson_files_point_editors_at_the_schema():
    for path in sorted((ROOT / "lessons").glob("*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "lesson" if path.name == "lesson.yaml" else "keystage"
        assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json", path


def test_new_scaffolds_a_lesson_that_passes_check_and_never_overwrites(project, capsys):
    code, out, _ = run(capsys, "--project", str(project.root), "new", "safer-gaming")
    assert code == 0 and "created lessons/safer-gaming/ks2.yaml, lessons/safer-gaming/lesson.yaml" in out
    assert run(capsys, "--project", str(project.root), "check")[0] == 0
    before = (project.lessons / "safer-gaming" / "lesson.yaml").read_bytes()
    code, _, err = run(capsys, "--project", str(project.root), "new", "safer-gaming")
    assert (code, err) == (1, "lessons/safer-gaming: error: a lesson with this id already exists\n"
                              "  hint: choose another id, or edit the existing lesson\n")
    assert (project.lessons / "safer-gaming" / "lesson.yaml").read_bytes() == before


def test_new_refuses_a_bad_id(project, capsys):
    code, _, err = run(capsys, "--project", str(project.root), "new", "Bad Id")
    assert code == 1 and err.startswith("error: 'Bad Id' is not a valid lesson id")
