"""Characters the bundled fonts lack (emoji, scripts without a font) are refused at their place, never printed as boxes."""

from __future__ import annotations

import pytest

from campaign_helpers import SCHOOLS, write_campaign
from conftest import ROOT
from generator import api
from generator.build import build
from generator.campaign.batch import batch
from generator.errors import ValidationFailed
from generator.glyphs import FontCoverage, theme_coverage
from generator.project import Project
from generator.themes import load_theme
from helpers import edit, pdf_fonts, pdf_text

KS2 = "lessons/demo/ks2.yaml"
INSTRUCTION = "Read the story and talk about the questions."
EMOJI = ("the emoji '😀' (U+1F600 Grinning Face) cannot be printed: the theme's fonts have no emoji, so it would "
         "show as an empty box; remove the emoji, or use a `picture:` from the picture library instead")


def no_font(char: str, name: str) -> str:
    return (f"the character '{char}' (U+{ord(char):04X} {name}) is in none of the theme's fonts, so it would print "
            f"as an empty box; replace it (e.g. with plain letters), or add a font that has it to the theme "
            f"(a file in fonts/ declared with @font-face in css/theme.css)")


def check_problems(project) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        api.check(project)
    return [str(p) for p in caught.value.problems]


def test_an_emoji_in_an_activity_instruction_is_reported_at_its_column_by_check_and_build(project, tmp_path):
    edit(project, "ks2.yaml", INSTRUCTION, "Read the story 😀 and talk about the questions 😀.")
    line = (project.lessons / "demo/ks2.yaml").read_text().splitlines().index(
        '    instructions: "Read the story 😀 and talk about the questions 😀."') + 1
    assert check_problems(project) == [f"{KS2}:{line}:35: error: {EMOJI}"]
    # The worksheet is never printed with a box in it: the build refuses before rendering anything.
    with pytest.raises(ValidationFailed) as caught:
        build(project, out=tmp_path / "out", jobs=1)
    assert str(caught.value) == f"{KS2}:{line}:35: error: {EMOJI}\n1 error(s) found"
    assert not (tmp_path / "out").exists()


def test_a_school_name_in_a_script_the_fonts_lack_points_at_the_profile(project, tmp_path):
    (project.root / "schools").mkdir()
    profile = project.root / "schools/han-school.yaml"
    profile.write_text("# a profile\nname: Riverside 学校\nlessons: [demo]\n", encoding="utf-8")
    expected = [f"schools/han-school.yaml:2:17: error: {no_font('学', 'Cjk Unified Ideograph-5B66')}",
                f"schools/han-school.yaml:2:18: error: {no_font('校', 'Cjk Unified Ideograph-6821')}"]
    assert check_problems(project) == expected
    with pytest.raises(ValidationFailed) as caught:
        build(project, school=profile, out=tmp_path / "out", jobs=1)
    assert str(caught.value).splitlines()[:-1] == expected


def test_greek_and_cyrillic_names_print_with_the_bundled_fallback_font(project, tmp_path):
    # Liberation Sans (bundled for the slides) is the last fallback of every PDF: no machine font is used.
    edit(project, "ks2.yaml", INSTRUCTION, "Read the story of Ζωή and Мария and talk about the questions.")
    api.check(project)
    out = tmp_path / "out"
    build(project, out=out, stages=["ks2"], jobs=1)
    worksheet = out / "packs/ks2/demo/worksheet.pdf"
    assert "Read the story of Ζωή and Мария and talk about the questions." in pdf_text(worksheet)
    fonts = pdf_fonts(worksheet)
    assert {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"} <= fonts
    assert fonts <= {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold", "Liberation-Sans", "Liberation-Sans-Bold"}
    assert fonts & {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_a_campaign_row_with_a_character_the_fonts_lack_names_row_and_column(tmp_path):
    rows = [SCHOOLS[0], ["Star ⭐ Academy"] + SCHOOLS[1][1:]]
    file = write_campaign(tmp_path / "c", rows)
    with pytest.raises(ValidationFailed) as caught:
        batch(Project(ROOT), file, dry_run=True)
    [line] = str(caught.value).splitlines()[:-1]
    assert line.endswith("recipients.csv: row 3, column A 'school_name': error: the emoji '⭐' (U+2B50 White "
                         "Medium Star) cannot be printed: the theme's fonts have no emoji, so it would show as an "
                         "empty box; remove the emoji, or use a `picture:` from the picture library instead")


def test_a_translation_with_an_emoji_is_reported_at_its_line(project):
    path = project.data / "translations/cy.yaml"
    text = path.read_text(encoding="utf-8")
    old = "Pa gêm neu fideo wyt ti'n ei hoffi orau?"
    line = text[:text.index(old)].count("\n") + 1
    column = text.splitlines()[line - 1].index(old) + len("Pa gêm ") + 1
    path.write_text(text.replace(old, "Pa gêm 🎮 neu fideo wyt ti'n ei hoffi orau?"), encoding="utf-8")
    problems = [p for p in check_problems(project) if "cannot be printed" in p]
    assert problems == [f"data/translations/cy.yaml:{line}:{column}: error: the emoji '🎮' (U+1F3AE Video Game) "
                        "cannot be printed: the theme's fonts have no emoji, so it would show as an empty box; "
                        "remove the emoji, or use a `picture:` from the picture library instead"]


def test_what_the_default_fonts_draw():
    coverage = theme_coverage(load_theme(ROOT / "themes", "default", ROOT))
    assert isinstance(coverage, FontCoverage)
    # Welsh, Polish, Romanian, Urdu, Greek, Cyrillic; a letter with a combining accent HarfBuzz composes;
    # invisible joiners, spaces and variation selectors draw nothing and need no glyph.
    assert coverage.missing("ŵŷ ąę șț اردو Ζωή Мария e\u0301 a\u200db\u00a0c\u2066d\ufe0f") == []
    assert coverage.missing("🙂 x 🙂 中文 ☃") == ["🙂", "中", "文", "☃"]
