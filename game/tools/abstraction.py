"""Which values of a variable play the same from each scene on: the explorer merges them.

For a "simple" variable (a clamped int, a bool or an enum that effects only set
to, or move by, a literal, and that conditions only compare with a literal) we
compute, per scene, the coarsest partition of its values such that two values in
one class (1) give the same result in every comparison evaluated at the scene and
(2) go, through every choice's effects and the next scene's ``on_enter``, to
values in one class there. That is a bisimulation, so states that differ only
inside classes have the same futures: same choices, same endings, same condition
results. It generalises liveness: a variable no condition will read again has a
single class. ``standing in 0..5, read only as standing >= 3`` late in the story
collapses to two classes there, which keeps the search small.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from game.story import expr as ex
from game.story.model import Effects, Story
from game.tools.storyscan import all_effects, all_expressions, watched_conditions

WORK_BUDGET = 1_500_000  # value signatures in all, before the remaining variables keep exact values
SIZE_LIMIT = 2_000_000  # values x (nodes + choices) over all variables: above it, skip (liveness still merges)


def domain(story: Story, name: str) -> list[object] | None:
    var = story.variables.get(name)
    if var is None:
        return None
    kind = var.type.kind
    if kind == "bool":
        return [False, True]
    if kind == "enum":
        return list(var.type.values)
    if var.minimum is None or var.maximum is None or var.maximum - var.minimum > 64:
        return None
    return list(range(var.minimum, var.maximum + 1))


MAX_SET_ITEMS_MERGED = 12  # a set of up to this many items can hold 2^12 values: enough to list them all


def any_values(story: Story, name: str) -> list[object] | None:
    """Every value a variable can hold, where they can be listed: its ``domain``, and for a set of a few
    items every subset (stored as play stores it). When nothing reads it again, they are all alike."""
    var = story.variables.get(name)
    if var is None or var.type.kind != "set":
        return domain(story, name)
    items = var.type.values
    if len(items) > MAX_SET_ITEMS_MERGED:
        return None
    return [",".join(v for i, v in enumerate(items) if mask >> i & 1) for mask in range(1 << len(items))]


def _is_literal(node: ex.Node) -> bool:
    return isinstance(node, ex.Lit) or (isinstance(node, ex.Unary) and node.op == "-" and isinstance(node.operand, ex.Lit))


def _literal(node: ex.Node) -> object:
    """The value of a literal, ``-1`` (parsed as minus one) included."""
    return ex.evaluate(node, {})


def _atoms_of(node: ex.Node, bools: set[str]) -> tuple[list[ex.Node], set[str]]:
    """Tests of one variable (``x >= 2``, ``x == "a"``, a bool ``x`` alone), and variables used any other way."""
    atoms: list[ex.Node] = []
    other: set[str] = set()
    inside: set[int] = set()
    parents = ex.parents(node)
    for n in ex.walk(node):
        if isinstance(n, ex.Binary):
            sides = (n.left, n.right)
            if n.op in ex.COMPARE_OPS and any(isinstance(x, ex.Name) for x in sides) and any(_is_literal(x) for x in sides):
                atoms.append(n)
                inside.update(id(x) for x in sides)
        if isinstance(n, ex.Name) and id(n) not in inside:
            parent = parents.get(id(n))
            as_test = parent is None or (isinstance(parent, ex.Unary) and parent.op == "not") or (
                isinstance(parent, ex.Binary) and parent.op in ("and", "or")
            )
            if n.name in bools and as_test:
                atoms.append(n)
            else:
                other.add(n.name)
    return atoms, other


def _atom_var(atom: ex.Node) -> str:
    if isinstance(atom, ex.Name):
        return atom.name
    assert isinstance(atom, ex.Binary)
    return atom.left.name if isinstance(atom.left, ex.Name) else atom.right.name  # type: ignore[union-attr]


def _bools(story: Story) -> set[str]:
    return {n for n, v in story.variables.items() if v.type.kind == "bool"}


def simple_variables(story: Story) -> set[str]:
    candidates = {n for n in story.variables if domain(story, n) is not None}
    bools = _bools(story)
    for expression in all_expressions(story):
        _, other = _atoms_of(expression, bools)
        candidates -= other
    for effects in all_effects(story):
        for assign in effects.assigns:
            candidates -= ex.names_read(assign.value)
            if not _is_literal(assign.value):
                candidates.discard(assign.name)
    return candidates


def _transfer(effects: Effects | None, name: str, value: object, lo: int | None, hi: int | None) -> object:
    if effects is None:
        return value
    for assign in effects.assigns:
        if assign.name != name:
            continue
        lit = _literal(assign.value)
        if assign.op == "=":
            value = lit
        else:
            step = lit if assign.op == "+=" else -lit  # type: ignore[operator]
            value = value + step  # type: ignore[operator]
            if lo is not None and value < lo:  # type: ignore[operator]
                value = lo
            if hi is not None and value > hi:  # type: ignore[operator]
                value = hi
    return value


def partitions(story: Story) -> dict[str, dict[str, dict[object, int]]]:
    """For each simple variable: node id -> {value: class number} (coarsest stable partition)."""
    simple = simple_variables(story)
    bools = _bools(story)
    atoms_at: dict[str, list[ex.Node]] = {node.id: [] for node in story.nodes()}
    for watched in watched_conditions(story):
        atoms_at[watched.node].extend(_atoms_of(watched.condition.node, bools)[0])
    edges: list[tuple[str, str, Effects | None, Effects | None]] = []
    predecessors: dict[str, set[str]] = {node.id: set() for node in story.nodes()}
    for scene in story.scenes.values():
        for choice in scene.choices:
            target = story.node(choice.target)
            if target is not None:
                edges.append((scene.id, target.id, choice.effects, target.on_enter))
                predecessors[target.id].add(scene.id)
    out_edges: dict[str, list[tuple[str, Effects | None, Effects | None]]] = {node.id: [] for node in story.nodes()}
    for source, target_id, effects, on_enter in edges:
        out_edges[source].append((target_id, effects, on_enter))
    result: dict[str, dict[str, dict[object, int]]] = {}
    size = sum(len(domain(story, n) or ()) for n in simple) * (len(out_edges) + len(edges))
    if size > SIZE_LIMIT:  # the one-off analysis would cost more than the merging saves on a story this big
        return result
    order = _backwards(story, out_edges)
    budget = WORK_BUDGET
    for name in sorted(simple):
        if budget <= 0:
            break
        values = domain(story, name) or []
        var = story.variables[name]
        lo, hi = var.minimum, var.maximum
        local: dict[str, list[tuple[bool, ...]]] = {}
        for node_id, atoms in atoms_at.items():
            mine = [a for a in atoms if _atom_var(a) == name]
            local[node_id] = [tuple(_holds(a, name, v) for a in mine) for v in values]
        moves = {
            node_id: [
                (t, [values.index(_transfer(on_enter, name, _transfer(eff, name, v, lo, hi), lo, hi)) for v in values])
                for t, eff, on_enter in out_edges[node_id]
            ]
            for node_id in out_edges
        }
        classes = {node_id: _number(local[node_id]) for node_id in local}
        queue = deque(order)
        queued = set(queue)
        while queue:
            budget -= len(values)
            if budget < 0:  # too costly for this variable: keep its exact values (always sound)
                break
            node_id = queue.popleft()
            queued.discard(node_id)
            signature = [
                (local[node_id][i], tuple(classes[t][moved[i]] for t, moved in moves[node_id]))
                for i in range(len(values))
            ]
            new = _number(signature)
            if new != classes[node_id]:
                classes[node_id] = new
                for p in predecessors[node_id]:
                    if p not in queued:
                        queued.add(p)
                        queue.append(p)
        if budget >= 0:
            result[name] = {node_id: {v: c[i] for i, v in enumerate(values)} for node_id, c in classes.items()}
    return result


def _holds(atom: ex.Node, name: str, value: object) -> bool:
    try:
        return bool(ex.evaluate(atom, {name: value}))  # type: ignore[dict-item]
    except Exception:  # a comparison that fails in play also fails the same for every value
        return False


def _number(signatures: Sequence[object]) -> list[int]:
    """Class numbers in order of first appearance, so equal partitions compare equal."""
    seen: dict[object, int] = {}
    return [seen.setdefault(s, len(seen)) for s in signatures]


def _backwards(story: Story, out_edges: dict[str, list[tuple[str, Effects | None, Effects | None]]]) -> list[str]:
    """Nodes in reverse depth-first finishing order from the starts: successors before predecessors
    wherever the graph allows, so refinement settles in about one pass on mostly forward stories."""
    starts = [p.start for p in story.perspectives] or [story.start]
    finished: list[str] = []
    seen: set[str] = set()
    for root in [*starts, *out_edges]:
        if root in seen or root not in out_edges:
            continue
        seen.add(root)
        stack = [(root, iter(out_edges[root]))]
        while stack:
            node, children = stack[-1]
            for target, _, _ in children:
                if target not in seen and target in out_edges:
                    seen.add(target)
                    stack.append((target, iter(out_edges[target])))
                    break
            else:
                stack.pop()
                finished.append(node)
    return finished
