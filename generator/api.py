"""The library's public operations, one function per command; they return text, never print."""

from __future__ import annotations

from pathlib import Path

from .project import Project

# Each command imports what it needs when it runs: a no-op build must not pay for
# pydantic, WeasyPrint or python-pptx (see generator/noop.py).


def open_project(root: Path | None = None) -> Project:
    """The project at ``root``, or the one containing the working directory."""
    if root is None:
        return Project.find()
    project = Project(root.resolve())
    if not (project.lessons.is_dir() and project.themes.is_dir()):
        from .errors import LessonpackError

        raise LessonpackError(f"{root} is not a lessonpack project", hint="a project folder has lessons/ and themes/")
    return project


def schema(kind: str = "lesson") -> str:
    """The JSON Schema of ``lesson.yaml`` ('lesson') or of a key-stage file ('keystage')."""
    from .schema import schema_text
    from .errors import LessonpackError
    from .pictures import load_library

    try:
        names = list(load_library(Project.find().themes).pictures)
    except LessonpackError:  # outside a project: the schema without the picture names
        names = None
    return schema_text(kind, names)


def check(project: Project) -> str:
    """Validate every lesson, theme and school profile; raise ValidationFailed listing every problem."""
    from .errors import LessonpackError, Location, Problem, ValidationFailed
    from .glyphs import project_glyph_problems
    from .lessons import load_lessons
    from .profiles import load_school
    from .checks.theme_check import theme_problems
    from .themes import load_theme, theme_ids

    problems: list[Problem] = []
    lessons = []
    try:
        lessons = load_lessons(project.lessons, root=project.root)
        problems += project_glyph_problems(project, lessons)
    except ValidationFailed as exc:
        problems += exc.problems
    themes = theme_ids(project.themes)
    folder = project.root / "schools"
    schools = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml")) if folder.is_dir() else []

    checked_folders: set = set()

    def check_theme(theme_id: str) -> None:
        theme = load_theme(project.themes, theme_id, project.root)
        problems.extend(theme_problems(theme, project.root, checked_folders))

    def check_school(path) -> None:
        # Everything a build with this profile would refuse: its overrides applied to the lessons.
        school = load_school(path, project)
        overlaid = load_lessons(project.lessons, school.profile.lessons, project.root, school.overlays())
        problems.extend(project_glyph_problems(project, overlaid, school))

    checks = [lambda t=t: check_theme(t) for t in themes]
    checks += [lambda s=s: check_school(s) for s in schools]
    for run in checks:
        try:
            run()
        except ValidationFailed as exc:
            problems += exc.problems
        except LessonpackError as exc:
            problems.append(Problem(exc.location or Location("themes"), exc.message))
    # Letters in other languages: every missing or stale translation, at its file:line.
    from .translations.translator import translation_problems

    problems += translation_problems(project.root, lessons, project.data)
    problems = list(dict.fromkeys(problems))  # a lesson's own problem is found again through each profile
    if problems:
        raise ValidationFailed(problems)
    stages = sum(len(lesson.stages) for lesson in lessons)
    return (f"ok: {len(lessons)} lesson(s), {stages} lesson-stage(s), {len(themes)} theme(s), "
            f"{len(schools)} school profile(s), no problems")


def lint(project: Project, lessons: list[str] | None = None) -> str:
    """Check lessons against the content guide; raise ValidationFailed on any error."""
    from .checks.lint import lint as run_lint

    count, warnings = run_lint(project.lessons, project.data, project.root / "curricula", project.root, lessons)
    lines = [str(w) for w in warnings]
    lines.append(f"lint ok: {count} lesson(s), {len(warnings)} warning(s)")
    return "\n".join(lines)


def coverage(project: Project, out: Path | None = None) -> str:
    """Write the curriculum coverage report; return a summary line."""
    from .reports import write_coverage

    return write_coverage(project, out)


def new_lesson(project: Project, lesson_id: str) -> str:
    """Create ``lessons/<lesson_id>/`` from the scaffold; refuse to overwrite anything."""
    from .scaffold import write_scaffold

    return write_scaffold(project, lesson_id)


def build(project: Project, stages=None, lessons=None, out=None, jobs=0, theme=None, school=None, force=False,
          letters=None):
    """Build packs; see :func:`generator.build.build`. A request already built returns at once."""
    import time

    from .guards import check_build_request
    from .noop import describe_request, unchanged_build

    started = time.perf_counter()
    check_build_request(project, stages, lessons, out, jobs, theme, force)
    request = describe_request(project, stages, lessons, out, theme, school, letters)
    result = unchanged_build(request) if request is not None else None
    if result is not None:
        result.seconds = time.perf_counter() - started
        return result
    from .build import build as run_build

    return run_build(project, stages=stages, lessons=lessons, out=out, jobs=jobs, theme=theme, school=school,
                     force=force, letters=letters)


def batch(project: Project, campaign: Path, dry_run=False, scheduler=None, jobs=0, out=None, progress=None):
    """Run a campaign batch; see :func:`generator.campaign.batch.batch`."""
    from .campaign.batch import batch as run_batch

    return run_batch(project, campaign, dry_run=dry_run, scheduler=scheduler, jobs=jobs, out=out, progress=progress)


def new_school(project: Project, slug: str) -> str:
    """Create ``schools/<slug>.yaml`` from the scaffold; never overwrite."""
    from .scaffold import write_school_scaffold

    return write_school_scaffold(project, slug)


def explain(project: Project, school: Path, lesson: str, stage: str, field: str) -> str:
    """Which layer set a value; see :func:`generator.explain.explain`."""
    from .explain import explain as run_explain

    return run_explain(project, school, lesson, stage, field)


def site(project: Project, out: Path | None = None, school: Path | None = None, build_dir: Path | None = None) -> str:
    """Write the static catalogue of the built packs; see :func:`generator.site.build_site`."""
    from .site import build_site

    return build_site(project, out=out, school=school, build_dir=build_dir).summary()


def serve(project: Project, school: Path | None = None, port: int = 8000, report=lambda line: None) -> str:
    """Serve the site on 127.0.0.1 with rebuilds on every edit until Ctrl-C; see :mod:`generator.site.serve`."""
    import threading

    from .site.serve import PreviewServer

    server = PreviewServer(project, school, port, report).start()
    report(f"serving {server.url} (watching {', '.join(p.name for p in server.watched())}; Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return "preview stopped"

