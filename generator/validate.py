"""Turn parsed YAML into schema objects, and every pydantic error into a friendly Problem.

Pydantic reports errors by a ``loc`` path through the *model*; this module maps that back
to a path through the *data* (dropping the discriminator tags pydantic inserts for
activity types) so that the :class:`~generator.yamlio.SourceMap` can give file:line:col,
and rewrites the messages into plain English with "did you mean" suggestions.
"""

from __future__ import annotations

import difflib
import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .model import ACTIVITY_TYPES, Strict
from .yamlio import SourceMap

M = TypeVar("M", bound=BaseModel)


def _strip(annotation: Any) -> Any:
    """Remove ``Annotated`` and ``Optional`` wrappers from a type annotation."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class found by following ``loc`` from ``root``, or None."""
    current: Any = root
    for part in loc:
        current = _strip(current)
        if isinstance(part, int):
            if get_origin(current) is not list:
                return None
            current = get_args(current)[0]
            continue
        if get_origin(current) in (Union, types.UnionType):
            if part in ACTIVITY_TYPES:
                current = ACTIVITY_TYPES[part]
                continue
            return None
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    current = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def data_path(data: Any, loc: tuple) -> tuple:
    """Map a pydantic ``loc`` onto the data, dropping discriminator tags such as 'quiz'."""
    node, path = data, []
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
            elif node.get("type") == part:
                continue  # pydantic's tag for the chosen activity type, not a key
            else:
                path.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        else:
            path.append(part)
            node = None
    return tuple(path)


def _suggest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if match:
        return f" (did you mean '{match[0]}'?)"
    return f" (expected one of: {', '.join(choices)})"


def _friendly(root: type[BaseModel], error: dict, path: tuple) -> tuple[str, bool]:
    """A plain-English message for one pydantic error, and whether to point at the key."""
    kind, loc = error["type"], error["loc"]
    field = str(path[-1]) if path else ""
    if path and isinstance(path[-1], int):
        # A list item: say which one, e.g. "item 2 of 'tips'".
        parent = f" of '{path[-2]}'" if len(path) > 1 else ""
        field = f"item {path[-1] + 1}{parent}"
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = list(model.model_fields) if model else []
        return f"unknown key '{field}'" + (_suggest(field, allowed) if allowed else ""), True
    if kind == "missing":
        return f"missing required key '{field}'", False
    if kind == "union_tag_invalid":
        tag = error["ctx"]["tag"]
        return f"unknown activity type '{tag}'" + _suggest(tag, sorted(ACTIVITY_TYPES)), False
    if kind == "union_tag_not_found":
        return f"missing key 'type' (one of: {', '.join(sorted(ACTIVITY_TYPES))})", False
    if kind == "too_short":
        ctx = error.get("ctx", {})
        return f"'{field}' needs at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length')}", False
    if kind == "too_long":
        ctx = error.get("ctx", {})
        return f"'{field}' may have at most {ctx.get('max_length')} item(s), found {ctx.get('actual_length')}", False
    if kind == "string_too_short":
        return f"'{field}' must not be empty", False
    if kind == "string_pattern_mismatch":
        return f"'{field}' must be lower-case words joined by hyphens, e.g. 'spot-the-clues'", False
    if kind in ("string_type", "int_type", "bool_type", "list_type", "model_type", "dict_type", "int_parsing",
                "bool_parsing", "model_attributes_type"):
        expected = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
                    "model_type": "a mapping of keys to values", "dict_type": "a mapping of keys to values",
                    "model_attributes_type": "a mapping of keys to values"}[kind]
        name = field if field.startswith("item ") else f"'{field}'"
        return f"{name} must be {expected}, found {type(error['input']).__name__} {error['input']!r}", False
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    elif message[:1].isupper():
        message = message[0].lower() + message[1:]
    return (f"'{field}' {message}" if field and kind != "value_error" else message), False


def attach_origins(model: BaseModel, source: SourceMap, path: tuple = ()) -> None:
    """Record in every schema object where in the YAML it was written."""
    if isinstance(model, Strict):
        model._origin = (source, path)
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            attach_origins(value, source, path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    attach_origins(item, source, path + (name, index))


def load_validated(cls: type[M], path, root=None, within=None) -> M:
    """Read the YAML mapping at ``path`` (inside ``within``, default ``root``) and validate it as ``cls``.

    Raises ValidationFailed listing every problem.
    """
    from .errors import ValidationFailed, display_path
    from .yamlio import load_mapping

    data, source = load_mapping(path, display_path(path, root), within or root or Path(path).parent)
    model, problems = validate(cls, data, source)
    if model is None:
        raise ValidationFailed(problems)
    return model


def validate(cls: type[M], data: Any, source: SourceMap) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` as ``cls``; return the object (or None) and every problem found."""
    try:
        model = cls.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path = data_path(data, error["loc"])
            if error["type"] == "union_tag_invalid":
                path += ("type",)  # point at the misspelt type, not the start of the activity
            message, at_key = _friendly(cls, error, path)
            location = source.locate(path, prefer_key=at_key)
            problems.append(Problem(location, message))
        return None, problems
    attach_origins(model, source)
    return model, []
