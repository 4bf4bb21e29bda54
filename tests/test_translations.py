"""Translation files: missing and stale translations reported at file:line, numbers kept, stamping."""

from __future__ import annotations

import textwrap

import pytest

from pathlib import Path

from generator.errors import LessonpackError, Location
from generator.lessons import load_lessons
from generator.translations.content import Entry, TranslationFile, compare, load_translation_file, source_hash
from generator.translations.stamp import stamp_file
from generator.translations.translator import lesson_english, require_reviewed, translation_problems


def write_translation(project, body: str):
    folder = project.lessons / "demo" / "translations"
    folder.mkdir(exist_ok=True)
    path = folder / "cy.yaml"
    path.write_text(textwrap.dedent(body))
    return path


def problems_of(project) -> list[str]:
    lessons = load_lessons(project.lessons, root=project.root)
    return [str(p) for p in translation_problems(project.root, lessons, project.data)]


def test_check_reports_missing_and_stale_translations_at_file_and_line(project):
    lesson = load_lessons(project.lessons, root=project.root)[0]
    english = lesson_english(lesson)
    title = source_hash(english[("title",)])
    write_translation(project, f"""\
        language: cy
        reviewed_by: ""
        title: {{source: {title}, text: "Gwers demo"}}
        ks2:
          learning: {{source: 0123456789ab, text: "Hen gyfieithiad"}}
          if_something_happens:
            - {{source: {source_hash(english[("ks2", "if_something_happens", 0)])}, text: "Arhoswch yn dawel."}}
            - {{source: {source_hash(english[("ks2", "if_something_happens", 1)])}, text: "Cadwch dystiolaeth."}}
        """)
    found = problems_of(project)
    learning_hash = source_hash(english[("ks2", "learning")])
    assert found[0] == ("lessons/demo/translations/cy.yaml:5:13: error: stale cy translation of ks2.learning: "
                        "the English changed after it was translated; it now says \"TODO: what your child will "
                        f"learn, for parents.\" (update the text, then set source: {learning_hash})")
    missing = [p for p in found if "missing cy translation of ks2.tips[0]" in p]
    assert missing == [f"lessons/demo/translations/cy.yaml:4:1: error: missing cy translation of ks2.tips[0]: "
                       f"\"TODO\" (add {{source: {source_hash('TODO')}, text: ...}})"]
    assert len(found) == 1 + 3 + 3  # stale learning; 3 starters and 3 tips missing


def test_a_translation_must_keep_the_registry_numbers():
    english = "Call 0800 1111 or visit childline.org.uk."
    file = TranslationFile(Path("cy.yaml"), "cy", "", {
        ("tips", 0): Entry(source_hash(english), "Ffoniwch 0800 111 neu childline.org.uk.", Location("cy.yaml", 9))})
    found = [str(p) for p in compare({("tips", 0): english}, file)]
    assert found == ["cy.yaml:9: error: cy translation of tips[0] must keep the English's numbers and web "
                     "addresses exactly (they come from the helpline registry): 08001111, childline.org.uk"]


def test_stamp_turns_plain_text_into_source_and_text_and_check_is_then_clean(project):
    lesson = load_lessons(project.lessons, root=project.root)[0]
    path = write_translation(project, """\
        language: cy
        reviewed_by: ""
        title: Gwers demo
        ks2:
          learning: "Beth fydd eich plentyn yn ei ddysgu."
          conversation_starters: ["Un", "Dau", "Tri"]
          tips: ["Un", "Dau", "Tri"]
          if_something_happens: ["Arhoswch yn dawel a gwrandewch.", "Cadwch dystiolaeth a rhowch wybod."]
        """)
    stamp_file(path, project.root)
    assert problems_of(project) == []
    stamped = load_translation_file(path, project.root)
    assert stamped.entries[("title",)].source == source_hash(lesson.meta.title)
    assert not stamped.reviewed
    with pytest.raises(LessonpackError) as caught:
        require_reviewed([stamped], project.root)
    assert "have not been checked by a native speaker" in str(caught.value)
    assert "--allow-unreviewed-translations" in str(caught.value)
