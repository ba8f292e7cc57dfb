"""axe-core (vendored by npm in web/node_modules) on the web build's title, a scene and the debrief,
in light and in dark colours: no serious or critical accessibility violations."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import AXE  # noqa: E402
from web_site import Page  # noqa: E402

pytestmark = pytest.mark.browser
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
