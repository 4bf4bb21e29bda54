"""The site in a real browser: Debian's chromium, driven by Playwright, checked by axe-core.

One small site (the flagship lesson, four key stages) is built and served on 127.0.0.1
for the whole module. `make test` installs chromium with apt-get; Playwright's own browser
download is never used.
"""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import FLAGSHIP
from generator.quiz.exports import QUIZ_FILES


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Every WCAG 2.0/2.1/2.2 A and AA rule axe has, and its best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                      "best-practice"]},
               "rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
PAGES = ["index.html", f"lessons/{FLAGSHIP}/ks2.html", "parents/ks2.html", "parents/index.html", "coverage.html"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site(flagship_site) -> Path:
    return flagship_site


@pytest.fixture(scope="module")
def server(site):
    """The site served on 127.0.0.1 (any free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "chromium is missing: run 'make setup' (it installs it with apt-get)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    results = Axe().run(page, options=AXE_OPTIONS)
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
                for v in results.response["violations"]]
    assert problems == []


def test_search_filter_open_a_lesson_and_download_its_zip(page, server, site):
    page.goto(server + "index.html")
    cards = page.locator("[data-pack]")
    assert cards.count() == 4
    # Full-text search through the Pagefind index: a key word only the ks4 lesson page has.
    page.get_by_label("Search the lessons").fill("love-bombing")
    with page.expect_response(lambda response: "/pagefind/" in response.url and response.ok):
        page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_function("document.getElementById('result-count').textContent.includes(' of ')")
    assert [c.get_attribute("data-stage") for c in cards.all() if c.is_visible()] == ["ks4"]
    page.get_by_role("button", name="Clear search and filters").click()
    page.wait_for_function("document.getElementById('result-count').textContent.startsWith('Showing all')")
    page.get_by_role("checkbox", name="Key Stage 2 (ages 7-11)").check()
    assert [c.get_attribute("data-stage") for c in cards.all() if c.is_visible()] == ["ks2"]
    assert page.locator("#result-count").inner_text() == "Showing 1 of 4 lesson packs."
    assert not page.locator("#h-ks1").is_visible()
    page.locator("[data-stage='ks2'] h3 a").click()
    assert page.url.endswith(f"lessons/{FLAGSHIP}/ks2.html")
    assert page.locator("h1").inner_text() == "Spotting fake identities"
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the whole pack").click()
    saved = site.parent / "downloaded.zip"
    info.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    assert f"{FLAGSHIP}-ks2/slides.pdf" in names and f"{FLAGSHIP}-ks2/guide.pdf" in names


def test_search_works_from_the_file_system_too(page, site):
    page.goto((site / "index.html").as_uri())
    page.get_by_label("Search the lessons").fill("game chat")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('result-count').textContent.includes(' of ')")
    visible = [c.get_attribute("data-stage") for c in page.locator("[data-pack]").all() if c.is_visible()]
    assert visible == ["ks2"]


def test_keyboard_alone_reaches_every_download(page, server):
    page.goto(server + f"lessons/{FLAGSHIP}/ks2.html")
    wanted = set(page.eval_on_selector_all("a[download]", "links => links.map(a => a.href)"))
    # The documents (worksheet, slides, handout, letter, guide, resources), the zip, the quiz exports.
    assert len(wanted) == 7 + len(QUIZ_FILES)
    reached, seen_focus = set(), []
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const r = e.getBoundingClientRect();
            return {href: e.href || null, tag: e.tagName, visible: r.width > 0 && r.height > 0,
                    outline: getComputedStyle(e).outlineStyle}; }""")
        if focused["tag"] == "BODY":
            break
        assert focused["visible"], focused
        assert focused["outline"] != "none", focused  # the focus is always visible
        seen_focus.append(focused)
        if focused["href"]:
            reached.add(focused["href"])
    assert wanted <= reached
    # The first Tab lands on the skip link, and it moves focus to the main content.
    page.goto(server + f"lessons/{FLAGSHIP}/ks2.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
