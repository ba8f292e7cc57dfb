"""Save slots by name, and what the saves module hands back: SaveInfo and LoadedGame.

Slot names are limited to a safe alphabet so that every slot is a plain file
inside the saves folder on every system: no '/', '..', drive letters, or
Windows device names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from game.play.savefile import SaveError
from game.play.session import Session

AUTOSAVE = "autosave"
NUMBERED_SLOTS = tuple(str(n) for n in range(1, 10))
SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
STALE_TEMP_SECONDS = 600
_SLOT = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
# "profile" and "player" name the other JSON files of a saves folder (profile.json, a player code's player.json)
_RESERVED = {"con", "prn", "aux", "nul", "profile", "player"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


def is_slot_name(stem: str) -> bool:
    """True if ``stem`` is already a valid, normalised slot name (for listing a folder)."""
    return bool(_SLOT.fullmatch(stem)) and stem not in _RESERVED


def validate_slot_name(name: str) -> str:
    """The slot name, lower-cased, or SaveError: letters, digits, '-' and '_', at most 32."""
    slot = name.strip().lower() if isinstance(name, str) else ""
    if not _SLOT.fullmatch(slot) or slot in _RESERVED:
        shown = name if isinstance(name, str) and len(name) < 40 else "(too long)"
        raise SaveError(
            f"slot name '{shown}'",
            "not a usable slot name; use 1 to 32 letters, digits, '-' or '_', starting with a letter or digit",
        )
    return slot


@dataclass(frozen=True)
class SaveInfo:
    """One slot as a load menu shows it; ``ok`` False means ``problem`` says why it cannot load."""

    slot: str
    path: Path
    ok: bool
    problem: str = ""
    scene: str = ""
    title: str = ""
    date_text: str = ""
    saved_at: str = ""  # ISO 8601 UTC, e.g. 2026-11-25T17:00:00Z; "" if unknown
    played_seconds: float = 0.0
    perspective: str = ""
    perspective_title: str = ""
    player: str = ""
    ending: bool = False
    story_changed: bool = False  # made with another version of the story
    from_backup: bool = False  # the newest file was unreadable; the backup would load
    name: str = ""  # the player's label for the save, if they gave one

    @property
    def saved_timestamp(self) -> float:
        """``saved_at`` as seconds since the epoch (0.0 if unknown), for local-time display."""
        try:
            return datetime.strptime(self.saved_at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            return 0.0


@dataclass
class LoadedGame:
    """A game back from disk, ready to play; ``notices`` are sentences to show the player first."""

    session: Session
    played_seconds: float
    notices: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what fitting to the current story changed
    info: SaveInfo | None = None
    from_backup: bool = False
    upgraded_from: int | None = None  # the older save format it was written in
    setbacks: list[str] = field(default_factory=list)  # changes that set the player back (scene/perspective gone)

    @property
    def lost_progress(self) -> bool:
        return bool(self.setbacks)
