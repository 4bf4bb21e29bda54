"""Property-based fuzzing: whatever the YAML, lesson file or school profile, loading and checking
raise only the project's own error, with a location; never a traceback.

Bounded and reproducible: a fixed number of examples, no deadline, derandomised for CI.
"""

from __future__ import annotations

import string

import pytest
import yaml
from conftest import make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import LessonpackError, ValidationFailed
from generator.lessons import load_lessons
from generator.profiles import load_school
from generator.yamlio import parse_yaml

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Text that looks like YAML: indentation, flow brackets, anchors, tags, quotes, odd characters.
YAML_ALPHABET = string.ascii_letters + string.digits + " \n\t:-[]{},&*!|>'\"#%@`?~\\.\u00e9\u200b\x00\x07\ufffe\U0001f600"
yaml_like_text = st.text(alphabet=YAML_ALPHABET, max_size=300)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["TODO", "5", "true", "ks2", "-1", "", "~", "\\g<0>", "2024-13-45"]))
KEYS = st.sampled_from(["objectives", "outcomes", "minutes", "id", "type", "title", "activities", "baseline",
                        "endpoint", "introduction", "plenary", "name", "stages", "lessons", "overrides", "rename",
                        "timings", "drop", "replace", "set", "note", "ks2", "demo", "logo", "path", "alt", "theme"])
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(KEYS, inner, max_size=5)),
                         max_leaves=25)


def assert_located(exc: LessonpackError, file_fragment: str) -> None:
    """The project's own error, pointing into the file that caused it."""
    problems = exc.problems if isinstance(exc, ValidationFailed) else [exc]
    for problem in problems:
        location = problem.location
        assert location is not None and location.file, str(problem)
        if file_fragment in location.file:
            assert location.line >= 1, str(problem)


@FUZZ
@given(yaml_like_text)
def test_any_text_parses_or_fails_with_a_location(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except LessonpackError as exc:
        assert exc.location is not None and exc.location.file == "fuzz.yaml"
        assert exc.location.line >= 1, str(exc)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fuzz"))
    (project.root / "schools").mkdir()
    return project


@st.composite
def mutated(draw, original: str) -> str:
    """The scaffold's text with a few lines deleted, duplicated or given random characters."""
    lines = original.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            noise = draw(yaml_like_text)
            lines.insert(index, noise) if action == "insert" else lines.__setitem__(index, lines[index][:5] + noise)
    return "\n".join(lines) + "\n"


SCAFFOLD_KS2 = (make_project.__globals__["ROOT"] / "generator/templates_scaffold/ks2.yaml").read_text()


@FUZZ
@given(st.one_of(documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True)), mutated(SCAFFOLD_KS2)))
def test_any_lesson_file_loads_or_fails_with_a_location(fuzz_project, text):
    path = fuzz_project.lessons / "demo" / "ks2.yaml"
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        load_lessons(fuzz_project.lessons, root=fuzz_project.root)
    except LessonpackError as exc:
        assert_located(exc, "ks2.yaml")
    finally:
        path.write_bytes(original)


PROFILE = """name: Fuzz School
sign_off: {name: Ms A, role: Head}
stages: [ks2]
lessons: [demo]
overrides:
  demo:
    ks2:
      rename: {Sam: Kai}
      timings: {main-activity: 20, introduction: 10}
      drop: [main-activity]
      note: Remember the question box.
"""


@FUZZ
@given(st.one_of(documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True)), mutated(PROFILE)))
def test_any_school_profile_loads_and_applies_or_fails_with_a_location(fuzz_project, text):
    path = fuzz_project.root / "schools" / "fuzz-school.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        school = load_school(path, fuzz_project)
        load_lessons(fuzz_project.lessons, school.profile.lessons, fuzz_project.root, school.overlays())
    except LessonpackError as exc:
        assert_located(exc, "fuzz-school.yaml")
