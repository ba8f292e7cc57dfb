"""The story's rules compiled for search and random play: the same model and rules as ``Session``.

``Session`` keeps undo history, reasons and a path for the player; the explorer
and playtester only need "which choices are available here" and "what state does
this choice lead to", millions of times. ``Machine`` answers those with the very
same compiled conditions (``Condition.test``) and effects (``Effects.values``),
applied in the same order with the same clamps; ``tests/tools/test_explore_agrees``
drives both side by side to prove they agree.

A search state has two parts. ``values`` are the variables' real values (what
the rules compute with). Its ``Key`` is what two states must share to play the
same: the scene, each value reduced to its class at that scene (see
``abstraction.py``; liveness for the rest), the visit counts expressions can still
see (saturated where more visits change nothing) and the once-only choices taken
whose scene can come round again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from game.play.draws import SeededDrawer
from game.play.state import State
from game.story import expr as ex
from game.story.errors import ExprError, PlayError
from game.story.expr import Compiled, Value, drawing
from game.story.model import Choice, Effects, Ending, Story
from game.tools.abstraction import any_values, partitions
from game.tools.liveness import ONCE, VISIT, live_names
from game.tools.storyscan import visit_saturation

Values = tuple[Value, ...]
Key = tuple[str, tuple[object, ...], tuple[int, ...], frozenset[tuple[str, str]]]
Assigns = tuple[tuple[str, str, Compiled, int | None, int | None], ...]
_BIG = 1 << 62


@dataclass(frozen=True)
class Step:
    """One compiled choice: what the hot loop needs and nothing else."""

    choice: Choice
    test: Compiled | None
    effects: Assigns
    target: str
    once: bool
    draws: bool = False  # its effects, or its target's on_enter, draw random numbers


def _draws(effects: Effects | None) -> bool:
    return effects is not None and any(ex.draws(a.value) for a in effects.assigns)


class RuleError(Exception):
    """A choice whose effects fail at run time (division by zero...): the game would stop here."""

    def __init__(self, choice: Choice, message: str):
        super().__init__(message)
        self.choice = choice
        self.message = message


MAX_BRANCHES = 10_000  # outcomes followed for one choice whose effects draw several times


class ForcingDrawer:
    """Draws the outcomes ``forced`` names (offsets from each draw's lowest), then the lowest; records each
    draw's number of outcomes so that ``next_forcing`` can count through every combination, as an odometer."""

    def __init__(self, forced: list[int]):
        self.forced = forced
        self.taken: list[int] = []
        self.sizes: list[int] = []

    def _next(self, size: int) -> int:
        at = len(self.taken)
        offset = self.forced[at] if at < len(self.forced) and self.forced[at] < size else 0
        self.taken.append(offset)
        self.sizes.append(size)
        return offset

    def draw(self, low: int, high: int) -> int:
        return low + self._next(high - low + 1)

    def chance(self, percent: int) -> bool:
        if percent <= 0 or percent >= 100:
            return percent >= 100
        return self._next(2) == 1

    def next_forcing(self) -> list[int]:
        """The next combination of outcomes to force; [] when every one has been drawn."""
        for at in range(len(self.taken) - 1, -1, -1):
            if self.taken[at] + 1 < self.sizes[at]:
                return [*self.taken[:at], self.taken[at] + 1]
        return []


def compile_effects(story: Story, effects: Effects | None) -> Assigns:
    if effects is None:
        return ()
    out: list[tuple[str, str, Compiled, int | None, int | None]] = []
    for assign, compute in zip(effects.assigns, effects.values):
        var = story.variables.get(assign.name)
        if var is not None and var.type.kind == "set":  # as Session._apply: the item goes in or out
            out.append((assign.name, "=", _set_change(assign.name, compute, assign.op == "+=", var.type.values), None, None))
            continue
        out.append((assign.name, assign.op, compute, var.minimum if var else None, var.maximum if var else None))
    return tuple(out)


def _set_change(name: str, item: Compiled, add: bool, order: tuple[str, ...]) -> Compiled:
    return lambda env, visits: ex.set_with(env.get(name, ""), str(item(env, visits)), add, order)


def apply_effects(effects: Assigns, env: dict[str, Value], visits: Mapping[str, int]) -> None:
    """``Session._apply``: assignments in order, each seeing the ones before, ints clamped."""
    for name, op, compute, lo, hi in effects:
        try:
            value = compute(env, visits)
        except ExprError as exc:
            raise PlayError(f"effect '{name} {op} ...' failed: {exc.message}") from None
        if op == "+=":
            value = int(env.get(name, 0)) + int(value)
        elif op == "-=":
            value = int(env.get(name, 0)) - int(value)
        if type(value) is int:
            if lo is not None and value < lo:
                value = lo
            elif hi is not None and value > hi:
                value = hi
        env[name] = value


def _getter(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """``lambda m: tuple(m[n] for n in names)``, done in C by itemgetter."""
    if not names:
        return lambda mapping: ()
    if len(names) == 1:
        name = names[0]
        return lambda mapping: (mapping[name],)
    return itemgetter(*names)


class Machine:
    """Compiled rules of one story; stateless, so one machine serves every search and run."""

    def __init__(self, story: Story, reduce: bool = True):
        self.story = story
        self.names: tuple[str, ...] = tuple(story.variables) + (("perspective",) if story.perspectives else ())
        saturation = visit_saturation(story)
        self.tracked: tuple[str, ...] = tuple(s for s in saturation if story.node(s) is not None)
        self.caps: tuple[int, ...] = tuple(saturation[s] or _BIG for s in self.tracked)
        self.track_index = {s: i for i, s in enumerate(self.tracked)}
        self.endings = frozenset(story.endings)
        self._values: Callable[[Mapping[str, Value]], Values] = _getter(self.names)
        self.steps: dict[str, tuple[Step, ...]] = {}
        self.on_enter: dict[str, Assigns] = {}
        for node in story.nodes():
            self.on_enter[node.id] = compile_effects(story, node.on_enter)
            self.steps[node.id] = tuple(
                Step(c, c.condition.test if c.condition else None, compile_effects(story, c.effects), c.target, c.once,
                     _draws(c.effects) or _draws(getattr(story.node(c.target), "on_enter", None)))
                for c in node.choices
            )
        # Anything draws: a choice (or the scene it enters), or a start (a perspective's set:, a first scene's on_enter).
        starts = {story.start, *(p.start for p in story.perspectives if p.start)}
        self.draws = (
            any(step.draws for steps in self.steps.values() for step in steps)
            or any(_draws(p.effects) for p in story.perspectives)
            or any(_draws(getattr(story.node(s), "on_enter", None)) for s in starts)
        )
        # Per node: how each value reduces, which counts and once-marks can still matter.
        live = live_names(story) if reduce else None
        classes = partitions(story) if reduce else {}
        self.reducers: dict[str, tuple[dict[object, object], ...] | None] = {}
        self.live_counts: dict[str, tuple[bool, ...]] = {}
        self.count_getters: dict[str, Callable[[Mapping[str, int]], tuple[int, ...]]] = {}
        self.live_tracked: dict[str, tuple[str, ...]] = {}  # the scenes whose counts a key at this node holds
        self.live_once: dict[str, frozenset[str]] = {}
        once_scenes = frozenset(s.id for s in story.scenes.values() if any(c.once for c in s.choices))
        for node in story.nodes():
            names = live[node.id] if live is not None else None
            # A class map per value; {} keeps the value itself (dict.get(v, v) in ``key``).
            reducers: list[dict[object, object]] = []
            for n in self.names:
                if n in classes:
                    reducers.append(dict(classes[n][node.id]))
                elif names is not None and n not in names and n != "perspective" and self._finite(n):
                    reducers.append(dict.fromkeys(self._domain(n)))  # nothing reads it again: all values alike
                else:
                    reducers.append({})
            self.reducers[node.id] = tuple(reducers) if any(reducers) else None
            self.live_counts[node.id] = tuple(names is None or VISIT + s in names for s in self.tracked)
            self.live_tracked[node.id] = tuple(s for s, keep in zip(self.tracked, self.live_counts[node.id]) if keep)
            self.count_getters[node.id] = _getter(self.live_tracked[node.id])
            self.live_once[node.id] = once_scenes if names is None else frozenset(
                n[len(ONCE):] for n in names if n.startswith(ONCE)
            )

    def _domain(self, name: str) -> list[object]:
        return any_values(self.story, name) or []

    def _finite(self, name: str) -> bool:
        return any_values(self.story, name) is not None

    # --- keys ------------------------------------------------------------------

    def key(self, scene: str, values: Values, visits: Mapping[str, int], once: frozenset[tuple[str, str]]) -> Key:
        """The key of a state: values reduced to their classes, counts and marks that cannot matter dropped."""
        reducers = self.reducers[scene]
        reduced: tuple[object, ...] = values if reducers is None else tuple(map(dict.get, reducers, values, values))
        counts = self.count_getters[scene](visits)
        if once:
            live_once = self.live_once[scene]
            once = frozenset(m for m in once if m[0] in live_once)
        return (scene, reduced, counts, once)

    def key_of(self, state: State) -> Key:
        """The key of a Session's state (what the agreement tests compare)."""
        counts = {s: min(state.visits.get(s, 0), cap) for s, cap in zip(self.tracked, self.caps)}
        once = frozenset(
            (step.scene, step.choice)
            for step in state.path
            if any(s.choice.id == step.choice and s.once for s in self.steps.get(step.scene, ()))
        )
        values = tuple(state.vars.get(n) for n in self.names)
        return self.key(state.scene, values, counts, once)  # type: ignore[arg-type]

    def env_of(self, key: Key, values: Values) -> tuple[dict[str, Value], dict[str, int]]:
        return dict(zip(self.names, values)), dict(zip(self.live_tracked[key[0]], key[2]))

    # --- rules -------------------------------------------------------------------

    def start(self, perspective: str | None) -> tuple[Key, Values]:
        """``Session.__init__``: defaults, the perspective, its effects, then entering the start scene."""
        with drawing(SeededDrawer(0, 0)):  # the start draws as a game with seed 0 does
            return self._begin(perspective)

    def starts(self, perspective: str | None) -> list[tuple[Key, Values]]:
        """Every distinct start: a perspective's ``set:`` or the first scene's ``on_enter:`` may draw, and a
        game may begin with any outcome, so each is a start of its own (the seed-0 game's first)."""
        first = self.start(perspective)
        found: dict[Key, tuple[Key, Values]] = {first[0]: first}
        forced: list[int] = []
        for _ in range(MAX_BRANCHES):
            drawer = ForcingDrawer(forced)
            with drawing(drawer):
                begun = self._begin(perspective)
            found.setdefault(begun[0], begun)
            forced = drawer.next_forcing()
            if not forced:
                break
        return list(found.values())

    def _begin(self, perspective: str | None) -> tuple[Key, Values]:
        """Defaults, the perspective, its effects, then entering its start scene, drawing from the drawer in place."""
        story = self.story
        env: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
        if perspective is not None:
            env["perspective"] = perspective
        visits = {s: 0 for s in self.tracked}
        chosen = story.perspective(perspective)
        if chosen is not None and chosen.effects is not None:
            apply_effects(compile_effects(story, chosen.effects), env, visits)
        return self._enter(story.start_for(perspective), env, visits, frozenset())

    def _enter(self, scene: str, env: dict[str, Value], visits: dict[str, int], once: frozenset[tuple[str, str]]) -> tuple[Key, Values]:
        index = self.track_index.get(scene)
        if index is not None:
            visits[scene] = min(visits.get(scene, 0) + 1, self.caps[index])
        effects = self.on_enter.get(scene)
        if effects:
            apply_effects(effects, env, visits)
        values = self._values(env)
        return self.key(scene, values, visits, once), values

    def available(self, scene: str, once: frozenset[tuple[str, str]], env: Mapping[str, Value], visits: Mapping[str, int]) -> list[Step]:
        """``Session.available_choices``: not a used once-choice, and the condition holds."""
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

    def take(self, key: Key, step: Step, env: Mapping[str, Value], visits: Mapping[str, int]) -> tuple[Key, Values]:
        """``Session.choose``: effects, move, enter. Raises RuleError where the game would fail."""
        new_env = dict(env)
        new_visits = dict(visits)
        once = key[3] | {(key[0], step.choice.id)} if step.once else key[3]
        try:
            if step.effects:
                apply_effects(step.effects, new_env, new_visits)
            return self._enter(step.target, new_env, new_visits, once)
        except PlayError as exc:
            raise RuleError(step.choice, str(exc)) from None

    def successors(self, key: Key, values: Values) -> list[tuple[Step, tuple[Key, Values] | RuleError]]:
        """Each available choice's next state; a choice whose effects draw (random, chance) once per outcome."""
        env, visits = self.env_of(key, values)
        out: list[tuple[Step, tuple[Key, Values] | RuleError]] = []
        for step in self.available(key[0], key[3], env, visits):
            if step.draws:
                out.extend((step, result) for result in self._outcomes(key, step, env, visits))
                continue
            try:
                out.append((step, self.take(key, step, env, visits)))
            except RuleError as exc:
                out.append((step, exc))
        return out

    def _outcomes(self, key: Key, step: Step, env: Mapping[str, Value], visits: Mapping[str, int]) -> list[tuple[Key, Values] | RuleError]:
        """Every distinct result of a step whose effects draw: each draw forced to each of its outcomes in turn."""
        found: dict[object, tuple[Key, Values] | RuleError] = {}
        forced: list[int] = []
        for _ in range(MAX_BRANCHES):
            drawer = ForcingDrawer(forced)
            with drawing(drawer):
                try:
                    result: tuple[Key, Values] | RuleError = self.take(key, step, env, visits)
                except RuleError as exc:
                    result = exc
            found.setdefault(result[0] if isinstance(result, tuple) else str(result), result)
            forced = drawer.next_forcing()
            if not forced:
                break
        return list(found.values())

    def is_ending(self, key: Key) -> bool:
        return key[0] in self.endings

    def ending(self, key: Key) -> Ending | None:
        return self.story.endings.get(key[0])
