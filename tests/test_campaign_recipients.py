"""Campaign files and recipients: every bad row reported at once, as the spreadsheet numbers it."""

from __future__ import annotations

import pytest

from campaign_helpers import HEADER, ROOT, SCHOOLS, write_campaign
from generator.campaign.batch import batch
from generator.campaign.recipients import slugify
from generator.cli import main
from generator.errors import LessonpackError, ValidationFailed
from generator.project import Project

PROJECT = Project(ROOT)


def test_every_bad_row_is_reported_with_row_column_and_hint(tmp_path):
    rows = [
        SCHOOLS[0],
        ["", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks2", "", "1", ""],
        ["Bad Stage School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks5", "", "1", ""],
        ["Typo Lesson School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks2", "sextorsion", "1", ""],
        ["Copies School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks2", "", "two", ""],
        ["Logo School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks2", "", "1", "../secret.png"],
        ["Missing Logo School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks2", "", "1", "logos/x.png"],
        ["Infant School", "1 Road", "Town", "NS1 1AA", "Ms A", "DSL", "", "", "ks1", "sextortion", "1", ""],
    ]
    file = write_campaign(tmp_path / "c", rows)
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    where = "recipients.csv"
    lines = [line.split(where, 1)[1] for line in str(caught.value).splitlines()[:-1]]
    assert lines == [
        ": row 3, column A 'school_name': error: school name is missing",
        ": row 4, column I 'key_stages': error: unknown key stage 'ks5' (did you mean 'ks4'?)",
        ": row 5, column J 'lessons': error: unknown lesson 'sextorsion' (did you mean 'sextortion'?)",
        ": row 6, column K 'copies': error: copies must be a whole number from 1 to 1000, not 'two'",
        ": row 7, column L 'logo': error: logo '../secret.png' lies outside the campaign folder; "
        "put logos inside it",
        ": row 8, column L 'logo': error: logo file not found: logos/x.png (paths are relative to the campaign folder)",
        ": row 9, column J 'lessons': error: lesson 'sextortion' has no ks1 letter (it is written for ks3, ks4)",
    ]
    assert str(caught.value).splitlines()[-1] == "7 error(s) found"


def test_unknown_and_missing_columns_are_named_with_a_suggestion(tmp_path):
    header = ["school_nme"] + HEADER[1:]
    file = write_campaign(tmp_path / "c", [SCHOOLS[0]], header=header)
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    text = str(caught.value)
    assert "recipients.csv: row 1, column A 'school_nme': error: unknown column 'school_nme' " \
           "(did you mean 'school_name'?)" in text
    assert "recipients.csv: row 1: error: missing column 'school_name'" in text


def test_unknown_lesson_in_the_campaign_file_points_at_its_line(tmp_path):
    file = write_campaign(tmp_path / "c")
    file.write_text(file.read_text().replace("[spotting-fake-identities]", "[spoting-fake-identities]"))
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    assert "campaign.yaml:7:13: error: unknown lesson 'spoting-fake-identities' " \
           "(did you mean 'spotting-fake-identities'?)" in str(caught.value)


def test_pdf_x_4_is_refused_with_the_reason_not_claimed(tmp_path):
    file = write_campaign(tmp_path / "c", extra="  standard: pdf/x-4\n")
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    assert "campaign.yaml:13:13: error: PDF/X-4 is not produced: WeasyPrint marks a file PDF/X-4 but writes no " \
           "output intent (colour profile) and draws in device RGB" in str(caught.value)


def test_whole_packs_are_refused_with_the_command_that_makes_them(tmp_path):
    file = write_campaign(tmp_path / "c")
    file.write_text(file.read_text().replace("  word_copies: true\n", "  word_copies: true\n  packs: true\n"))
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    assert "campaign.yaml:9:10: error: whole packs are not made by 'lessonpack batch' (it sends letters); make a " \
           "school's packs with 'lessonpack build --school schools/<school>.yaml'" in str(caught.value)


def test_dry_run_prints_the_plan_without_rendering(tmp_path, capsys):
    file = write_campaign(tmp_path / "c")
    assert main(["--project", str(ROOT), "batch", str(file), "--dry-run", "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    # 5 letters (O'Brien gets 2 copies); 2 pages each, a slip and its blank back per school.
    assert out.strip() == ("plan for Test campaign: 4 recipient(s), 5 letter(s), 18 page(s), 9 sheet(s) of paper "
                           "(dry run: nothing rendered)")
    assert not (tmp_path / "out").exists()


def test_xlsx_recipients_are_read_like_csv(tmp_path):
    import openpyxl

    file = write_campaign(tmp_path / "c")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in SCHOOLS:
        sheet.append([int(v) if v.isdigit() and len(v) < 3 else v for v in row])
    sheet.append(["", "", "", "", "", "", "", "", "ks2", "", "0", ""])
    book.save(tmp_path / "c" / "recipients.xlsx")
    file.write_text(file.read_text().replace("recipients.csv", "recipients.xlsx"))
    with pytest.raises(ValidationFailed) as caught:
        batch(PROJECT, file, dry_run=True)
    assert "recipients.xlsx: row 6, column K 'copies': error: copies must be a whole number from 1 to 1000, not '0'" \
        in str(caught.value)


def test_slugs_are_ascii_folder_names():
    assert slugify("Ysgol Gymraeg Aberystwyth") == "ysgol-gymraeg-aberystwyth"
    assert slugify("O'Brien & Sons Academy") == "o-brien-sons-academy"
    assert slugify("<script>alert('x')</script>") == "script-alert-x-script"
    assert slugify("مدرسہ اقرا") == ""


def test_missing_campaign_file_is_a_clear_error(tmp_path):
    with pytest.raises(LessonpackError) as caught:
        batch(PROJECT, tmp_path / "nope.yaml", dry_run=True)
    assert caught.value.message == "campaign file not found"
