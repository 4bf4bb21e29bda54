"""School overrides applied to a lesson's raw YAML before validation.

Each operation works on plain data and keeps the source map in step, so that every
value a school changed points at the school profile's own file:line, and the merged
result is validated exactly like a lesson a teacher wrote. Base files are only read.

Operations, per lesson and key stage (see ``schools/example-primary.yaml``):
``rename`` characters, ``timings`` by part id, ``drop`` or ``replace`` an activity by id,
``note`` (a local note), and ``set`` (a deep merge for anything else).
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any

from .errors import Location, Problem
from .merge import deep_merge
from .yamlio import SourceMap

PathKey = tuple


def _suggest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if match:
        return f" (did you mean '{match[0]}'?)"
    return f" (known: {', '.join(choices)})" if choices else ""


class Layering:
    """Applies one school's operations to one part of a lesson, tracking locations."""

    def __init__(self, data: dict, source: SourceMap, overlay: SourceMap, overlay_path: PathKey, label: str):
        self.data = data
        self.source = source.copy()
        self.overlay = overlay
        self.base = overlay_path  # where this part's operations sit in the profile
        self.label = label
        self.problems: list[Problem] = []

    # -- locations ---------------------------------------------------------------------------

    def where(self, *path) -> Location:
        """Location of an operation in the school profile."""
        return self.overlay.locate(self.base + tuple(path))

    def error(self, message: str, *path, at_key: bool = False) -> None:
        """Record a problem at an operation's place in the profile (its key, if ``at_key``)."""
        location = self.overlay.locate(self.base + tuple(path), prefer_key=at_key)
        self.problems.append(Problem(location, message))

    def _move(self, old_prefix: PathKey, new_prefix: PathKey | None) -> None:
        """Move (or drop, if ``new_prefix`` is None) every location under ``old_prefix``."""
        for table in (self.source.values, self.source.keys):
            moved = {}
            for path in [p for p in table if p[:len(old_prefix)] == old_prefix]:
                location = table.pop(path)
                if new_prefix is not None:
                    moved[new_prefix + path[len(old_prefix):]] = location
            table.update(moved)

    def _stamp(self, target: PathKey, value: Any, origin: PathKey) -> None:
        """Point ``target`` and everything inside ``value`` at the profile location ``origin``."""
        self.source.values[target] = self.overlay.locate(origin)
        self.source.keys[target] = self.overlay.locate(origin, prefer_key=True)
        if isinstance(value, dict):
            for key, item in value.items():
                self._stamp(target + (key,), item, origin + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._stamp(target + (index,), item, origin + (index,))

    # -- finding activities ------------------------------------------------------------------

    def activity_slots(self) -> dict[str, PathKey]:
        """Activity id -> its path in the data (baseline, activities[i], endpoint)."""
        slots = {}
        for name in ("baseline", "endpoint"):
            if isinstance(self.data.get(name), dict) and "id" in self.data[name]:
                slots[str(self.data[name]["id"])] = (name,)
        for index, item in enumerate(self.data.get("activities") or []):
            if isinstance(item, dict) and "id" in item:
                slots[str(item["id"])] = ("activities", index)
        return slots

    def _get(self, path: PathKey) -> Any:
        node = self.data
        for part in path:
            node = node[part]
        return node

    def _put(self, path: PathKey, value: Any) -> None:
        node = self.data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    # -- operations --------------------------------------------------------------------------

    def rename(self, names: dict[str, str]) -> None:
        """Rename characters everywhere in this key stage's text."""
        declared = [str(c.get("name")) for c in self.data.get("characters") or [] if isinstance(c, dict)]
        for old, new in names.items():
            if old not in declared:
                self.error(f"unknown character '{old}' in {self.label}{_suggest(old, declared)}", "rename", old,
                           at_key=True)
                continue
            pattern = re.compile(rf"\b{re.escape(old)}\b")
            for path in self._replace_text(self.data, (), pattern, str(new)):
                self.source.values[path] = self.where("rename", old)

    def _replace_text(self, node: Any, path: PathKey, pattern: re.Pattern, new: str) -> list[PathKey]:
        changed = []
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in list(items):
            if isinstance(value, str):
                replaced = pattern.sub(lambda match: new, value)  # the new name is text, never a regex template
                if replaced != value:
                    node[key] = replaced
                    changed.append(path + (key,))
            else:
                changed += self._replace_text(value, path + (key,), pattern, new)
        return changed

    def drop(self, ids: list[str]) -> None:
        """Remove main activities by id (the baseline and endpoint can only be replaced)."""
        for index, activity_id in enumerate(ids):
            slots = self.activity_slots()
            slot = slots.get(str(activity_id))
            if slot is None:
                self.error(f"unknown activity '{activity_id}' in {self.label}{_suggest(str(activity_id), list(slots))}",
                           "drop", index)
            elif slot[0] != "activities":
                self.error(f"cannot drop the {slot[0]} activity '{activity_id}': pupils' progress is measured "
                           "from it; replace it instead", "drop", index)
            elif len(self.data["activities"]) == 1:
                self.error(f"cannot drop '{activity_id}': it is the only main activity", "drop", index)
            else:
                position = slot[1]
                del self.data["activities"][position]
                self._move(("activities", position), None)
                for later in range(position + 1, len(self.data["activities"]) + 1):
                    self._move(("activities", later), ("activities", later - 1))
                self._drop_resources_of(str(activity_id))

    def _drop_resources_of(self, activity_id: str) -> None:
        """Forget a dropped activity in the resources: a resource used only there is not printed either."""
        resources = self.data.get("resources") or []
        for position in range(len(resources) - 1, -1, -1):
            used_in = resources[position].get("used_in") or []
            if activity_id not in used_in:
                continue
            resources[position]["used_in"] = [used for used in used_in if used != activity_id]
            if not resources[position]["used_in"]:
                del resources[position]
                self._move(("resources", position), None)
                for later in range(position + 1, len(resources) + 1):
                    self._move(("resources", later), ("resources", later - 1))

    def replace(self, replacements: dict[str, Any]) -> None:
        """Replace activities by id with the profile's own version."""
        for activity_id, activity in replacements.items():
            slots = self.activity_slots()
            slot = slots.get(str(activity_id))
            if slot is None:
                self.error(f"unknown activity '{activity_id}' in {self.label}{_suggest(str(activity_id), list(slots))}",
                           "replace", activity_id, at_key=True)
                continue
            self._put(slot, copy.deepcopy(activity))
            self._move(slot, None)
            self._stamp(slot, activity, self.base + ("replace", activity_id))

    def timings(self, minutes: dict[str, Any]) -> None:
        """Change how long parts take: 'introduction', 'plenary', 'starter_quiz', 'exit_quiz' or an activity id."""
        slots = self.activity_slots()
        for part, value in minutes.items():
            if part in ("starter_quiz", "exit_quiz"):
                self.data[f"{part}_minutes"] = value
                self._stamp((f"{part}_minutes",), value, self.base + ("timings", part))
                continue
            path = (part,) if part in ("introduction", "plenary") else slots.get(str(part))
            if path is None:
                choices = ["introduction", "plenary", "starter_quiz", "exit_quiz", *slots]
                self.error(f"unknown part '{part}' in {self.label}{_suggest(str(part), choices)}", "timings", part,
                           at_key=True)
                continue
            target = self._get(path)
            if isinstance(target, dict):
                target["minutes"] = value
                self._stamp(path + ("minutes",), value, self.base + ("timings", part))

    def note(self, text: str) -> None:
        """Add a local note (shown in the teacher guide and letter)."""
        notes = self.data.setdefault("local_notes", [])
        notes.append(text)
        self._stamp(("local_notes", len(notes) - 1), text, self.base + ("note",))

    def set(self, values: dict) -> None:
        """Deep-merge anything else over the lesson's data."""
        self.data = deep_merge(self.data, values)
        self._stamp_merge((), values, self.base + ("set",))

    def _stamp_merge(self, target: PathKey, value: Any, origin: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self._stamp_merge(target + (key,), item, origin + (key,))
        else:
            self._move(target, None)
            self._stamp(target, value, origin)

    def settle_duration(self) -> None:
        """After timings changed, the key stage's length becomes the sum of its parts."""
        parts = [self.data.get("introduction"), self.data.get("baseline"), *(self.data.get("activities") or []),
                 self.data.get("endpoint"), self.data.get("plenary")]
        minutes = [p.get("minutes") for p in parts if isinstance(p, dict)]
        # The quizzes' minutes count too (absent: the quiz is not in the plan).
        minutes += [self.data[key] for key in ("starter_quiz_minutes", "exit_quiz_minutes") if key in self.data]
        if all(isinstance(m, int) for m in minutes):
            self.data["duration_minutes"] = sum(minutes)
            self.source.values[("duration_minutes",)] = self.where()
            self.source.keys[("duration_minutes",)] = self.where()


def apply_stage_operations(data: dict, source: SourceMap, operations: dict, overlay: SourceMap,
                           overlay_path: PathKey, label: str) -> tuple[dict, SourceMap, list[Problem]]:
    """Apply one key stage's operations (already schema-checked) in a fixed order."""
    layering = Layering(copy.deepcopy(data), source, overlay, overlay_path, label)
    if operations.get("rename"):
        layering.rename(operations["rename"])
    if operations.get("replace"):
        layering.replace(operations["replace"])
    if operations.get("drop"):
        layering.drop(operations["drop"])
    if operations.get("timings"):
        layering.timings(operations["timings"])
    if operations.get("note"):
        layering.note(operations["note"])
    if operations.get("set"):
        layering.set(operations["set"])
    changed_timing = any(operations.get(op) for op in ("drop", "timings", "replace"))
    if changed_timing and "duration_minutes" not in (operations.get("set") or {}):
        layering.settle_duration()
    return layering.data, layering.source, layering.problems
