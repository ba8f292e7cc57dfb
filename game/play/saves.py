"""Save slots: never lose a student's work.

Usage (the TUI, plain mode and tools all go through this)::

    store = SaveStore(folder, story)             # folder is created on first write
    info = store.save("3", session, played_seconds)   # -> SaveInfo
    store.autosave(session, played_seconds)      # the slot "autosave"
    loaded = store.load("3")                     # -> LoadedGame(session, played_seconds, notices, ...)
    for info in store.list(): ...                # every slot, readable or not (info.ok, info.problem)
    store.latest()                               # the newest readable save, for "Continue"
    store.endings_found(); store.record_ending("end_e1")   # the ending gallery, across games

Every failure is a ``SaveError`` whose ``str()`` is one line naming the file and
the reason; nothing else escapes ``save``/``load``/``list``. Each slot is
``SLOT.json`` plus ``SLOT.json.bak``, the previous good version, which ``load``
falls back to (and says so) when the newest file is unreadable. Writes are
atomic (see ``game.play.atomic``); a failed save leaves the last good one as it
was. Saves made with an older story are fitted to the current one by
``game.play.migrate`` and the player is told what changed (``notices``).
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from game.play.atomic import TEMP_SUFFIX, FileProblem, commit, discard, link_or_copy, read_capped, write_temp
from game.play.migrate import fit_state, salvage
from game.play.printable import printable
from game.play.profile import PROFILE_NAME, add_ending, read_profile
from game.play.savefile import MAX_SAVE_BYTES, SaveError, SaveRecord, decode, encode, now_text, story_named
from game.play.session import Session
from game.play.slots import (
    AUTOSAVE,
    BACKUP_SUFFIX,
    NUMBERED_SLOTS,
    STALE_TEMP_SECONDS,
    SUFFIX,
    LoadedGame,
    SaveInfo,
    is_slot_name,
    validate_slot_name,
)
from game.play.state import State, read_path
from game.story.errors import PlayError
from game.story.model import Story

ENDING_PREFIX = "ending-"  # slots that keep a finished run (keep_finished_run)

__all__ = [
    "AUTOSAVE",
    "ENDING_PREFIX",
    "NUMBERED_SLOTS",
    "LoadedGame",
    "SaveError",
    "SaveInfo",
    "SaveStore",
    "ending_slot",
    "validate_slot_name",
]


class SaveStore:
    """The save slots of one story in one folder."""

    def __init__(self, folder: str | Path, story: Story, undo: bool = True):
        self.folder = Path(folder)
        self.story = story
        self.undo = undo

    # --- paths ---------------------------------------------------------------

    def path_for(self, slot: str) -> Path:
        return self.folder / (validate_slot_name(slot) + SUFFIX)

    def backup_for(self, slot: str) -> Path:
        return self.folder / (validate_slot_name(slot) + BACKUP_SUFFIX)

    # --- writing -------------------------------------------------------------

    def save(self, slot: str, session: Session, played_seconds: float = 0.0, name: str = "") -> SaveInfo:
        """Write ``session`` to ``slot`` (``name``: the player's label for it, optional).

        On any failure raise SaveError and leave the slot as it was.
        """
        path = self.path_for(slot)
        backup = self.backup_for(slot)
        saved_at = now_text()
        data = encode(session, path.stem, played_seconds, saved_at, name)
        if len(data) > MAX_SAVE_BYTES:
            raise SaveError(
                path, f"the save would be {len(data):,} bytes, over the {MAX_SAVE_BYTES:,}-byte limit", "could not save"
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from game.play.atomic import explain_os_error

            raise SaveError(self.folder, explain_os_error(exc, True), "cannot create the saves folder") from None
        for p in (path, backup):
            if p.is_symlink():
                raise SaveError(p, "the file is a link; saves must be plain files (remove the link)", "could not save")
        current = _readable_save(path)
        if current is not None:
            self._refuse_another_story(path, current[1])
        try:
            temp = write_temp(path, data)  # a full disk fails here, before anything changed
            try:
                self._keep_backup(path, backup, current)
            except FileProblem:
                discard(temp)
                raise
            commit(temp, path)
        except FileProblem as exc:
            raise SaveError(exc.path, exc.reason, "could not save") from None
        self._remove_stale_temps(path.name)
        return self._info(path.stem, path, session, played_seconds, saved_at, False, name)

    def autosave(self, session: Session, played_seconds: float = 0.0) -> SaveInfo:
        """Save to the autosave; a finished run it held is kept first in its ending's slot (``keep_finished_run``)."""
        self.keep_finished_run(session)
        return self.save(AUTOSAVE, session, played_seconds)

    def keep_finished_run(self, session: Session) -> str | None:
        """Before the autosave is overwritten by another run, copy a finished run it holds to ``ending-ID``.

        Loading a save or starting a new game autosaves at once; without this the
        finished run, its debrief and the player's answers would be gone from
        Continue. The same run saved again (answers typed into its debrief) is not
        copied: only the last version, when another run takes the autosave.
        Returns the slot written, or None. A damaged autosave is left to ``save``.
        """
        path = self.path_for(AUTOSAVE)
        try:
            record = decode(read_capped(path, MAX_SAVE_BYTES), path)
        except (FileProblem, SaveError):
            return None
        scene = record.state.get("scene")
        if not isinstance(scene, str) or scene not in self.story.endings:
            return None
        try:
            same_path = read_path(record.state.get("path", [])) == session.state.path
        except PlayError:
            same_path = False
        if scene == session.state.scene and same_path:
            return None  # the same run, saved again
        try:
            kept = self.load_file(path, slot=AUTOSAVE)
        except SaveError:
            return None
        slot = ending_slot(scene)
        self.save(slot, kept.session, kept.played_seconds, name=f"Ending: {kept.session.title}")
        return slot

    def delete(self, slot: str) -> None:
        for p in (self.path_for(slot), self.backup_for(slot)):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise SaveError(p, exc.strerror or str(exc), "could not delete") from None

    def _refuse_another_story(self, path: Path, record: SaveRecord) -> None:
        """A slot holding another story's game is never replaced: SaveError, one line saying whose it is.

        Each story has a saves folder of its own (``saves_dir_for``), so this
        happens only in a folder shared before that rule (or named by hand);
        there the other story's game stays, and the player is told to use
        another slot. A save that names no story (the oldest format) cannot be
        told apart and is treated as this story's, as loading treats it.
        """
        if record.story_id and record.story_id != self.story.id:
            raise SaveError(
                path,
                f"this slot holds a game of another story ('{printable(record.story_id)}'), which is kept;"
                " save this game in another slot",
                "could not save",
            )

    def _keep_backup(self, path: Path, backup: Path, current: tuple[bytes, SaveRecord] | None) -> None:
        """Copy the current file to the backup, but only if it is a readable save (``current``).

        A backup that holds another story's game (left by two stories sharing a
        folder before each had its own) is left as it is: it may be the last
        copy of that game.
        """
        if current is None:
            return  # nothing there, or nothing worth keeping: never replace a good backup with a broken file
        if story_named(backup) not in (None, self.story.id):
            return
        link_or_copy(path, backup, current[0])

    def _remove_stale_temps(self, name: str) -> None:
        """Temp files left by a process killed mid-save (harmless, but they pile up)."""
        prefix = f".{name}."
        cutoff = time.time() - STALE_TEMP_SECONDS
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                        if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                            os.unlink(entry.path)
        except OSError:
            pass

    # --- reading -------------------------------------------------------------

    def load(self, slot: str) -> LoadedGame:
        """The game in ``slot``, from its backup if the newest file is unreadable; else SaveError."""
        path = self.path_for(slot)
        backup = self.backup_for(slot)
        existed = os.path.lexists(path)
        try:
            return self.load_file(path, slot=path.stem)
        except SaveError as first:
            newest = first
        # The backup is only ever made from a slot file that stood there, and the slot file is never
        # removed. So with the slot file missing at first, one there now is the newest save (another
        # game saved the slot while we looked), and a backup seen before that second look means the
        # slot file is there. The backup is looked for first: in the other order, two saves between
        # the looks showed a whole newest save as unreadable and loaded the older one.
        backup_seen = os.path.lexists(backup)
        if not existed and os.path.lexists(path):
            try:
                return self.load_file(path, slot=path.stem)
            except SaveError as second:
                newest = second
        if not backup_seen:
            raise newest from None
        try:
            loaded = self.load_file(backup, slot=path.stem)
        except SaveError:
            raise newest from None
        when = f" (saved {_when(loaded.info.saved_at)})" if loaded.info and loaded.info.saved_at else ""
        loaded.notices.insert(
            0,
            f"The newest save in slot '{path.stem}' could not be read ({newest.reason});"
            f" the previous save{when} was loaded instead.",
        )
        loaded.from_backup = True
        if loaded.info:
            loaded.info = replace(loaded.info, path=path, from_backup=True)
        return loaded

    def load_file(self, path: str | Path, slot: str = "") -> LoadedGame:
        """Load any save file against this story (``check-saves`` uses this directly)."""
        path = Path(path)
        try:
            data = read_capped(path, MAX_SAVE_BYTES)
        except FileProblem as exc:
            raise SaveError(path, exc.reason) from None
        record = decode(data, path)
        return self._restore(path, slot or path.name.split(".", 1)[0], record)

    def _restore(self, path: Path, slot: str, record: SaveRecord) -> LoadedGame:
        story = self.story
        if record.story_id and record.story_id != story.id:
            raise SaveError(path, f"made for the story '{record.story_id}', not '{story.id}'")
        try:
            raw_state, salvaged, reset = salvage(record.state)
            state = State.from_json(raw_state)
            fit = fit_state(story, state, reset)
            fit.changes[:0] = salvaged
            session = Session(story, undo=self.undo, state=state)
            session.current()  # the scene must show; a state that cannot is damaged
        except (PlayError, LookupError) as exc:
            raise SaveError(path, f"the saved game cannot be restored: {exc}") from None
        except RecursionError:
            raise SaveError(path, "the saved game cannot be restored: its data is nested too deeply") from None
        notices: list[str] = []
        if record.upgraded_from is not None:
            notices.append(
                f"This save was written by an older version of the game (save format {record.upgraded_from})"
                " and has been brought up to date."
            )
        if fit.changes:
            notices.append("This game was saved with an earlier version of the story. What changed:")
            notices.extend(f"• {c[0].upper()}{c[1:]}." for c in fit.changes)
        story_changed = bool(record.story_hash) and record.story_hash != story.content_hash
        info = self._info(slot, path, session, record.played_seconds, record.saved_at, story_changed, record.name)
        return LoadedGame(
            session, record.played_seconds, notices, fit.changes, info, False, record.upgraded_from, fit.setbacks
        )

    def not_saved_notice(self, problem: str) -> list[str]:
        """What to tell a player leaving a game that could not be saved: the truth, and where their last good save is.

        ``problem`` is the failed save's message. The Textual app and plain mode
        both say these lines (and exit non-zero), so a full disk or a read-only
        folder never ends in "Goodbye. The game is saved".
        """
        lines = [f"Your game is NOT saved: {problem.rstrip('.')}."]
        last = self.latest()
        if last is None:
            lines.append(f"There is no earlier save of this story in {self.folder}: nothing of this game is kept.")
            return lines
        which = "the autosave" if last.slot == AUTOSAVE else f"slot {last.slot}" + (f" ('{last.name}')" if last.name else "")
        when = f" of {_local_time(last.saved_timestamp)}" if last.saved_timestamp else ""
        lines.append(f"Your last good save is {which}{when}, at “{last.title}”: {last.path}")
        lines.append("Continue starts from there next time.")
        return lines

    def list(self) -> list[SaveInfo]:
        """Every slot in the folder: autosave first, then by name; unreadable ones with their problem."""
        slots: set[str] = set()
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    for suffix in (SUFFIX, BACKUP_SUFFIX):
                        if entry.name.endswith(suffix) and entry.name != PROFILE_NAME:
                            stem = entry.name[: -len(suffix)]
                            if is_slot_name(stem):
                                slots.add(stem)
        except OSError:
            return []
        out: list[SaveInfo] = []
        for slot in sorted(slots, key=lambda s: (s != AUTOSAVE, len(s) if s.isdigit() else 0, s)):
            try:
                loaded = self.load(slot)
            except SaveError as exc:
                out.append(SaveInfo(slot, self.path_for(slot), False, exc.reason))
                continue
            if loaded.info:
                out.append(loaded.info)
        return out

    def latest(self) -> SaveInfo | None:
        """The most recently saved readable slot (for "Continue"), or None."""
        readable = [i for i in self.list() if i.ok]
        if not readable:
            return None
        return max(readable, key=lambda i: (i.saved_at, _mtime(i.path)))

    def finished_runs(self) -> dict[str, SaveInfo]:
        """Ending id -> the newest readable save that stands at that ending (an ``ending-`` slot, the
        autosave or a numbered slot): where "Endings found" reopens a debrief with its answers."""
        runs: dict[str, SaveInfo] = {}
        for info in self.list():
            if info.ok and info.ending and info.scene:
                held = runs.get(info.scene)
                if held is None or (info.saved_at, _mtime(info.path)) > (held.saved_at, _mtime(held.path)):
                    runs[info.scene] = info
        return runs

    # --- endings found across games -------------------------------------------

    def endings_found(self) -> set[str]:
        return set(read_profile(self.folder).get(self.story.id, []))

    def record_ending(self, ending_id: str) -> bool:
        """Remember ``ending_id`` as found; True if new. SaveError if it cannot be written."""
        try:
            return add_ending(self.folder, self.story.id, ending_id)
        except FileProblem as exc:
            raise SaveError(exc.path, exc.reason, "could not record the ending") from None
        except OSError as exc:
            raise SaveError(self.folder, exc.strerror or str(exc), "could not record the ending") from None

    # --- helpers -------------------------------------------------------------

    def _info(
        self, slot: str, path: Path, session: Session, played: float, saved_at: str, changed: bool, name: str
    ) -> SaveInfo:
        node = session.node
        perspective = session.state.perspective or ""
        found = self.story.perspective(perspective)
        return SaveInfo(
            slot=slot,
            path=path,
            ok=True,
            scene=node.id,
            title=session.title,
            date_text=node.date.both() if node.date else "",
            saved_at=saved_at,
            played_seconds=played,
            perspective=perspective,
            perspective_title=found.title if found else "",
            player=_shown(session.state.player),
            ending=node.is_ending,
            story_changed=changed,
            name=_shown(name),
        )


def _readable_save(path: Path) -> tuple[bytes, SaveRecord] | None:
    """The bytes and decoded record of the save file at ``path``, or None when there is no readable save there."""
    try:
        data = read_capped(path, MAX_SAVE_BYTES)
        return data, decode(data, path)
    except (FileProblem, SaveError):
        return None


def ending_slot(ending_id: str) -> str:
    """The slot that keeps the last finished run of ``ending_id`` (a valid slot name whatever the id)."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in ending_id.lower())
    return (ENDING_PREFIX + cleaned)[:32]


def _shown(text: str, limit: int = 60) -> str:
    """A name from a save file as load menus show it: its escapes visible (``printable``), one short line.

    The file is anyone's: raw, a name could clear the screen, reverse the
    menu's text (U+202E) or fill it with a hundred lines.
    """
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _local_time(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def _when(saved_at: str) -> str:
    return saved_at.replace("T", " ").rstrip("Z") + " UTC"
