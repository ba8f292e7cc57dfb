"""The saves and profile as both views see them: slots, autosave, endings found, settings.

One small seam between the views and the saves module (``game.play.saves``,
owned by the saves issue): the Textual app and plain mode call only this
class, so how files are written lives in one place. No Textual import here:
plain mode uses it too.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.play.session import Session
from game.story.errors import PlayError
from game.story.model import Story

AUTOSAVE = "autosave"
SLOTS = tuple(str(n) for n in range(1, 10))


class StoreError(Exception):
    """A save could not be written or read; the message is for the player."""


@dataclass(frozen=True)
class SlotInfo:
    """One row of the save/load dialog."""

    slot: str
    name: str = ""
    scene_title: str = ""
    date_text: str = ""
    saved_at: float = 0.0  # time.time() when written
    played: float = 0.0  # seconds of play
    exists: bool = False
    note: str = ""  # why a slot cannot be loaded (damaged, other story)

    @property
    def saved_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at)) if self.exists else ""

    @property
    def played_text(self) -> str:
        minutes = int(self.played // 60)
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class GameStore:
    """Saves of one story in one folder, and the player's profile beside them.

    A minimal adapter written before ``game.play.saves`` existed; its methods
    are the whole surface the views use.
    """

    def __init__(self, story: Story, saves_dir: str, undo: bool = True):
        self.story = story
        self.undo = undo
        self.folder = Path(saves_dir)

    # --- games ---------------------------------------------------------------

    def autosave(self, session: Session, played: float) -> None:
        self._write(AUTOSAVE, session, played, "")

    def save(self, slot: str, session: Session, played: float, name: str = "") -> None:
        self._write(slot, session, played, name)

    def _slot_path(self, slot: str) -> Path:
        return self.folder / self.story.id / f"{slot}.json"

    def _write(self, slot: str, session: Session, played: float, name: str) -> None:
        node = session.node
        record = {
            "format": 1,
            "story": self.story.id,
            "story_version": self.story.version,
            "slot": slot,
            "name": name,
            "saved_at": time.time(),
            "played": played,
            "scene_title": node.title,
            "date_text": node.date.both() if node.date else "",
            "state": session.state.to_json(),
        }
        try:
            _atomic_write(self._slot_path(slot), json.dumps(record, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise StoreError(f"could not save to slot {slot}: {_why(exc)}") from None

    def load(self, slot: str) -> tuple[Session, float]:
        """The saved game in ``slot`` and its seconds played so far."""
        try:
            record = json.loads(self._slot_path(slot).read_text(encoding="utf-8"))
            if not isinstance(record, dict) or record.get("story") != self.story.id:
                raise ValueError("it is not a save of this story")
            session = Session.restore(self.story, record.get("state"), undo=self.undo)
            played = record.get("played", 0.0)
            return session, float(played) if isinstance(played, (int, float)) else 0.0
        except FileNotFoundError:
            raise StoreError(f"slot {slot} is empty") from None
        except (OSError, PlayError, ValueError) as exc:
            raise StoreError(f"could not load slot {slot}: {_why(exc)}") from None

    def slots(self) -> list[SlotInfo]:
        """Slots 1-9 (and more if written), empty ones included."""
        found = {info.slot: info for info in self._list()}
        names = list(SLOTS) + sorted(s for s in found if s not in SLOTS and s != AUTOSAVE)
        return [found.get(s, SlotInfo(s)) for s in names]

    def latest(self) -> SlotInfo | None:
        """The autosave, when there is one to continue from."""
        for info in self._list():
            if info.slot == AUTOSAVE and not info.note:
                return info
        return None

    def _list(self) -> list[SlotInfo]:
        folder = self.folder / self.story.id
        if not folder.is_dir():
            return []
        out = []
        for path in sorted(folder.glob("*.json")):
            try:
                r = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(r, dict):
                    raise ValueError
                out.append(
                    SlotInfo(
                        path.stem,
                        str(r.get("name", "")),
                        str(r.get("scene_title", "")),
                        str(r.get("date_text", "")),
                        float(r.get("saved_at", 0.0)),
                        float(r.get("played", 0.0)),
                        True,
                    )
                )
            except (OSError, ValueError, TypeError):
                out.append(SlotInfo(path.stem, exists=True, note="damaged save"))
        return out

    # --- profile ---------------------------------------------------------------

    def _profile(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / "profile.json").read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_profile(self, data: dict[str, Any]) -> None:
        _atomic_write(self.folder / "profile.json", json.dumps(data, ensure_ascii=False, indent=1))

    def endings_found(self) -> set[str]:
        found = self._profile().get("endings", {}).get(self.story.id, [])
        return {e for e in found if isinstance(e, str)} if isinstance(found, list) else set()

    def record_ending(self, ending_id: str) -> None:
        data = self._profile()
        endings = data.setdefault("endings", {})
        if not isinstance(endings, dict):
            endings = data["endings"] = {}
        known = endings.get(self.story.id)
        known = known if isinstance(known, list) else []
        if ending_id not in known:
            endings[self.story.id] = [*known, ending_id]
            try:
                self._write_profile(data)
            except OSError as exc:
                raise StoreError(f"could not record the ending: {_why(exc)}") from None

    def settings(self) -> dict[str, str]:
        found = self._profile().get("settings", {})
        return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}

    def save_settings(self, values: dict[str, str]) -> None:
        data = self._profile()
        data["settings"] = dict(values)
        try:
            self._write_profile(data)
        except OSError as exc:
            raise StoreError(f"could not save the settings: {_why(exc)}") from None


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
