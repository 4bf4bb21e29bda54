"""``lessonpack explain``: which layer (the lesson or a school profile) set a value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import LessonpackError, Location
from .lessons import Lesson, load_lesson, load_lessons
from .model import Strict
from .profiles import load_school
from .project import Project


def resolve(root: BaseModel, dotted: str) -> tuple[Any, Location | None]:
    """The value at ``dotted`` (e.g. 'activities.quiz.minutes' or 'quiz.minutes') and where it was written.

    List items may be named by their ``id`` or their position (from 1); an activity id may
    also start the path.
    """
    node: Any = root
    owner: BaseModel = root
    tail: tuple = ()
    parts = dotted.split(".")
    if parts and hasattr(root, "all_activities") and parts[0] not in type(root).model_fields:
        match = next((a for a in root.all_activities() if a.id == parts[0]), None)
        if match is not None:
            node, owner, tail, parts = match, match, (), parts[1:]
    for part in parts:
        if isinstance(node, BaseModel):
            if part not in type(node).model_fields:
                raise LessonpackError(f"no field '{part}' in {type(node).__name__}",
                                      hint=f"fields: {', '.join(type(node).model_fields)}")
            owner, tail, node = node, (part,), getattr(node, part)
        elif isinstance(node, list):
            index = next((i for i, item in enumerate(node) if getattr(item, "id", None) == part), None)
            if index is None and part.isdigit() and 1 <= int(part) <= len(node):
                index = int(part) - 1
            if index is None:
                ids = [getattr(item, "id", None) for item in node]
                known = ", ".join(i for i in ids if i) or f"1 to {len(node)}"
                raise LessonpackError(f"no item '{part}' in the list", hint=f"use one of: {known}")
            node = node[index]
            if isinstance(node, BaseModel):
                owner, tail = node, ()
            else:
                tail = tail + (index,)
        else:
            raise LessonpackError(f"'{part}' is inside a plain value; the path is too long")
    return node, _location(owner, tail)


def _location(owner: BaseModel, tail: tuple) -> Location | None:
    if not isinstance(owner, Strict) or owner._origin is None:
        return None
    source, path = owner._origin
    return source.locate(path + tail)


def _part(lesson: Lesson, stage: str) -> BaseModel:
    if stage == "lesson":
        return lesson.meta
    if stage not in lesson.stages:
        raise LessonpackError(f"lesson '{lesson.id}' has no {stage}", hint=f"it has: {', '.join(lesson.stages)}")
    return lesson.stages[stage]


def _show(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_defaults=True)
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 200 else text[:197] + "..."


def explain(project: Project, school_file: Path, lesson_id: str, stage: str, field: str) -> str:
    """Say what value ``field`` has for a school, and whether the lesson or the profile set it."""
    school = load_school(school_file, project)
    [merged] = load_lessons(project.lessons, [lesson_id], project.root, school.overlays())
    value, where = resolve(_part(merged, stage), field)
    lines = [f"{lesson_id} {stage} {field} = {_show(value)}"]
    base, _ = load_lesson(project.lessons / lesson_id, project.root)
    try:
        base_value, base_where = resolve(_part(base, stage), field) if base else (None, None)
    except LessonpackError:
        base_value, base_where = None, None
    if where and where.file == school.source.file:
        lines.append(f"  set by the school profile at {where}")
        if base_value is None and field == "duration_minutes":
            lines.append(f"  (recomputed from the school's timings; the lesson is {base.duration(stage)} minutes)")
        elif base_where is not None and base_value is not None:
            lines.append(f"  the lesson says {_show(base_value)} at {base_where}")
        else:
            lines.append("  (the lesson has no such value; the school added it)")
    else:
        lines.append(f"  from the lesson at {where}" if where else "  (a default of the lesson format)")
    return "\n".join(lines)
