"""The classroom server in-process: our page, /status, the cap on live games.

A stand-in game process (tests/fixtures/web/fake_game.py) speaks textual-serve's
protocol, so these tests need no browser and no Textual start-up.
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from game.views.web import FULL_MESSAGE, GameServer

FAKE_GAME = Path(__file__).resolve().parent.parent / "fixtures" / "web" / "fake_game.py"


def make_server(max_players: int = 2, title: str = "A Small Story") -> GameServer:
    return GameServer(f"{sys.executable} {FAKE_GAME}", host="127.0.0.1", port=0, title=title,
                      max_players=max_players)


async def with_client(server: GameServer, body):
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        return await body(client)
    finally:
        for _ in range(200):  # let every game process be reaped before the loop closes
            if server.live == 0:
                break
            await asyncio.sleep(0.025)
        await client.close()


async def first_bytes(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    message = await asyncio.wait_for(ws.receive(), timeout=10)
    assert message.type == aiohttp.WSMsgType.BINARY, message
    return message.data


def test_page_is_ours_titled_and_self_contained():
    async def body(client):
        response = await client.get("/")
        return response.status, await response.text()

    status, html = asyncio.run(with_client(make_server(title="Petrograd <1917>"), body))
    assert status == 200
    assert "<title>Petrograd &lt;1917&gt;</title>" in html
    assert "Starting the game" in html
    # nothing from another host: no absolute http(s) or protocol-relative URL at all
    assert not re.search(r"(https?:)?//[a-z0-9]", html, re.IGNORECASE), re.findall(r"\S*//\S*", html)
    assert "fonts.googleapis" not in html
    assert 'src="static/js/textual.js"' in html
    assert "@font-face" in html and "static/fonts/RobotoMono" in html


def test_static_files_the_page_needs_are_served():
    async def body(client):
        statuses = []
        for path in ("static/css/xterm.css", "static/js/textual.js", "static/fonts/RobotoMono-VariableFont_wght.ttf"):
            statuses.append((await client.get("/" + path)).status)
        return statuses

    assert asyncio.run(with_client(make_server(), body)) == [200, 200, 200]


def test_a_tab_runs_a_game_and_status_counts_it():
    async def body(client):
        before = await (await client.get("/status")).json()
        ws = await client.ws_connect("/ws?width=80&height=24")
        data = await first_bytes(ws)
        during = await (await client.get("/status")).json()
        await ws.close()
        for _ in range(100):
            after = await (await client.get("/status")).json()
            if after["playing"] == 0:
                break
            await asyncio.sleep(0.05)
        return before, data, during, after

    before, data, during, after = asyncio.run(with_client(make_server(), body))
    assert before == {"playing": 0, "max_players": 2, "full": False}
    assert data == b"fake game screen"
    assert during["playing"] == 1
    assert after["playing"] == 0


def test_past_the_cap_a_player_is_asked_to_wait():
    async def body(client):
        first = await client.ws_connect("/ws")
        second = await client.ws_connect("/ws")
        assert await first_bytes(first) == b"fake game screen"
        assert await first_bytes(second) == b"fake game screen"
        status = await (await client.get("/status")).json()
        third = await client.ws_connect("/ws")
        refused = await first_bytes(third)
        closing = await asyncio.wait_for(third.receive(), timeout=10)
        page = await client.get("/")
        page_text = await page.text()
        await first.close()
        for _ in range(100):
            if not (await (await client.get("/status")).json())["full"]:
                break
            await asyncio.sleep(0.05)
        fourth = await client.ws_connect("/ws")
        later = await first_bytes(fourth)
        await second.close()
        await fourth.close()
        return status, refused, closing, page.status, page_text, later

    status, refused, closing, page_status, page_text, later = asyncio.run(with_client(make_server(2), body))
    assert status == {"playing": 2, "max_players": 2, "full": True}
    assert FULL_MESSAGE.format(limit=2).encode() in refused
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert page_status == 503
    assert "All 2 places in this game are taken" in page_text and "Try again" in page_text
    assert "static/js/textual.js" not in page_text  # the full page does not start a game
    assert later == b"fake game screen"  # a place freed is a place offered again


def test_stopping_the_server_tells_and_closes_every_tab():
    server = make_server(3)

    async def body(client):
        ws = await client.ws_connect("/ws")
        assert await first_bytes(ws) == b"fake game screen"
        await server.on_shutdown(client.app)
        notice = await first_bytes(ws)
        closing = await asyncio.wait_for(ws.receive(), timeout=10)
        return notice, closing

    notice, closing = asyncio.run(with_client(server, body))
    assert b"The teacher has stopped the game server" in notice
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert server.live == 0


def test_the_full_message_reads_well_for_one_place():
    from game.views.web import full_message

    assert full_message(1).startswith("The one place in this game is taken.")
    assert full_message(30).startswith("All 30 places")


def test_a_page_cannot_ask_for_a_giant_screen():
    from game.views.web import MAX_COLUMNS, MAX_ROWS, clamp_size

    assert clamp_size(100_000, 100_000) == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size(-5, 0) == (10, 5)
    assert clamp_size(80, 24) == (80, 24)


def test_a_warm_game_is_handed_to_the_next_tab_and_replaced():
    server = GameServer(f"{sys.executable} {FAKE_GAME}", host="127.0.0.1", port=0, title="t", max_players=3, warm=1)

    async def body(client):
        await server.on_startup(client.app)
        for _ in range(200):
            if server.pool.idle:
                break
            await asyncio.sleep(0.025)
        warm = server.pool.idle[0]
        ws = await client.ws_connect("/ws?width=100&height=30")
        assert await first_bytes(ws) == b"fake game screen"
        handed = server.pool.idle[:1] != [warm]
        for _ in range(200):  # a replacement starts in the background
            if server.pool.idle:
                break
            await asyncio.sleep(0.025)
        replacement = server.pool.idle[0]
        await ws.close()
        for _ in range(200):
            if server.live == 0:
                break
            await asyncio.sleep(0.025)
        await server.pool.close()
        return warm, handed, replacement

    warm, handed, replacement = asyncio.run(with_client(server, body))
    assert handed and replacement is not warm
    assert warm.returncode is not None and replacement.returncode is not None  # nothing left running
    assert server.pool.idle == []


def test_a_warm_game_takes_the_size_of_the_tab_even_while_still_starting(tmp_path):
    """Taken before it has drawn, a warm game must still end up the tab's size, not 80x24."""
    from game.views.web import game_command

    story = Path(__file__).resolve().parent.parent / "fixtures" / "web" / "story"
    server = GameServer(game_command(str(story), str(tmp_path)), host="127.0.0.1", port=0, title="t",
                        max_players=2, warm=1)

    async def body(client):
        await server.on_startup(client.app)
        while not server.pool.idle:
            await asyncio.sleep(0.01)
        ws = await client.ws_connect("/ws?width=100&height=31")  # at once: the warm game is still importing
        received = b""
        deadline = asyncio.get_running_loop().time() + 60
        while b"\x1b[31;1H" not in received and asyncio.get_running_loop().time() < deadline:
            message = await asyncio.wait_for(ws.receive(), timeout=60)
            if message.type != aiohttp.WSMsgType.BINARY:
                break
            received += message.data
        await ws.close()
        for _ in range(400):
            if server.live == 0:
                break
            await asyncio.sleep(0.025)
        await server.pool.close()
        return received

    received = asyncio.run(with_client(server, body))
    assert b"\x1b[31;1H" in received, "the game never drew row 31 of the tab's 31 rows"
