"""Static walks over a loaded story: every condition with where it sits, and every name it uses.

The explorer needs to know which visit counts can change play (only scenes named
in ``visited()``/``visits()``), and which conditions to watch; graph and check-like
reports need the variables read and written. All of it comes from the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.story import expr as ex
from game.story.model import Branch, Condition, Effects, Ending, Interp, Scene, Story, Template
from game.story.text import walk_parts


@dataclass(frozen=True)
class Watched:
    """A condition and where the game evaluates it: a choice, a text passage or an epilogue entry."""

    node: str  # the scene or ending it belongs to
    kind: str  # "choice" | "text" | "epilogue"
    condition: Condition
    choice: str = ""  # the choice id, for kind "choice"

    @property
    def where(self) -> str:
        if self.kind == "choice":
            return f"the condition of choice '{self.choice}' in '{self.node}'"
        if self.kind == "epilogue":
            return f"an epilogue condition of '{self.node}'"
        return f"an {{if}} in the text of '{self.node}'"


def node_templates(node: Scene | Ending) -> list[Template]:
    """The templates rendered while the player stands on ``node``: its title and text, its choices'
    text and reasons, an ending's debrief."""
    out = [node.text]
    if node.title_shown is not None:
        out.append(node.title_shown)
    out.extend(t for choice in node.choices for t in (choice.shown, choice.reason_shown) if t is not None)
    if isinstance(node, Ending) and node.debrief is not None:
        d = node.debrief
        out.extend(s.text for s in d.what_happened)
        out.extend(n.text for n in (*d.disagree, *d.historians))
        out.extend(s.text for s in d.epilogue)
    return out


def watched_conditions(story: Story) -> list[Watched]:
    """Every condition the game can evaluate, in load order."""
    out: list[Watched] = []
    for node in story.nodes():
        for template in node_templates(node):
            for part in walk_parts(template.parts):
                if isinstance(part, Branch):
                    out.append(Watched(node.id, "text", part.condition))
        for choice in node.choices:
            if choice.condition is not None:
                out.append(Watched(node.id, "choice", choice.condition, choice.id))
        if isinstance(node, Ending) and node.debrief is not None:
            for statement in node.debrief.epilogue:
                if statement.condition is not None:
                    out.append(Watched(node.id, "epilogue", statement.condition))
    return out


def all_effects(story: Story) -> Iterator[Effects]:
    for perspective in story.perspectives:
        if perspective.effects is not None:
            yield perspective.effects
    for scene in story.scenes.values():
        if scene.on_enter is not None:
            yield scene.on_enter
        for choice in scene.choices:
            if choice.effects is not None:
                yield choice.effects


def all_expressions(story: Story) -> Iterator[ex.Node]:
    """Every expression the game evaluates: conditions (text ones too) and effect values."""
    for watched in watched_conditions(story):
        yield watched.condition.node
    for effects in all_effects(story):
        for assign in effects.assigns:
            yield assign.value


def interp_reads(part: Interp) -> set[str]:
    """The variables ``{name}`` or ``{expression}`` shows."""
    return ex.names_read(part.expr.node) if part.expr is not None else {part.name}


def variables_read(story: Story) -> set[str]:
    """Variables read by an expression or shown by ``{name}`` in any text."""
    read: set[str] = set()
    for expression in all_expressions(story):
        read.update(ex.names_read(expression))
    for node in story.nodes():
        for template in node_templates(node):
            read.update(name for p in walk_parts(template.parts) if isinstance(p, Interp) for name in interp_reads(p))
        if isinstance(node, Scene) and node.history is not None:
            read.update(p.name for p in walk_parts(node.history.text.parts) if isinstance(p, Interp))
    return read


def variables_written(story: Story) -> set[str]:
    """Variables some effect assigns (perspective effects included)."""
    return {assign.name for effects in all_effects(story) for assign in effects.assigns}


def visit_saturation(story: Story) -> dict[str, int | None]:
    """Scenes whose visit counts can change play, with the count above which more visits change nothing.

    ``visited(x)`` only asks ``> 0``, so counts saturate at 1. ``visits(x)`` compared
    only with number literals saturates just above the largest literal; any other
    use (arithmetic, comparing two counts) needs the exact count: ``None``.
    """
    out: dict[str, int | None] = {}

    def need(scene: str, cap: int | None) -> None:
        if scene in out and (out[scene] is None or cap is None):
            out[scene] = None
        else:
            out[scene] = max(out.get(scene) or 0, cap) if cap is not None else None

    for root in all_expressions(story):
        parents = ex.parents(root)
        for call in ex.scenes_named(root):
            if call.func == "visited":
                need(call.arg, 1)
                continue
            parent = parents.get(id(call))
            if isinstance(parent, ex.Binary) and parent.op in ex.COMPARE_OPS:
                other = parent.right if parent.left is call else parent.left
                if isinstance(other, ex.Lit) and isinstance(other.value, int) and not isinstance(other.value, bool):
                    need(call.arg, max(1, other.value + 1))
                    continue
            need(call.arg, None)
    return out

