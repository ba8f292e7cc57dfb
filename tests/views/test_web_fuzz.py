"""A fuzzer of `petrograd serve`'s websocket protocol, against a server on loopback only.

Each case opens a tab (a stand-in game, tests/fixtures/web/fake_game.py),
sends a few messages, some as our page sends them and some mutated (wrong
shapes, wrong types, deep nesting, huge numbers, lone surrogates, oversized,
binary, odd query strings), and checks: a message our page sends never closes
the connection; anything else closes it with 1008 (policy) or 1009 (too big)
and nothing worse; the server keeps answering; it logs no error; and when all
is done no game is counted and no game process is left.

Quick by default (a few dozen cases, so it runs in CI); ``PETROGRAD_FUZZ=long``
runs 3,000 cases, or ``PETROGRAD_FUZZ_EXAMPLES=N``. Either way the run stops
at its case count or its time budget, whichever comes first, and sends to
127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import sys
import time
import uuid
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from game.views.web import GameServer
from game.views.web_limits import MAX_KEYS, MAX_MESSAGE, PASTE_END, PASTE_START

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_processes import wait_until_none  # noqa: E402

LONG = os.environ.get("PETROGRAD_FUZZ") == "long"
CASES = int(os.environ.get("PETROGRAD_FUZZ_EXAMPLES", "3000" if LONG else "40"))
BUDGET_SECONDS = 900 if LONG else 60  # a bound on the run, not an assertion: the cases done are reported
SEED = int(os.environ.get("PETROGRAD_FUZZ_SEED", "1917"))
FAKE_GAME = Path(__file__).resolve().parent.parent / "fixtures" / "web" / "fake_game.py"
CLOSED_FOR_CAUSE = {aiohttp.WSCloseCode.POLICY_VIOLATION, aiohttp.WSCloseCode.MESSAGE_TOO_BIG}


def page_message(rng: random.Random) -> str:
    """A message as our page sends it."""
    kind = rng.choice(["key", "key", "escape", "paste", "resize", "ping", "focus", "blur"])
    if kind == "key":
        return json.dumps(["stdin", rng.choice(["a", "\r", "1", "é", "\x7f", "\t", "😀", " "])])
    if kind == "escape":
        return json.dumps(["stdin", rng.choice(["\x1b[A", "\x1b[<0;10;5M", "\x1b[15~", "\x1bOP"])])
    if kind == "paste":
        body = "".join(rng.choice("abc \nдé😀") for _ in range(rng.randint(0, MAX_MESSAGE // 8)))
        return json.dumps(["stdin", PASTE_START + body + PASTE_END], ensure_ascii=False)
    if kind == "resize":
        return json.dumps(["resize", {"width": rng.randint(-50, 5000), "height": rng.randint(-50, 5000)}])
    if kind == "ping":
        return json.dumps(["ping", str(rng.randint(0, 10**13))])
    return json.dumps([kind])


def hostile_value(rng: random.Random, depth: int = 0) -> object:
    choice = rng.randint(0, 9 if depth < 4 else 5)
    return [
        lambda: None, lambda: rng.random() < 0.5, lambda: rng.randint(-10**30, 10**30),
        lambda: rng.choice([1e308, -0.0, 3.5]), lambda: "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 30))),
        lambda: "\ud83d",  # half an emoji
        lambda: [hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 4))],
        lambda: {str(hostile_value(rng, depth + 1))[:10]: hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 3))},
        lambda: ["stdin", hostile_value(rng, depth + 1)],
        lambda: ["resize", {"width": hostile_value(rng, depth + 1), "height": 24}],
    ][choice]()


def hostile_message(rng: random.Random) -> str | bytes:
    """A message our page never sends."""
    kind = rng.randint(0, 9)
    if kind == 0:
        return "[" * rng.randint(100, MAX_MESSAGE // 2) + "]" * 10
    if kind == 1:
        return json.dumps(["stdin", "x" * rng.randint(MAX_MESSAGE, 3 * MAX_MESSAGE)])
    if kind == 2:
        return json.dumps(["stdin", "k" * rng.randint(MAX_KEYS + 1, 5000)])
    if kind == 3:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 200)))
    if kind == 4:
        return '["resize", {"width": ' + "9" * rng.randint(20, 6000) + ', "height": 24}]'
    if kind == 5:
        return '["ping", 1e999]' if rng.random() < 0.5 else '["resize", {"width": NaN, "height": Infinity}]'
    if kind == 6:
        good = page_message(rng)
        cut = rng.randint(0, len(good) - 1)
        return good[:cut] + rng.choice(["", "\x00", "}", '"', "\\"]) + good[cut + 1:]
    return json.dumps(hostile_value(rng))


def is_page_message(message: str | bytes) -> bool:
    """Whether a generated hostile message happens to be one our page could send (a mutation can land on one)."""
    from game.views.web_limits import BadMessage, read_message

    if isinstance(message, bytes):
        return False
    try:
        read_message(message)
    except BadMessage:
        return False
    return True


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


async def one_case(client: TestClient, rng: random.Random) -> str:
    """One tab's life; a problem, or '' when the server behaved."""
    query = rng.choice(["width=80&height=24", "width=abc&height=-1", "width=99999999999999999999&height=1e9", "", "x=%00"])
    ws = await client.ws_connect("/ws?" + query)
    first = await asyncio.wait_for(ws.receive(), 10)
    if first.type != aiohttp.WSMsgType.BINARY:
        return f"no first screen: {first}"
    expect_open = True
    for _ in range(rng.randint(1, 5)):
        message = page_message(rng) if rng.random() < 0.5 else hostile_message(rng)
        good = is_page_message(message)
        if isinstance(message, bytes):
            await ws.send_bytes(message)
        else:
            await ws.send_str(message)
        if not good:
            expect_open = False
            break
    if expect_open:
        await ws.send_str(json.dumps(["ping", "42"]))  # still served after everything our page may send
        while True:
            reply = await asyncio.wait_for(ws.receive(), 10)
            if reply.type == aiohttp.WSMsgType.TEXT and json.loads(reply.data) == ["pong", "42"]:
                break
            if reply.type == aiohttp.WSMsgType.TEXT and json.loads(reply.data)[0] == "pong":
                continue  # the answer to an earlier ping
            if reply.type != aiohttp.WSMsgType.BINARY:
                return f"a page's messages closed the connection: {reply}"
        await ws.close()
        return ""
    while True:
        reply = await asyncio.wait_for(ws.receive(), 10)
        if reply.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED):
            break
    if ws.close_code in CLOSED_FOR_CAUSE:
        return ""
    if len(message) > MAX_MESSAGE and ws.close_code == aiohttp.WSCloseCode.ABNORMAL_CLOSURE:
        return ""  # the server dropped the connection while the client was still sending
    return f"closed with {ws.close_code} for {message!r:.80}"


def test_the_websocket_protocol_survives_fuzzing():
    marker = f"--marker={uuid.uuid4().hex}"
    server = GameServer([sys.executable, str(FAKE_GAME), marker], host="127.0.0.1", port=0, title="fuzz",
                        max_players=50, per_address=50, games_per_minute=10**9, quit_grace=1)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    rng = random.Random(SEED)
    problems: list[str] = []
    done = 0

    async def run() -> dict[str, object]:
        client = TestClient(TestServer(await server.make_app(), host="127.0.0.1"))
        await client.start_server()
        nonlocal done
        try:
            deadline = time.monotonic() + BUDGET_SECONDS
            while done < CASES and time.monotonic() < deadline:
                batch = [one_case(client, random.Random(rng.random())) for _ in range(min(5, CASES - done))]
                problems.extend(p for p in await asyncio.gather(*batch) if p)
                done += len(batch)
            for _ in range(400):
                if server.live == 0:
                    break
                await asyncio.sleep(0.025)
            return await (await client.get("/status")).json()
        finally:
            await client.close()

    try:
        status = asyncio.run(run())
    finally:
        logging.getLogger().removeHandler(errors)
    print(f"websocket fuzz: {done} cases (seed {SEED})")
    assert done >= min(CASES, 20)
    assert problems == []
    assert errors.records == []
    assert status == {"playing": 0, "max_players": 50, "full": False}
    assert wait_until_none(marker, timeout=10) == []
