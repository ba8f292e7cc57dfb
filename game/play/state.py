"""Everything that changes in one game: a small value that goes to JSON and back.

Like ink's ``StoryState``: saves, undo and the explorer's "what if" are copies of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from game.play import jsontext
from game.story.errors import PlayError
from game.story.expr import Value

STATE_FORMAT = 1


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
            "path": [list(s) for s in self.path],
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
        raw_path = data.get("path", [])
        if type(raw_path) is not list:
            raise PlayError("the state's path is not a list of [scene, choice] pairs")
        try:
            path = [Step(a, b) for a, b in raw_path if type(a) is str and type(b) is str]
        except (TypeError, ValueError):
            path = []
        if len(path) != len(raw_path) or not all(type(p) is list for p in raw_path):
            raise PlayError("the state's path is not a list of [scene, choice] pairs")
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


_TEXT = {str}
_INT = {int}
_VALUES = {int, bool, str}
