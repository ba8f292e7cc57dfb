"""The save file format: what a save holds, written as JSON and read back as untrusted input.

A save file is one JSON object::

    {"kind": "petrograd-save", "format": 2, "engine": "0.1.0",
     "story": {"id": ..., "version": ..., "hash": ...},
     "slot": "1", "name": "", "saved_at": "2026-11-25T17:00:00Z", "played_seconds": 754.2,
     "summary": {"scene", "title", "date", "perspective", "player", "ending"},
     "journal": [{"scene", "title", "date", "choice", "choice_text"}, ...],
     "answers": {...}, "state": {... State.to_json() ...}}

``state`` is what the game restores; ``journal``, ``answers`` and ``summary``
are copies for people and tools (a teacher can read a save without the game).
Older formats are upgraded by ``UPGRADES`` before anything else looks at them;
format 0 is a bare ``State.to_json()`` object; format 1 holds a state of state
format 1 (its path as ``[scene, choice]`` pairs), which ``State.from_json`` reads
as it is. Format 2 exists so that an older game refuses a save whose state it
cannot read with "made by a newer version", not a puzzling "damaged state".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import game
from game.play import jsontext
from game.play.atomic import FileProblem, read_head
from game.play.untrusted_json import JSONProblem, decode_text

if TYPE_CHECKING:
    from game.play.session import Session

KIND = "petrograd-save"
SAVE_FORMAT = 2
MAX_SAVE_BYTES = 2_000_000  # a long game with long answers is ~100 kB
# An answer a save keeps, in characters (about 3,000 words). A save holds each answer twice (state and
# summary): four of this length in 4-byte characters are 640 kB, far inside MAX_SAVE_BYTES.
MAX_ANSWER_CHARS = 20_000
CUT_MARK = " […]"
MAX_PLAYED_SECONDS = 10 * 365 * 24 * 3600


class SaveError(Exception):
    """A save could not be written or read; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str, doing: str = ""):
        reason = " ".join(str(reason).split())
        super().__init__(f"{path}: {doing + ': ' if doing else ''}{reason}")
        self.path = Path(path)
        self.reason = reason  # without the file or ``doing``: for a caller that words its own message
        self.doing = doing  # "could not save", "could not record the ending", ... or ""


@dataclass
class SaveRecord:
    """A decoded save file: shape checked, state not yet fitted to a story."""

    story_id: str
    story_version: int
    story_hash: str
    engine: str
    saved_at: str
    played_seconds: float
    state: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    format: int = SAVE_FORMAT
    upgraded_from: int | None = None


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode(session: Session, slot: str, played_seconds: float, saved_at: str | None = None, name: str = "") -> bytes:
    """The bytes of a save file for ``session`` now."""
    story = session.story
    node = story.node(session.state.scene)
    journal = [
        {
            "scene": e.scene,
            "title": e.title,
            "date": e.date.iso() if e.date else "",
            "choice": e.choice,
            "choice_text": e.choice_text,
        }
        for e in session.journal()
    ]
    state = session.state.to_json()
    record = {
        "kind": KIND,
        "format": SAVE_FORMAT,
        "engine": game.__version__,
        "story": {"id": story.id, "version": story.version, "hash": story.content_hash},
        "slot": slot,
        "name": name,
        "saved_at": saved_at or now_text(),
        "played_seconds": round(max(0.0, float(played_seconds)), 1),
        "summary": {
            "scene": session.state.scene,
            "title": session.title if node else session.state.scene,
            "date": node.date.both() if node and node.date else "",
            "perspective": session.state.perspective,
            "player": session.state.player,
            "ending": bool(node and node.is_ending),
        },
        "journal": journal,
        "answers": dict(session.state.answers),
        "state": state,
    }
    return (jsontext.dumps(record, indent=True) + "\n").encode("utf-8")


_STORY_ID = re.compile(rb'"story"\s*:\s*\{\s*"id"\s*:\s*"([^"\\]*)"')


def story_named(path: Path) -> str | None:
    """The story id a save file names in its first bytes (``encode`` writes it first); None if none or unreadable.

    For choosing a folder among many files without decoding each one; a file
    is only trusted as a save once ``decode`` has read all of it.
    """
    try:
        found = _STORY_ID.search(read_head(path, 4096))
    except FileProblem:
        return None
    return found.group(1).decode("utf-8", "replace") if found else None


def fit_answer(text: str) -> str:
    """A reflection answer as a save can keep it: whole up to MAX_ANSWER_CHARS, else its start, cut at a
    space where there is one near the limit, with CUT_MARK so a reader sees it goes on elsewhere."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    room = MAX_ANSWER_CHARS - len(CUT_MARK)
    start = text[:room]
    space = start.rfind(" ", room - 200)
    return (start[:space] if space > 0 else start).rstrip() + CUT_MARK


def parse_json(data: bytes, path: Path) -> Any:
    """JSON from untrusted bytes through the one checked decoder; every failure is a SaveError with a plain reason.

    Besides broken JSON, the decoder refuses what would load and then crash the
    game later: half a character (a lone surrogate) that the next autosave
    cannot write, numbers too large to be numbers, nesting past its limit.
    """
    if not data.strip():
        raise SaveError(path, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(path, f"not a text file (bad UTF-8 at byte {exc.start})") from None
    try:
        return decode_text(text)
    except JSONProblem as exc:
        if exc.reason.startswith("not JSON: the text ends too early"):
            raise SaveError(path, "the file is cut short (truncated JSON); it was not saved completely") from None
        if exc.reason.startswith("not JSON: "):
            detail = exc.reason.removeprefix("not JSON: ")
            raise SaveError(path, f"not valid JSON (line {exc.line} column {exc.column}: {detail})") from None
        raise SaveError(path, f"not a save file ({exc})") from None  # our own reasons: one short line


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _upgrade_0(data: dict[str, Any]) -> dict[str, Any]:
    """Format 0, a bare ``State.to_json()`` object, as the early tools wrote it."""
    return {
        "kind": KIND,
        "format": 1,
        "engine": "",
        "story": {"id": "", "version": 0, "hash": ""},
        "saved_at": "",
        "played_seconds": 0,
        "state": data,
    }


def _upgrade_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1: the same record; its state (path as pairs) is read by ``State.from_json`` as it is."""
    return {**data, "format": 2}


# format N -> format N+1; each step a small pure function over the JSON object
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _upgrade_0, 1: _upgrade_1}
# steps that change only how the record is written, nothing a player or teacher would see:
# a save that needed no other step loads with no "brought up to date" notice and counts as loading as is
QUIET_UPGRADES = frozenset({1})


def decode(data: bytes, path: Path) -> SaveRecord:
    """Check a save file's shape and upgrade older formats; raises SaveError."""
    raw = parse_json(data, path)
    if not isinstance(raw, dict):
        raise SaveError(path, "not a save file (the JSON is not an object)")
    if raw.get("kind") != KIND:
        if "kind" not in raw and "scene" in raw and "vars" in raw:
            fmt = 0  # a bare state
        else:
            raise SaveError(path, "not a save file of this game (no \"kind\": \"petrograd-save\")")
    else:
        declared = raw.get("format")
        if not isinstance(declared, int) or isinstance(declared, bool) or declared < 0:
            raise SaveError(path, "the save format version is missing or not a whole number")
        if declared > SAVE_FORMAT:
            raise SaveError(
                path,
                f"made by a newer version of the game (save format {declared}; this one reads up to {SAVE_FORMAT});"
                " update the game to load it",
            )
        fmt = declared
    start = fmt if fmt < SAVE_FORMAT and not set(range(fmt, SAVE_FORMAT)) <= QUIET_UPGRADES else None
    while fmt < SAVE_FORMAT:
        upgrade = UPGRADES.get(fmt)
        if upgrade is None:
            raise SaveError(path, f"save format {fmt} is too old for this version of the game")
        raw = upgrade(raw)
        fmt += 1
    story = raw.get("story")
    if not isinstance(story, dict):
        raise SaveError(path, "the save does not say which story it belongs to")
    story_id = story.get("id")
    if not isinstance(story_id, str):
        raise SaveError(path, "the save's story id is not text")
    state = raw.get("state")
    if not isinstance(state, dict):
        raise SaveError(path, "the save holds no game state")
    version = story.get("version")
    story_hash = story.get("hash")
    engine = raw.get("engine")
    saved_at = raw.get("saved_at")
    played = raw.get("played_seconds")
    summary = raw.get("summary")
    return SaveRecord(
        story_id=story_id,
        story_version=version if isinstance(version, int) and not isinstance(version, bool) else 0,
        story_hash=story_hash if isinstance(story_hash, str) else "",
        engine=engine if isinstance(engine, str) else "",
        saved_at=saved_at if isinstance(saved_at, str) and _ISO.fullmatch(saved_at) else "",
        played_seconds=_seconds(played),
        state=state,
        summary=summary if isinstance(summary, dict) else {},
        name=raw["name"][:200] if isinstance(raw.get("name"), str) else "",
        format=SAVE_FORMAT,
        upgraded_from=start,
    )


_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    try:
        seconds = float(value)
    except OverflowError:
        return 0.0
    if not math.isfinite(seconds) or seconds < 0:
        return 0.0
    return min(seconds, float(MAX_PLAYED_SECONDS))
