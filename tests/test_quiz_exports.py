"""The quiz exports, read back with each tool's own kind of reader and compared with the lesson YAML."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from conftest import FLAGSHIP, ROOT
from docx import Document
from helpers import normalise, pdf_text, slide_notes, slide_texts
from lxml import etree
from openpyxl import load_workbook

from generator.lessons import load_lessons
from generator.quiz.options import shuffled

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def lesson():
    [found] = load_lessons(ROOT / "lessons", only=[FLAGSHIP], root=ROOT)
    return found


def quiz_stages(lesson) -> list[str]:
    return [stage for stage, content in lesson.stages.items() if content.exit_quiz]


def quizzes(lesson, stage):
    content = lesson.stages[stage]
    return {"starter": content.starter_quiz, "exit": content.exit_quiz}


def options_of(question) -> set[str]:
    return {"True", "False"} if question.is_true_false else {question.right, *question.distractors}


def folder(build, stage):
    return build / "packs" / stage / FLAGSHIP / "quiz"


def test_the_flagship_has_quizzes_to_export(lesson):
    assert "ks1" in quiz_stages(lesson)


def test_kahoot_sheet_matches_the_yaml(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        for kind, questions in quizzes(lesson, stage).items():
            sheet = load_workbook(folder(flagship_build, stage) / f"kahoot-{kind}.xlsx").active
            assert sheet.parent.properties.modified.year == 2020  # a fixed time: byte-identical builds
            assert sheet["B8"].value == "Question - max 120 characters"
            assert sheet["H8"].value == "Correct answer(s) - choose at least one"
            assert sheet.cell(9 + len(questions), 2).value is None  # nothing after the last question
            for row, question in enumerate(questions, start=9):
                answers = [sheet.cell(row, c).value for c in range(3, 7) if sheet.cell(row, c).value]
                assert sheet.cell(row, 2).value == question.question
                assert set(answers) == options_of(question)
                assert answers[int(sheet.cell(row, 8).value) - 1] == question.right
                assert sheet.cell(row, 7).value in (5, 10, 20, 30, 60, 90, 120, 240)
                assert len(question.question) <= 120 and all(len(a) <= 75 for a in answers)


def test_blooket_csv_matches_the_yaml(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        for kind, questions in quizzes(lesson, stage).items():
            raw = (folder(flagship_build, stage) / f"blooket-{kind}.csv").read_bytes()
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
            assert rows[0][0] == "Blooket\nImport Template" and len(rows[0]) == 8
            assert rows[1][:3] == ["Question #", "Question Text", "Answer 1"]
            assert len(rows) == 2 + len(questions)
            for row, question in zip(rows[2:], questions):
                answers = [a for a in row[2:6] if a]
                assert row[1] == question.question
                assert set(answers) == options_of(question)
                assert answers[int(row[7]) - 1] == question.right
                assert 0 < int(row[6]) <= 300


def qti_items(package: zipfile.ZipFile) -> dict[str, etree._Element]:
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    items = {}
    for resource in resources:
        href = resource.get("href")
        assert resource.find(f"{CP}file").get("href") == href and href in package.namelist()
        if resource.get("type") == "imsqti_item_xmlv2p1":
            items[resource.get("identifier")] = etree.fromstring(package.read(href))
        else:
            assert resource.get("type") == "imsqti_test_xmlv2p1"
            test = etree.fromstring(package.read(href))
            refs = [r.get("identifier") for r in test.iter(f"{QTI}assessmentItemRef")]
            assert refs == [d.get("identifierref") for d in resource.findall(f"{CP}dependency")]
    return items


def test_qti_package_marks_the_right_answer_of_every_question(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        with zipfile.ZipFile(folder(flagship_build, stage) / "qti-package.zip") as package:
            items = qti_items(package)
        for kind, questions in quizzes(lesson, stage).items():
            for number, question in enumerate(questions, 1):
                item = items[f"{kind}-q{number}"]
                assert item.tag == f"{QTI}assessmentItem"
                correct = item.find(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value").text
                interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
                assert interaction.get("maxChoices") == "1"
                assert interaction.find(f"{QTI}prompt").text == question.question
                choices = {c.get("identifier"): c.text for c in interaction.findall(f"{QTI}simpleChoice")}
                assert set(choices.values()) == options_of(question)
                assert choices[correct] == question.right
                assert item.find(f"{QTI}responseProcessing").get("template").endswith("match_correct")
        assert len(items) == sum(len(q) for q in quizzes(lesson, stage).values())


def test_a_second_independent_reader_parses_the_qti_package(flagship_build, lesson):
    # citolab-qti-convert reads QTI 2.x packages on its own terms (to upgrade them to QTI 3).
    qti_convert = pytest.importorskip("qti_convert")
    stage = quiz_stages(lesson)[0]
    files = qti_convert.read_package(str(folder(flagship_build, stage) / "qti-package.zip"))
    upgraded = qti_convert.upgrade_package_files(files).files
    ns = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
    for number, question in enumerate(lesson.stages[stage].exit_quiz, 1):
        item = etree.fromstring(upgraded[f"items/exit-q{number}.xml"].encode("utf-8"))
        correct = item.find(f"{ns}qti-response-declaration/{ns}qti-correct-response/{ns}qti-value").text
        choices = {c.get("identifier"): c.text for c in item.iter(f"{ns}qti-simple-choice")}
        assert choices[correct] == question.right
    assert "imsqti_test_xmlv3p0" in upgraded["imsmanifest.xml"]


def test_forms_document_numbers_questions_letters_options_and_marks_the_answer(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        for kind, questions in quizzes(lesson, stage).items():
            lines = [p.text for p in Document(str(folder(flagship_build, stage) / f"forms-{kind}.docx")).paragraphs]
            assert lines[0].endswith(f"{kind} quiz")
            for number, question in enumerate(questions, 1):
                start = lines.index(f"{number}. {question.question}")
                options = {}
                for line in lines[start + 1:]:
                    if line.startswith("Answer: "):
                        answer = line.removeprefix("Answer: ")
                        break
                    letter, text = line.split(". ", 1)
                    options[letter] = text
                assert set(options.values()) == options_of(question)
                assert options[answer] == question.right


def test_answer_sheet_ticks_the_right_answers(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        text = pdf_text(folder(flagship_build, stage) / "answer-sheet.pdf")
        for questions in quizzes(lesson, stage).values():
            for question in questions:
                item = shuffled(question)
                assert normalise(f"{item.right_letter}. {question.right} ✓") in text


def test_answers_are_never_on_the_worksheet_or_a_question_slide(flagship_build, lesson):
    for stage in quiz_stages(lesson):
        pack = flagship_build / "packs" / stage / FLAGSHIP
        worksheet = pdf_text(pack / "worksheet.pdf")
        texts, notes = slide_texts(pack / "slides.pptx"), slide_notes(pack / "slides.pptx")
        for kind, questions in quizzes(lesson, stage).items():
            heading = f"{kind.capitalize()} quiz"
            asked = [i for i, t in enumerate(texts) if t.startswith(f"{heading} (")]
            answers = next(i for i, t in enumerate(texts) if t.startswith(f"{heading}: answers"))
            assert asked == list(range(answers - len(questions), answers))  # answers on the very next slide
            for number, (index, question) in enumerate(zip(asked, questions), 1):
                item = shuffled(question)
                # ks1 quizzes are read aloud from the slides, not printed on the picture worksheet.
                assert (normalise(question.question) in worksheet) == (stage != "ks1")
                assert normalise(question.question) in texts[index]
                assert normalise(question.feedback) not in worksheet
                assert normalise(question.feedback) not in texts[index] + notes[index]
                assert "✓" not in texts[index] and "Answer" not in texts[index] + notes[index]
                for option in item.options:
                    assert normalise(option) not in notes[index]
                assert f"{number}. {item.right_letter} {normalise(question.right)}" in texts[answers]
                assert normalise(question.feedback) in notes[answers]
        assert "✓" not in worksheet and "Answer:" not in worksheet


def test_option_order_is_the_same_everywhere_and_every_build(flagship_build, lesson):
    stage = next(s for s in quiz_stages(lesson) if s != "ks1")  # ks1 quizzes are not on the worksheet
    question = lesson.stages[stage].starter_quiz[1]
    item = shuffled(question)
    assert item == shuffled(question)  # seeded by the question text, not by chance
    sheet = load_workbook(folder(flagship_build, stage) / "kahoot-starter.xlsx").active
    assert [sheet.cell(10, c).value for c in range(3, 3 + len(item.options))] == item.options
    worksheet = pdf_text(flagship_build / "packs" / stage / FLAGSHIP / "worksheet.pdf")
    assert normalise(" ".join(item.options)) in worksheet


def test_coverage_lists_the_exit_questions_of_each_objective(lesson):
    from generator.quiz.coverage import quiz_coverage, quiz_coverage_csv, quiz_coverage_summary

    rows = [r for r in quiz_coverage([lesson]) if r.stage == "ks1"]
    exit_quiz = lesson.stages["ks1"].exit_quiz
    assert [r.number for r in rows] == list(range(1, len(lesson.stages["ks1"].objectives) + 1))
    for row in rows:
        assert list(row.questions) == [n for n, q in enumerate(exit_quiz, 1) if q.objective == row.number]
    text = quiz_coverage_csv(rows)
    assert text.splitlines()[0] == "lesson,key_stage,objective,objective_text,exit_questions,gap"
    assert quiz_coverage_summary(rows) == f"exit quizzes check {len(rows)} of {len(rows)} objectives (0 gaps)"
