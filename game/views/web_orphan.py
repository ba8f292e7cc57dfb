"""A game under `petrograd serve` ends itself when its server dies.

The server starts each game with ``PETROGRAD_SERVER_PID`` set to its own pid.
If the server is killed (SIGKILL, a crash, a closed laptop lid's OOM) nobody
will ever send the game "quit": the game would run on with parent 1, holding
memory for a tab that is gone. A daemon thread notices the parent change and
asks the game to quit as Ctrl+C would (SIGTERM: Textual's web driver exits
cleanly and the game autosaves); if that has not worked after ``grace``
seconds, the process exits.
"""

from __future__ import annotations

import os
import signal
import threading
import time

POLL = 0.5  # seconds between looks at the parent: no measurable CPU, and a dead server's games go within a second


def server_pid() -> int | None:
    """The pid of the server that started this game, or None when not started by one."""
    value = os.environ.get("PETROGRAD_SERVER_PID", "")
    return int(value) if value.isdigit() else None


def end_when_orphaned(parent: int | None = None, grace: float = 10.0) -> threading.Thread | None:
    """Watch the parent in a daemon thread; None when there is no server to watch."""
    parent = server_pid() if parent is None else parent
    if parent is None:
        return None
    watcher = threading.Thread(target=_watch, args=(parent, grace), name="petrograd-orphan-watch", daemon=True)
    watcher.start()
    return watcher


def _watch(parent: int, grace: float) -> None:
    while os.getppid() == parent:
        time.sleep(POLL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    os._exit(1)
