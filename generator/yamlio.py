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
from .inputs import decode_text, first_unsafe_character, read_input

#: Lesson files are a few kilobytes; anything near this is a mistake or an attack.
MAX_FILE_BYTES = 512 * 1024
#: Upper bound on values built from one file, aliases counted each time they expand.
MAX_NODES = 20_000
#: Lesson files nest a handful of levels; far deeper is a mistake or an attack on the parser.
MAX_DEPTH = 40

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
        except (ValueError, OverflowError, TypeError) as exc:
            # e.g. a 5,000-digit number or an impossible date such as 2024-13-45
            raise self.error(node, f"cannot read this value: {str(exc).splitlines()[0][:120]}",
                             "put the value in quotes to make it text") from exc


def _check_depth(text: str, file: str, loader_class: type = yaml.SafeLoader) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before anything recursive sees it."""
    depth = 0
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    for token in yaml.scan(text, Loader=loader_class):
        if isinstance(token, opening):
            depth += 1
            if depth > MAX_DEPTH:
                mark = token.start_mark
                raise LessonpackError(f"nested more than {MAX_DEPTH} levels deep",
                                      Location(file, mark.line + 1, mark.column + 1),
                                      "flatten the structure; lesson files need only a few levels")
        elif isinstance(token, closing):
            depth -= 1


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document safely; return its value and a :class:`SourceMap`."""
    bad = first_unsafe_character(text)
    if bad is not None:
        raise LessonpackError(bad[1], Location(file, text.count("\n", 0, bad[0]) + 1,
                                               bad[0] - (text.rfind("\n", 0, bad[0]) + 1) + 1))
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
        _check_depth(text, file, loader_class)
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


def load_yaml(path: Path, display: str, within: Path | None = None) -> tuple[Any, SourceMap]:
    """Read and parse the YAML file at ``path`` (a regular file, inside ``within`` when given).

    ``display`` is the name used in errors. The size limit counts the bytes actually read;
    invalid UTF-8, control characters and non-characters are refused at their line and column.
    """
    data = read_input(path, display, within, MAX_FILE_BYTES)
    return parse_yaml(decode_text(data, display), display)


def load_mapping(path: Path, display: str, within: Path | None = None) -> tuple[dict[str, Any], SourceMap]:
    """Like :func:`load_yaml`, but the document must be a mapping of keys to values."""
    data, source = load_yaml(path, display, within)
    if data is None:
        raise LessonpackError("file is empty", Location(display, 1, 1), "see the lesson format in README.md")
    if not isinstance(data, dict):
        raise LessonpackError(
            f"expected a mapping of keys to values at the top level, found a {type(data).__name__}",
            Location(display, 1, 1),
        )
    return data, source
