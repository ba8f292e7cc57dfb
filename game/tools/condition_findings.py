"""What the reachable states say about conditions, perspectives and variables (explore's warnings).

Split from ``findings`` (which holds the issue type, reachability, dead ends and
traps); ``analyse`` there calls these three.
"""

from __future__ import annotations

from game.story.errors import ExprError
from game.story.expr import Value
from game.story.model import Branch, Part
from game.tools.explore import Exploration
from game.tools.findings import Issue, Note, show_value
from game.tools.storyscan import Watched, node_templates, variables_read, variables_written, watched_conditions


def condition_issues(result: Exploration) -> list[Issue]:
    story = result.story
    watched = watched_conditions(story)
    by_node: dict[str, list[Watched]] = {}
    for w in watched:
        by_node.setdefault(w.node, []).append(w)
    seen_true: dict[int, int] = {}
    seen_false: dict[int, int] = {}
    errors: list[Issue] = []

    def note(cond_id: int, value: bool, state: int) -> None:
        (seen_true if value else seen_false).setdefault(cond_id, state)

    for i, key in enumerate(result.keys):
        node = story.node(key[0])
        if node is None or node.id not in by_node:
            continue
        env, visits = result.machine.env_of(key, result.values[i])
        for w in by_node[node.id]:
            if w.kind == "choice" and (node.id, w.choice) in key[3]:
                continue
            if w.kind == "text":
                continue
            try:
                note(id(w.condition), bool(w.condition.test(env, visits)), i)
            except ExprError:
                note(id(w.condition), False, i)
        for template in node_templates(node):
            try:
                _walk_branches(template.parts, env, visits, i, note)
            except ExprError as exc:
                errors.append(Issue("X304", "error", f"the text of '{node.id}' cannot be shown: {exc.message}",
                                    template.pos, result.witness(i)))
    out = errors[:1]
    for w in watched:
        cid = id(w.condition)
        if not result.complete:
            break
        if cid in seen_true and cid not in seen_false:
            out.append(Issue("X312", "warning", f"{w.where} is always true: {w.condition.source}", w.condition.pos,
                             result.witness(seen_true[cid]), "drop the condition, or check the effects that should make it false"))
        elif cid in seen_false and cid not in seen_true and w.kind != "choice":
            out.append(Issue("X313", "warning", f"{w.where} is never true: {w.condition.source}", w.condition.pos,
                             result.witness(seen_false[cid]), "its text is never shown"))
    return out


def _walk_branches(parts: tuple[Part, ...], env: dict[str, Value], visits: dict[str, int], state: int, note: Note) -> None:
    for part in parts:
        if isinstance(part, Branch):
            value = bool(part.condition.test(env, visits))
            note(id(part.condition), value, state)
            _walk_branches(part.then if value else part.otherwise, env, visits, state, note)


def perspective_issues(result: Exploration, first_at: dict[str, int]) -> list[Issue]:
    story = result.story
    if not story.perspectives:
        return []
    reached_by: dict[str, dict[str | None, int]] = {}
    for i, key in enumerate(result.keys):
        reached_by.setdefault(key[0], {}).setdefault(result.perspective[i], i)
    out: list[Issue] = []
    for node in story.nodes():
        if not node.perspectives or node.id not in first_at:
            continue
        found = reached_by.get(node.id, {})
        for who, i in found.items():
            if who not in node.perspectives:
                out.append(Issue("X314", "warning", f"'{node.id}' is reached as {who}, which its perspectives do not list",
                                 node.pos, result.witness(i), f"add {who} to its perspectives, or guard the choices that lead here"))
        if result.complete:
            for who in node.perspectives:
                if who not in found:
                    out.append(Issue("X315", "warning", f"'{node.id}' lists perspective {who}, but {who} never reaches it", node.pos))
    return out


def variable_issues(result: Exploration) -> list[Issue]:
    story = result.story
    read, written = variables_read(story), variables_written(story)
    out: list[Issue] = []
    for name, var in story.variables.items():
        if name not in read:
            out.append(Issue("X320", "warning", f"variable '{name}' is never read", var.pos, hint="use it in a condition or text, or remove it"))
        elif name not in written:
            out.append(Issue("X321", "warning", f"variable '{name}' is read but nothing changes it (always {show_value(var.default)})",
                             var.pos, hint="add an effect that sets it, or replace it with its value"))
        elif result.complete and result.keys:
            if name not in result.changed:
                out.append(Issue("X322", "warning", f"variable '{name}' is {show_value(var.default)} in every reachable state",
                                 var.pos, hint="the effects that change it are never taken, or never change its value"))
    return out
