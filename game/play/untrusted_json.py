"""One checked decoder for JSON that comes from outside: transcripts, witness paths, anything a user hands us.

``json.loads`` reads things that later crash a command far from the file:
a lone surrogate (``"\\ud83d"``, an emoji cut in half) that cannot be printed
or encoded, an integer of 5,000 digits that ``str()`` refuses, ``1e999`` or
``NaN`` that turn arithmetic into ``inf``, and nesting deep enough that any
recursive walk of the value overflows the stack. ``decode`` refuses all of
them with a ``JSONProblem`` that names the line and column, so every reader
gives the same one-line error and nothing downstream sees such a value.

The checks cost nothing on good files: numbers go through the decoder's own
hooks, surrogates and depth are looked for only where a C-speed search finds
a hint of them, and the slow token walk that finds a position runs only for a
file already known to be bad.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64  # a transcript nests 6 deep; this leaves room and keeps every recursive walk far from the stack's end
MAX_INT_DIGITS = 20  # 64-bit numbers (seeds, counts, seconds) have at most 20 digits
_HINT_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")
_LOW = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[^\s"\[\]{},:]+', re.DOTALL)


class JSONProblem(ValueError):
    """Text that is not JSON we accept; ``reason`` is one line, ``line``/``column`` count from 1 (0: no position)."""

    def __init__(self, reason: str, line: int = 0, column: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}" if self.line else self.reason

    def at(self, path: str) -> str:
        """``path:line:column: reason``, the form a compiler gives, for a one-line error."""
        return f"{path}:{self.line}:{self.column}: {self.reason}" if self.line else f"{path}: {self.reason}"


class _Refused(Exception):
    def __init__(self, token: str, reason: str):
        super().__init__(reason)
        self.token = token
        self.reason = reason


def _int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(token, f"a number of {len(token.lstrip('-'))} digits is larger than any value this file may hold")
    return int(token)


def _float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _Refused(token, f"the number {_clip(token)} is too large to be a number")
    return value


def _constant(token: str) -> float:
    raise _Refused(token, f"{token} is not a number JSON allows")


def _clip(token: str, width: int = 24) -> str:
    return token if len(token) <= width else token[: width - 1] + "…"


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _problem_at(text: str, offset: int, reason: str) -> JSONProblem:
    return JSONProblem(reason, *_line_column(text, offset))


def _find_token(text: str, token: str) -> int:
    """Where ``token`` first stands outside a string (the decoder refused it; its hooks have no position)."""
    for match in _TOKEN.finditer(text):
        if match.group() == token:
            return match.start()
    return 0


def _too_deep(text: str) -> JSONProblem | None:
    """The first bracket past MAX_DEPTH, walking tokens so brackets inside strings do not count."""
    depth = 0
    for match in _TOKEN.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _problem_at(text, match.start(), f"nested more than {MAX_DEPTH} deep")
        elif char in "]}":
            depth -= 1
    return None


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether a decoded value nests past ``limit`` (a loop, not recursion: the value may be deep)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if type(item) is dict else item
        stack.extend((child, depth + 1) for child in children if type(child) in (dict, list))
    return False


def _lone_surrogate(text: str) -> JSONProblem | None:
    """A ``\\uD800``-``\\uDFFF`` escape that is not one half of a pair (the other half was cut off)."""
    skip_to = -1
    for match in _SURROGATE_ESCAPE.finditer(text):
        if len(match.group(1)) % 2 == 0 or match.start() < skip_to:
            continue  # an escaped backslash followed by 'u', or the low half of a pair already seen
        start = match.start() + len(match.group(1)) - 1
        code = int(match.group(2), 16)
        if code < 0xDC00 and _LOW.match(text, match.end()):
            skip_to = match.end() + 1
            continue
        return _problem_at(
            text, start, f"\\u{match.group(2)} is half of a character (a lone surrogate); the text was cut or edited"
        )
    return None


def _decode_error(text: str, exc: json.JSONDecodeError) -> JSONProblem:
    if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
        return JSONProblem(f"not JSON: the text ends too early ({exc.msg})", exc.lineno, exc.colno)
    return JSONProblem(f"not JSON: {exc.msg}", exc.lineno, exc.colno)


def decode_text(text: str) -> Any:
    """The value of JSON ``text``, or a JSONProblem with the position of the first thing refused."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # text handed in as str can hold a raw surrogate
        raise _problem_at(text, exc.start, "holds half of a character (a lone surrogate)") from None
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise _decode_error(text, exc) from None
    except _Refused as refused:
        raise _problem_at(text, _find_token(text, refused.token), refused.reason) from None
    except RecursionError:  # deeper than the decoder's own stack allows
        raise _too_deep(text) or JSONProblem(f"nested more than {MAX_DEPTH} deep") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise _too_deep(text) or JSONProblem(f"nested more than {MAX_DEPTH} deep")
    if _HINT_SURROGATE.search(text):
        lone = _lone_surrogate(text)
        if lone is not None:
            raise lone
    return value


def decode(raw: bytes) -> Any:
    """The value of a JSON file's bytes (UTF-8, a byte-order mark allowed), or a JSONProblem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise JSONProblem(f"not UTF-8 text (byte {start + 1} cannot be read)", line, column) from None
    return decode_text(text)
