"""Player codes: a short random code per browser player that opens their own save folder.

Under ``petrograd serve`` every browser tab is a fresh process, so a student who
comes back another day (or reloads the page) needs a key to their saves. A code
is 8 characters of Crockford's base32 (no I, L, O, U): 40 random bits from
``secrets``, so with a class of 40 codes in use a guess hits one about once in
27 billion tries. Typing is forgiving: case, spaces and dashes are ignored and
the look-alikes O/I/L read as 0/1/1. A normalised code holds only those 32
characters, so it can never name a path outside ``saves/players/``.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
CODE_LENGTH = 8
PLAYERS_FOLDER = "players"
PLAYER_FILE = "player.json"  # the code's record beside its saves; never a save slot (slots.py reserves "player")
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = " -_.\t"


class PlayerCodeError(ValueError):
    """A typed code is malformed or unknown; the message says what to do."""


def new_code() -> str:
    """A fresh random code (normalised form, no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The code as shown to a player: two groups of four, easier to copy down."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def normalise_code(typed: str) -> str:
    """The canonical code for what a player typed, or PlayerCodeError saying what is wrong."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in _IGNORED).translate(_LOOK_ALIKES)
    if not cleaned:
        raise PlayerCodeError("type your player code (8 letters and digits, like 7KQ2-M9XD)")
    bad = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if bad:
        shown = " ".join(repr(ch) for ch in bad[:3])
        raise PlayerCodeError(f"a player code has only letters and digits; {shown} is not part of one")
    if len(cleaned) != CODE_LENGTH:
        raise PlayerCodeError(f"a player code has {CODE_LENGTH} letters and digits; that has {len(cleaned)}")
    return cleaned


def players_root(saves_root: str | Path) -> Path:
    return Path(saves_root) / PLAYERS_FOLDER


def player_dir(saves_root: str | Path, code: str) -> Path:
    """The save folder of a (normalised) code."""
    return players_root(saves_root) / normalise_code(code)


def create_player(saves_root: str | Path, name: str = "") -> str:
    """Make a new player: a code no one has yet, and its save folder. Returns the code."""
    root = players_root(saves_root)
    root.mkdir(parents=True, exist_ok=True)
    for _ in range(20):
        code = new_code()
        folder = root / code
        try:
            folder.mkdir()
        except FileExistsError:  # astronomically rare, but never share a folder
            continue
        record = {"code": code, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "name": name}
        (folder / PLAYER_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        return code
    raise OSError(f"could not make a new player folder in {root}")


def open_player(saves_root: str | Path, typed: str) -> tuple[str, Path]:
    """The code and save folder for a typed code; PlayerCodeError when no such player exists."""
    code = normalise_code(typed)
    folder = players_root(saves_root) / code
    if not folder.is_dir() or folder.is_symlink():
        raise PlayerCodeError(
            f"no player has the code {display_code(code)}: check it against what you wrote down, "
            "or start as a new player"
        )
    return code, folder
