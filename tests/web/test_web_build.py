# ruff: noqa: F811
"""The static web build in real headless Chromium: play by key and click, reload and continue, reach an
ending, answer, download the transcript and verify it, move a save between browsers; nothing loaded
from outside loopback; keyboard, focus and reflow; and axe-core (vendored by npm in web/node_modules) on
the title, a scene and the debrief, light and dark: no serious or critical violations.

One module, so that the site is built and Chromium started once for all of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the fixtures, by name (pytest finds them here); each test argument of the same name "redefines" them:
from web_fixtures import AXE, built_site, downloads, page_browser, site_url  # noqa: E402, F401
from web_site import Page, SiteServer, requested_urls, wait_file, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser


@pytest.fixture
def page(page_browser, site_url, downloads):
    for old in downloads.iterdir():
        old.unlink()
    requested_urls(page_browser)  # forget what earlier tests asked for
    page = Page(page_browser, site_url)
    page.open(fresh=True)
    return page


def _first_available(page: Page) -> str:
    """The key of the first choice the game offers as available (the page marks the others)."""
    return str(page.driver.execute_script(
        "const b = document.querySelector('button.choice:not([aria-disabled])'); return b ? b.dataset.key : ''"))


def _play_to_ending(page: Page, limit: int = 60) -> int:
    steps = 0
    while not page.driver.find_elements("id", "debrief-title"):
        assert steps < limit, f"no ending after {limit} choices; at “{page.heading()}”"
        page.key(_first_available(page))
        steps += 1
    return steps


def test_play_by_key_and_click_reload_continue_reach_an_ending_and_verify_the_transcript(page, downloads):
    assert page.heading().startswith("Petrograd 1917")
    assert page.focused_id() == "screen-title"
    assert page.key("n") == "New game"
    page.driver.find_element("id", "player-name").send_keys("Anna Petrova")
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    first = page.wait_screen(before)
    assert first == "Back from the pulkovo heights".replace("pulkovo", "Pulkovo")
    assert page.focused_id() == "screen-title", "a new scene takes the focus, so a screen reader reads it"
    assert "Status" in page.main_text()

    second = page.key("1")  # by key
    assert second != first
    before = page.screens()
    page.click("button.choice[data-key='1']")  # by click
    third = page.wait_screen(before)
    journal = page.key("j")
    assert journal == "Journal"
    assert page.main_text().count("You chose") == 2
    assert page.key("Escape") == third

    page.open()  # a reload: the autosave is in localStorage
    assert f"Continue: {third}" in page.main_text()
    assert page.key("c") == third
    assert page.key("u") == second, "undo works after a reload (the history is replayed)"
    page.key("1")

    steps = _play_to_ending(page)
    assert steps > 3
    text = page.main_text()
    for words in ("Debrief", "What really happened", "Your choices and history", "Where the sources disagree",
                  "Questions to think about", "Citations", "Documented"):
        assert words in text, words
    boxes = page.driver.find_elements("css selector", "form.questions textarea")
    assert len(boxes) == 4  # every ending of the shipped story asks four questions
    boxes[0].send_keys("The garrison decided it.")
    page.click("form.questions button[type=submit]")
    assert page.announced() == "Your answers are kept."

    page.open()
    page.key("c")
    assert page.driver.find_element("id", "answer-0").get_attribute("value") == "The garrison decided it."

    page.press("t")
    saved = wait_file(downloads, ".json")
    transcript = json.loads(saved.read_text(encoding="utf-8"))
    assert transcript["student"] == "Anna Petrova"
    assert transcript["questions"][0]["answer"] == "The garrison decided it."
    assert transcript["ending"] is not None
    verdict = subprocess.run([sys.executable, "-m", "game", "verify", str(saved), str(ROOT / "scenes")],
                             cwd=ROOT, capture_output=True, text=True)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert ": genuine. Anna Petrova:" in verdict.stdout
    page.click("button[data-action=transcript][data-arg=html]")
    page_file = wait_file(downloads, ".html")
    assert "The garrison decided it." in page_file.read_text(encoding="utf-8")

    outside = [u for u in requested_urls(page.driver)
               if urlsplit(u).scheme not in ("data", "blob") and not u.startswith(page.url)]
    assert outside == []


def test_once_loaded_the_game_opens_again_with_the_server_gone(page_browser, built_site):
    server = SiteServer(built_site)  # a server (an origin) of its own, stopped below
    try:
        page_browser.get(server.url)
        wait_ready(page_browser)
        deadline = time.monotonic() + 60
        while page_browser.execute_script("return document.body.dataset.offline") != "1":
            assert time.monotonic() < deadline, "the service worker never became ready"
            time.sleep(0.1)
    finally:
        server.stop()
    page = Page(page_browser, server.url)
    page.open()  # no server answers now: the files come from the service worker's cache
    assert page.key("n") == "New game"
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    assert page.wait_screen(before) == "Back from the Pulkovo heights"


def test_a_disabled_choice_says_why_and_does_nothing(page):
    page.key("n")
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    page.wait_screen(before)
    for _ in range(30):
        if page.driver.find_elements("css selector", "button.choice[aria-disabled]"):
            break
        page.key(_first_available(page))
    disabled = page.driver.find_element("css selector", "button.choice[aria-disabled]")
    reason = page.driver.find_element("id", disabled.get_attribute("aria-describedby")).text
    assert reason.startswith("Not available: ")
    heading, before = page.heading(), page.screens()
    disabled.click()
    assert page.announced().endswith("is not available: " + reason.removeprefix("Not available: "))
    assert (page.heading(), page.screens()) == (heading, before)


def test_a_save_exported_here_imports_in_a_fresh_browser(page, downloads):
    page.key("n")
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    page.wait_screen(before)
    page.key("1")
    scene = page.key("1")
    page.key("s")
    page.click("button[data-action=export-save]")
    save = wait_file(downloads, ".json")
    assert json.loads(save.read_text(encoding="utf-8"))["kind"] == "petrograd-save"

    page.open(fresh=True)
    assert "Continue" not in page.main_text()
    page.key("s")
    before = page.screens()
    page.driver.find_element("id", "import-file").send_keys(str(save))
    assert page.wait_screen(before) == scene
    assert "The save was imported." in page.main_text()


def test_a_damaged_save_file_is_refused_with_its_reason(page, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "petrograd-save", "format": 99}', encoding="utf-8")
    page.key("s")
    page.driver.find_element("id", "import-file").send_keys(str(bad))
    assert page.announced() == (
        "Cannot import bad.json: made by a newer version of the game (save format 99; this one reads up to 2);"
        " update the game to load it"
    )


def test_every_control_is_reached_by_tab_and_shows_its_focus(page):
    page.key("n")
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    page.wait_screen(before)
    seen = []
    for _ in range(40):
        page.press("\ue004")  # Tab
        seen.append(page.driver.execute_script(
            "const e = document.activeElement; const s = getComputedStyle(e);"
            "return [e.tagName, e.dataset.action || e.className || e.id, s.outlineStyle, s.outlineWidth]"))
    actions = {s[1] for s in seen}
    assert {"choose", "undo", "journal", "glossary", "saves", "help", "term"} <= actions
    assert [s for s in seen if s[0] in ("BUTTON", "A") and (s[2] == "none" or s[3] == "0px")] == []


@pytest.mark.parametrize("width, zoom", [(390, 1), (1100, 2)])
def test_a_phone_width_and_200_percent_zoom_need_no_sideways_scrolling(page, width, zoom):
    driver = page.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width // zoom, "height": 800 // zoom, "deviceScaleFactor": zoom, "mobile": width < 500})
    try:
        page.key("n")
        before = page.screens()
        page.click("form.new-game button[type=submit]")
        page.wait_screen(before)
        page.key("1")
        sizes = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# --- axe-core ---------------------------------------------------------------------------
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5)}))),
  (e) => done([{id: "axe-failed", impact: "critical", help: String(e), nodes: []}]));
"""


def _scan(page: Page, where: str, found: dict[str, list[dict[str, object]]]) -> None:
    if not page.driver.execute_script("return typeof axe !== 'undefined'"):
        page.driver.execute_script(AXE.read_text(encoding="utf-8"))
    found[where] = page.driver.execute_async_script(RUN_AXE)


def _to_ending(page: Page) -> None:
    page.key("n")
    before = page.screens()
    page.click("form.new-game button[type=submit]")
    page.wait_screen(before)
    for _ in range(60):
        if page.driver.find_elements("id", "debrief-title"):
            return
        key = page.driver.execute_script(
            "return document.querySelector('button.choice:not([aria-disabled])').dataset.key")
        page.key(key)
    raise AssertionError("no ending reached")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violations_on_title_scene_and_debrief(page_browser, site_url, scheme):
    if not AXE.is_file():
        pytest.skip("axe-core is not unpacked: run 'npm ci --prefix web'")
    page_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        page = Page(page_browser, site_url)
        page.open(fresh=True)
        found: dict[str, list[dict[str, object]]] = {}
        _scan(page, "title", found)
        page.key("n")
        _scan(page, "new game", found)
        before = page.screens()
        page.click("form.new-game button[type=submit]")
        page.wait_screen(before)
        page.key("1")
        _scan(page, "scene", found)
        page.key("g")
        _scan(page, "glossary", found)
        page.key("Escape")
        page.open(fresh=True)
        _to_ending(page)
        _scan(page, "debrief", found)
    finally:
        page_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    report = os.environ.get("PETROGRAD_AXE_REPORT")
    if report:
        Path(report).with_suffix(f".{scheme}.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    bad = {where: [v for v in violations if v["impact"] in ("serious", "critical")] for where, violations in found.items()}
    assert {where: v for where, v in bad.items() if v} == {}
