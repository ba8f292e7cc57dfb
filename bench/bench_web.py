"""How many students one machine serves: memory per game and time to the first screen under `petrograd serve`.

    .venv/bin/python bench/bench_web.py [--story scenes] [--games 10] [--no-browser]

Runs a real `petrograd serve` and talks to it as browsers do (textual-serve's
websocket protocol), so every figure includes the game process a tab starts.
The floor, measured in the same run, is the same server running a one-widget
Textual app (tests/fixtures/web/hello_app.py): what any textual-serve game
costs before ours adds anything. Prints figures, ratios to the floor, and the
capacity of a 2-core, 24 GiB machine; with Chromium present it also times
page open -> first screen in a real browser.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "views"))
from web_browser import ServeProcess, free_port  # noqa: E402

HELLO = ROOT / "tests" / "fixtures" / "web" / "hello_app.py"
ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")
MACHINE_GIB, MACHINE_CORES, RESERVED_GIB = 24, 2, 2.0  # the classroom machine; OS, server and browser-less desk
IDLE_SECONDS = 5.0
SECONDS_BETWEEN_CHOICES = 20.0  # a student reads a scene; the shipped story's scenes run ~500 words


class Tab:
    """One browser tab, as textual-serve's page drives it: a websocket, bytes in, keys out."""

    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url, self.stream = session, url, ""
        self.ws: aiohttp.ClientWebSocketResponse[bool] | None = None
        self.reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self.ws = await self.session.ws_connect(self.url.replace("http", "ws") + "ws?width=80&height=24")
        await self.ws.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        decoder = __import__("codecs").getincrementaldecoder("utf-8")("replace")
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream += ESCAPES.sub("", decoder.decode(message.data))

    def mark(self) -> int:
        return len(self.stream)

    async def wait_for(self, words: str, since: int = 0, timeout: float = 120) -> float:
        start = time.perf_counter()
        while words not in self.stream[since:]:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{words!r} never came; tail: {self.stream[-300:]!r}")
            await asyncio.sleep(0.01)
        return time.perf_counter() - start

    async def keys(self, *keys: str) -> None:
        assert self.ws is not None
        for key in keys:
            await self.ws.send_str(json.dumps(["stdin", key]))
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        found.extend(int(c) for c in children)
        todo.extend(int(c) for c in children)
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares libraries fairly between the games."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def game_pids(server_pid: int) -> list[int]:
    """The Python game processes under the server (not the /bin/sh that textual-serve starts them with)."""
    pids = []
    for pid in descendants(server_pid):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            continue
        if "python" in Path(exe).name:
            pids.append(pid)
    return pids


def unlimited(games: int) -> tuple[str, ...]:
    """All the bench's tabs come from one address: lift serve's per-address limits for it."""
    return ("--per-address", str(games), "--games-per-minute", "1000")


def start_hello_server() -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    code = (
        "import sys; from game.views.web import GameServer; "
        f"GameServer({[sys.executable, str(HELLO)]!r}, host='127.0.0.1', port={port}, title='floor', "
        "max_players=100, per_address=100, games_per_minute=1000, banner=['Press Ctrl+C']).serve()"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    while "Press Ctrl+C" not in process.stdout.readline():
        pass
    return process, f"http://127.0.0.1:{port}/"


async def floor_figures(url: str, pid: int, games: int) -> dict[str, float]:
    async with aiohttp.ClientSession() as session:
        one = Tab(session, url)
        await one.open()
        alone = await one.wait_for("HELLO TITLE")
        await one.close()
        tabs = [Tab(session, url) for _ in range(games)]
        start = time.perf_counter()
        for tab in tabs:
            await tab.open()
        await asyncio.gather(*(tab.wait_for("HELLO TITLE") for tab in tabs))
        everyone = time.perf_counter() - start
        pids = game_pids(pid)
        pss = [memory_kib(p)[1] for p in pids]
        rss = [memory_kib(p)[0] for p in pids]
        for tab in tabs:
            await tab.close()
    return {"first": alone, "everyone": everyone, "pss": statistics.mean(pss), "rss": statistics.mean(rss)}


def newest_save(saves: Path) -> float:
    times = [p.stat().st_mtime_ns for p in (saves / "players").rglob("*") if p.is_file() and p.name != "player.json"]
    return max(times, default=0)


async def changed(saves: Path, before: float, timeout: float = 3.0) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if newest_save(saves) != before:
            await asyncio.sleep(0.3)  # let the redraw finish
            return True
        await asyncio.sleep(0.05)
    return False


async def play_figures(url: str, pid: int, games: int, choices: int, saves: Path) -> dict[str, float]:
    async with aiohttp.ClientSession() as session:
        one = Tab(session, url)
        start = time.perf_counter()
        await one.open()
        alone = await one.wait_for("player code keeps")
        alone_total = time.perf_counter() - start
        (game_pid,) = game_pids(pid)
        start_cpu = cpu_seconds(game_pid)
        await one.keys("\r")
        await one.wait_for("Your player code is")
        mark = one.mark()
        await one.keys("\r")
        await one.wait_for("New game", since=mark)
        mark = one.mark()
        await one.keys("n")
        await one.wait_for("Whose story", since=mark)
        mark = one.mark()
        await one.keys("\r")  # the first perspective
        await asyncio.sleep(0.5)
        await one.keys("\r")  # no name: start
        await asyncio.sleep(1.5)
        if "Choose" not in one.stream[mark:]:
            await one.keys("\x1b")  # skip the primer
        await one.wait_for("Choose", since=mark)
        await asyncio.sleep(1.0)
        before = cpu_seconds(game_pid)
        moved = 0
        for _ in range(choices):  # a choice made is an autosave written: try 1, then 2, 3 ...
            for key in "123456789":
                before_save = newest_save(saves)
                await one.keys(key)
                if await changed(saves, before_save):
                    moved += 1
                    break
        per_choice = (cpu_seconds(game_pid) - before) / max(1, moved)
        if moved < choices:
            print(f"note: only {moved} of {choices} choices could be made")
        await asyncio.sleep(1.0)
        idle_start = cpu_seconds(game_pid)
        await asyncio.sleep(IDLE_SECONDS)
        idle_scene = (cpu_seconds(game_pid) - idle_start) / IDLE_SECONDS
        rss_one, pss_one = memory_kib(game_pid)

        tabs = [Tab(session, url) for _ in range(games)]
        start = time.perf_counter()
        for tab in tabs:
            await tab.open()
        waits = await asyncio.gather(*(tab.wait_for("player code keeps") for tab in tabs))
        everyone = time.perf_counter() - start
        pids = [p for p in game_pids(pid) if p != game_pid]
        mems = [memory_kib(p) for p in pids]
        await asyncio.sleep(2.0)
        idle_start = sum(cpu_seconds(p) for p in pids)
        await asyncio.sleep(IDLE_SECONDS)
        idle_code = (sum(cpu_seconds(p) for p in pids) - idle_start) / IDLE_SECONDS / len(pids)
        for tab in [one, *tabs]:
            await tab.close()
    return {
        "idle_scene": idle_scene, "idle_code": idle_code,
        "first": alone, "first_total": alone_total, "start_cpu": start_cpu, "per_choice_cpu": per_choice,
        "rss_playing": rss_one, "pss_playing": pss_one, "everyone": everyone, "slowest": max(waits),
        "rss": statistics.mean(m[0] for m in mems), "pss": statistics.mean(m[1] for m in mems),
    }


async def warm_figures(url: str, pid: int) -> dict[str, float]:
    """With --warm 2: wait for the two warm games to draw, then time one tab and the next."""
    for _ in range(600):
        if len(game_pids(pid)) >= 2:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(8)  # let them finish starting (they draw at 80x24 and wait)
    async with aiohttp.ClientSession() as session:
        waits = []
        for _ in range(2):
            tab = Tab(session, url)
            await tab.open()
            waits.append(await tab.wait_for("player code keeps"))
            await tab.close()
    return {"first": waits[0], "second": waits[1]}


def browser_first_screen(url: str) -> float | None:
    from web_browser import Terminal, browser_problem, start_chromium

    if browser_problem():
        print(f"browser: skipped ({browser_problem()})")
        return None
    driver = start_chromium()
    try:
        start = time.perf_counter()
        driver.get(url)
        Terminal(driver).wait_for("player code keeps", timeout=120)
        return time.perf_counter() - start
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default=str(ROOT / "scenes"))
    parser.add_argument("--games", type=int, default=10, help="tabs opened at once (default 10)")
    parser.add_argument("--choices", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    hello, hello_url = start_hello_server()
    try:
        floor = asyncio.run(floor_figures(hello_url, hello.pid, args.games))
    finally:
        hello.terminate()
        hello.wait()
    with tempfile.TemporaryDirectory() as saves:
        server = ServeProcess(Path(args.story), Path(saves), max_players=args.games + 5,
                             extra=("--warm", "0", *unlimited(args.games + 5)))
        try:
            game = asyncio.run(play_figures(server.url, server.process.pid, args.games, args.choices, Path(saves)))
            in_browser = None if args.no_browser else browser_first_screen(server.url)
        finally:
            server.stop()
        server = ServeProcess(Path(args.story), Path(saves), max_players=args.games + 5,
                             extra=("--warm", "2", *unlimited(args.games + 5)))
        try:
            warm = asyncio.run(warm_figures(server.url, server.process.pid))
            warm_browser = None if args.no_browser else browser_first_screen(server.url)
        finally:
            server.stop()

    mib = 1024.0
    load = os.getloadavg()[0]
    print(f"story: {args.story}; machine: {os.cpu_count()} cores, load average {load:.1f} "
          f"(wall times stretch with load; CPU seconds do not); {args.games} tabs opened at once")
    print(f"floor (one-widget Textual app under the same server): first screen {floor['first']:.2f} s, "
          f"{args.games} at once {floor['everyone']:.2f} s, PSS {floor['pss'] / mib:.0f} MiB, RSS {floor['rss'] / mib:.0f} MiB")
    print(f"game, one tab, cold (--warm 0): websocket -> player-code screen {game['first']:.2f} s "
          f"({game['first'] / floor['first']:.1f}x floor); start-up CPU {game['start_cpu']:.2f} s")
    if in_browser is not None:
        print(f"game, one tab in Chromium: page open -> player-code screen {in_browser:.2f} s")
    print(f"with --warm 2 (the default): websocket -> player-code screen {warm['first']:.2f} s, "
          f"next tab {warm['second']:.2f} s ({warm['first'] / game['first']:.2f}x a cold start)")
    if warm_browser is not None:
        print(f"with --warm 2, in Chromium: page open -> player-code screen {warm_browser:.2f} s")
    print(f"game, {args.games} tabs at once: all on their first screen after {game['everyone']:.2f} s "
          f"({game['everyone'] / floor['everyone']:.1f}x floor); slowest {game['slowest']:.2f} s")
    print(f"memory per game at its first screen: PSS {game['pss'] / mib:.0f} MiB ({game['pss'] / floor['pss']:.1f}x floor), "
          f"RSS {game['rss'] / mib:.0f} MiB")
    print(f"memory per game while playing (after {args.choices} choices): PSS {game['pss_playing'] / mib:.0f} MiB, "
          f"RSS {game['rss_playing'] / mib:.0f} MiB; CPU per choice {game['per_choice_cpu'] * 1000:.0f} ms")

    per_game_mib = max(game["pss_playing"], game["rss_playing"]) / mib  # RSS: the cautious figure
    by_memory = int((MACHINE_GIB - RESERVED_GIB) * 1024 / per_game_mib)
    print(f"CPU of a game left alone: {game['idle_scene'] * 100:.2f}% of a core on a scene, "
          f"{game['idle_code'] * 100:.2f}% on the player-code screen (its cursor blinks)")
    cpu_share = game["per_choice_cpu"] / SECONDS_BETWEEN_CHOICES + game["idle_scene"]  # of one core, per student
    by_cpu = int(MACHINE_CORES * 0.7 / cpu_share) if cpu_share > 0 else 10**6  # keep 30% headroom
    class_start = 30 * game["start_cpu"] / MACHINE_CORES
    print(f"capacity of a {MACHINE_CORES}-core, {MACHINE_GIB} GiB machine: memory allows {by_memory} games "
          f"({per_game_mib:.0f} MiB each, {RESERVED_GIB:.0f} GiB kept back); CPU allows {by_cpu} players "
          f"choosing every {SECONDS_BETWEEN_CHOICES:.0f} s; so about {min(by_memory, by_cpu)} students")
    print(f"a class of 30 opening the page together waits up to ~{class_start:.0f} s for the last first screen "
          f"({game['start_cpu']:.2f} CPU s each on {MACHINE_CORES} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
