"""Memory of a served game before and after the largest message a tab may send, and what a 1 MB message does.

    .venv/bin/python bench/bench_web_message.py [--story tests/fixtures/web/story]

Before the cap, one ``["stdin", <1 MB>]`` message grew a game to 2.7 GB. Prints
the game's resident memory (from /proc, Linux) after its first screen, after a
message of the cap's size, and whether a 1 MB message drops the connection and
ends the game.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "views"))
from web_browser import ServeProcess  # noqa: E402
from web_processes import processes_with  # noqa: E402

from game.views.web_limits import MAX_MESSAGE, PASTE_END, PASTE_START  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def settle(ws: aiohttp.ClientWebSocketResponse[bool], quiet: float = 2.0) -> None:
    """Read frames until the game has been quiet for ``quiet`` seconds."""
    while True:
        try:
            message = await asyncio.wait_for(ws.receive(), quiet)
        except asyncio.TimeoutError:
            return
        if message.type != aiohttp.WSMsgType.BINARY:
            return


async def measure(url: str, marker: str, server_pid: int) -> None:
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(url + "ws?width=80&height=24")
        await settle(ws)
        (game,) = [pid for pid in processes_with(marker) if pid != server_pid]
        print(f"game after its first screen:      {rss_mb(game):7.1f} MB")
        paste = PASTE_START + "a" * (MAX_MESSAGE - 40) + PASTE_END
        await ws.send_str(json.dumps(["stdin", paste]))
        await settle(ws, 5)
        print(f"after a paste of {len(paste)} characters: {rss_mb(game):7.1f} MB (the cap is {MAX_MESSAGE} bytes)")
        await ws.send_str(json.dumps(["stdin", "a" * 1_000_000]))
        start = time.monotonic()
        while not ws.closed:
            await ws.receive()
        print(f"a 1 MB message: connection closed with code {ws.close_code}")
    deadline = time.monotonic() + 20
    while game in processes_with(marker) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    print(f"its game ended {time.monotonic() - start:.1f} s later: {game not in processes_with(marker)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--story", default="tests/fixtures/web/story")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as saves:
        server = ServeProcess(Path(args.story), Path(saves), extra=("--warm", "0"))
        try:
            asyncio.run(measure(server.url, str(Path(saves).resolve()), server.process.pid))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
