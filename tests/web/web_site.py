"""Serving a built web site from loopback and driving it in headless Chromium (tests and bench).

``SiteServer`` is Python's http.server in a thread, on 127.0.0.1 only, with the
MIME types a static host gives Pyodide's files. ``start_page_browser`` starts
Debian's Chromium through selenium with performance logging on, so a test can
list every request the page made (``requested_urls``).
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "views"))
from web_browser import CHROME_FLAGS, chromedriver_path, chromium_path

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
         ".zip": "application/zip", ".css": "text/css", ".html": "text/html"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class SiteServer:
    """A static folder served on a free loopback port until ``stop``."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def start_page_browser(download_dir: str, width: int = 1100, height: int = 760, profile: str = "") -> Any:
    """Headless Chromium that logs its network requests and saves downloads into ``download_dir``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path()
    for flag in CHROME_FLAGS:
        if not flag.startswith("--window-size"):
            options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={profile or tempfile.mkdtemp(prefix='petrograd-web-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir, "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=Service(chromedriver_path()), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def requested_urls(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (from Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_ready(driver: Any, timeout: float = 120) -> None:
    """Until the game has shown its first screen; RuntimeError with the page's text and console when not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return document.body && document.body.dataset.ready === '1'"):
            return
        time.sleep(0.1)
    logs = [e.get("message") for e in driver.get_log("browser")]
    raise RuntimeError("the game did not start:\n" + driver.find_element("tag name", "body").text + "\n" + "\n".join(logs))


def wait_file(folder: Path, suffix: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    raise TimeoutError(f"no *{suffix} file was downloaded into {folder}")


class Page:
    """The game's page in one browser: keys, clicks and what the screen says."""

    def __init__(self, driver: Any, url: str):
        self.driver = driver
        self.url = url

    def open(self, fresh: bool = False) -> None:
        """Load the page (``fresh``: with this site's storage emptied first) and wait for the first screen."""
        if fresh:
            self.driver.get(self.url + "petrograd-web.json")
            self.driver.execute_script("window.localStorage.clear()")
        self.driver.get(self.url)
        wait_ready(self.driver)

    def heading(self) -> str:
        return str(self.driver.execute_script("const h = document.getElementById('screen-title'); return h ? h.textContent : ''"))

    def focused_id(self) -> str:
        return str(self.driver.execute_script("return document.activeElement ? document.activeElement.id : ''"))

    def main_text(self) -> str:
        return str(self.driver.find_element("id", "main").text)

    def announced(self, timeout: float = 3) -> str:
        """What the live region says (it is filled a moment after the answer)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = str(self.driver.find_element("id", "announce").get_attribute("textContent"))
            if text:
                return text
            time.sleep(0.05)
        return ""

    def press(self, key: str) -> None:
        """A key pressed wherever the focus is, as a student presses it."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).send_keys(Keys.ESCAPE if key == "Escape" else key).perform()

    def click(self, css: str) -> None:
        self.driver.find_element("css selector", css).click()

    def screens(self) -> int:
        """How many screens the page has shown since it loaded."""
        return int(self.driver.execute_script("return Number(document.body.dataset.screens || 0)"))

    def wait_screen(self, after: int, timeout: float = 10) -> str:
        """Until a screen after the ``after``-th is shown; its heading."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.screens() > after:
                return self.heading()
            time.sleep(0.02)
        raise TimeoutError(f"no new screen after “{self.heading()}”:\n{self.main_text()[:600]}")

    def key(self, key: str) -> str:
        """Press ``key`` and wait for the screen it brings; its heading."""
        before = self.screens()
        self.press(key)
        return self.wait_screen(before)
