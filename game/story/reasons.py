"""Why a choice is unavailable, derived from its condition in the player's terms.

"needs Standing with your comrades 2 or more; you have 1" reads better than a
condition's source text, and the author did not have to write it.
"""

from __future__ import annotations

from collections.abc import Callable

from game.story import expr as ex
from game.story.errors import ExprError
from game.story.expr import Binary, Call, Lit, Name, Node, SetLit, Unary, Value
from game.story.model import Story, Variable
from game.story.text import read_as
from game.story.values import format_value

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def explain(node: Node, story: Story, env: ex.Env, visits: ex.Visits) -> str:
    """A sentence saying what the failing condition ``node`` needs."""
    parts = _failing(node, story, env, visits)
    return "; ".join(parts) if parts else f"needs {ex.to_source(node)}"


def _holds(node: Node, env: ex.Env, visits: ex.Visits) -> bool:
    try:
        return bool(ex.evaluate(node, env, visits))
    except ExprError:
        return False


def _failing(node: Node, story: Story, env: ex.Env, visits: ex.Visits) -> list[str]:
    if isinstance(node, Binary) and node.op == "and":
        out: list[str] = []
        for side in (node.left, node.right):
            if not _holds(side, env, visits):
                out.extend(_failing(side, story, env, visits))
        return out
    if isinstance(node, Binary) and node.op == "or":
        options = [_describe(side, story, env, visits) for side in (node.left, node.right)]
        return ["needs " + " or ".join(o.removeprefix("needs ") for o in options)]
    return [_describe(node, story, env, visits)]


def _label(name: str, story: Story, env: ex.Env, visits: ex.Visits) -> str:
    if name == "perspective":
        return "the perspective"
    var = story.variables.get(name)
    return read_as(var.label_shown, var.display_label, story.variables, env, visits) if var else name


def _scene_title(scene_id: str, story: Story, env: ex.Env, visits: ex.Visits) -> str:
    node = story.node(scene_id)
    title = read_as(node.title_shown, node.title, story.variables, env, visits) if node else ""
    return f"“{title}”" if title else scene_id


def _describe(node: Node, story: Story, env: ex.Env, visits: ex.Visits) -> str:
    if isinstance(node, Name):
        return f"needs {_label(node.name, story, env, visits)}"
    if isinstance(node, Call):
        return f"needs you to have been at {_scene_title(node.arg, story, env, visits)}"
    if isinstance(node, Unary) and node.op == "not":
        inner = node.operand
        if isinstance(inner, Name):
            return f"only without {_label(inner.name, story, env, visits)}"
        if isinstance(inner, Call):
            return f"only if you have not been at {_scene_title(inner.arg, story, env, visits)}"
        return f"needs not ({ex.to_source(inner)})"
    if isinstance(node, Binary) and node.op in _FLIP:
        left, right, op = node.left, node.right, node.op
        if isinstance(left, (Lit, SetLit)) and _measured(right):
            left, right, op = right, left, _FLIP[op]
        if isinstance(right, (Lit, SetLit)) and _measured(left):
            shown: Callable[[Value], str] = format_value
            have: Value | None
            if isinstance(left, Unary):  # size(pack) >= 2
                name = left.operand.name  # type: ignore[union-attr]
                label = f"items in {_label(name, story, env, visits)}"
                have = len(ex.set_members(env.get(name, "")))
            elif isinstance(left, Name):
                label = _label(left.name, story, env, visits)
                have = env.get(left.name)
                var = story.variables.get(left.name)
                if var is not None:
                    shown = var.shown  # 'to be Lenin', not 'to be lenin'
            elif isinstance(left, Call):
                label = f"visits to {_scene_title(left.arg, story, env, visits)}"
                have = visits.get(left.arg, 0)
            want = shown(right.value if isinstance(right, Lit) else _in_order(right, story.variables.get(getattr(left, "name", ""))))
            have_text = shown(have) if have is not None else "none"
            if op == "==":
                return f"needs {label} to be {want}; it is {have_text}"
            if op == "!=":
                return f"needs {label} not to be {want}"
            phrase = {
                ">=": f"{want} or more",
                ">": f"more than {want}",
                "<=": f"{want} or less",
                "<": f"less than {want}",
            }[op]
            return f"needs {label} {phrase}; you have {have_text}"
    return f"needs {ex.to_source(node)}"


def _in_order(items: SetLit, var: Variable | None) -> str:
    """A set written out, stored as the set variable it is compared with holds it (its declared order)."""
    order = var.type.values if var is not None else items.items
    return ",".join(v for v in order if v in items.items)


def _measured(node: Node) -> bool:
    """A variable, a visit count or a set's size: what a comparison with a literal can be said of."""
    return isinstance(node, (Name, Call)) or (isinstance(node, Unary) and node.op == "size" and isinstance(node.operand, Name))
