"""Witness files: a path that proves a finding, replayable by ``play --replay`` and by story tests.

A witness is JSON (written by ``petrograd explore --witness-dir`` and ``playtest``)::

    {"kind": "petrograd-witness", "format": 1, "story": "petrograd-1917",
     "finding": {"code": "X302", "message": "dead end in 'cellar'...", "at": "scenes/a.yaml:58:5"},
     "perspective": "soldier", "seed": 0, "choices": ["go", "stay"], "scene": "smolny"}

``choices`` are choice ids (or their exact text). ``read_path`` also takes a
transcript's steps, so a student's game can be replayed the same way. Files are
untrusted input: every field is checked and errors name the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from game.play.atomic import FileProblem, read_capped
from game.play.printable import brief, printable
from game.play.session import Session
from game.play.untrusted_json import JSONProblem, decode
from game.story.errors import PlayError
from game.story.model import Choice, Story
from game.tools.explore import Witness

KIND = "petrograd-witness"
FORMAT = 1
MAX_BYTES = 2 * 1024 * 1024


class ReplayError(PlayError):
    """A path file that cannot be read, or a path that does not replay on this story."""


@dataclass(frozen=True)
class PathFile:
    witness: Witness
    story_id: str = ""
    source: str = ""  # "witness" | "transcript"


def witness_document(story: Story, witness: Witness, finding: dict[str, str] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": KIND, "format": FORMAT, "story": story.id, "story_hash": story.content_hash}
    if finding:
        doc["finding"] = finding
    doc.update({"perspective": witness.perspective, "seed": witness.seed, "choices": list(witness.choices), "scene": witness.scene})
    return doc


def write_witness(path: str, story: Story, witness: Witness, finding: dict[str, str] | None = None) -> None:
    """Write one witness file (its folder made if missing); FileProblem when ``path`` cannot be written."""
    from game.play.atomic import write_output

    write_output(path, json.dumps(witness_document(story, witness, finding), indent=2, ensure_ascii=False) + "\n")


def read_path(path: str) -> PathFile:
    """Read a witness (or a transcript's choices); ReplayError says what is wrong and where."""
    try:
        raw = read_capped(path, MAX_BYTES)
    except FileProblem as exc:
        raise ReplayError(f"{printable(path)}: cannot read the file: {exc.reason}") from None
    try:
        data = decode(raw)
    except JSONProblem as exc:
        raise ReplayError(exc.at(printable(path))) from None
    return parse_path(data, path)


def parse_path(data: object, path: str = "<path>") -> PathFile:
    if not isinstance(data, dict):
        raise ReplayError(f"{path}: expected a JSON object with \"choices\"")
    kind = data.get("kind")
    if kind == "petrograd-transcript":
        return _from_transcript(data, path)
    if kind not in (KIND, None):
        raise ReplayError(f"{path}: a {brief(kind)} file is not a path to replay (want a witness or a transcript)")
    if kind == KIND and data.get("format") != FORMAT:
        raise ReplayError(f"{path}: witness format {brief(data.get('format'))} is not one this version reads ({FORMAT})")
    choices = data.get("choices")
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise ReplayError(f"{path}: \"choices\" must be a list of choice ids")
    perspective = data.get("perspective")
    if perspective is not None and not isinstance(perspective, str):
        raise ReplayError(f"{path}: \"perspective\" must be a perspective id or null")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ReplayError(f"{path}: \"seed\" must be a whole number")
    scene = data.get("scene", "")
    story_id = data.get("story", "")
    return PathFile(
        Witness(perspective, tuple(choices), scene if isinstance(scene, str) else "", seed),
        story_id if isinstance(story_id, str) else "",
        "witness",
    )


def _from_transcript(data: dict[str, Any], path: str) -> PathFile:
    steps = data.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, dict) and isinstance(s.get("choice"), str) for s in steps):
        raise ReplayError(f"{path}: the transcript's \"steps\" are not a list of {{scene, choice}} records")
    who = data.get("perspective")
    perspective = who.get("id") if isinstance(who, dict) and isinstance(who.get("id"), str) else None
    seed = data.get("seed", 0)
    at = data.get("at")
    story = data.get("story")
    return PathFile(
        Witness(
            perspective,
            tuple(s["choice"] for s in steps),
            at.get("scene", "") if isinstance(at, dict) and isinstance(at.get("scene"), str) else "",
            seed if isinstance(seed, int) and not isinstance(seed, bool) else 0,
        ),
        story.get("id", "") if isinstance(story, dict) and isinstance(story.get("id"), str) else "",
        "transcript",
    )


def find_choice(session: Session, wanted: str) -> Choice | None:
    """A choice of the current scene by id, else by its exact text (what story tests may write)."""
    choices = session.node.choices
    for choice in choices:
        if choice.id == wanted:
            return choice
    for choice in choices:
        if choice.text == wanted:
            return choice
    return None


def replay(story: Story, witness: Witness, undo: bool = True, player: str = "") -> Session:
    """A session that has taken ``witness.choices``; ReplayError names the step that fails."""
    try:
        session = Session(story, witness.perspective, seed=witness.seed, undo=undo, player=player)
    except PlayError as exc:
        raise ReplayError(f"cannot start: {exc}") from None
    for number, wanted in enumerate(witness.choices, 1):
        choice = find_choice(session, wanted)
        if choice is None:
            shown = ", ".join(c.id for c in session.available_choices()) or "none"
            raise ReplayError(f"step {number}: '{session.node.id}' has no choice '{wanted}' (available: {shown})")
        try:
            session.choose(choice.id)
        except PlayError as exc:
            raise ReplayError(f"step {number}: in '{session.node.id}': {exc}") from None
    return session


SEEDS_TRIED = 1000


def with_seed(story: Story, witness: Witness) -> Witness:
    """The witness with a game seed whose draws take its path to its scene (the explorer follows every
    outcome of a draw, but a replay draws from one seed); unchanged when no seed up to SEEDS_TRIED does."""
    from dataclasses import replace

    for seed in range(SEEDS_TRIED):
        trial = replace(witness, seed=seed)
        try:
            if replay(story, trial, undo=False).state.scene == witness.scene:
                return trial
        except ReplayError:
            continue
    return witness
