"""lessonpack site: the static catalogue built from a finished build (no browser needed here)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FLAGSHIP, ROOT
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from generator.build import build
from generator.cli import main
from generator.errors import LessonpackError
from generator.lessons import load_lessons
from generator.project import Project
from generator.site import build_site

STAGES = ["ks1", "ks2", "ks3", "ks4"]


@pytest.fixture(scope="module")
def site(flagship_site) -> Path:
    return flagship_site


@pytest.fixture(scope="module")
def flagship():
    return load_lessons(ROOT / "lessons", [FLAGSHIP], ROOT)[0]


class Links(HTMLParser):
    """Every href and src of a page, and every id it defines."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.downloads: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "a" and "download" in attrs:
            self.downloads.append(attrs["href"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def text_of(path: Path) -> str:
    html = re.sub(r"<script.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_unescape(text).split())


def test_every_link_and_download_resolves(site):
    pages = sorted(site.rglob("*.html"))
    pages = [p for p in pages if "pagefind" not in p.parts]
    assert len(pages) == 1 + 4 + 1 + 4 + 1  # home, four lessons, parents' chooser, four parents' pages, coverage
    checked = 0
    for page in pages:
        links = parse(page)
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "tel", "data"):
                continue
            assert not parts.scheme, f"{page.name}: {link}"
            assert not link.startswith("/"), f"{page.name}: absolute link {link} breaks on file:// and sub-paths"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)} links to missing {link}"
            assert target.is_relative_to(site.resolve()), link
            if parts.fragment:
                assert parts.fragment in parse(target).ids, f"{page.name}: no #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 200


def test_downloads_are_the_built_files_with_true_sizes(site, flagship_build):
    manifest = json.loads((flagship_build / "manifest.json").read_text())
    lesson_page = site / "lessons" / FLAGSHIP / "ks2.html"
    downloads = parse(lesson_page).downloads
    expected = [a for a in manifest["artifacts"] if a["key_stage"] == "ks2" and a["lesson"] == FLAGSHIP]
    assert sorted(d.removeprefix("../../") for d in downloads) == sorted(a["path"] for a in expected)
    text = text_of(lesson_page)
    for artifact in expected:
        assert (site / artifact["path"]).read_bytes() == (flagship_build / artifact["path"]).read_bytes()
        size = artifact["bytes"]
        if size < 1000:  # small quiz CSVs
            shown = f"{size} bytes"
        else:
            shown = f"{round(size / 1000)} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
        assert shown in text, (artifact["path"], shown)
    for kind in ("Teacher guide", "Slides (PowerPoint)", "Slides handout (PDF)", "Pupil worksheet",
                 "Letter for parents and carers", "Download the whole pack"):
        assert kind in text


def test_home_lists_every_pack_by_key_stage_and_topic(site, flagship):
    home = site / "index.html"
    text = text_of(home)
    html = home.read_text()
    for stage in STAGES:
        assert f'href="lessons/{FLAGSHIP}/{stage}.html"' in html
        assert f'data-stage="{stage}"' in html
        assert f'href="packs/{stage}/{FLAGSHIP}.zip"' in html
    assert flagship.meta.title in text and "Every lesson by topic" in text
    assert 'href="coverage.html"' in html and "Curriculum coverage report" in text
    assert html.count("data-pack ") == 4
    for name in ("Key stage", "Topic", "Document type", "Teacher guide", "Slides", "Pupil worksheet"):
        assert name in text


def test_lesson_page_has_summary_objectives_timings_labels_and_dsl_note(site, flagship):
    for stage in STAGES:
        page = site / "lessons" / FLAGSHIP / f"{stage}.html"
        text = text_of(page)
        content = flagship.stages[stage]
        assert " ".join(flagship.meta.summary.split()) in text
        for objective in content.objectives:
            assert objective in text
        for activity in content.all_activities():
            assert activity.title in text
        assert f"Total {flagship.duration(stage)}" in text
        assert "Tell your DSL first" in text and "Before you teach" in text
        assert " ".join(flagship.meta.safeguarding.dsl_note.split()) in text


def test_content_labels_name_the_topic_age_limit_and_dsl():
    from generator.site.catalogue import Pack

    sextortion = load_lessons(ROOT / "lessons", ["sextortion"], ROOT)[0]
    from generator.stages import KEY_STAGES

    pack = Pack(sextortion, KEY_STAGES["ks3"], [], None, [], 60, [])
    assert pack.labels == ["Covers sextortion (online sexual blackmail)", "KS3+ only",
                           "Sexual content: age 11 and over", "Tell your DSL first"]


def test_thumbnails_show_the_real_worksheet_pages_and_every_slide(site, flagship_build):
    page = site / "lessons" / FLAGSHIP / "ks2.html"
    images = [link for link in parse(page).links if "/thumbs/" in link]
    pages = len(PdfReader(str(flagship_build / "packs/ks2" / FLAGSHIP / "worksheet.pdf")).pages)
    deck = Presentation(str(flagship_build / "packs/ks2" / FLAGSHIP / "slides.pptx"))
    assert len([i for i in images if "/pages/" in i]) == pages
    slides = [i for i in images if "/slides/" in i]
    assert len(slides) == len(deck.slides)
    html = page.read_text()
    first_title = next(s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame and s.text_frame.text)
    assert f'alt="Slide 2: {first_title}"' in html
    # The title slide is drawn on the theme's primary colour; other slides have a white body under a primary bar.
    title = Image.open(page.parent / slides[0]).convert("RGB")
    second = Image.open(page.parent / slides[1]).convert("RGB")
    primary = (0x24, 0x52, 0x7A)
    near = lambda a, b: all(abs(x - y) <= 6 for x, y in zip(a, b))  # noqa: E731
    assert near(title.getpixel((title.width // 2, title.height - 10)), primary)
    assert near(second.getpixel((second.width // 2, 8)), primary)
    assert near(second.getpixel((second.width // 2, second.height - 40)), (255, 255, 255))
    worksheet = Image.open(page.parent / [i for i in images if "/pages/" in i][0]).convert("L")
    assert worksheet.width == 360 and 0.6 < worksheet.width / worksheet.height < 0.8  # A4 portrait
    assert worksheet.getextrema()[0] < 80  # there is dark text on it


def test_parents_page_shows_learning_materials_letters_and_helplines(site, flagship, flagship_build):
    from generator.helplines import helplines_for, load_helplines

    helplines = load_helplines(ROOT / "data", ROOT)
    for stage in STAGES:
        page = site / "parents" / f"{stage}.html"
        text = text_of(page)
        links = parse(page).links
        content = flagship.stages[stage]
        assert " ".join(content.letter.learning.split()) in text
        for starter in content.letter.conversation_starters:
            assert " ".join(starter.split()) in text
        for kind in ("worksheet.pdf", "slides.pdf", "letter.pdf"):
            assert f"../packs/{stage}/{FLAGSHIP}/{kind}" in links
        assert "guide.pdf" not in " ".join(links)  # the teacher's script is not a parents' material
        assert f"../packs/{stage}/letter.pdf" in links  # the unit letter
        for helpline in helplines_for(helplines, "parent", stage):
            assert helpline.name in text
        assert "never a child's fault" in text and "You have the right to see" in text


def test_site_is_byte_identical_when_built_again_elsewhere(site, flagship_build, tmp_path):
    copy = tmp_path / "elsewhere" / "build"
    shutil.copytree(flagship_build, copy)
    again = tmp_path / "again"
    build_site(Project(ROOT), out=again, build_dir=copy)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(name) for name in first if first[name] != second[name]]
    assert different == []


def test_missing_or_changed_packs_name_the_command_to_run(tmp_path, flagship_build, capsys):
    with pytest.raises(LessonpackError) as missing:
        build_site(Project(ROOT), out=tmp_path / "site", build_dir=tmp_path / "nothing")
    assert missing.value.message == "no packs to publish: the build has no manifest.json"
    assert missing.value.hint == "run 'lessonpack build' first; the site reuses the packs it writes"
    changed = tmp_path / "build"
    shutil.copytree(flagship_build, changed)
    (changed / "packs/ks2" / FLAGSHIP / "letter.pdf").write_bytes(b"%PDF-1.7 edited")
    assert main(["--project", str(ROOT), "site", "--build", str(changed), "--out", str(tmp_path / "site")]) == 1
    error = capsys.readouterr().err
    assert f"packs/ks2/{FLAGSHIP}/letter.pdf is missing or has changed since the build" in error
    assert "run 'lessonpack build' again, then 'lessonpack site'" in error
    assert not (tmp_path / "site").exists()  # nothing half-written


def test_school_site_has_its_name_logo_and_safeguarding_lead(tmp_path, project):
    shutil.copy(ROOT / "schools" / "example-primary-logo.png", project.root / "logo.png")
    profile = project.root / "school.yaml"
    profile.write_text(
        "name: Hillside Academy\n"
        "logo: {path: logo.png, alt: Hillside Academy logo}\n"
        "dsl: {name: Ms Ada Brook, role: Designated safeguarding lead, phone: '01632 960 555',"
        " email: dsl@hillside.example}\n"
        "stages: [ks2]\nlessons: [demo]\n")
    build(project, school=profile, jobs=1)
    result = build_site(project, school=profile)
    assert result.out == project.build / "schools" / "school" / "site"
    home, parents = text_of(result.out / "index.html"), text_of(result.out / "parents" / "ks2.html")
    for text in (home, parents):
        assert "Hillside Academy" in text and "Ms Ada Brook" in text and "01632 960 555" in text
    assert 'alt="Hillside Academy logo"' in (result.out / "index.html").read_text()
    assert (result.out / "assets" / "logo.png").read_bytes() == (project.root / "logo.png").read_bytes()
    assert "Online-safety lessons at Hillside Academy" in home


def test_out_folder_that_is_not_a_site_is_never_replaced(tmp_path, flagship_build):
    precious = tmp_path / "my-documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(LessonpackError) as refused:
        build_site(Project(ROOT), out=precious, build_dir=flagship_build)
    assert refused.value.message == f"{precious} already exists and is not a site lessonpack wrote; it was left untouched"
    assert (precious / "notes.txt").read_text() == "keep me" and len(list(precious.iterdir())) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["my-documents"]  # no staging folder left behind
    with pytest.raises(LessonpackError) as over_build:
        build_site(Project(ROOT), out=flagship_build.parent, build_dir=flagship_build)
    assert "it holds the build or the project" in over_build.value.message
