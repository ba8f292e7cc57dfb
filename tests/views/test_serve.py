"""`petrograd serve`: arguments, what the teacher is told, and a real start and stop."""

from __future__ import annotations

import asyncio
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
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


def test_each_tab_runs_play_in_web_mode_without_a_shell(tmp_path):
    command = game_command("tests/fixtures/mini", str(tmp_path / "my saves"), ["--no-undo"])
    assert command == [sys.executable, "-m", "game", "play", str(MINI), "--web",
                       "--saves", str(tmp_path / "my saves"), "--no-undo"]  # an argv: a space cannot split it


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
    assert "--assignment" in command and command[-1] == "--no-undo"


def test_the_server_compiles_the_story_its_tabs_will_load(tmp_path, monkeypatch):
    """Tabs load the story folder by its full path; the server leaves them its image."""
    from game.story import cache

    monkeypatch.setenv("PETROGRAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("game.views.web.serve", lambda *args, **kwargs: 0)
    monkeypatch.chdir(MINI.parent)
    assert main(["serve", MINI.name, "--port", str(free_port()), "--saves", str(tmp_path / "saves")]) == 0
    key = cache.story_key(str(MINI.resolve()))
    assert key is not None and cache.read(key, lazy=True) is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\nundo: maybe\n", "{path}:2:7: 'undo' must be true or false, not 'maybe'"),
        ("title: x\nstory: other-story\n", "{path}: the assignment is for story 'other-story', but this story is 'mini'"),
        ("title: [unclosed\n", "{path}:2:1: YAML syntax: did not find expected ',' or ']'"),
    ],
)
def test_a_bad_assignment_is_refused_at_start_with_its_position(tmp_path, capsys, monkeypatch, text, message):
    monkeypatch.setattr("game.views.web.serve", lambda *args, **kwargs: pytest.fail("served a bad assignment"))
    path = tmp_path / "assignment.yaml"
    path.write_text(text)
    assert main(["serve", str(MINI), "--port", str(free_port()), "--saves", str(tmp_path), "--assignment", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("petrograd serve: " + message.format(path=path))
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_host_0_gives_students_an_address_they_can_type(monkeypatch):
    from game.views.web_banner import bind_address

    monkeypatch.setattr("game.views.web_banner.lan_addresses", lambda: ["192.168.1.20"])
    for host in ("0", "0.0.0.0"):
        lines = banner_lines("Petrograd 1917", host, 8000, 40, "saves")
        assert "    http://192.168.1.20:8000/" in lines, lines
        assert not any("http://0:" in line or "http://0.0.0.0:" in line for line in lines), lines
    assert bind_address("0") == "0.0.0.0" and bind_address("127.0.0.1") == "127.0.0.1"


def test_a_web_build_folder_without_an_index_is_refused(tmp_path, capsys):
    assert main(["serve", str(MINI), "--web-build", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"petrograd serve: {tmp_path}: no index.html there (make the folder with `petrograd build-web DIR`)"


def start_serve(saves: Path, *extra: str) -> tuple[subprocess.Popen[str], int, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", str(MINI), "--port", str(port), "--saves", str(saves), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    return process, port, wait_for_line(process, "Press Ctrl+C")


def with_tabs(port: int, count: int, then):
    """Open ``count`` tabs whose games have drawn their first screen, call ``then()``, close them; its result."""
    import aiohttp

    async def body():
        async with aiohttp.ClientSession() as session:
            for _ in range(count):
                ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
                while (await asyncio.wait_for(ws.receive(), 60)).type != aiohttp.WSMsgType.BINARY:
                    pass
            return await asyncio.to_thread(then)

    return asyncio.run(body())


def test_games_whose_server_was_killed_end_themselves(tmp_path):
    """SIGKILL leaves nobody to say quit: every game (in a tab or warm in the pool) notices and ends."""
    from web_processes import processes_with, wait_until_none

    saves = tmp_path / "saves"
    process, port, _ = start_serve(saves, "--warm", "2")
    marker = str(saves.resolve())

    def kill_the_server():
        games = processes_with(marker)
        process.kill()  # SIGKILL: no shutdown code runs
        process.wait(timeout=10)
        return games, wait_until_none(marker, timeout=30)

    try:
        games, left = with_tabs(port, 3, kill_the_server)
    finally:
        if process.poll() is None:
            process.kill()
    assert len([pid for pid in games if pid != process.pid]) >= 3  # three tabs' games (and the warm ones) ran
    assert left == [], f"{len(left)} game processes outlived their server"


def test_stopping_the_server_with_games_open_prints_no_traceback_and_leaves_no_game(tmp_path):
    from web_processes import processes_with, wait_until_none

    saves = tmp_path / "saves"
    process, port, _ = start_serve(saves, "--warm", "1")
    marker = str(saves.resolve())

    def stop_the_server():
        running = [pid for pid in processes_with(marker) if pid != process.pid]
        process.send_signal(signal.SIGINT)
        return running, process.communicate(timeout=30)[0]

    try:
        running, out = with_tabs(port, 2, stop_the_server)
    finally:
        if process.poll() is None:
            process.kill()
    left = wait_until_none(marker, timeout=10)
    assert len(running) >= 2
    assert process.returncode == 0 and "Traceback" not in out and out.rstrip().endswith("petrograd serve: stopped")
    assert left == []


def test_sixty_tabs_then_a_killed_server_leave_no_game_process(tmp_path):
    """Issue 15's test: open and close 60 tabs, SIGKILL the server with tabs still open, count what is left."""
    import aiohttp
    from web_processes import processes_with, wait_until_none

    marker = f"--marker={tmp_path.name}-{os.getpid()}"
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fixtures" / "web" / "serve_fake.py"),
                                str(port), marker], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)})

    async def tabs() -> tuple[int, int, int]:
        opened = most = 0
        async with aiohttp.ClientSession() as session:
            for batch_size in [10] * 6 + [5]:  # 60 opened and closed, then 5 left open
                batch = [await session.ws_connect(f"http://127.0.0.1:{port}/ws") for _ in range(batch_size)]
                for ws in batch:
                    assert (await asyncio.wait_for(ws.receive(), 20)).data == b"fake game screen"
                most = max(most, len(processes_with(marker)))
                if opened == 60:
                    break
                opened += len(batch)
                for ws in batch:
                    await ws.close()
            before = len(processes_with(marker))
            process.kill()  # SIGKILL, with 5 tabs open and 2 games warm
            process.wait(timeout=10)
            return opened, most, before

    try:
        wait_for_line(process, "Press Ctrl+C")
        opened, most, before = asyncio.run(tabs())
    finally:
        if process.poll() is None:
            process.kill()
    left = wait_until_none(marker, timeout=30)
    assert opened == 60 and most >= 10 and before >= 5
    assert left == [], f"{len(left)} game processes left"
