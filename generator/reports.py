"""The curriculum coverage report: ``build/coverage.html`` and ``build/coverage.csv``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .curricula import CoverageRow, coverage, lesson_stage_columns, load_frameworks
from .html import make_environment, render_template
from .lessons import load_lessons
from .output import write_text_atomic
from .project import Project
from .quiz.coverage import quiz_coverage, quiz_coverage_csv, quiz_coverage_summary
from .stages import KEY_STAGES
from .themes import DEFAULT_THEME, load_theme


def coverage_csv(rows: list[CoverageRow], columns: list[tuple[str, str]]) -> str:
    """One line per statement; a column per lesson-stage with 'x' where it is covered."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f"{lesson}@{stage}" for lesson, stage in columns]
    writer.writerow(["framework", "statement_id", "key_stages", "strand", "statement", *names, "covered_by_count"])
    for row in rows:
        writer.writerow([row.framework.id, row.statement.id, " ".join(row.statement.stages), row.statement.strand,
                         row.statement.text, *("x" if n in row.covered_by else "" for n in names),
                         len(row.covered_by)])
    return buffer.getvalue()


def write_coverage(project: Project, out: Path | None = None, theme: str = DEFAULT_THEME) -> str:
    """Write the coverage report (HTML and CSV) and return a one-line summary."""
    out = (out or project.build).resolve()
    lessons = load_lessons(project.lessons, root=project.root)
    frameworks = load_frameworks(project.root / "curricula", project.root)
    rows = coverage(lessons, frameworks)
    columns = lesson_stage_columns(lessons)
    titles = {lesson.id: lesson.meta.title for lesson in lessons}
    env = make_environment(load_theme(project.themes, theme, project.root).template_dirs(), project.root)
    html = render_template(env, "coverage.html", {
        "frameworks": frameworks, "rows": rows, "columns": columns, "titles": titles, "stages": KEY_STAGES,
        "quiz_rows": quiz_coverage(lessons),
    })
    write_text_atomic(out / "coverage.html", html)
    write_text_atomic(out / "coverage.csv", coverage_csv(rows, columns))
    write_text_atomic(out / "coverage-quiz.csv", quiz_coverage_csv(quiz_coverage(lessons)))
    gaps = sum(1 for r in rows if r.gap)
    return (f"coverage: {len(rows)} statements in {len(frameworks)} frameworks against {len(columns)} lesson-stages; "
            f"{len(rows) - gaps} covered, {gaps} gaps; {quiz_coverage_summary(quiz_coverage(lessons))} "
            f"-> {out / 'coverage.html'}, {out / 'coverage.csv'}, {out / 'coverage-quiz.csv'}")
