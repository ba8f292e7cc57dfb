"""The static web build in headless Chromium: first scene vs a bare Pyodide page, key to next scene, size, memory.

    .venv/bin/python bench/bench_webbuild.py [--runs 3] [--site DIR] [--shots DIR]

One Chromium session per page load (a cold cache each time, as a student's
first visit), alternating the game and the floor: a page that loads the same
vendored Pyodide and prints "ready", nothing else. Figures:

- time from navigation to the first screen (the title; then the first scene's
  text after "New game"), beside the floor's time to "ready";
- key press to the next scene drawn (the page's own timings: from the keydown
  handler to the frame after the new scene is in the page), over a whole game;
- the bytes a first visit transfers, raw and gzip-compressed as a web server
  would send them, and what that is at 2 Mbit/s;
- memory of the tab: the renderer process's RSS (from /proc), beside the floor's.

``--shots DIR`` also saves screenshots: light, dark, 200% zoom, phone width.
Needs Chromium, chromedriver and selenium, and Pyodide from ``npm ci --prefix web``.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
from web_site import Page, SiteServer, start_page_browser, wait_ready  # noqa: E402

BARE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script type="module">
import { loadPyodide } from "../site/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("../site/pyodide/", import.meta.url).href });
document.body.textContent = pyodide.runPython("'ready'");
document.body.dataset.ready = "1";
window.petrogradReady = performance.now();
</script></head><body>loading</body></html>
"""


def renderer_rss_mib(profile: str) -> float:
    """The largest renderer process under the browser of this profile (the tab's), in MiB."""
    parent: dict[int, int] = {}
    cmdline: dict[int, bytes] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parent[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmdline[int(proc.name)] = (proc / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
    roots = {pid for pid, cmd in cmdline.items() if profile.encode() in cmd}

    def under(pid: int) -> bool:
        while pid > 1:
            if pid in roots:
                return True
            pid = parent.get(pid, 0)
        return False

    best = 0
    for pid, cmd in cmdline.items():
        if b"--type=renderer" in cmd and under(pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        best = max(best, int(line.split()[1]))
            except OSError:
                continue
    return best / 1024


def one_load(url: str, game: bool) -> dict[str, float]:
    downloads = tempfile.mkdtemp()
    profile = tempfile.mkdtemp(prefix="petrograd-bench-profile-")
    driver = start_page_browser(downloads, profile=profile)
    try:
        driver.get(url)
        wait_ready(driver, 300)
        out = {"ready_ms": float(driver.execute_script("return window.petrogradReady"))}
        marks = driver.execute_script("return window.petrogradMarks || {}")
        out.update({f"mark_{k}": float(v) for k, v in marks.items()})
        if game:
            page = Page(driver, url)
            page.key("n")
            before = page.screens()
            page.click("form.new-game button[type=submit]")
            page.wait_screen(before)
            out["first_scene_ms"] = float(driver.execute_script("return performance.now()"))
        time.sleep(0.5)
        out["rss_mib"] = renderer_rss_mib(profile)
        return out
    finally:
        driver.quit()
        shutil.rmtree(downloads, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def key_to_scene(url: str) -> list[float]:
    driver = start_page_browser(tempfile.mkdtemp())
    try:
        page = Page(driver, url)
        page.open(fresh=True)
        page.key("n")
        before = page.screens()
        page.click("form.new-game button[type=submit]")
        page.wait_screen(before)
        driver.execute_script("window.petrogradTimings.length = 0")
        while not driver.find_elements("id", "debrief-title"):
            key = driver.execute_script("return document.querySelector('button.choice:not([aria-disabled])').dataset.key")
            page.key(key)
            time.sleep(0.1)
        time.sleep(0.3)
        timings = driver.execute_script("return window.petrogradTimings")
        return [t["painted"] - t["start"] for t in timings if "painted" in t]
    finally:
        driver.quit()


def screenshots(url: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for name, width, height, scheme, zoom in (("light", 1100, 900, "light", 1), ("dark", 1100, 900, "dark", 1),
                                              ("zoom200", 1100, 900, "light", 2), ("phone", 390, 844, "light", 1)):
        driver = start_page_browser(tempfile.mkdtemp(), width, height)
        try:
            if name == "phone":  # a window cannot be this narrow; the page can
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                   {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            page = Page(driver, url)
            page.open(fresh=True)
            if name == "light":
                driver.save_screenshot(str(folder / "title-light.png"))
                shots.append(folder / "title-light.png")
            page.key("n")
            before = page.screens()
            page.click("form.new-game button[type=submit]")
            page.wait_screen(before)
            page.key("1")
            if zoom != 1:
                driver.execute_script(f"document.body.style.zoom = '{zoom * 100}%'")
            path = folder / f"scene-{name}.png"
            driver.save_screenshot(str(path))
            shots.append(path)
            if name in ("light", "dark"):
                while not driver.find_elements("id", "debrief-title"):
                    page.key(driver.execute_script(
                        "return document.querySelector('button.choice:not([aria-disabled])').dataset.key"))
                driver.execute_script("document.getElementById('debrief-title').scrollIntoView()")
                path = folder / f"debrief-{name}.png"
                driver.save_screenshot(str(path))
                shots.append(path)
        finally:
            driver.quit()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", help="an existing build (default: build the shipped story now)")
    parser.add_argument("--shots", help="save screenshots into this folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="petrograd-bench-web-"))
    site = root / "site"
    if args.site:
        shutil.copytree(args.site, site)
    else:
        subprocess.run([sys.executable, "-m", "game", "build-web", str(site)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    (root / "bare").mkdir()
    (root / "bare" / "index.html").write_text(BARE, encoding="utf-8")
    server = SiteServer(root)
    try:
        game_runs, bare_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(one_load(server.url + "bare/", game=False))
            game_runs.append(one_load(server.url + "site/", game=True))
        keys = key_to_scene(server.url + "site/")
        shots = screenshots(server.url + "site/", Path(args.shots)) if args.shots else []
    finally:
        server.stop()
    files = [p for p in site.rglob("*") if p.is_file() and p.name != "petrograd-web.json"]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    floor = med(bare_runs, "ready_ms")
    print(f"runs: {args.runs} cold loads each (fresh profile), alternating floor and game")
    print(f"floor: bare Pyodide page to 'ready'            {floor:8.0f} ms  (runs {[round(r['ready_ms']) for r in bare_runs]})")
    print(f"game: navigation to the title screen           {med(game_runs, 'ready_ms'):8.0f} ms  "
          f"({med(game_runs, 'ready_ms') / floor:.2f}x floor)")
    print(f"game: navigation to the first scene's text      {med(game_runs, 'first_scene_ms'):8.0f} ms  "
          f"({med(game_runs, 'first_scene_ms') / floor:.2f}x floor; includes the 'New game' form, two key/clicks)")
    if "mark_pyodide" in game_runs[0]:
        print("game: where the time goes (medians, ms since navigation): Pyodide started "
              f"{med(game_runs, 'mark_pyodide'):.0f}, engine and story fetched {med(game_runs, 'mark_files'):.0f}, "
              f"engine imported and story decoded {med(game_runs, 'mark_python'):.0f}, title shown "
              f"{med(game_runs, 'ready_ms'):.0f}")
    print(f"key press to next scene drawn: median {statistics.median(keys):.1f} ms, max {max(keys):.1f} ms "
          f"over {len(keys)} choices")
    print(f"site: {len(files)} files, {raw / 1e6:.2f} MB raw, {packed / 1e6:.2f} MB gzip; "
          f"at 2 Mbit/s the first visit waits {packed * 8 / 2e6:.0f} s for the transfer")
    print(f"memory per tab (renderer RSS): game {med(game_runs, 'rss_mib'):.0f} MiB after the first scene, "
          f"floor {med(bare_runs, 'rss_mib'):.0f} MiB")
    for path in shots:
        print(f"screenshot: {path}")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
