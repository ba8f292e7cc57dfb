"""The console as plain mode uses it: no byte typed and no character printed can stop the game.

A student's terminal may send bytes that are not valid in its declared encoding
(``J\\xe9sus`` typed on a Latin-1 keyboard map into a UTF-8 terminal), and may
not be able to show an em dash or curly quotes (``PYTHONIOENCODING=ascii``, a
Latin-1 console, an old braille display). Input is decoded with replacement
(the answer keeps every other character, with U+FFFD where a byte was
unreadable); output that the terminal cannot encode is written as the nearest
ASCII ("--" for an em dash, straight quotes, "e" for "é"), else "?".

Every other command's output follows the same rule (``fit_to_terminal``,
applied by ``game.cli``): a verdict, an ending's "·" or a file name that is not
UTF-8 never stops ``verify``, ``endings`` or ``check-saves`` on such a terminal.
"""

from __future__ import annotations

import codecs
import io
import unicodedata
from typing import TextIO

FALLBACK = "petrograd-nearest-ascii"

_NEAREST = {
    "\u2014": "--",  # em dash
    "\u2013": "-",  # en dash
    "\u2212": "-",  # minus
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2026": "...",
    "\u00b7": "-",  # middle dot, between place and date
    "\u2022": "*",
    "\u00a0": " ",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00d7": "x",
}


def nearest_ascii(char: str) -> str:
    """The closest ASCII for one character: a table for punctuation, else the letter without accents, else '?'."""
    if char in _NEAREST:
        return _NEAREST[char]
    bare = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return bare or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(nearest_ascii(c) for c in error.object[error.start : error.end]), error.end


codecs.register_error(FALLBACK, _fallback)


def console_streams(stdin: TextIO | None, stdout: TextIO | None) -> tuple[TextIO, TextIO]:
    """The process's stdin and stdout, set to decode with replacement and encode with the nearest ASCII.

    A missing stdin (the game started with it closed) reads as end of input.
    Streams that cannot be reconfigured (a test's StringIO) are used as they are.
    """
    if stdin is None:
        stdin = io.StringIO("")
    _set_errors(stdin, "replace")
    fit_to_terminal(stdout)
    return stdin, stdout if stdout is not None else io.StringIO()


def fit_to_terminal(stream: TextIO | None) -> None:
    """Make ``stream`` write what its encoding cannot hold as the nearest ASCII, never raise on it."""
    _set_errors(stream, FALLBACK)


def _set_errors(stream: TextIO | None, errors: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors=errors)
        except (ValueError, OSError, io.UnsupportedOperation):
            pass
