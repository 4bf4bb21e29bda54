"""``lessonpack serve``: a live preview that rebuilds on edits and shows errors instead of stopping.

A temporary project with one real lesson (ks1 only, to keep builds small) is served on a
free port; the tests edit its files and poll the served pages, each wait bounded in time.
"""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from generator.project import Project
from generator.site.serve import VERSION_PATH, PreviewServer

LESSON = "spotting-fake-identities"
#: Upper bound for one rebuild on a busy 2-core machine (lint, one pack, the site).
REBUILD_SECONDS = 240


def fetch(url: str) -> tuple[int, str]:
    """Status and text of ``url`` (error statuses too)."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, check, seconds: float = REBUILD_SECONDS) -> tuple[int, str]:
    """Poll ``url`` until ``check(status, text)`` holds; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    status, text = fetch(url)
    while not check(status, text):
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not change as expected within {seconds}s; last status {status}:\n{text[:2000]}")
        time.sleep(0.5)
        status, text = fetch(url)
    return status, text


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A served copy of the project with one lesson at ks1; stopped after the module's tests."""
    root = tmp_path_factory.mktemp("serve") / "project"
    for folder in ("themes", "data", "curricula"):
        shutil.copytree(ROOT / folder, root / folder)
    lesson = root / "lessons" / LESSON
    lesson.mkdir(parents=True)
    for name in ("lesson.yaml", "ks1.yaml"):
        shutil.copy(ROOT / "lessons" / LESSON / name, lesson / name)
    reports: list[str] = []
    server = PreviewServer(Project(root), port=0, report=reports.append).start()
    try:
        yield server, lesson, reports
    finally:
        server.stop()


def test_serves_the_site_on_loopback_with_the_reload_script_only_in_served_pages(preview):
    server, lesson, _ = preview
    assert server.url.startswith("http://127.0.0.1:")
    status, page = fetch(server.url)
    assert status == 200, page
    assert "Spotting fake identities" in page or "spotting" in page.lower()
    assert VERSION_PATH in page
    on_disk = (server.state.snapshot()[0] / "index.html").read_text(encoding="utf-8")
    assert VERSION_PATH not in on_disk
    assert fetch(server.url + VERSION_PATH.lstrip("/")) == (200, str(server.state.snapshot()[1]))


def test_title_edit_appears_on_the_served_page(preview):
    server, lesson, reports = preview
    meta = lesson / "lesson.yaml"
    text = meta.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    meta.write_text(text.replace(title_line, 'title: "Fake friends online: a served edit"', 1), encoding="utf-8")
    wait_for(server.url, lambda status, page: status == 200 and "Fake friends online: a served edit" in page)
    assert any("rebuilt in" in line for line in reports)


def test_broken_yaml_shows_its_file_and_line_then_recovers(preview):
    server, lesson, reports = preview
    stage = lesson / "ks1.yaml"
    good = stage.read_text(encoding="utf-8")
    stage.write_text(good + "plenary: twice\n", encoding="utf-8")  # a duplicate key, on this line
    line = good.count("\n") + 1
    status, page = wait_for(server.url, lambda status, page: status == 500)
    assert f"lessons/{LESSON}/ks1.yaml:{line}" in page, page
    assert VERSION_PATH in page  # the error page reloads itself when fixed
    assert any(f"ks1.yaml:{line}" in report for report in reports)
    stage.write_text(good, encoding="utf-8")
    wait_for(server.url, lambda status, page: status == 200 and "Fake friends online: a served edit" in page)


def test_lint_error_is_shown_with_its_place(preview):
    server, lesson, _ = preview
    meta = lesson / "lesson.yaml"
    good = meta.read_text(encoding="utf-8")
    # A web address that is not in the helpline registry is a lint (content guide) error.
    meta.write_text(good.replace("summary: >-\n", "summary: >-\n  Visit fakehelp-example.com first.\n", 1),
                    encoding="utf-8")
    status, page = wait_for(server.url, lambda status, page: status == 500)
    assert f"lessons/{LESSON}/lesson.yaml:" in page and "fakehelp-example.com" in page, page
    meta.write_text(good, encoding="utf-8")
    wait_for(server.url, lambda status, page: status == 200)


def test_stop_closes_the_port(tmp_path):
    def nothing_to_build(project, school):
        return tmp_path, "built"

    server = PreviewServer(Project(tmp_path), port=0, rebuild=nothing_to_build).start()
    url = server.url
    assert fetch(url + VERSION_PATH.lstrip("/"))[0] == 200
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


def test_error_page_escapes_the_message(tmp_path):
    from generator.errors import LessonpackError, Location

    def broken(project, school):
        raise LessonpackError("bad <script>alert(1)</script>", Location("lessons/x/ks1.yaml", 3, 1))

    server = PreviewServer(Project(tmp_path), port=0, rebuild=broken).start()
    try:
        status, page = fetch(server.url)
    finally:
        server.stop()
    assert status == 500
    assert "lessons/x/ks1.yaml:3:1: error: bad &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_served_files_stay_inside_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>home</body></html>")
    (tmp_path / "secret.txt").write_text("not for the web")

    server = PreviewServer(Project(tmp_path), port=0, rebuild=lambda project, school: (site, "built")).start()
    try:
        assert fetch(server.url + "../secret.txt")[1] != "not for the web"
        assert "home" in fetch(server.url)[1]
        request = urllib.request.Request(server.url + "%2e%2e/secret.txt")
        try:
            body = urllib.request.urlopen(request, timeout=10).read().decode()
        except urllib.error.HTTPError:
            body = ""
        assert "not for the web" not in body
    finally:
        server.stop()
