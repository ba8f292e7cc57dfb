"""Which endings can be reached past fewer than N key decisions, searched over every reachable state.

A debrief compares the player's path with history only at key decisions (``Scene.is_key_decision``).
A story that wants every debrief to have something to say asks: is there any path, from this
perspective, to any ending, that passes fewer than N distinct key-decision scenes? Random runs
cannot prove "no"; this search can. It walks the same state machine as ``explore`` (states that
play the same are merged, so the search is exact), carrying the set of key-decision scenes passed
so far. A set that reaches N is satisfied and dropped, which keeps the search small.

A decision is "passed" as the debrief counts it: leaving a key-decision scene by a choice that
goes to another scene (a side action that loops back is not the decision).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from game.story.errors import PlayError
from game.story.model import Story
from game.tools.explore import Witness
from game.tools.machine import Key, Machine, RuleError, Step, Values
from game.tools.witness import with_seed


@dataclass(frozen=True)
class ShortPath:
    """A path to ``ending`` that passes only ``decisions`` (fewer than asked for)."""

    perspective: str | None
    ending: str
    decisions: tuple[str, ...]  # the key-decision scenes passed, in order
    choices: tuple[str, ...]
    seed: int = 0  # a game seed whose draws take ``choices`` there (0 when the story never draws)


@dataclass
class KeyDecisionSearch:
    """The result for one perspective: endings reached, and the short paths found (one per ending)."""

    perspective: str | None
    endings: set[str]
    short: list[ShortPath]
    states: int


Node = tuple[Key, tuple[str, ...]]  # a state of the search: where, and which key decisions were passed


def fewest_key_decisions(story: Story, perspective: str | None, at_least: int = 3, max_states: int = 2_000_000) -> KeyDecisionSearch:
    """Every ending reachable as ``perspective``, and a witness for each reachable past fewer than ``at_least`` key decisions."""
    machine = Machine(story)
    key_scenes = {s.id for s in story.scenes.values() if s.is_key_decision}
    try:
        starts = machine.starts(perspective)  # more than one when the start draws, as explore searches
    except PlayError:
        return KeyDecisionSearch(perspective, set(), [], 0)
    values: dict[Key, Values] = dict(starts)
    parent: dict[Node, tuple[Node, str] | None] = {(key, ()): None for key, _ in starts}
    queue: deque[Node] = deque((key, ()) for key, _ in starts)
    endings = _reachable_endings(machine, [key for key, _ in starts], values)
    short: dict[str, ShortPath] = {}
    while queue:
        if len(parent) > max_states:
            raise RuntimeError(f"more than {max_states} states: the search did not finish")
        node = queue.popleft()
        key, passed = node
        scene = key[0]
        if machine.is_ending(key):
            if scene not in short:
                short[scene] = _short_path(machine, perspective, scene, passed, _choices(parent, node))
            continue
        for step, nxt in machine.successors(key, values[key]):
            if isinstance(nxt, RuleError):
                continue
            next_key, next_values = nxt
            values.setdefault(next_key, next_values)
            now = passed
            if scene in key_scenes and step.target != scene and scene not in passed:
                now = tuple(sorted((*passed, scene)))
            if len(now) >= at_least:
                continue  # satisfied: whatever follows passes enough
            child = (next_key, now)
            if child not in parent:
                parent[child] = (node, step.choice.id)
                queue.append(child)
    return KeyDecisionSearch(perspective, endings, sorted(short.values(), key=lambda p: p.ending), len(parent))


def _short_path(machine: Machine, perspective: str | None, ending: str, passed: tuple[str, ...], choices: tuple[str, ...]) -> ShortPath:
    """The path, with a seed that replays it when the story draws (the search followed every outcome)."""
    if not machine.draws:
        return ShortPath(perspective, ending, passed, choices)
    return ShortPath(perspective, ending, passed, choices, with_seed(machine.story, Witness(perspective, choices, ending)).seed)


def _reachable_endings(
    machine: Machine, starts: list[Key], values: dict[Key, Values], follows: Callable[[Key, Step], bool] | None = None
) -> set[str]:
    """Every ending reachable from ``starts``, by plain search over merged states (only through ``follows`` steps)."""
    found: set[str] = set()
    todo = list(starts)
    seen = set(starts)
    while todo:
        key = todo.pop()
        if machine.is_ending(key):
            found.add(key[0])
            continue
        for step, nxt in machine.successors(key, values[key]):
            if isinstance(nxt, RuleError) or (follows is not None and not follows(key, step)):
                continue
            values.setdefault(nxt[0], nxt[1])
            if nxt[0] not in seen:
                seen.add(nxt[0])
                todo.append(nxt[0])
    return found


def _choices(parent: dict[Node, tuple[Node, str] | None], node: Node) -> tuple[str, ...]:
    out: list[str] = []
    link = parent[node]
    while link is not None:
        node, choice = link
        out.append(choice)
        link = parent[node]
    return tuple(reversed(out))


def endings_following_history(story: Story, perspective: str | None) -> set[str]:
    """The endings a player reaches who takes a marked option at every key decision (and anything elsewhere).

    A story whose debrief says "you left history at..." should also have a path that never leaves it;
    this is the set of endings such paths reach (empty if every path must leave history somewhere).
    """
    machine = Machine(story)
    key_scenes = {s.id for s in story.scenes.values() if s.is_key_decision}
    try:
        starts = machine.starts(perspective)
    except PlayError:
        return set()

    def follows(key: Key, step: Step) -> bool:  # at a key decision, only the marked options (side actions stay)
        return key[0] not in key_scenes or step.target == key[0] or step.choice.historical

    return _reachable_endings(machine, [key for key, _ in starts], dict(starts), follows)
