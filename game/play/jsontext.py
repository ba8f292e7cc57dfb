"""JSON text for the play layer: orjson's speed, the standard library's verdicts.

States and saves are written on every choice and read back by tools in bulk
(verify, class reports, check-saves); orjson does both several times faster
than ``json`` (bench/bench_tools.py). Whatever orjson refuses or would read
differently -- integers past 64 bits (it turns them into floats), lone
surrogates, NaN, a byte-order mark, nesting past its limit -- goes to the
standard library, so every value read and every error message is exactly what
``json`` gives: the fast path can only be faster, never different.

orjson is imported at the first call, not with this module: it brings ``uuid``
and ``platform`` along (~5 ms), which the player's first scene does not need.
Where it is not installed at all (the static web build runs on Pyodide's bare
standard library) the standard library does everything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_COMPACT = json.JSONEncoder(check_circular=False, separators=(",", ":"), ensure_ascii=False)
_INDENTED = json.JSONEncoder(check_circular=False, ensure_ascii=False, indent=2)
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_TWENTY_DIGITS = b"0" * 20  # a number this long may not fit 64 bits; orjson would read a float


_MISSING: list[bool] = []  # [True] once orjson was found missing: the import is not tried again


def _orjson() -> Any:
    """The orjson module, or None where it is not installed."""
    if _MISSING:
        return None
    try:
        import orjson
    except ImportError:
        _MISSING.append(True)
        return None
    return orjson


def dumps(value: Any, *, indent: bool = False) -> str:
    """``value`` as JSON text, compact or indented by two; non-ASCII kept as is."""
    orjson = _orjson()
    if orjson is None:
        return (_INDENTED if indent else _COMPACT).encode(value)
    try:
        return str(orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0).decode("utf-8"))
    except orjson.JSONEncodeError:  # big integers, lone surrogates, keys that are not text
        return (_INDENTED if indent else _COMPACT).encode(value)


def loads(text: str, parse_constant: Callable[[str], Any] | None = None) -> Any:
    """The value of JSON ``text`` as ``json.loads`` reads it, or its error.

    ``parse_constant`` is the standard library's hook for NaN and Infinity,
    which orjson never reads.
    """
    orjson = _orjson()
    if orjson is None:
        return json.loads(text, parse_constant=parse_constant)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = b""
    if data and _TWENTY_DIGITS not in data.translate(_DIGITS_AS_ZERO):  # a C-speed scan, unlike a regex
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # the standard library decides, and words the error
    return json.loads(text, parse_constant=parse_constant)
