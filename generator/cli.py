"""The ``lessonpack`` command: parse options, call one library function, report.

Library code never prints or exits; this module turns a :class:`LessonpackError` into a
message on stderr and exit status 1, and never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, api
from .errors import LessonpackError
from .launch import install_stop_handlers, stop_requested
from .translations.languages import LetterOptions
from .stages import STAGE_IDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lessonpack", description="Build online-safety lesson packs from YAML lessons.")
    parser.add_argument("--version", action="version", version=f"lessonpack {__version__}")
    parser.add_argument("--project", type=Path, default=None, help="project folder (default: found from here)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build lesson packs into build/")
    build.add_argument("--stage", action="append", choices=STAGE_IDS, help="only this key stage (repeatable)")
    build.add_argument("--lesson", action="append", metavar="ID", help="only this lesson (repeatable)")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: build/)")
    build.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per CPU)")
    build.add_argument("--theme", metavar="NAME", help="theme folder in themes/ (default: the school's, or default)")
    build.add_argument("--school", type=Path, metavar="FILE", help="school profile, e.g. schools/example-primary.yaml")
    build.add_argument("--language", action="append", choices=("cy", "pl", "ro", "ur"), metavar="CODE",
                       help="also build the parent letters in cy, pl, ro or ur (repeatable; default: the school's)")
    build.add_argument("--layout", choices=("bilingual", "translated"), default=None,
                       help="translated letters: with the English after them (default for pl, ro, ur) or alone (cy)")
    build.add_argument("--allow-unreviewed-translations", action="store_true",
                       help="build translations no native speaker has checked yet (the manifest records it)")
    build.add_argument("--force", action="store_true", help="allow --out to be a folder of the project's sources")

    site = sub.add_parser("site", help="write build/site/: a static catalogue of the built packs, for teachers and parents")
    site.add_argument("--school", type=Path, metavar="FILE", help="the school's own site, from its build")
    site.add_argument("--build", type=Path, default=None, metavar="DIR",
                      help="the build to publish (default: build/, or the school's build with --school)")
    site.add_argument("--out", type=Path, default=None, help="output folder (default: site/ inside the build)")

    serve = sub.add_parser("serve", help="preview the site on 127.0.0.1, rebuilt and reloaded as you edit")
    serve.add_argument("--school", type=Path, metavar="FILE", help="school profile, e.g. schools/example-primary.yaml")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")

    sub.add_parser("check", help="validate every lesson and report all problems")

    lint = sub.add_parser("lint", help="check lessons against the content guide (safeguarding, wording, age, readability)")
    lint.add_argument("--lesson", action="append", metavar="ID", help="only this lesson (repeatable)")

    coverage = sub.add_parser("coverage", help="write build/coverage.html and coverage.csv")
    coverage.add_argument("--out", type=Path, default=None, help="output folder (default: build/)")

    schema = sub.add_parser("schema", help="print the JSON Schema of the lesson format")
    schema.add_argument("kind", nargs="?", default="lesson", choices=["lesson", "keystage", "school", "campaign"],
                        help="lesson.yaml (default), a key-stage file ks1.yaml ... ks4.yaml, a school profile "
                             "or a campaign file")

    new = sub.add_parser("new", help="create a new lesson folder that passes check")
    new.add_argument("id", help="lesson id: lower-case words joined by hyphens")

    new_school = sub.add_parser("new-school", help="create schools/<slug>.yaml to fill in")
    new_school.add_argument("slug", help="file name for the profile: lower-case words joined by hyphens")

    batch = sub.add_parser("batch", help="personalised letters and print files for every school of a campaign")
    batch.add_argument("campaign", type=Path, help="campaign file, e.g. campaigns/northshire-2027/campaign.yaml")
    batch.add_argument("--dry-run", action="store_true", help="check every row and print the plan; render nothing")
    batch.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on a Dask cluster instead of local processes")
    batch.add_argument("--jobs", type=int, default=0, help="local worker processes (default: one per CPU)")
    batch.add_argument("--out", type=Path, default=None, help="output folder (default: build/campaigns/<name>/)")

    explain = sub.add_parser("explain", help="show which layer (lesson or school profile) set a value")
    explain.add_argument("--school", type=Path, required=True, metavar="FILE", help="school profile")
    explain.add_argument("lesson", help="lesson id")
    explain.add_argument("stage", choices=(*STAGE_IDS, "lesson"), help="key stage, or 'lesson' for lesson.yaml")
    explain.add_argument("field", help="dotted path, e.g. activities.quiz.minutes or quiz.minutes")
    return parser


def _run(args: argparse.Namespace) -> str:
    if args.command == "schema":
        return api.schema(args.kind)
    project = api.open_project(args.project)
    if args.command == "check":
        return api.check(project)
    if args.command == "lint":
        return api.lint(project, args.lesson)
    if args.command == "coverage":
        return api.coverage(project, args.out)
    if args.command == "new":
        return api.new_lesson(project, args.id)
    if args.command == "build":
        letters = LetterOptions(tuple(args.language or ()), args.layout, args.allow_unreviewed_translations)
        return api.build(project, stages=args.stage, lessons=args.lesson, out=args.out, jobs=args.jobs,
                         theme=args.theme, school=args.school, force=args.force, letters=letters).summary()
    if args.command == "site":
        return api.site(project, out=args.out, school=args.school, build_dir=args.build)
    if args.command == "serve":
        return api.serve(project, args.school, args.port, report=lambda line: print(line, flush=True))
    if args.command == "new-school":
        return api.new_school(project, args.slug)
    if args.command == "batch":
        return _batch(project, args)
    if args.command == "explain":
        return api.explain(project, args.school, args.lesson, args.stage, args.field)
    raise AssertionError(args.command)


class BatchIncomplete(Exception):
    """Some recipients failed: the summary is printed, and the exit status is 1."""


def _batch(project, args: argparse.Namespace) -> str:
    from .progress import progress_reporter

    with progress_reporter(sys.stderr) as progress:
        result = api.batch(project, args.campaign, dry_run=args.dry_run, scheduler=args.scheduler, jobs=args.jobs,
                           out=args.out, progress=progress)
    if not result.ok:
        raise BatchIncomplete(result.summary())
    return result.summary()


def _input_of(argv: list[str] | None) -> str:
    return " ".join(argv if argv is not None else sys.argv[1:]) or "(no arguments)"


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``lessonpack``; returns the exit status."""
    install_stop_handlers()
    args = None
    try:
        args = _parser().parse_args(argv)
        output = _run(args)
    except LessonpackError as exc:
        if stop_requested() and exc.exit_status != 130:  # a stop that a library reported as its own error
            return _interrupted(args)
        print(str(exc), file=sys.stderr)
        return exc.exit_status
    except BatchIncomplete as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return _interrupted(args)
    except Exception as exc:  # noqa: BLE001 - the one place a bug is turned into a message
        if stop_requested():  # the stop, turned into another error by a library on its way up
            return _interrupted(args)
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        print(f"lessonpack: internal error (a bug, please report it) while running "
              f"'lessonpack {_input_of(argv)}': {detail}", file=sys.stderr)
        return 2
    except BaseException as exc:  # noqa: BLE001 - e.g. pyo3's PanicException, which is not an Exception
        if isinstance(exc, SystemExit) or not stop_requested():
            raise
        return _interrupted(args)
    if output:
        print(output, end="" if output.endswith("\n") else "\n")
    return 0


def _interrupted(args) -> int:
    """Say what a stopped command left behind; the exit status of a stop (130)."""
    if args is not None and args.command == "batch":  # a batch writes as it goes, so it can resume
        print("interrupted; files already written are complete (none half-written): "
              "run the same command again to resume", file=sys.stderr)
        return 130
    # Stopped outside the staging step (which says exactly what it left): nothing is half-written.
    print("interrupted: the output folder holds a complete build (nothing is half-written)", file=sys.stderr)
    return 130
