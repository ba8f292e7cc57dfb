"""Driving `petrograd serve` in headless Chromium: used by the browser test and bench/bench_web.py.

xterm.js draws the terminal on a canvas, so the page's text is not in the DOM.
We read what the browser itself received instead: a script installed before the
page loads wraps ``WebSocket`` and keeps every terminal frame; ``Terminal.text``
is that stream with the escape sequences removed, which is enough to wait for a
screen's words. Keys go to xterm's hidden textarea, as a student's would.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--window-size=1100,760",
)
CAPTURE_FRAMES = r"""
(function () {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__frames = [];
  function Capturing(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", function (event) {
      if (typeof event.data !== "string") window.__frames.push(decoder.decode(new Uint8Array(event.data), {stream: true}));
    });
    return socket;
  }
  Capturing.prototype = Native.prototype;
  Object.assign(Capturing, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Capturing;
})();
"""
_ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def browser_problem() -> str:
    """Why the browser test cannot run here, or '' when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not os.path.isfile(chromium_path()):
        return "Chromium is not installed (Debian: apt-get install chromium chromium-driver)"
    if not os.path.isfile(chromedriver_path()):
        return "chromedriver is not installed (Debian: apt-get install chromium-driver)"
    return ""


def chromium_path() -> str:
    return os.environ.get("PETROGRAD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser") or ""


def chromedriver_path() -> str:
    return os.environ.get("PETROGRAD_CHROMEDRIVER") or shutil.which("chromedriver") or ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """`python -m game serve` on a free loopback port, stopped with Ctrl+C."""

    def __init__(self, story: Path, saves: Path, max_players: int = 4, extra: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "serve", str(story), "--port", str(self.port), "--saves", str(saves),
             "--max-players", str(max_players), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.printed = self._wait_for("Press Ctrl+C")

    def _wait_for(self, needle: str, timeout: float = 30) -> str:
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if needle in line:
                return "".join(seen)
        self.stop()
        raise RuntimeError("petrograd serve did not start:\n" + "".join(seen))

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return out or ""


def start_chromium(user_data_dir: str | None = None) -> Any:
    """Headless Debian Chromium through its own chromedriver (no driver download)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir or tempfile.mkdtemp(prefix='petrograd-chromium-')}")
    driver = webdriver.Chrome(service=Service(chromedriver_path()), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE_FRAMES})
    return driver


class Terminal:
    """The terminal in one page: what it was sent, and keys to type into it."""

    def __init__(self, driver: Any):
        self.driver = driver

    def text(self, since: int = 0) -> str:
        frames = self.driver.execute_script("return window.__frames || []")
        return _ESCAPES.sub("", "".join(frames[since:]))

    def mark(self) -> int:
        """A point in the stream: wait_for(..., since=mark) sees only what came after."""
        return int(self.driver.execute_script("return (window.__frames || []).length"))

    def wait_for(self, words: str, since: int = 0, timeout: float = 60) -> float:
        """Seconds until ``words`` appeared; TimeoutError with the screen's tail when not."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if words in self.text(since):
                return time.monotonic() - start
            time.sleep(0.05)
        tail = self.text(since)[-800:]
        raise TimeoutError(f"{words!r} did not appear within {timeout:.0f}s; last text received:\n{tail}")

    def press(self, *keys: str) -> None:
        box = self.driver.find_element("css selector", ".xterm-helper-textarea")
        for key in keys:
            box.send_keys(key)
            time.sleep(0.05)
