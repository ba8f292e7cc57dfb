"""Everything that changes in one game: a small value that goes to JSON and back.

Like ink's ``StoryState``: saves, undo and the explorer's "what if" are copies of it.

State format 2 writes the path, the one part that grows with every choice, as one
string (``write_path``); format 1 wrote a list of ``[scene, choice]`` pairs, and
``from_json`` reads both shapes, whatever the state says its format is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple

from game.play import jsontext
from game.story.errors import PlayError
from game.story.expr import Value

STATE_FORMAT = 2  # 2: the path as one string (write_path); 1: a list of [scene, choice] pairs

# Story ids are [a-z][a-z0-9_]* (the loader's rule), so neither character can be in one.
STEP_SEP = " "
CHOICE_SEP = "/"


class Step(NamedTuple):
    """One choice taken: in ``scene`` the player took ``choice``."""

    scene: str
    choice: str


@dataclass
class State:
    scene: str
    vars: dict[str, Value] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    path: list[Step] = field(default_factory=list)
    perspective: str | None = None
    seed: int = 0
    player: str = ""
    answers: dict[str, str] = field(default_factory=dict)

    def copy(self) -> State:
        return State(
            self.scene,
            dict(self.vars),
            dict(self.visits),
            list(self.path),
            self.perspective,
            self.seed,
            self.player,
            dict(self.answers),
        )

    def key(self) -> tuple[object, ...]:
        """What makes two states the same for play: scene, values, visits, once-choices.

        Visit counts matter only through conditions; the explorer may pass a
        coarser key. The path itself is history, not state.
        """
        return (
            self.scene,
            tuple(sorted(self.vars.items())),
            tuple(sorted(self.visits.items())),
            frozenset((s.scene, s.choice) for s in self.path),
        )

    def taken(self, scene: str, choice: str) -> bool:
        return any(s.scene == scene and s.choice == choice for s in self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "scene": self.scene,
            "vars": dict(self.vars),
            "visits": dict(self.visits),
            "path": write_path(self.path),
            "perspective": self.perspective,
            "seed": self.seed,
            "player": self.player,
            "answers": dict(self.answers),
        }

    def dumps(self) -> str:
        """The state alone as compact JSON text: the object a save file holds under "state"."""
        return jsontext.dumps(self.to_json())

    @classmethod
    def loads(cls, text: str) -> State:
        """A state from ``dumps`` text; untrusted, so it goes through ``from_json``."""
        try:
            data = jsontext.loads(text)
        except (ValueError, RecursionError) as exc:
            raise PlayError(f"the state is not JSON: {exc}") from None
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: object) -> State:
        """Read a state written by ``to_json``; untrusted input, so every field is checked.

        Checks compare sets of types rather than walking values one by one in
        Python: saves, undo and the explorer's copies all pass through here.
        """
        if type(data) is not dict:
            raise PlayError("the state is not a JSON object")
        scene = data.get("scene")
        if type(scene) is not str or not scene:
            raise PlayError("the state has no current scene")
        raw_vars = data.get("vars", {})
        if type(raw_vars) is not dict or not (
            set(map(type, raw_vars)) <= _TEXT and set(map(type, raw_vars.values())) <= _VALUES
        ):
            raise PlayError("the state's variables are not a mapping of names to values")
        raw_visits = data.get("visits", {})
        if type(raw_visits) is not dict or not (
            set(map(type, raw_visits)) <= _TEXT
            and set(map(type, raw_visits.values())) <= _INT
            and (not raw_visits or min(raw_visits.values()) >= 0)
        ):
            raise PlayError("the state's visit counts are not a mapping of scenes to counts")
        fmt = data.get("format")
        if type(fmt) is int and fmt > STATE_FORMAT:
            raise PlayError(
                f"the state was written by a newer version of the game (state format {fmt};"
                f" this one reads up to {STATE_FORMAT})"
            )
        path = read_path(data.get("path", []))
        perspective = data.get("perspective")
        if perspective is not None and type(perspective) is not str:
            raise PlayError("the state's perspective is not text")
        seed = data.get("seed", 0)
        if type(seed) is not int:
            raise PlayError("the state's seed is not a number")
        player = data.get("player", "")
        if type(player) is not str:
            raise PlayError("the state's player name is not text")
        answers = data.get("answers", {})
        if type(answers) is not dict or not (
            set(map(type, answers)) <= _TEXT and set(map(type, answers.values())) <= _TEXT
        ):
            raise PlayError("the state's answers are not a mapping of text")
        return cls(scene, dict(raw_vars), dict(raw_visits), path, perspective, seed, player, dict(answers))


def write_path(path: list[Step]) -> str | list[list[str]]:
    """The path as format 2 writes it: one string, ``"yard/keep_rifles committee/back_all"``.

    Each step is ``scene/choice``, steps joined by a space: 2 bytes a step besides
    the ids, against 8 for format 1's ``["scene","choice"],`` (and a save file,
    which is indented, wrote each pair on four lines). Decoding needs no story, so
    tools read a path without loading one. Joining and splitting are done by
    ``str`` methods and one regular expression, no Python call per step: saves
    and the tools' state round trips pass through here. A path with an id outside
    the loader's characters ([a-z0-9_]; a separator, a capital or nothing, which
    only a hand-edited save holds) keeps format 1's pairs, which ``read_path`` reads too.
    """
    if not path:
        return ""
    text = STEP_SEP.join([f"{scene}{CHOICE_SEP}{choice}" for scene, choice in path])
    if text.count(CHOICE_SEP) != len(path) or text.count(STEP_SEP) != len(path) - 1 or not _PATH_TEXT.fullmatch(text):
        return [list(step) for step in path]  # an id with a separator in it, empty, or outside the loader's rule
    return text


def read_path(raw: object) -> list[Step]:
    """A path in either shape (``write_path``'s string, or format 1's pairs); untrusted, so checked."""
    if type(raw) is str:
        if not raw:
            return []
        if _PATH_TEXT.fullmatch(raw) is None:
            raise PlayError(_bad_text(raw))
        ids = raw.replace(STEP_SEP, CHOICE_SEP).split(CHOICE_SEP)
        return list(map(tuple.__new__, repeat(Step), zip(ids[0::2], ids[1::2])))  # Step(a, b) without a call in Python
    if type(raw) is not list:
        raise PlayError("the state's path is not a list of [scene, choice] pairs")
    try:
        path = [Step(a, b) for a, b in raw if type(a) is str and type(b) is str]
    except (TypeError, ValueError):
        path = []
    if len(path) != len(raw) or not all(type(p) is list for p in raw):
        raise PlayError("the state's path is not a list of [scene, choice] pairs")
    return path


# ids by the loader's characters ([a-z0-9_]), steps by STEP_SEP and CHOICE_SEP: one step, then more
_PATH_TEXT = re.compile(r"[a-z0-9_]+/[a-z0-9_]+(?: [a-z0-9_]+/[a-z0-9_]+)*")


def _bad_text(text: str) -> str:
    """Which step of a path text is broken, for the one-line reason (only on the error path)."""
    for number, word in enumerate(text.split(STEP_SEP), 1):
        if not _STEP_TEXT.fullmatch(word):
            return f'the state\'s path is not steps written "scene/choice" (step {number}: "{word[:40]}")'
    return 'the state\'s path is not steps written "scene/choice"'


_STEP_TEXT = re.compile(r"[a-z0-9_]+/[a-z0-9_]+")


_TEXT = {str}
_INT = {int}
_VALUES = {int, bool, str}
