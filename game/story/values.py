"""How a value reads to the player: the one place for yes/no, numbers, enum labels and set items.

The status panel, interpolated text (``{pack}``) and the reasons given for a
greyed-out choice all show values through here, so a player never meets the
stored form (``lenin``, ``letter,lantern``) in one place and words in another.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.story.expr import Value, set_members

NOTHING = "nothing"  # an empty set, as the player reads it


def format_value(value: object) -> str:
    """A bare value: yes/no for a bool, else its text (numbers, enum ids)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def spoken_list(items: list[str]) -> str:
    """Items as a sentence says them: "a", "a and b", "a, b and c"; "nothing" for none."""
    if not items:
        return NOTHING
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def shown_value(kind: str, labels: Mapping[str, str], value: Value) -> str:
    """A variable's value as the player reads it: a set's items (by their labels) as a list,
    an enum value's label ('Lenin' for lenin), else ``format_value``."""
    if kind == "set":
        return spoken_list([labels.get(item, item) for item in set_members(value)])
    if isinstance(value, str) and value in labels:
        return labels[value]
    return format_value(value)
