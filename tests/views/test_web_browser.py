"""End to end in a real browser: `petrograd serve`, headless Chromium, a new game, a choice, a reload, a transcript.

Skips (and says why, in the warnings summary too) only where Chromium,
chromedriver or selenium are missing; .ci/run installs them where it can.
The screenshot stays in the test's temporary folder for a person to look at.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_browser import ServeProcess, Terminal, browser_problem, start_chromium  # noqa: E402

STORY = Path(__file__).resolve().parent.parent / "fixtures" / "web" / "story"
STORY_ID = "web-test"  # serve --saves DIR keeps the story's saves in DIR/STORY_ID
pytestmark = pytest.mark.browser


@pytest.fixture
def browser(tmp_path):
    problem = browser_problem()
    if problem:
        warnings.warn(f"browser test skipped: {problem}", stacklevel=1)
        pytest.skip(problem)
    driver = start_chromium(str(tmp_path / "chromium-profile"))
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def test_a_student_plays_in_the_browser(browser, tmp_path):
    server = ServeProcess(STORY, tmp_path / "saves", max_players=3)
    shot = tmp_path / "browser-second-scene.png"
    try:
        browser.get(server.url)
        assert browser.title == "The Browser Test"  # the story's title, not a command line
        screen = Terminal(browser)

        screen.wait_for("player code keeps your saved games")
        screen.press("\n")  # empty box: a new player
        screen.wait_for("Your player code is")
        mark = screen.mark()
        screen.press("\n")  # "I've written it down: start"
        screen.wait_for("New game", since=mark)  # the title screen
        screen.wait_for("Your player code:", since=mark)

        mark = screen.mark()
        screen.press("n")  # New game
        screen.wait_for("Whose story", since=mark)
        mark = screen.mark()
        screen.press("\n", "\n")  # the one perspective, then no name
        screen.wait_for("ALPHA-HALL-MARKER", since=mark)

        mark = screen.mark()
        screen.press("1")  # Deliver the letter
        screen.wait_for("BRAVO-OFFICE-MARKER", since=mark)
        browser.save_screenshot(str(shot))
        origin = urlsplit(server.url).netloc
        fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = [url for url in fetched if urlsplit(url).netloc not in (origin, "")]
        assert fetched and foreign == [], foreign

        browser.refresh()  # a reload is a new game process: the code brings the game back
        screen = Terminal(browser)
        screen.wait_for("player code keeps your saved games")
        code = players_code(tmp_path / "saves" / STORY_ID)
        mark = screen.mark()
        screen.press(f"{code[:4]}-{code[4:]}".lower(), "\n")
        screen.wait_for("New game", since=mark)
        mark = screen.mark()
        screen.press("c")  # Continue
        screen.wait_for("BRAVO-OFFICE-MARKER", since=mark)

        mark = screen.mark()
        screen.press("1")  # Leave the building: the ending and its debrief
        screen.wait_for("Transcript", since=mark)
        mark = screen.mark()
        screen.press("t")  # no answers yet: the game asks first
        screen.wait_for("Export anyway", since=mark)
        screen.press("\t", "\n")  # Export anyway: the transcript downloads through the browser
        files = wait_for_files(tmp_path / "downloads", 2)
    finally:
        log = server.stop()
    print(f"screenshot: {shot}")
    by_suffix = {path.suffix: path for path in files}
    assert set(by_suffix) == {".json", ".html"}
    student = json.loads(by_suffix[".json"].read_text())["student"]
    code = players_code(tmp_path / "saves" / STORY_ID)
    assert student == f"player {code[:4]}-{code[4:]}"  # the code is on the transcript
    assert student in by_suffix[".html"].read_text()
    assert shot.stat().st_size > 5000
    assert "a player joined (1 playing)" in log and "a player left (0 playing)" in log
    players = list((tmp_path / "saves" / STORY_ID / "players").iterdir())
    assert len(players) == 1 and (players[0] / "player.json").is_file()
    assert any(p.name != "player.json" for p in players[0].rglob("*") if p.is_file()), "the game autosaved"


def wait_for_files(folder: Path, count: int, timeout: float = 30) -> list[Path]:
    """Finished downloads (Chromium writes .crdownload files until done)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        if len(done) >= count:
            return done
        time.sleep(0.1)
    raise AssertionError(f"expected {count} downloads in {folder}, found {sorted(p.name for p in folder.iterdir())}")


def players_code(saves: Path) -> str:
    (folder,) = (saves / "players").iterdir()
    return folder.name


RECORD_CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " " + e.blockedURI);
});
"""


def test_keys_work_without_a_click_and_the_page_links_to_the_web_build(browser, tmp_path):
    """Issue 17: the first screen says "press Enter", so Enter must work before any click; the link is there."""
    from selenium.webdriver.common.action_chains import ActionChains

    build = tmp_path / "site"
    build.mkdir()
    (build / "index.html").write_text("<!DOCTYPE html><title>Accessible build</title><h1>WEB-BUILD-MARKER</h1>")
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CSP_VIOLATIONS})
    server = ServeProcess(STORY, tmp_path / "saves", max_players=3, extra=("--web-build", str(build)))
    try:
        browser.get(server.url)
        screen = Terminal(browser)
        screen.wait_for("player code keeps your saved games")
        focused = browser.execute_script("return document.activeElement.className")
        mark = screen.mark()
        ActionChains(browser).send_keys("\n").perform()  # to whatever has focus: no click, no element chosen
        screen.wait_for("Your player code is", since=mark)
        violations = browser.execute_script("return window.__csp")
        link = browser.find_element("link text", "Accessible version (screen readers, no server)")
        shown = link.is_displayed()
        link.click()
        heading = browser.find_element("css selector", "h1").text
        landed = urlsplit(browser.current_url).path
    finally:
        server.stop()
    assert "xterm-helper-textarea" in focused
    assert shown and heading == "WEB-BUILD-MARKER" and landed == "/web/"
    # textual.js probes for the global object with new Function() inside a try; the CSP blocks that and nothing else
    assert set(violations) <= {"script-src-elem eval", "script-src eval"}, violations
