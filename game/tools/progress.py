"""A one-line progress bar on stderr for long runs; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Redraws at most ten times a second; ``done()`` clears the line. Off unless stderr is a TTY."""

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None, enabled: bool | None = None):
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    def update(self, count: int, detail: str = "") -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1:
            return
        self._last = now
        rate = count / max(now - self.started, 1e-9)
        if self.total:
            share = min(1.0, count / self.total)
            filled = int(share * 24)
            bar = f"[{'#' * filled}{'.' * (24 - filled)}] {share:4.0%} "
        else:
            bar = ""
        line = f"{self.label}: {bar}{count:,} ({rate:,.0f}/s){' ' + detail if detail else ''}"
        self.stream.write("\r" + line[:100].ljust(100))
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
