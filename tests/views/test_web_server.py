"""The classroom server in-process: our page, /status, the cap on live games.

A stand-in game process (tests/fixtures/web/fake_game.py) speaks textual-serve's
protocol, so these tests need no browser and no Textual start-up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import uuid
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from game.views.web import FULL_MESSAGE, GameServer
from game.views.web_limits import MAX_MESSAGE

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_processes import processes_with, wait_until_none  # noqa: E402

FAKE_GAME = Path(__file__).resolve().parent.parent / "fixtures" / "web" / "fake_game.py"


def make_server(max_players: int = 2, title: str = "A Small Story") -> GameServer:
    return GameServer([sys.executable, str(FAKE_GAME)], host="127.0.0.1", port=0, title=title,
                      max_players=max_players)


async def with_client(server: GameServer, body):
    client = TestClient(TestServer(await server.make_app()))
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
    assert "onclick" not in html  # the CSP allows no inline handlers
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
    server = GameServer([sys.executable, str(FAKE_GAME)], host="127.0.0.1", port=0, title="t", max_players=3, warm=1)

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


def fake_server(**options) -> tuple[GameServer, str]:
    """A server of stand-in games whose command lines carry a marker unique to the test."""
    marker = f"--marker={uuid.uuid4().hex}"
    argv = [sys.executable, str(FAKE_GAME), *options.pop("game_args", ()), marker]
    options.setdefault("max_players", 100)
    return GameServer(argv, host="127.0.0.1", port=0, title="t", **options), marker


async def close_and_wait(server: GameServer, *sockets) -> None:
    for ws in sockets:
        await ws.close()
    for _ in range(400):
        if server.live == 0:
            return
        await asyncio.sleep(0.025)


async def closing_code(ws: aiohttp.ClientWebSocketResponse) -> int | None:
    """Read until the server closes; its close code."""
    while True:
        message = await asyncio.wait_for(ws.receive(), timeout=10)
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            return ws.close_code


PASTE = "\x1b[200~" + "x" * (MAX_MESSAGE - 40) + "\x1b[201~"  # what xterm.js sends for a pasted text


def test_an_oversized_message_drops_the_connection_and_ends_its_game():
    server, marker = fake_server()

    async def body(client):
        ws = await client.ws_connect("/ws")
        assert await first_bytes(ws) == b"fake game screen"
        await ws.send_str(json.dumps(["stdin", PASTE]))  # a long paste still fits
        fits = await first_bytes(ws)
        await ws.send_str(json.dumps(["stdin", "x" * 1_000_000]))  # the 1 MB message that grew a game to 2.7 GB
        code = await closing_code(ws)
        await close_and_wait(server)
        return fits, code, processes_with(marker), server.live

    fits, code, left, live = asyncio.run(with_client(server, body))
    assert fits == b"stdin %d" % len(PASTE)
    assert code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG  # 1009
    assert left == [] and live == 0


@pytest.mark.parametrize("message", [
    "not json", "{}", "[]", "[1]", '["stdin", 5]', '["stdin"]', '["resize", {"width": "80", "height": 24}]',
    '["resize", {"width": true, "height": 24}]', '["ping", "' + "9" * 65 + '"]', '["focus", 1]', '["launch"]',
    json.dumps(["stdin", "x" * 65]),  # 65 key presses at once: a script, not a student (a paste is bracketed)
])
def test_a_message_our_page_never_sends_drops_the_connection(message):
    server, marker = fake_server()

    async def body(client):
        ws = await client.ws_connect("/ws")
        assert await first_bytes(ws) == b"fake game screen"
        await ws.send_str(message)
        code = await closing_code(ws)
        await close_and_wait(server)
        return code, processes_with(marker)

    code, left = asyncio.run(with_client(server, body))
    assert code == aiohttp.WSCloseCode.POLICY_VIOLATION  # 1008
    assert left == []


def test_a_binary_message_drops_the_connection():
    server, _ = fake_server()

    async def body(client):
        ws = await client.ws_connect("/ws")
        assert await first_bytes(ws) == b"fake game screen"
        await ws.send_bytes(b"\x00\x01")
        return await closing_code(ws)

    assert asyncio.run(with_client(server, body)) == aiohttp.WSCloseCode.POLICY_VIOLATION


def test_the_page_messages_all_pass():
    server, _ = fake_server()

    async def body(client):
        ws = await client.ws_connect("/ws")
        assert await first_bytes(ws) == b"fake game screen"
        for message in (["resize", {"width": 120, "height": 40}], ["focus"], ["blur"], ["stdin", "\r"]):
            await ws.send_str(json.dumps(message))
        typed = await first_bytes(ws)
        await ws.send_str(json.dumps(["ping", "1733450000000"]))
        pong = await asyncio.wait_for(ws.receive(), timeout=10)
        await close_and_wait(server, ws)
        return typed, pong.data

    typed, pong = asyncio.run(with_client(server, body))
    assert typed == b"stdin 1"
    assert json.loads(pong) == ["pong", "1733450000000"]


def test_a_page_on_another_site_cannot_open_a_game():
    server, _ = fake_server()

    async def body(client):
        port = client.port
        foreign = await client.get("/ws", headers={"Origin": "http://evil.example", "Connection": "Upgrade",
                                                   "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                                                   "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        foreign_text = await foreign.text()
        ours = await client.ws_connect("/ws", origin=f"http://127.0.0.1:{port}")
        first = await first_bytes(ours)
        await close_and_wait(server, ours)
        return foreign.status, foreign_text, first

    status, text, first = asyncio.run(with_client(server, body))
    assert status == 403 and text == "This game only accepts connections from its own page."
    assert first == b"fake game screen"


def test_every_response_carries_the_security_headers_and_static_has_no_listing():
    server, _ = fake_server()

    async def body(client):
        results = {}
        for path in ("/", "/static/", "/static/js/", "/static/js/textual.js", "/status", "/nothing"):
            response = await client.get(path)
            results[path] = (response.status, dict(response.headers), await response.read())
        return results

    results = asyncio.run(with_client(server, body))
    assert results["/static/"][0] in (403, 404) and results["/static/js/"][0] in (403, 404)
    assert b"textual.js" not in results["/static/js/"][2]  # no directory listing
    assert results["/static/js/textual.js"][0] == 200 and results["/nothing"][0] == 404
    for path, (_, headers, _) in results.items():
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
    page_csp = results["/"][1]["Content-Security-Policy"]
    found = re.search(r"'nonce-([^']+)'", page_csp)
    assert found is not None
    nonce = found.group(1)
    html = results["/"][2].decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all(f'nonce="{nonce}"' in attrs or 'src="static/' in attrs for attrs in scripts)
    assert "default-src 'self'" in page_csp and "connect-src 'self'" in page_csp and "http" not in page_csp


def test_one_address_cannot_take_every_place():
    server, _ = fake_server(per_address=2)

    async def body(client):
        first, second = await client.ws_connect("/ws"), await client.ws_connect("/ws")
        assert await first_bytes(first) == await first_bytes(second) == b"fake game screen"
        third = await client.ws_connect("/ws")
        refused = await first_bytes(third)
        code = await closing_code(third)
        page = await client.get("/")
        page_text = await page.text()
        status = await (await client.get("/status")).json()
        await close_and_wait(server, first, second)
        return refused, code, page.status, page_text, status

    refused, code, page_status, page_text, status = asyncio.run(with_client(server, body))
    message = "This computer already has 2 games open. Close a tab you no longer use, then press Try again."
    assert refused == ("\r\n  " + message + "\r\n").encode()
    assert code == aiohttp.WSCloseCode.TRY_AGAIN_LATER
    assert page_status == 429 and message in page_text and "static/js/textual.js" not in page_text
    assert status == {"playing": 2, "max_players": 100, "full": False,  # the class still has room,
                      "refusal": message}  # and the page's "ended" card says why this computer was turned away


def test_one_address_cannot_start_games_faster_than_the_rate():
    server, _ = fake_server(games_per_minute=3)

    async def body(client):
        for _ in range(3):
            ws = await client.ws_connect("/ws")
            assert await first_bytes(ws) == b"fake game screen"
            await close_and_wait(server, ws)
        fourth = await client.ws_connect("/ws")
        refused = await first_bytes(fourth)
        page = await client.get("/")
        return refused, page.status, await page.text()

    refused, status, text = asyncio.run(with_client(server, body))
    message = "Too many new games from this computer in the last minute. Wait a minute, then press Try again."
    assert refused == ("\r\n  " + message + "\r\n").encode()
    assert status == 429 and message in text


def test_sixty_tabs_opened_and_closed_leave_no_process(tmp_path):
    """Each game here ignores quit and SIGTERM and has a child that does too: only ending the group ends them."""
    server, marker = fake_server(game_args=["--stubborn"], quit_grace=0.2, per_address=100, games_per_minute=100)

    async def body(client):
        opened = 0
        for _ in range(6):  # 60 tabs, ten at a time
            batch = [await client.ws_connect("/ws") for _ in range(10)]
            for ws in batch:
                assert await first_bytes(ws) == b"fake game screen"
            opened += len(batch)
            running = len(processes_with(marker))
            await close_and_wait(server, *batch)
        return opened, running, server.live

    opened, running, live = asyncio.run(with_client(server, body))
    left = wait_until_none(marker, timeout=10)
    assert opened == 60 and running >= 10  # the games (and their children) were really there
    assert live == 0
    assert left == [], f"{len(left)} game processes outlived their tabs"


WEB_BUILD_INDEX = "<!DOCTYPE html><title>Web build</title><p>WEB-BUILD-MARKER</p>"


def test_the_page_links_to_the_web_build_served_under_web(tmp_path):
    build = tmp_path / "site"
    (build / "assets").mkdir(parents=True)
    (build / "index.html").write_text(WEB_BUILD_INDEX)
    (build / "assets" / "app.js").write_text("console.log('hi')")
    server, _ = fake_server(web_build=str(build))

    async def body(client):
        results = {}
        for path in ("/", "/web/", "/web/index.html", "/web/assets/app.js", "/web/assets/", "/web/../story.yaml"):
            response = await client.get(path, allow_redirects=False)
            results[path] = (response.status, await response.text(), response.headers)
        bare = await client.get("/web", allow_redirects=False)
        return results, bare.status, bare.headers.get("Location")

    results, bare_status, location = asyncio.run(with_client(server, body))
    assert '<a class="web-build" href="web/">Accessible version (screen readers, no server)</a>' in results["/"][1]
    assert results["/web/"][:2] == (200, WEB_BUILD_INDEX) and results["/web/index.html"][:2] == (200, WEB_BUILD_INDEX)
    assert results["/web/assets/app.js"][0] == 200
    assert results["/web/assets/"][0] in (403, 404) and results["/web/../story.yaml"][0] in (403, 404)
    assert "'wasm-unsafe-eval'" in results["/web/"][2]["Content-Security-Policy"]
    assert bare_status == 302 and location == "/web/"


def test_without_a_web_build_there_is_no_link():
    async def body(client):
        return await (await client.get("/")).text(), (await client.get("/web/")).status

    html, status = asyncio.run(with_client(fake_server()[0], body))
    assert "Accessible version" not in html and status == 404


def test_a_malformed_request_is_one_line_in_the_log_not_a_traceback(caplog):
    """aiohttp logged a 10 kB URL or a 100 kB header with a traceback: anyone could fill the teacher's window."""
    from game.views.web_limits import quiet_malformed_requests

    server, _ = fake_server()
    quiet_malformed_requests()

    async def body(client):
        for request in (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"):
            reader, writer = await asyncio.open_connection(client.host, client.port)
            writer.write(request)
            await writer.drain()
            assert b" 400 " in (await reader.read(100)).split(b"\r\n")[0]
            writer.close()
        response = await client.get("/status")  # and the server goes on
        return response.status

    with caplog.at_level(logging.INFO, logger="aiohttp.server"):
        assert asyncio.run(with_client(server, body)) == 200
    refused = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert [r.getMessage() for r in refused] == ["refused a malformed request from 127.0.0.1 (LineTooLong)"] * 2
    assert all(r.exc_info is None for r in refused) and "Traceback" not in caplog.text
