"""Markup injection, template typos, sandboxed fetching and atomic, all-or-nothing builds."""

from __future__ import annotations


import pytest
from helpers import pdf_text, slide_texts

from generator.build import build
from generator.errors import RenderError
from generator.html import PdfRenderer
from generator.lessons import load_lessons
from generator.renderers.documents import DocumentRenderer
from generator.school import DEFAULT_SCHOOL
from generator.helplines import load_helplines
from generator.themes import load_theme
from generator.views import build_view

INJECTION = "<img src=x> & <b>bold</b>"


def set_title(project, title: str) -> None:
    path = project.lessons / "demo" / "lesson.yaml"
    path.write_text(path.read_text().replace('title: "Demo"', f"title: '{title}'"))


def test_markup_in_yaml_appears_literally(project, tmp_path):
    set_title(project, INJECTION)
    [lesson] = load_lessons(project.lessons, root=project.root)
    theme = load_theme(project.themes, "default")
    view = build_view(lesson, "ks2", DEFAULT_SCHOOL, load_helplines(project.data))
    html = DocumentRenderer(theme).render_html("worksheet", view, lesson.folder)
    assert "&lt;img src=x&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img src=x>" not in html
    out = tmp_path / "out"
    build(project, out=out, jobs=1)
    assert INJECTION in pdf_text(out / "packs/ks2/demo/worksheet.pdf")
    assert slide_texts(out / "packs/ks2/demo/slides.pptx")[0].startswith(INJECTION)


def test_template_typo_fails_loudly_naming_the_template(project, tmp_path):
    template = project.themes / "default/templates/letter.html"
    template.write_text(template.read_text().replace("{{ meta.title }}</h1>", "{{ meta.titel }}</h1>"))
    with pytest.raises(RenderError) as caught:
        build(project, out=tmp_path / "out", jobs=1)
    line = next(i for i, text in enumerate(template.read_text().splitlines(), 1) if "meta.titel" in text)
    assert str(caught.value).startswith(
        f"themes/default/templates/letter.html:{line}: error: demo (ks2, letter.pdf): template error in letter.html: ")
    assert "titel" in str(caught.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "file:///etc/passwd", "../../../../etc/hostname"])
def test_weasyprint_fetches_nothing_outside_the_asset_folders(tmp_path, url):
    css = tmp_path / "theme" / "style.css"
    css.parent.mkdir()
    css.write_text("body { color: black; }")
    renderer = PdfRenderer([css], allowed=[tmp_path / "theme"])
    with pytest.raises(RenderError, match="refused to fetch"):
        renderer.render(f'<p>x</p><img src="{url}">', tmp_path / "theme")


def test_css_cannot_pull_files_from_outside_the_theme(tmp_path):
    css = tmp_path / "theme" / "style.css"
    css.parent.mkdir()
    css.write_text("@import url(file:///etc/passwd);")
    with pytest.raises(RenderError, match="stylesheet refers to a file it may not use: file:///etc/passwd"):
        PdfRenderer([css], allowed=[tmp_path / "theme"])


def test_failed_build_leaves_earlier_output_intact_and_nothing_half_written(project, tmp_path):
    out = tmp_path / "out"
    build(project, out=out, jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    ks2 = project.lessons / "demo" / "ks2.yaml"
    long = " ".join(["This instruction is far too long to fit on a slide."] * 12)
    ks2.write_text(ks2.read_text().replace('instructions: "Read the story and talk about the questions."',
                                           f'instructions: "{long}"'))
    with pytest.raises(RenderError) as caught:
        build(project, out=out, jobs=1)
    message = str(caught.value)
    assert message.startswith("lessons/demo/ks2.yaml:27:19: error: demo (ks2, slides.pptx): text would overflow")
    assert "hint: shorten this text" in message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(out.rglob("*.part"))


def test_parallel_build_reports_errors_with_their_location(project, tmp_path):
    (project.lessons / "demo" / "ks3.yaml").write_text((project.lessons / "demo" / "ks2.yaml").read_text())
    ks2 = project.lessons / "demo" / "ks2.yaml"
    # One sentence (a story continues on further slides sentence by sentence, but a sentence never splits).
    long = " ".join(["far too long for any slide at all"] * 60) + "."
    ks2.write_text(ks2.read_text().replace('scenario: "TODO: a short story about fictional characters."',
                                           f'scenario: "{long}"'))
    with pytest.raises(RenderError) as caught:
        build(project, out=tmp_path / "out", jobs=2)
    assert str(caught.value).startswith("lessons/demo/ks2.yaml:31:15: error: demo (ks2, slides.pptx)")
