"""Counting a test's game processes by a marker in their command line (Linux /proc), for the orphan tests."""

from __future__ import annotations

import time
from pathlib import Path


def processes_with(marker: str) -> list[int]:
    """Pids of live (not zombie) processes whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in command and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_none(marker: str, timeout: float = 30) -> list[int]:
    """Poll until no process carries ``marker`` (bounded); what is left at the end."""
    deadline = time.monotonic() + timeout
    while (left := processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
