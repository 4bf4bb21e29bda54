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
