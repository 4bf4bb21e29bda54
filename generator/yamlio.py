"""Safe YAML reading that remembers where every value came from.

PyYAML's ``SafeLoader`` already refuses Python object tags; on top of it this module
refuses files that are too big, alias-expansion bombs, duplicate keys and non-string
keys, and records the line and column of every key and value so that later stages can
point a user at ``file:line:col`` for any mistake, however deep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LessonpackError, Location

#: Lesson files are a few kilobytes; anything near this is a mistake or an attack.
MAX_FILE_BYTES = 512 * 1024
#: Upper bound on values built from one file, aliases counted each time they expand.
MAX_NODES = 20_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

PathKey = tuple[Any, ...]


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one YAML document starts.

    Locations usually point into ``file``; after a school overlay is applied, the values
    it set point into the overlay's file instead, so errors name the layer that caused them.
    """

    file: str
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)

    def locate(self, path: PathKey, prefer_key: bool = False) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return Location(self.file, 1, 1)
            path = path[:-1]

    def copy(self) -> "SourceMap":
        """An independent copy, for layering."""
        return SourceMap(self.file, dict(self.values), dict(self.keys))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain Python values, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, source: SourceMap):
        self.loader = loader
        self.source = source
        self.count = 0

    def error(self, node: yaml.Node, message: str, hint: str = "") -> LessonpackError:
        """An error located at ``node``."""
        return LessonpackError(message, Location(self.source.file, *_mark(node)), hint)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        """The Python value of ``node`` (at ``path``), recording where it and its children start."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(
                node,
                f"too many values (over {MAX_NODES}); the file may use aliases to expand itself",
                "write the values out instead of repeating them with YAML aliases (*name)",
            )
        self.source.values.setdefault(path, Location(self.source.file, *_mark(node)))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self.error(node, f"tag {node.tag!r} is not allowed", "remove the '!' tag")
            result: dict[str, Any] = {}
            self.loader.flatten_mapping(node)
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.error(key_node, "a key must be a plain word, not a list or mapping")
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    first = self.source.keys[path + (key,)]
                    raise self.error(
                        key_node,
                        f"duplicate key '{key}' (first at line {first.line})",
                        "keep one of them",
                    )
                self.source.keys[path + (key,)] = Location(self.source.file, *_mark(key_node))
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.error(node, f"tag {node.tag!r} is not allowed", "remove the '!' tag")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self.error(node, f"tag {node.tag!r} is not allowed", "remove the '!' tag") from exc


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document safely; return its value and a :class:`SourceMap`."""
    # libyaml parses ~10x faster, which is most of a no-op build's time. Its error messages
    # are worded differently, so a document it rejects is parsed again by the pure-Python
    # parser: users always see the same message, and valid files give the same values.
    if _FastLoader is not None:
        try:
            return _parse_with(_FastLoader, text, file)
        except (yaml.YAMLError, LessonpackError):
            pass
    return _parse_with(yaml.SafeLoader, text, file)


#: The C (libyaml) safe loader when PyYAML was built with it.
_FastLoader = getattr(yaml, "CSafeLoader", None)


def _parse_with(loader_class: type, text: str, file: str) -> tuple[Any, SourceMap]:
    source = SourceMap(file)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, source
        return _Builder(loader, source).build(node, ()), source
    except yaml.MarkedYAMLError as exc:
        if loader_class is _FastLoader:
            raise
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context or "invalid YAML"
        raise LessonpackError(
            f"invalid YAML: {problem}",
            where,
            "check the indentation and quote text that contains ': ' or starts with a symbol",
        ) from exc
    except yaml.YAMLError as exc:
        if loader_class is _FastLoader:
            raise
        raise LessonpackError(f"invalid YAML: {exc}", Location(file)) from exc
    finally:
        loader.dispose()


def load_yaml(path: Path, display: str) -> tuple[Any, SourceMap]:
    """Read and parse the YAML file at ``path``; ``display`` is the name used in errors."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise LessonpackError("file not found", Location(display)) from exc
    if size > MAX_FILE_BYTES:
        raise LessonpackError(
            f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})",
            Location(display),
            "split the content, or check that this is the file you meant",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LessonpackError("file is not UTF-8 text", Location(display), "save it as UTF-8") from exc
    return parse_yaml(text, display)


def load_mapping(path: Path, display: str) -> tuple[dict[str, Any], SourceMap]:
    """Like :func:`load_yaml`, but the document must be a mapping of keys to values."""
    data, source = load_yaml(path, display)
    if data is None:
        raise LessonpackError("file is empty", Location(display, 1, 1), "see the lesson format in README.md")
    if not isinstance(data, dict):
        raise LessonpackError(
            f"expected a mapping of keys to values at the top level, found a {type(data).__name__}",
            Location(display, 1, 1),
        )
    return data, source
