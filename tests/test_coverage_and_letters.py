"""Curriculum coverage report, unit letters and which helplines each audience sees."""

from __future__ import annotations

import csv
import io

from conftest import FLAGSHIP, ROOT
from helpers import pdf_text

from generator.curricula import load_frameworks
from generator.lessons import load_lessons
from generator.project import Project
from generator.reports import write_coverage


def test_coverage_lists_every_statement_against_every_lesson_stage(tmp_path):
    summary = write_coverage(Project(ROOT), tmp_path)
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    frameworks = load_frameworks(ROOT / "curricula", ROOT)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "coverage.csv").read_text())))
    statements = [(f.id, s.id) for f in frameworks.values() for s in f.statements]
    assert [(r["framework"], r["statement_id"]) for r in rows] == statements
    columns = [f"{l.id}@{s}" for s in ("ks1", "ks2", "ks3", "ks4") for l in lessons if s in l.stages]
    assert len(columns) == 22
    assert list(rows[0])[5:-1] == columns
    # Every link written in a lesson shows as an x in its column, and nothing else does.
    for lesson in lessons:
        for stage, content in lesson.stages.items():
            for framework, ids in content.curriculum.model_dump().items():
                for statement_id in ids:
                    row = next(r for r in rows if r["framework"] == framework and r["statement_id"] == statement_id)
                    assert row[f"{lesson.id}@{stage}"] == "x"
    marks = sum(1 for r in rows for c in columns if r[c] == "x")
    links = sum(len(ids) for l in lessons for c in l.stages.values() for ids in c.curriculum.model_dump().values())
    assert marks == links
    gaps = [r for r in rows if r["covered_by_count"] == "0"]
    assert gaps and f"{len(gaps)} gaps" in summary
    html = (tmp_path / "coverage.html").read_text()
    for lesson in lessons:
        assert lesson.meta.title.replace("'", "&#39;") in html
    assert html.count('<span class="gap-label">Gap</span>') == len(gaps) + 1  # + the legend


def test_unit_letters_introduce_every_lesson_of_the_stage(flagship_build):
    lessons = load_lessons(ROOT / "lessons", root=ROOT)
    for stage in ("ks1", "ks2", "ks3", "ks4"):
        text = pdf_text(flagship_build / "packs" / stage / "letter.pdf")
        for lesson in lessons:
            title = lesson.meta.title.replace("’", "'")
            assert (title in text) == (stage in lesson.stages), (stage, lesson.id)
        assert "limit what a child can see, not what they can send" in text
        assert ("don't pay" in text) == (stage in ("ks3", "ks4"))
        assert ("Report Remove" in text) == (stage in ("ks3", "ks4"))


def test_helplines_are_worded_and_chosen_for_each_audience(flagship_build):
    ks1_letter = pdf_text(flagship_build / f"packs/ks1/{FLAGSHIP}/letter.pdf")
    assert "Report Remove" not in ks1_letter and "CEOP Safety Centre" in ks1_letter
    ks1_sheet = pdf_text(flagship_build / f"packs/ks1/{FLAGSHIP}/worksheet.pdf")
    assert "CEOP" not in ks1_sheet and "Childline" in ks1_sheet
    ks2_sheet = pdf_text(flagship_build / f"packs/ks2/{FLAGSHIP}/worksheet.pdf")
    assert "if an adult online is making you feel worried or unsafe" in ks2_sheet
    assert "sexual" not in ks2_sheet.lower()
