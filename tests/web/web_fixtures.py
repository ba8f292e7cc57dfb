"""Fixtures of the browser tests: the web build, built once per test session, served from loopback, and one
headless Chromium for it. (Not a conftest.py: tests/views imports its own ``conftest`` by that name.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from web_site import SiteServer, start_page_browser

ROOT = Path(__file__).resolve().parent.parent.parent
PYODIDE = ROOT / "web" / "node_modules" / "pyodide"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"


def _browser_problem() -> str:
    sys.path.insert(0, str(ROOT / "tests" / "views"))
    from web_browser import browser_problem

    return browser_problem()


@pytest.fixture(scope="session")
def built_site():
    """``petrograd build-web`` of the shipped story into a temporary folder (the command users run)."""
    if not (PYODIDE / "pyodide.mjs").is_file():
        pytest.skip("Pyodide is not unpacked: run 'npm ci --prefix web' (needs the npm registry once)")
    out = Path(tempfile.mkdtemp(prefix="petrograd-web-build-")) / "site"
    done = subprocess.run([sys.executable, "-m", "game", "build-web", str(out), str(ROOT / "scenes")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    yield out
    shutil.rmtree(out.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(built_site):
    server = SiteServer(built_site)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def downloads():
    folder = Path(tempfile.mkdtemp(prefix="petrograd-web-downloads-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def page_browser(site_url, downloads):
    """One Chromium for the session (starting one costs seconds); tests clear its storage as they need."""
    problem = _browser_problem()
    if problem:
        pytest.skip(f"browser test needs Chromium: {problem}")
    driver = start_page_browser(str(downloads))
    yield driver
    driver.quit()
