"""``lessonpack new``: a new lesson folder, filled with placeholders that pass ``check``."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import LessonpackError, Location
from .output import write_text_atomic
from .project import Project

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCAFFOLD = Path(__file__).parent / "templates_scaffold"


def write_scaffold(project: Project, lesson_id: str) -> str:
    """Write ``lessons/<lesson_id>/lesson.yaml`` and ``ks2.yaml``; never overwrite a file."""
    if not _ID.match(lesson_id):
        raise LessonpackError(
            f"'{lesson_id}' is not a valid lesson id",
            hint="use lower-case words joined by hyphens, e.g. 'safer-gaming'",
        )
    folder = project.lessons / lesson_id
    if folder.exists():
        raise LessonpackError("a lesson with this id already exists", Location(f"lessons/{lesson_id}"),
                              "choose another id, or edit the existing lesson")
    title = lesson_id.replace("-", " ").capitalize()
    written = []
    for template in sorted(_SCAFFOLD.glob("*.yaml")):
        text = template.read_text(encoding="utf-8").replace("{{TITLE}}", title)
        write_text_atomic(folder / template.name, text)
        written.append(f"lessons/{lesson_id}/{template.name}")
    return "created " + ", ".join(written) + "\nnext: edit them, then run 'lessonpack check'"


def write_school_scaffold(project: Project, slug: str) -> str:
    """Write ``schools/<slug>.yaml`` with placeholders to fill in; never overwrite a file."""
    if not _ID.match(slug):
        raise LessonpackError(f"'{slug}' is not a valid school profile name",
                              hint="use lower-case words joined by hyphens, e.g. 'st-marys-primary'")
    path = project.root / "schools" / f"{slug}.yaml"
    if path.exists():
        raise LessonpackError("a school profile with this name already exists", Location(f"schools/{slug}.yaml"),
                              "choose another name, or edit the existing profile")
    text = (_SCAFFOLD / "school.yaml.txt").read_text(encoding="utf-8")
    write_text_atomic(path, text.replace("{{SLUG}}", slug))
    return (f"created schools/{slug}.yaml\nnext: fill it in, run 'lessonpack check', then "
            f"'lessonpack build --school schools/{slug}.yaml'")
