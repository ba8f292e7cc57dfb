"""A compact timeline drawn with characters: where the player's path left the historical one."""

from __future__ import annotations

from rich.text import Text

from game.play.session import PathPoint


def _mark(point: PathPoint) -> str:
    if point.historical is None:
        return "·"
    return "●" if point.historical else "✕"


def path_timeline(path: tuple[PathPoint, ...], left_at: int | None, width: int = 76) -> Text:
    """Two rails, history and you; they run together until ``left_at`` and part there.

    Every meaning is also in words (the legend and the "left history at" line),
    never in colour alone.
    """
    text = Text()
    if not path:
        text.append("No key decisions on this path.", style="italic")
        return text
    step = max(2, min(6, (width - 12) // max(1, len(path))))
    history = Text("History  ", style="bold")
    you = Text("You      ", style="bold")
    for i, point in enumerate(path):
        joiner = "─" * (step - 1) if i else ""
        history.append(joiner + "●")
        if left_at is not None and i >= left_at:
            you.append(("╲" if i == left_at else "╌") * (step - 1) if i else "", style="italic")
            you.append(_mark(point), style="bold reverse" if i == left_at else "")
        else:
            you.append(joiner + _mark(point))
    text.append_text(history)
    text.append("\n")
    text.append_text(you)
    text.append("\n")
    if all(point.historical is None for point in path):
        text.append("The story marks no historical option at these decisions: compare them with"
                    " what happened, below.", style="italic")
    elif left_at is None:
        text.append("Your key decisions followed history all the way.", style="italic")
    else:
        point = path[left_at]
        date = f" ({point.date.old_text()})" if point.date else ""
        text.append(f"You left history at “{point.title}”{date}: you chose “{point.choice_text}”.", style="italic")
    text.append("\n● as it happened   ✕ not as it happened   · no historical option", style="dim")
    return text
