"""Safe YAML reading: positions, refusals, and their exact messages."""

from __future__ import annotations

import pytest

from generator.errors import LessonpackError
from generator.merge import deep_merge
from generator.yamlio import MAX_FILE_BYTES, load_yaml, parse_yaml


def test_positions_of_keys_and_values_are_recorded():
    data, source = parse_yaml("title: Hello\nitems:\n  - a\n  - b: 1\n", "f.yaml")
    assert data == {"title": "Hello", "items": ["a", {"b": 1}]}
    assert str(source.locate(("title",))) == "f.yaml:1:8"
    assert str(source.locate(("title",), prefer_key=True)) == "f.yaml:1:1"
    assert str(source.locate(("items", 1, "b"))) == "f.yaml:4:8"
    # A path that does not exist points at its nearest ancestor.
    assert str(source.locate(("items", 1, "missing"))) == "f.yaml:4:5"


def test_python_object_tags_are_refused():
    with pytest.raises(LessonpackError) as caught:
        parse_yaml("title: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    assert str(caught.value).splitlines()[0] == (
        "f.yaml:1:8: error: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")


def test_custom_tags_on_mappings_are_refused():
    with pytest.raises(LessonpackError, match="tag '!thing' is not allowed"):
        parse_yaml("a: !thing {b: 1}\n", "f.yaml")


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefg", "abcdef"):
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    with pytest.raises(LessonpackError) as caught:
        parse_yaml(bomb, "bomb.yaml")
    assert "too many values (over 20000); the file may use aliases to expand itself" in str(caught.value)


def test_duplicate_keys_are_refused_with_both_lines():
    with pytest.raises(LessonpackError) as caught:
        parse_yaml("title: a\nsummary: b\ntitle: c\n", "f.yaml")
    assert str(caught.value).splitlines()[0] == "f.yaml:3:1: error: duplicate key 'title' (first at line 1)"


def test_syntax_error_points_at_the_problem():
    with pytest.raises(LessonpackError) as caught:
        parse_yaml("title: a\n  bad: indentation\n", "f.yaml")
    assert str(caught.value).splitlines()[0] == (
        "f.yaml:2:6: error: invalid YAML: mapping values are not allowed here")


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_FILE_BYTES + "\n")
    with pytest.raises(LessonpackError) as caught:
        load_yaml(path, "big.yaml")
    assert str(caught.value).startswith("big.yaml: error: file is too large")


def test_deep_merge_merges_mappings_replaces_lists_and_deletes_with_null():
    base = {"a": {"x": 1, "y": 2}, "list": [1, 2], "gone": 1}
    overlay = {"a": {"y": 3, "z": 4}, "list": [9], "gone": None}
    assert deep_merge(base, overlay) == {"a": {"x": 1, "y": 3, "z": 4}, "list": [9]}
    assert base == {"a": {"x": 1, "y": 2}, "list": [1, 2], "gone": 1}  # inputs untouched
