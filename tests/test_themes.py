"""Themes: inheritance, template search path, one brand in PDF and slides, and bad themes."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import hex_rgb, pdf_colours, pdf_fonts, pdf_text
from pptx import Presentation

from generator.build import build
from generator.errors import LessonpackError, ValidationFailed
from generator.project import Project
from generator.themes import load_theme

THEMES = ["default", "dyslexia-friendly", "large-print", "campaign-example"]
LESSON = "safer-video-calls"


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    """One lesson at ks1 built with every theme: theme -> pack folder."""
    packs = {}
    for theme in THEMES:
        out = tmp_path_factory.mktemp(theme)
        build(Project(ROOT), lessons=[LESSON], stages=["ks1"], out=out, theme=theme, jobs=1)
        packs[theme] = out / "packs" / "ks1" / LESSON
    return packs


def test_a_theme_inherits_what_it_does_not_change():
    default = load_theme(ROOT / "themes", "default")
    dyslexia = load_theme(ROOT / "themes", "dyslexia-friendly")
    assert dyslexia.settings.colours.background == "#FBF5E6"
    assert dyslexia.settings.colours.accent == default.settings.colours.accent
    assert dyslexia.settings.pdf.font_family == default.settings.pdf.font_family
    assert dyslexia.settings.pdf.line_height >= 1.5 and dyslexia.settings.pdf.body_size_pt >= 12
    assert [f.name for f in dyslexia.folders] == ["dyslexia-friendly", "default"]
    assert [p.relative_to(ROOT).as_posix() for p in dyslexia.stylesheets("letter")] == [
        "themes/default/css/base.css", "themes/default/css/letter.css", "themes/dyslexia-friendly/css/theme.css"]


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_shows_in_the_pdf_and_the_slides(themed, theme):
    settings = load_theme(ROOT / "themes", theme).settings
    colours = pdf_colours(themed[theme] / "worksheet.pdf")
    assert hex_rgb(settings.colours.primary) in colours
    if settings.colours.background != "#FFFFFF":
        assert hex_rgb(settings.colours.background) in colours  # the page itself is coloured
    assert {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"} <= pdf_fonts(themed[theme] / "worksheet.pdf")
    deck = Presentation(str(themed[theme] / "slides.pptx"))
    second = deck.slides[1]
    assert str(second.background.fill.fore_color.rgb) == settings.colours.background[1:].upper()
    bar = second.shapes[0]
    assert str(bar.fill.fore_color.rgb) == settings.colours.primary[1:].upper()
    fonts = {run.font.name for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert fonts == {settings.slides.font}
    sizes = [run.font.size.pt for slide in list(deck.slides)[1:] for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs if shape.top > 1371600]  # body, not bars
    assert min(s for s in sizes if s > 12) >= settings.slides.body_min_pt - 2


def test_campaign_brand_logo_and_name_are_on_documents_and_slides(themed):
    pack = themed["campaign-example"]
    deck = Presentation(str(pack / "slides.pptx"))
    title = deck.slides[0]
    alts = [s._element.nvPicPr.cNvPr.get("descr") for s in title.shapes if s.shape_type == 13]
    assert "Northshire Safer Schools Partnership logo, a purple shield with the letters NSSP" in alts
    assert any("Northshire Safer Schools Partnership" in s.text_frame.text for s in title.shapes if s.has_text_frame)
    help_alts = [s._element.nvPicPr.cNvPr.get("descr") for s in deck.slides[-1].shapes if s.shape_type == 13]
    assert any("logo" in alt for alt in help_alts)
    from pypdf import PdfReader
    page = PdfReader(str(pack / "letter.pdf")).pages[0]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())


def test_dyslexia_theme_has_no_italics_and_left_aligned_text(themed):
    css = (ROOT / "themes/dyslexia-friendly/css/theme.css").read_text()
    assert "font-style: normal" in css and "text-align: left" in css
    assert "justify" not in (ROOT / "themes/default/css/base.css").read_text()
    assert "Italic" not in " ".join(pdf_fonts(themed["dyslexia-friendly"] / "guide.pdf"))


def test_a_theme_template_overrides_its_parent(project, tmp_path):
    child = project.themes / "school-brand"
    (child / "templates").mkdir(parents=True)
    (child / "theme.yaml").write_text("name: School brand\nextends: default\ncolours: {primary: '#123456'}\n")
    base = (project.themes / "default/templates/letter.html").read_text()
    (child / "templates/letter.html").write_text(
        base.replace('<p class="kicker">{{ _("Online safety at school") }}</p>', '<p class="kicker">Our safer internet week</p>'))
    build(project, out=tmp_path / "out", theme="school-brand", jobs=1)
    letter = pdf_text(tmp_path / "out/packs/ks2/demo/letter.pdf")
    assert "Our safer internet week" in letter and "Online safety at school" not in letter
    assert "Dear parent or carer" in letter  # the shared letter parts still come from the parent theme
    assert "Our safer internet week" not in pdf_text(tmp_path / "out/packs/ks2/letter.pdf")  # unit letter
    assert (18, 52, 86) in pdf_colours(tmp_path / "out/packs/ks2/demo/worksheet.pdf")


def write_theme(project, name: str, body: str) -> None:
    folder = project.themes / name
    folder.mkdir()
    (folder / "theme.yaml").write_text(body)


def test_a_theme_that_extends_itself_is_refused(project):
    write_theme(project, "loop", "name: Loop\nextends: loop\n")
    with pytest.raises(LessonpackError) as caught:
        load_theme(project.themes, "loop", project.root)
    assert str(caught.value).splitlines()[0] == "themes/loop/theme.yaml: error: theme inheritance loops: loop -> loop"


def test_an_unknown_theme_lists_the_available_ones(project):
    with pytest.raises(LessonpackError) as caught:
        load_theme(project.themes, "dyslexic", project.root)
    assert str(caught.value) == ("error: unknown theme 'dyslexic' (available: campaign-example, default, "
                                 "dyslexia-friendly, large-print)")


def test_an_unknown_parent_is_reported_in_the_child(project):
    write_theme(project, "child", "name: Child\nextends: defualt\n")
    with pytest.raises(LessonpackError) as caught:
        load_theme(project.themes, "child", project.root)
    assert str(caught.value).startswith("themes/child/theme.yaml: error: unknown theme 'defualt'")


def test_a_missing_logo_is_reported_at_its_line(project):
    write_theme(project, "brand", "name: Brand\nextends: default\nlogo:\n  path: images/logo.png\n  alt: Our logo\n")
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project.themes, "brand", project.root)
    assert [str(p) for p in caught.value.problems] == [
        "themes/brand/theme.yaml:4:9: error: logo file not found: images/logo.png"]


def test_an_svg_logo_is_refused_with_what_to_do(project):
    write_theme(project, "brand", "name: Brand\nextends: default\nlogo:\n  path: logo.svg\n  alt: Our logo\n")
    (project.themes / "brand/logo.svg").write_text("<svg/>")
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project.themes, "brand", project.root)
    assert [str(p) for p in caught.value.problems] == [
        "themes/brand/theme.yaml:4:9: error: must be a PNG or JPEG file: slides cannot show SVG; convert it "
        "first, e.g. rsvg-convert -w 800 logo.svg -o logo.png"]


def test_an_uncommon_slide_font_is_warned_about(project):
    write_theme(project, "fancy", "name: Fancy\nextends: default\nslides: {font: Comic Neue}\n")
    theme = load_theme(project.themes, "fancy", project.root)
    assert theme.font_warning().startswith(
        "theme 'fancy': slide font 'Comic Neue' is not installed on most school computers")
    assert load_theme(project.themes, "campaign-example", project.root).font_warning() is None
