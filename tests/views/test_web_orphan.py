"""A served game ends itself when its server is gone (game/views/web_orphan.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from game.views.web_orphan import end_when_orphaned, server_pid

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_server_pid_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("PETROGRAD_SERVER_PID", raising=False)
    assert server_pid() is None and end_when_orphaned() is None  # not under a server: nothing to watch
    monkeypatch.setenv("PETROGRAD_SERVER_PID", "not a pid")
    assert server_pid() is None
    monkeypatch.setenv("PETROGRAD_SERVER_PID", "4242")
    assert server_pid() == 4242


def test_a_game_whose_parent_is_not_its_server_asks_itself_to_quit():
    """As after a SIGKILLed server: the parent is no longer the server, so the game gets SIGTERM (Ctrl+C's path)."""
    code = ("import time; from game.views.web_orphan import end_when_orphaned; "
            f"end_when_orphaned(parent={os.getpid() + 10**6}); time.sleep(60)")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=30)
    assert child.returncode == -signal.SIGTERM


def test_a_game_that_ignores_the_request_still_exits_after_the_grace():
    code = ("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "from game.views.web_orphan import end_when_orphaned; "
            f"end_when_orphaned(parent={os.getpid() + 10**6}, grace=0.2); time.sleep(60)")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=30)
    assert child.returncode == 1
