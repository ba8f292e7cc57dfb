"""`petrograd serve`: arguments, what the teacher is told, and a real start and stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from game.cli import main
from game.views.web import game_command
from game.views.web_banner import banner_lines, is_loopback, student_urls

ROOT = Path(__file__).resolve().parent.parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "0"], "--port must be between 1 and 65535"),
        (["--port", "70000"], "--port must be between 1 and 65535"),
        (["--max-players", "0"], "--max-players must be at least 1"),
        (["--host", " "], "--host needs an address"),
        (["--warm", "-1"], "--warm must be between 0 and 20"),
        (["--assignment", "no/such/file.yaml"], "no such assignment file"),
    ],
)
def test_bad_arguments_get_one_line(argv, message, capsys):
    assert main(["serve", str(MINI), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("petrograd serve: ") and message in err
    assert len(err.splitlines()) == 1


def test_a_broken_story_is_refused_before_serving(tmp_path, capsys):
    (tmp_path / "story.yaml").write_text("id: x\ntitle: [unclosed\n")
    assert main(["serve", str(tmp_path), "--port", str(free_port())]) == 1
    assert "story.yaml" in capsys.readouterr().err


def test_each_tab_runs_play_in_web_mode(tmp_path):
    command = game_command("tests/fixtures/mini", str(tmp_path / "my saves"), ["--no-undo"])
    assert " -m game play " in command
    assert f"{MINI}" in command and " --web " in command
    assert f"--saves '{tmp_path / 'my saves'}'" in command  # quoted: a space cannot split it
    assert command.endswith("--no-undo")


def test_loopback_and_network_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert student_urls("192.168.1.20", 8000) == ["http://192.168.1.20:8000/"]
    assert all(url.startswith("http://") and url.endswith(":8000/") for url in student_urls("0.0.0.0", 8000))


def test_the_teacher_is_told_where_and_warned_on_a_network():
    local = "\n".join(banner_lines("Petrograd 1917", "127.0.0.1", 8000, 40, "saves"))
    assert "http://127.0.0.1:8000/" in local and "Only this computer" in local and "Warning" not in local
    shared = "\n".join(banner_lines("Petrograd 1917", "192.168.1.20", 8000, 40, "saves"))
    assert "Give students this address" in shared and "http://192.168.1.20:8000/" in shared
    assert "anyone on this network can open that address and play" in shared


def wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 20) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return "".join(seen)
    raise AssertionError(f"never printed {needle!r}; printed:\n{''.join(seen)}")


def test_serve_starts_serves_the_title_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", str(MINI), "--port", str(port), "--saves", str(tmp_path),
         "--max-players", "3", "--warm", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        printed = wait_for_line(process, "Press Ctrl+C")
        assert f"http://127.0.0.1:{port}/" in printed
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
        assert "<title>A Small Story</title>" in page
        status = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=10))
        assert status == {"playing": 0, "max_players": 3, "full": False}

        second = subprocess.run(
            [sys.executable, "-m", "game", "serve", str(MINI), "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )
        assert second.returncode == 1
        assert f"cannot listen on 127.0.0.1:{port}" in second.stderr and "--port" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "stopped" in out


def test_an_unwritable_saves_folder_is_refused_at_start(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the saves folder should be")
    assert main(["serve", str(MINI), "--port", str(free_port()), "--saves", str(blocker)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("petrograd serve: cannot make the saves folder") and "--saves DIR" in err
    assert len(err.splitlines()) == 1


def test_every_game_gets_the_teachers_assignment_and_undo_setting():
    import argparse

    from game.commands.serve import extra_play_args

    args = argparse.Namespace(assignment="docs/assignment-example.yaml", no_undo=True)
    extra = extra_play_args(args)
    assert extra[0] == "--assignment" and extra[2:] == ["--no-undo"]
    assert Path(extra[1]).is_absolute() and Path(extra[1]).name == "assignment-example.yaml"  # games run elsewhere
    command = game_command(str(MINI), "saves", extra)
    assert "--assignment" in command and command.endswith("--no-undo")


def test_the_server_compiles_the_story_its_tabs_will_load(tmp_path, monkeypatch):
    """Tabs load the story folder by its full path; the server leaves them its image."""
    from game.story import cache

    monkeypatch.setenv("PETROGRAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("game.views.web.serve", lambda *args, **kwargs: 0)
    monkeypatch.chdir(MINI.parent)
    assert main(["serve", MINI.name, "--port", str(free_port()), "--saves", str(tmp_path / "saves")]) == 0
    key = cache.story_key(str(MINI.resolve()))
    assert key is not None and cache.read(key, lazy=True) is not None
