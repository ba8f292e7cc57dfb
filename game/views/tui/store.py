"""The saves and profile as both views see them: slots, autosave, endings found, settings.

One small seam between the views and the saves module (``game.play.saves``,
which owns durability: atomic writes, backups, migration): the Textual app and
plain mode call only this class and see SlotInfo rows and StoreError messages.
No Textual import here: plain mode uses it too.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.play.session import Session
from game.story.errors import PlayError
from game.story.model import Story

if TYPE_CHECKING:
    from game.play.saves import SaveInfo, SaveStore

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
    who: str = ""  # perspective (and player name)
    remark: str = ""  # e.g. the story changed since the save

    @property
    def saved_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at)) if self.exists else ""

    @property
    def played_text(self) -> str:
        minutes = int(self.played // 60)
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class GameStore:
    """Saves of one story in one folder (``game.play.saves``), and the player's settings beside them."""

    def __init__(self, story: Story, saves_dir: str, undo: bool = True):
        self.story = story
        self.undo = undo
        self.folder = Path(saves_dir)
        self._store: SaveStore | None = None
        self.notices: list[str] = []  # what the last load had to tell the player (story changed, backup used)

    @property
    def _saves(self) -> SaveStore:
        """The saves module, imported on first use: a game opened straight away needs it only at its first save."""
        if self._store is None:
            from game.play.saves import SaveStore

            self._store = SaveStore(self.folder, self.story, undo=self.undo)
        return self._store

    # --- games ---------------------------------------------------------------

    def autosave(self, session: Session, played: float) -> None:
        self.save(AUTOSAVE, session, played)

    def save(self, slot: str, session: Session, played: float, name: str = "") -> None:
        from game.play.saves import SaveError

        try:
            self._saves.save(slot, session, played, name)
        except SaveError as exc:
            raise StoreError(f"could not save to slot {slot}: {exc.reason}") from None

    def load(self, slot: str) -> tuple[Session, float]:
        """The saved game in ``slot`` and its seconds played so far; ``notices`` says what changed."""
        from game.play.saves import SaveError

        try:
            loaded = self._saves.load(slot)
        except SaveError as exc:
            if not exc.path.exists():
                raise StoreError(f"slot {slot} is empty") from None
            raise StoreError(f"could not load slot {slot}: {exc.reason}") from None
        self.notices = list(loaded.notices)
        return with_undo_history(loaded.session), loaded.played_seconds

    def slots(self) -> list[SlotInfo]:
        """Slots 1-9 (and any other named ones), empty ones included; not the autosave."""
        found = {info.slot: info for info in self._list()}
        names = list(SLOTS) + sorted(s for s in found if s not in SLOTS and s != AUTOSAVE)
        return [found.get(s, SlotInfo(s)) for s in names]

    def latest(self) -> SlotInfo | None:
        """The newest readable save (normally the autosave), for Continue."""
        info = self._saves.latest()
        return _slot_info(info) if info is not None else None

    def _list(self) -> list[SlotInfo]:
        return [_slot_info(info) for info in self._saves.list()]

    # --- profile ---------------------------------------------------------------

    def endings_found(self) -> set[str]:
        return self._saves.endings_found()

    def record_ending(self, ending_id: str) -> None:
        from game.play.saves import SaveError

        try:
            self._saves.record_ending(ending_id)
        except SaveError as exc:
            raise StoreError(f"could not record the ending: {exc.reason}") from None

    def _profile(self) -> dict[str, Any]:
        from game.play.profile import read_all

        return read_all(self.folder)

    def settings(self) -> dict[str, str]:
        found = self._profile().get("settings", {})
        return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}

    def save_settings(self, values: dict[str, str]) -> None:
        """Kept in ``profile.json`` under "settings"; the endings and other keys stay as they are."""
        from game.play.atomic import FileProblem, atomic_write

        data = self._profile()
        data["settings"] = dict(values)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / "profile.json", (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
        except FileProblem as exc:
            raise StoreError(f"could not save the settings: {exc.reason}") from None
        except OSError as exc:
            raise StoreError(f"could not save the settings: {_why(exc)}") from None


def with_undo_history(session: Session) -> Session:
    """The same game with its undo history rebuilt by replaying its path from the start.

    A save holds the state, not the states before it; replaying the recorded
    choices through the Session gives undo back after a load. When the replay
    does not arrive at the same state (a warped game, an edited story) the
    loaded session is kept as it is, without history.
    """
    state = session.state
    if not session.undo_allowed or not state.path or len(state.path) > 2000:
        return session
    try:
        replayed = Session(session.story, perspective=state.perspective, seed=state.seed, player=state.player,
                           undo=True)
        for step in state.path:
            replayed.choose(step.choice)
    except PlayError:
        return session
    if replayed.state.key() != state.key() or replayed.state.path != state.path:
        return session
    replayed.state.answers.update(state.answers)
    return replayed


def _slot_info(info: SaveInfo) -> SlotInfo:
    if not info.ok:
        return SlotInfo(info.slot, exists=True, note=info.problem or "unreadable")
    who = info.perspective_title + (f", {info.player}" if info.player else "")
    return SlotInfo(
        info.slot,
        info.name,
        info.title,
        info.date_text,
        info.saved_timestamp,
        info.played_seconds,
        True,
        "",
        who,
        "story changed since" if info.story_changed else "",
    )


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
