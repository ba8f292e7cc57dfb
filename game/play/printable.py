"""Untrusted text made safe to print on a terminal: one rule for every command that shows a name, answer or file name.

A student's name in a transcript is whatever the file says. Printed as is,
``ESC [ 1 A ESC [ 2 K`` moves the cursor up and erases the line that said
"NOT genuine", a carriage return overprints it, and a right-to-left override
(U+202E) makes "eniuneg TON" read backwards. ``printable`` writes every such
character as a visible escape (``\\x1b``, ``\\u202e``) so the teacher sees
that the file holds it, and nothing a file holds can move the cursor or
reorder what the command itself prints.

Escaped: C0 controls and DEL, C1 controls (which some terminals obey as
escape sequences), lone surrogates, the line and paragraph separators, and
the bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9). Kept:
everything else, including the zero-width joiner that emoji need.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_UNSAFE = (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *_BIDI, *range(0xD800, 0xE000))


_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _escape(code: int) -> str:
    return _NAMED.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_ONE_LINE = {code: _escape(code) for code in _UNSAFE}
_MULTILINE = {code: text for code, text in _ONE_LINE.items() if code not in (0x0A, 0x09)}
# Outside JSON strings none of these may stand, so escaping them in JSON text keeps it the same JSON.
_JSON_UNSAFE = re.compile(
    "[" + "".join(f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, *_BIDI)) + "\\ud800-\\udfff]"
)


def printable(text: Any, multiline: bool = False) -> str:
    """``text`` with every control, bidi control and lone surrogate written as a visible escape.

    One line unless ``multiline``, which keeps newlines and tabs (for a
    document such as a Markdown report) and still escapes carriage returns.
    """
    value = text if isinstance(text, str) else str(text)
    return value.translate(_MULTILINE if multiline else _ONE_LINE)


def brief(value: Any, width: int = 40) -> str:
    """A value read from a file as an error message quotes it: its JSON, one line, at most ``width`` characters.

    An error about a file's "format" or "kind" shows what the file holds there,
    which may be a megabyte of text or a control character.
    """
    text = printable(json.dumps(value, ensure_ascii=False, default=str))
    return text if len(text) <= width else text[: width - 1] + "…"


def json_for_terminal(value: Any) -> str:
    """``value`` as indented JSON a terminal cannot be steered by: the same data, unsafe characters as \\u escapes.

    ``json.dumps`` already escapes C0 controls; C1 and bidi controls would pass
    through raw with ``ensure_ascii=False``, so they are escaped here.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
