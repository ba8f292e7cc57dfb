"""Exhaustive search of every reachable (scene, state) from every perspective.

Breadth first, so the first time a state is found its path is a shortest one.
States that play the same (``Machine`` keys: values, the visit counts expressions
can see, once-only choices taken) are merged, which keeps the search finite for
any story whose variables stay bounded. ``max_states`` stops runaway stories;
the result then says what was and was not covered.

``explore`` returns an ``Exploration``; ``game.tools.findings`` turns it into
issues (dead ends, traps, unreachable endings...), each with a witness path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.story.errors import PlayError
from game.story.model import Story
from game.tools.machine import Key, Machine, RuleError, Values

if TYPE_CHECKING:
    from game.tools.playtest import Playtest

DEFAULT_MAX_STATES = 250_000
DEFAULT_SAMPLE_RUNS = 3000
Progress = Callable[[int, int], None]  # (states found, states expanded)


@dataclass(frozen=True)
class Witness:
    """A replayable path: start as ``perspective`` with ``seed``, take ``choices``, stand in ``scene``."""

    perspective: str | None
    choices: tuple[str, ...]
    scene: str
    seed: int = 0

    def describe(self, limit: int = 12) -> str:
        who = f"as {self.perspective}: " if self.perspective else ""
        choices = list(self.choices)
        if len(choices) > limit:
            choices = choices[: limit - 4] + [f"...{len(choices) - limit + 1} more..."] + choices[-3:]
        steps = " > ".join(choices) if choices else "(the start)"
        return f"{who}{steps}"


@dataclass
class Exploration:
    """The explored state graph: states in breadth-first order with parent links and edges."""

    story: Story
    machine: Machine
    max_states: int
    keys: list[Key] = field(default_factory=list)
    values: list[Values] = field(default_factory=list)  # each state's real values (its key reduces them)
    parent: list[int] = field(default_factory=list)  # -1 for a start state
    via: list[str] = field(default_factory=list)  # the choice id that led here
    perspective: list[str | None] = field(default_factory=list)
    edges: list[list[int]] = field(default_factory=list)  # per expanded state
    available: set[tuple[str, str]] = field(default_factory=set)  # (scene, choice) ever available
    changed: set[str] = field(default_factory=set)  # variables some reached state (merged ones too) holds away from the default
    rule_errors: list[tuple[int, str, str]] = field(default_factory=list)  # (state, choice, message)
    start_errors: list[tuple[str | None, str]] = field(default_factory=list)
    expanded: int = 0
    seconds: float = 0.0
    sample: Playtest | None = None  # random runs that fill in what a stopped search did not reach

    @property
    def complete(self) -> bool:
        return self.expanded == len(self.keys)

    @property
    def states(self) -> int:
        return len(self.keys)

    def path(self, index: int) -> tuple[str, ...]:
        out: list[str] = []
        while self.parent[index] >= 0:
            out.append(self.via[index])
            index = self.parent[index]
        return tuple(reversed(out))

    def depth(self, index: int) -> int:
        return len(self.path(index))

    def witness(self, index: int) -> Witness:
        found = Witness(self.perspective[index], self.path(index), self.keys[index][0])
        if not self.machine.draws:
            return found
        from game.tools.witness import with_seed  # witness imports this module

        return with_seed(self.machine.story, found)

    def can_end(self) -> list[bool]:
        """For each state: can some ending still be reached from it? (Only meaningful when complete.)"""
        reverse: list[list[int]] = [[] for _ in self.keys]
        for i, targets in enumerate(self.edges):
            for j in targets:
                reverse[j].append(i)
        good = [False] * len(self.keys)
        stack = [i for i, key in enumerate(self.keys) if self.machine.is_ending(key)]
        for i in stack:
            good[i] = True
        while stack:
            for i in reverse[stack.pop()]:
                if not good[i]:
                    good[i] = True
                    stack.append(i)
        return good


def perspectives_of(story: Story) -> list[str | None]:
    return [p.id for p in story.perspectives] or [None]


def explore(
    story: Story,
    max_states: int = DEFAULT_MAX_STATES,
    perspectives: list[str | None] | None = None,
    progress: Progress | None = None,
    machine: Machine | None = None,
) -> Exploration:
    """Search every state reachable from the start of each perspective (all of them by default)."""
    began = time.perf_counter()
    machine = machine or Machine(story)
    result = Exploration(story, machine, max_states)
    keys, values, parent, via, who, edges = result.keys, result.values, result.parent, result.via, result.perspective, result.edges
    index: dict[Key, int] = {}
    for perspective in perspectives if perspectives is not None else perspectives_of(story):
        try:
            starts = machine.starts(perspective)  # more than one when the start draws
        except PlayError as exc:
            result.start_errors.append((perspective, str(exc)))
            continue
        for key, start_values in starts:
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
                values.append(start_values)
                parent.append(-1)
                via.append("")
                who.append(perspective)
    endings = machine.endings
    available = result.available
    successors = machine.successors
    # Which variables ever leave their default, checked on every state made (merged or not): merging keeps
    # one representative, which may hold the default where another state held something else.
    defaults = tuple(story.variables[n].default if n in story.variables else None for n in machine.names)
    pending = [i for i, n in enumerate(machine.names) if n in story.variables]

    def note_changes(made: tuple[object, ...]) -> None:
        if made != defaults:
            for i in [i for i in pending if made[i] != defaults[i]]:
                pending.remove(i)
                result.changed.add(machine.names[i])

    for made in values:
        note_changes(made)
    head = 0
    while head < len(keys) and len(keys) < max_states:
        key = keys[head]
        targets: list[int] = []
        if key[0] not in endings:
            scene = key[0]
            for step, nxt in successors(key, values[head]):
                available.add((scene, step.choice.id))
                if isinstance(nxt, RuleError):
                    result.rule_errors.append((head, step.choice.id, nxt.message))
                    continue
                if pending:
                    note_changes(nxt[1])
                j = index.get(nxt[0])
                if j is None:
                    j = len(keys)
                    index[nxt[0]] = j
                    keys.append(nxt[0])
                    values.append(nxt[1])
                    parent.append(head)
                    via.append(step.choice.id)
                    who.append(who[head])
                targets.append(j)
        edges.append(targets)
        head += 1
        if progress is not None and not head & 4095:
            progress(len(keys), head)
    result.expanded = head
    result.seconds = time.perf_counter() - began
    if progress is not None:
        progress(len(keys), head)
    return result


def fill_in(result: Exploration, runs: int = DEFAULT_SAMPLE_RUNS, seed: int = 0) -> None:
    """After a stopped search, play ``runs`` random games (least-taken choices first) for more witnesses."""
    from game.tools.playtest import playtest

    who = sorted({p for p in result.perspective}, key=str) if result.perspective else None
    result.sample = playtest(result.story, runs, seed, "fresh", perspectives=who)
