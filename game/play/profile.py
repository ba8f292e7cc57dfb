"""The player's profile: endings found across games, and the views' settings, in one JSON file beside the saves.

The ending gallery ("3 of 8 endings found") and the chosen theme outlive any
single save, so they live in their own file, ``profile.json``. This module is
its only reader and writer: the endings are keyed by story id, the settings
are a flat mapping of strings, and any other key found is kept as it is.
The file is written atomically like a save. It is read through the checked
decoder (it is as untrusted as a save: a player may edit or damage it), and an
unreadable profile counts as empty rather than stopping the game.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.play.atomic import FileProblem, atomic_write, read_capped
from game.play.untrusted_json import decode

PROFILE_NAME = "profile.json"
PROFILE_FORMAT = 1
MAX_PROFILE_BYTES = 1_000_000


def _read_all(folder: Path) -> dict[str, Any]:
    try:
        data = decode(read_capped(folder / PROFILE_NAME, MAX_PROFILE_BYTES))
    except (FileProblem, ValueError, RecursionError):  # JSONProblem is a ValueError
        return {}
    return data if isinstance(data, dict) else {}


def _write_all(folder: Path, data: dict[str, Any]) -> None:
    """Raises FileProblem (or OSError making the folder) if it cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / PROFILE_NAME, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read_profile(folder: Path) -> dict[str, list[str]]:
    """Story id -> ending ids found; empty when the file is missing or unreadable."""
    endings = _read_all(folder).get("endings")
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
    data = _read_all(folder)  # other keys (the settings) are kept as they are
    data.update({"kind": "petrograd-profile", "format": PROFILE_FORMAT, "endings": profile})
    _write_all(folder, data)
    return True


def read_settings(folder: Path) -> dict[str, str]:
    """The views' settings (theme, animations...): name -> value; values that are not strings are left out."""
    found = _read_all(folder).get("settings", {})
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}


def save_settings(folder: Path, values: dict[str, str]) -> None:
    """Replace the settings; the endings and other keys stay as they are. Raises FileProblem or OSError."""
    data = _read_all(folder)
    data["settings"] = dict(values)
    _write_all(folder, data)
