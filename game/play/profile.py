"""Endings found across games: a small JSON file beside the saves.

The ending gallery ("3 of 8 endings found") outlives any single save, so it
lives in its own file, ``profile.json``, keyed by story id. It is written
atomically like a save, keeps any other keys it finds (the views keep their
settings there), and an unreadable profile counts as empty rather than
stopping the game.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.play.atomic import FileProblem, atomic_write, read_capped
from game.play.untrusted_json import JSONProblem, decode

PROFILE_NAME = "profile.json"
PROFILE_FORMAT = 1
MAX_PROFILE_BYTES = 1_000_000


def read_all(folder: Path) -> dict[str, Any]:
    """Everything ``profile.json`` holds (endings, the views' settings), or {} when it is missing or unreadable.

    Read through the checked decoder like any file from outside: a profile
    is written back whenever an ending is found or a setting changes, and a
    lone surrogate (``"\\ud83d"``) that ``json.loads`` lets through cannot be
    written as UTF-8, so it would crash the game at the ending instead.
    """
    try:
        data = decode(read_capped(folder / PROFILE_NAME, MAX_PROFILE_BYTES))
    except (FileProblem, JSONProblem):
        return {}
    return data if isinstance(data, dict) else {}


def read_profile(folder: Path) -> dict[str, list[str]]:
    """Story id -> ending ids found; empty when the file is missing or unreadable."""
    endings = read_all(folder).get("endings")
    if not isinstance(endings, dict):
        return {}
    return {
        story: [e for e in found if isinstance(e, str)]
        for story, found in endings.items()
        if isinstance(story, str) and isinstance(found, list)
    }


def add_ending(folder: Path, story_id: str, ending_id: str) -> bool:
    """Record ``ending_id`` as found; True if it is new. Raises FileProblem if it cannot be written."""
    profile = read_profile(folder)
    found = profile.setdefault(story_id, [])
    if ending_id in found:
        return False
    found.append(ending_id)
    folder.mkdir(parents=True, exist_ok=True)
    data = read_all(folder)  # other keys (the views' settings) are kept as they are
    data.update({"kind": "petrograd-profile", "format": PROFILE_FORMAT, "endings": profile})
    atomic_write(folder / PROFILE_NAME, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return True
