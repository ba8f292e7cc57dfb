"""What a browser may send `petrograd serve`, and how much: message shapes and sizes, origins, per-address limits.

A tab's terminal sends a few kinds of JSON messages: ``["stdin", text]`` (a
key, or a paste bracketed by ``ESC[200~`` ... ``ESC[201~``), ``["resize", {"width": w, "height": h}]``, ``["ping", text]``,
``["focus"]``, ``["blur"]``. Anything else, or anything larger than
``MAX_MESSAGE`` bytes, is a script's doing, not a student's: the connection is
dropped (a single 1 MB stdin message once grew a game to 2.7 GB).
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_MESSAGE = 16 * 1024  # a key press is a few bytes, a resize about 40; a pasted answer of ~2,500 words fits
MAX_PING = 64  # the page's ping carries a timestamp
MAX_KEYS = 64  # typed keys come one message each (an escape sequence, an IME word); longer input is a paste
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # xterm.js brackets a paste, as the game asks it to


class MalformedRequestsOnOneLine(logging.Filter):
    """aiohttp logs a request it cannot parse (a 10 kB URL, a 100 kB header) with a traceback each.

    That is a client's mistake, not the server's: anyone on the network could
    fill the teacher's window with tracebacks. Such a record becomes one line,
    "refused a malformed request from ADDRESS (LineTooLong)"; any other error
    keeps its traceback (it would be ours).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from aiohttp.http_exceptions import HttpProcessingError

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            address = record.args[0] if isinstance(record.args, tuple) and record.args else "a client"
            record.msg, record.args = "refused a malformed request from %s (%s)", (address, type(error).__name__)
            record.exc_info = record.exc_text = None
        return True


def quiet_malformed_requests() -> None:
    """Log malformed requests to the server in one line each (idempotent)."""
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, MalformedRequestsOnOneLine) for f in server_log.filters):
        server_log.addFilter(MalformedRequestsOnOneLine())


class BadMessage(ValueError):
    """A message no page of ours sends; the text says what was wrong (for the server's log)."""


@dataclass(frozen=True)
class Message:
    """One checked message from a tab."""

    kind: str  # stdin | resize | ping | focus | blur
    text: str = ""
    width: int = 0
    height: int = 0


def read_message(raw: str) -> Message:
    """Check one websocket text message; BadMessage when it is not one our page sends."""
    if len(raw) > MAX_MESSAGE:  # aiohttp already refuses frames past the cap; this is the same rule for text
        raise BadMessage(f"a message of {len(raw)} characters (the most is {MAX_MESSAGE})")
    try:
        envelope = json.loads(raw)
    except ValueError:
        raise BadMessage("a message that is not JSON") from None
    except RecursionError:  # thousands of nested brackets fit in the size cap
        raise BadMessage("a message nested too deeply") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadMessage("a message that is not a [type, ...] list")
    kind, body = envelope[0], envelope[1:]
    if kind in ("focus", "blur") and not body:
        return Message(kind)
    if kind == "stdin" and len(body) == 1 and isinstance(body[0], str):
        text = body[0]
        if len(text) > MAX_KEYS and not (text.startswith(PASTE_START) and text.endswith(PASTE_END)):
            # thousands of single key presses in one message would make the game redraw thousands of times
            raise BadMessage(f"{len(text)} characters of keys in one message that is not a paste")
        return Message(kind, text=text)
    if kind == "ping" and len(body) == 1 and isinstance(body[0], str) and len(body[0]) <= MAX_PING:
        return Message(kind, text=body[0])
    if kind == "resize" and len(body) == 1 and isinstance(body[0], dict):
        width, height = body[0].get("width"), body[0].get("height")
        if isinstance(width, int) and isinstance(height, int) and _is_int(width) and _is_int(height):
            return Message(kind, width=width, height=height)
    raise BadMessage(f"a {kind[:20]!r} message of the wrong shape")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -10**6 < value < 10**6


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """A websocket from our own page only: its ``Origin`` names the host the page was loaded from.

    Browsers always send ``Origin`` on a websocket; a page on another site
    (which could otherwise start games in a student's name) sends its own.
    A client with no ``Origin`` at all is not a browser, and gains nothing by
    lying about it, so it passes (the per-address limits still apply).
    """
    if origin is None:
        return True
    if not host:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


class AddressLimits:
    """Per-address limits, so one student's script cannot take every place.

    ``per_address`` games at once from one address, and at most
    ``games_per_minute`` new games from it in any 60 seconds.
    """

    def __init__(self, per_address: int, games_per_minute: int, clock: Any = time.monotonic) -> None:
        self.per_address = per_address
        self.games_per_minute = games_per_minute
        self.clock = clock
        self.live: dict[str, int] = defaultdict(int)
        self.starts: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, address: str) -> deque[float]:
        starts = self.starts[address]
        now = self.clock()
        while starts and now - starts[0] >= 60:
            starts.popleft()
        if not starts:
            del self.starts[address]
            return deque()
        return starts

    def refusal(self, address: str) -> str:
        """Why a new game from ``address`` is refused now, or '' (a sentence a student reads)."""
        if self.live.get(address, 0) >= self.per_address:
            many = "one game" if self.per_address == 1 else f"{self.per_address} games"
            return (f"This computer already has {many} open. Close a tab you no longer use, "
                    "then press Try again.")
        if len(self._recent(address)) >= self.games_per_minute:
            return "Too many new games from this computer in the last minute. Wait a minute, then press Try again."
        return ""

    def opened(self, address: str) -> None:
        self.live[address] += 1
        starts = self.starts[address]
        starts.append(self.clock())

    def closed(self, address: str) -> None:
        self.live[address] -= 1
        if self.live[address] <= 0:
            del self.live[address]


PAGE_CSP = "; ".join((
    "default-src 'self'", "script-src 'self' 'nonce-{nonce}'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "object-src 'none'",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
))
# The static web build runs Python in WebAssembly (Pyodide) in workers: it needs those, and still nothing from outside.
WEB_BUILD_CSP = "; ".join((
    "default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:",
    "connect-src 'self' data: blob:", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
    "frame-ancestors 'none'",
))
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"


def security_headers(path: str, nonce: str = "") -> dict[str, str]:
    """Headers on every response: no framing, no sniffing, no referrer, and a CSP that allows this server only."""
    if path.startswith("/web/"):
        csp = WEB_BUILD_CSP
    elif nonce:
        csp = PAGE_CSP.format(nonce=nonce)
    else:
        csp = OTHER_CSP if not path.startswith("/static/") else "default-src 'self'; frame-ancestors 'none'"
    return {
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
