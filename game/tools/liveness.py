"""Which values can still matter at each scene: the explorer merges states that differ only elsewhere.

Classic backward liveness over the scene graph. A variable is live at a scene if
some condition or effect may read it, on some path from here, before an effect
overwrites it with ``=``. Visit counts are live while an expression that names
the scene can still be reached, and a once-only choice's "taken" mark while its
scene can be reached again. Values that are not live cannot change which choices
are available, where they lead, or how any condition turns out, so two states
that differ only in them play the same. Interpolated ``{name}`` values are shown,
not tested, so they do not keep a variable live.
"""

from __future__ import annotations

from collections import deque

from game.story import expr as ex
from game.story.model import Effects, Story
from game.tools.storyscan import watched_conditions

VISIT = "@"  # prefix of the pseudo-variable for a scene's visit count
ONCE = "#"  # prefix of the pseudo-variable for a scene's once-choice marks


def _reads(node: ex.Node) -> set[str]:
    out = ex.names_read(node)
    out.update(VISIT + call.arg for call in ex.scenes_named(node))
    return out


_TRANSFER: dict[int, tuple[frozenset[str], frozenset[str], Effects]] = {}


def _overwrites(assign: ex.Assign, story: Story) -> bool:
    """Whether the value after ``assign`` is the same whatever it was before: ``=``, or a set's every
    item taken out (``pack -= [all]``, which is how ``pack = [...]`` is applied)."""
    if assign.op == "=":
        return True
    var = story.variables.get(assign.name)
    return (assign.op == "-=" and var is not None and var.type.kind == "set" and isinstance(assign.value, ex.SetLit)
            and set(assign.value.items) >= set(var.type.values))


def _gen_kill(effects: Effects, story: Story) -> tuple[frozenset[str], frozenset[str]]:
    """``effects`` as one transfer: live before = gen | (live after - kill), computed once per effects."""
    cached = _TRANSFER.get(id(effects))
    if cached is not None and cached[2] is effects:
        return cached[0], cached[1]
    gen: set[str] = set()
    kill: set[str] = set()
    for assign in reversed(effects.assigns):
        if _overwrites(assign, story):
            gen.discard(assign.name)
            kill.add(assign.name)
        else:
            gen.add(assign.name)
        gen |= _reads(assign.value)
    _TRANSFER[id(effects)] = (frozenset(gen), frozenset(kill), effects)
    return frozenset(gen), frozenset(kill)


def _through(effects: Effects | None, live: set[str], story: Story) -> set[str]:
    """Live before ``effects`` given ``live`` after them."""
    if effects is None:
        return live
    gen, kill = _gen_kill(effects, story)
    return (live - kill) | gen if kill else live | gen


def live_names(story: Story) -> dict[str, frozenset[str]]:
    """For every scene and ending: the names live in a state that stands there (after its on_enter)."""
    here: dict[str, set[str]] = {node.id: set() for node in story.nodes()}
    for watched in watched_conditions(story):
        here[watched.node] |= _reads(watched.condition.node)
    for scene in story.scenes.values():
        if any(c.once for c in scene.choices):
            here[scene.id].add(ONCE + scene.id)
    predecessors: dict[str, set[str]] = {node.id: set() for node in story.nodes()}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.target in predecessors:
                predecessors[choice.target].add(scene.id)
    live = {k: set(v) for k, v in here.items()}
    queue = deque(live)
    queued = set(queue)
    while queue:
        node_id = queue.popleft()
        queued.discard(node_id)
        node = story.node(node_id)
        if node is None:
            continue
        new = set(here[node_id])
        for choice in node.choices:
            target = story.node(choice.target)
            if target is None:
                continue
            after = _through(target.on_enter, live[target.id], story)
            new |= _through(choice.effects, after, story)
        if not new <= live[node_id]:
            live[node_id] |= new
            for p in predecessors[node_id]:
                if p not in queued:
                    queued.add(p)
                    queue.append(p)
    return {k: frozenset(v) for k, v in live.items()}
