"""The story map: scenes as nodes grouped by act or file, endings marked, conditional choices labelled.

Two text formats anyone can render: Mermaid (code-hosting pages render it inline)
and Graphviz DOT (``dot -Tsvg``). Node ids are prefixed (``n_``) because Mermaid
treats some words, ``end`` among them, as syntax.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.story.model import Choice, Ending, Scene, Story


def _groups(story: Story, by: str) -> list[tuple[str, str, list[Scene | Ending]]]:
    """(key, label, nodes) in story order; one unnamed group when ``by`` is "none"."""
    groups: dict[str, list[Scene | Ending]] = {}
    for node in story.nodes():
        key = node.act if by == "act" else node.pos.file if by == "file" else ""
        groups.setdefault(key, []).append(node)
    out = []
    order = [a.id for a in story.acts] if by == "act" else []
    for key in sorted(groups, key=lambda k: (k not in order, order.index(k) if k in order else 0, k)):
        act = story.act(key) if by == "act" else None
        label = act.title if act else key
        out.append((key, label, groups[key]))
    return out


def _edge_label(choice: Choice) -> str:
    parts = []
    if choice.condition is not None:
        parts.append(f"if {choice.condition.source}")
    if choice.once:
        parts.append("once")
    return "; ".join(parts)


def _starts(story: Story) -> list[tuple[str, str, str]]:
    """(id, label, scene) of each way in: one per perspective, or the story's start."""
    if story.perspectives:
        return [(f"start_{p.id}", f"start: {p.title or p.id}", story.start_for(p.id)) for p in story.perspectives]
    return [("start", "start", story.start)]


def _edges(story: Story) -> Iterator[tuple[Scene, Choice]]:
    for scene in story.scenes.values():
        for choice in scene.choices:
            if story.node(choice.target) is not None:
                yield scene, choice


# --- Mermaid -------------------------------------------------------------------


def _mm(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    return (
        text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
        .replace("\n", " ").replace("|", "#124;")
    )


def mermaid(story: Story, group: str = "act") -> str:
    lines = ["flowchart TD"]
    for i, (key, label, nodes) in enumerate(_groups(story, group)):
        indent = "    "
        if key:
            lines.append(f'  subgraph g{i}["{_mm(label)}"]')
        else:
            indent = "  "
        for node in nodes:
            title = _mm(node.title or node.id)
            if isinstance(node, Ending):
                lines.append(f'{indent}n_{node.id}(["{title}<br/>({node.id}, {node.kind})"]):::ending')
            else:
                lines.append(f'{indent}n_{node.id}["{title}<br/>({node.id})"]')
        if key:
            lines.append("  end")
    for start_id, label, first in _starts(story):
        lines.append(f'  {start_id}(("{_mm(label)}")):::start --> n_{first}')
    for scene, choice in _edges(story):
        label = _edge_label(choice)
        arrow = "==>" if choice.historical else ("-.->" if choice.condition is not None else "-->")
        lines.append(f'  n_{scene.id} {arrow}' + (f'|"{_mm(label)}"|' if label else "") + f" n_{choice.target}")
    lines.append("  classDef ending stroke-width:3px")
    lines.append("  classDef start stroke-dasharray:3 3")
    return "\n".join(lines) + "\n"


# --- DOT -------------------------------------------------------------------------


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(story: Story, group: str = "act") -> str:
    lines = [
        "digraph story {",
        f"  graph [label={_dot(story.title)}, labelloc=t, rankdir=TB, fontname=Helvetica];",
        "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=10];",
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for i, (key, label, nodes) in enumerate(_groups(story, group)):
        indent = "    " if key else "  "
        if key:
            lines.append(f"  subgraph cluster_{i} {{")
            lines.append(f"    label={_dot(label)};")
        for node in nodes:
            text = f"{node.title or node.id}\n({node.id})"
            if isinstance(node, Ending):
                lines.append(f"{indent}n_{node.id} [label={_dot(text + chr(10) + node.kind)}, shape=doubleoctagon, style=bold];")
            else:
                lines.append(f"{indent}n_{node.id} [label={_dot(text)}];")
        if key:
            lines.append("  }")
    for start_id, label, first in _starts(story):
        lines.append(f"  {start_id} [label={_dot(label)}, shape=plaintext];")
        lines.append(f"  {start_id} -> n_{first};")
    for scene, choice in _edges(story):
        attrs = []
        label = _edge_label(choice)
        if label:
            attrs.append(f"label={_dot(label)}")
        if choice.condition is not None:
            attrs.append("style=dashed")
        if choice.historical:
            attrs.append("penwidth=2")
        lines.append(f"  n_{scene.id} -> n_{choice.target}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_graph(story: Story, fmt: str = "mermaid", group: str = "act") -> str:
    return dot(story, group) if fmt == "dot" else mermaid(story, group)
