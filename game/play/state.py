"""Everything that changes in one game: a small value that goes to JSON and back.

Like ink's ``StoryState``: saves, undo and the explorer's "what if" are copies of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.story.errors import PlayError
from game.story.expr import Value

STATE_FORMAT = 1


@dataclass(frozen=True)
class Step:
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
            "path": [[s.scene, s.choice] for s in self.path],
            "perspective": self.perspective,
            "seed": self.seed,
            "player": self.player,
            "answers": dict(self.answers),
        }

    @classmethod
    def from_json(cls, data: object) -> State:
        """Read a state written by ``to_json``; untrusted input, so every field is checked."""
        if not isinstance(data, dict):
            raise PlayError("the state is not a JSON object")
        scene = data.get("scene")
        if not isinstance(scene, str) or not scene:
            raise PlayError("the state has no current scene")
        raw_vars = data.get("vars", {})
        if not isinstance(raw_vars, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, bool, str)) for k, v in raw_vars.items()
        ):
            raise PlayError("the state's variables are not a mapping of names to values")
        raw_visits = data.get("visits", {})
        if not isinstance(raw_visits, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for k, v in raw_visits.items()
        ):
            raise PlayError("the state's visit counts are not a mapping of scenes to counts")
        raw_path = data.get("path", [])
        if not isinstance(raw_path, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in raw_path
        ):
            raise PlayError("the state's path is not a list of [scene, choice] pairs")
        perspective = data.get("perspective")
        if perspective is not None and not isinstance(perspective, str):
            raise PlayError("the state's perspective is not text")
        seed = data.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise PlayError("the state's seed is not a number")
        player = data.get("player", "")
        if not isinstance(player, str):
            raise PlayError("the state's player name is not text")
        answers = data.get("answers", {})
        if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
        ):
            raise PlayError("the state's answers are not a mapping of text")
        return cls(
            scene,
            dict(raw_vars),
            dict(raw_visits),
            [Step(a, b) for a, b in raw_path],
            perspective,
            seed,
            player,
            dict(answers),
        )
