"""The story's rules compiled for search and random play: the same model and rules as ``Session``.

``Session`` keeps undo history, reasons and a path for the player; the explorer
and playtester only need "which choices are available here" and "what state does
this choice lead to", millions of times. ``Machine`` answers those with the very
same compiled conditions (``Condition.test``) and effects (``Effects.values``),
applied in the same order with the same clamps; ``tests/tools/test_explore_agrees``
drives both side by side to prove they agree.

A search state is a hashable ``Key``: the scene, every variable's value, the visit
counts that expressions can see (saturated where more visits change nothing, see
``storyscan.visit_saturation``) and the once-only choices already taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.play.state import State
from game.story.errors import ExprError, PlayError
from game.story.expr import Compiled, Value
from game.story.model import Choice, Effects, Ending, Story, Variable
from game.tools.storyscan import visit_saturation

Key = tuple[str, tuple[Value, ...], tuple[int, ...], frozenset[tuple[str, str]]]
_BIG = 1 << 62


@dataclass(frozen=True)
class Step:
    """One compiled choice: what the hot loop needs and nothing else."""

    choice: Choice
    test: Compiled | None
    effects: tuple[tuple[str, str, Compiled, Variable | None], ...]
    target: str
    once: bool


class RuleError(Exception):
    """A choice whose effects fail at run time (division by zero...): the game would stop here."""

    def __init__(self, choice: Choice, message: str):
        super().__init__(message)
        self.choice = choice
        self.message = message


def _compile_effects(story: Story, effects: Effects | None) -> tuple[tuple[str, str, Compiled, Variable | None], ...]:
    if effects is None:
        return ()
    return tuple(
        (a.name, a.op, compute, story.variables.get(a.name)) for a, compute in zip(effects.assigns, effects.values)
    )


def apply_effects(effects: tuple[tuple[str, str, Compiled, Variable | None], ...], env: dict[str, Value], visits: Mapping[str, int]) -> None:
    """``Session._apply``: assignments in order, each seeing the ones before, ints clamped."""
    for name, op, compute, var in effects:
        try:
            value = compute(env, visits)
        except ExprError as exc:
            raise PlayError(f"effect '{name} {op} ...' failed: {exc.message}") from None
        if op == "+=":
            value = int(env.get(name, 0)) + int(value)
        elif op == "-=":
            value = int(env.get(name, 0)) - int(value)
        env[name] = var.clamp(value) if var else value


class Machine:
    """Compiled rules of one story; stateless, so one machine serves every search and run."""

    def __init__(self, story: Story):
        self.story = story
        self.names: tuple[str, ...] = tuple(story.variables) + (("perspective",) if story.perspectives else ())
        saturation = visit_saturation(story)
        self.tracked: tuple[str, ...] = tuple(s for s in saturation if story.node(s) is not None)
        self.caps: tuple[int, ...] = tuple(saturation[s] or _BIG for s in self.tracked)
        self.track_index = {s: i for i, s in enumerate(self.tracked)}
        self.steps: dict[str, tuple[Step, ...]] = {}
        self.on_enter: dict[str, tuple[tuple[str, str, Compiled, Variable | None], ...]] = {}
        self.endings = frozenset(story.endings)
        for node in story.nodes():
            self.on_enter[node.id] = _compile_effects(story, node.on_enter)
            self.steps[node.id] = tuple(
                Step(c, c.condition.test if c.condition else None, _compile_effects(story, c.effects), c.target, c.once)
                for c in node.choices
            )

    # --- keys ------------------------------------------------------------------

    def key_of(self, state: State) -> Key:
        """The search key of a Session's state (what the agreement tests compare)."""
        counts = tuple(min(state.visits.get(s, 0), cap) for s, cap in zip(self.tracked, self.caps))
        once = frozenset(
            (step.scene, step.choice)
            for step in state.path
            if any(s.choice.id == step.choice and s.once for s in self.steps.get(step.scene, ()))
        )
        return (state.scene, tuple(state.vars.get(n) for n in self.names), counts, once)  # type: ignore[misc]

    def env_of(self, key: Key) -> tuple[dict[str, Value], dict[str, int]]:
        return dict(zip(self.names, key[1])), dict(zip(self.tracked, key[2]))

    def start(self, perspective: str | None) -> Key:
        """``Session.__init__``: defaults, the perspective, its effects, then entering the start scene."""
        story = self.story
        env: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
        if perspective is not None:
            env["perspective"] = perspective
        visits = {s: 0 for s in self.tracked}
        chosen = story.perspective(perspective)
        if chosen is not None and chosen.effects is not None:
            apply_effects(_compile_effects(story, chosen.effects), env, visits)
        start = story.start_for(perspective)
        return self._enter(start, env, visits, frozenset())

    def _enter(self, scene: str, env: dict[str, Value], visits: dict[str, int], once: frozenset[tuple[str, str]]) -> Key:
        index = self.track_index.get(scene)
        if index is not None:
            visits[scene] = min(visits[scene] + 1, self.caps[index])
        effects = self.on_enter.get(scene)
        if effects:
            apply_effects(effects, env, visits)
        return (scene, tuple(env[n] for n in self.names), tuple(visits[s] for s in self.tracked), once)

    # --- rules -------------------------------------------------------------------

    def available(self, key: Key, env: Mapping[str, Value], visits: Mapping[str, int]) -> list[Step]:
        """``Session.available_choices``: not a used once-choice, and the condition holds."""
        scene, _, _, once = key
        out = []
        for step in self.steps[scene]:
            if step.once and (scene, step.choice.id) in once:
                continue
            if step.test is not None:
                try:
                    if not step.test(env, visits):
                        continue
                except ExprError:
                    continue
            out.append(step)
        return out

    def take(self, key: Key, step: Step, env: Mapping[str, Value], visits: Mapping[str, int]) -> Key:
        """``Session.choose``: effects, move, enter. Raises RuleError where the game would fail."""
        new_env = dict(env)
        new_visits = dict(visits)
        once = key[3] | {(key[0], step.choice.id)} if step.once else key[3]
        try:
            apply_effects(step.effects, new_env, new_visits)
            return self._enter(step.target, new_env, new_visits, once)
        except PlayError as exc:
            raise RuleError(step.choice, str(exc)) from None

    def successors(self, key: Key) -> list[tuple[Step, Key | RuleError]]:
        env, visits = self.env_of(key)
        out: list[tuple[Step, Key | RuleError]] = []
        for step in self.available(key, env, visits):
            try:
                out.append((step, self.take(key, step, env, visits)))
            except RuleError as exc:
                out.append((step, exc))
        return out

    def is_ending(self, key: Key) -> bool:
        return key[0] in self.endings

    def ending(self, key: Key) -> Ending | None:
        return self.story.endings.get(key[0])

