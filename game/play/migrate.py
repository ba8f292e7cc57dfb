"""Fit a saved state to the story as it is now, and say plainly what changed.

In ink and Ren'Py, editing a story after players saved is the most reported way
to lose a game. Here a save made with an older version of the story still loads
whenever it can: the author's ``renamed:`` map is followed, added variables take
their defaults, removed ones are dropped, values outside their declared type or
range are fixed, and a current scene that is gone falls back to the latest scene
of the journal that still exists. Every change becomes one sentence for the player
(and for ``petrograd check-saves``). Reflection answers are never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.play.state import State, Step
from game.story.expr import Value, set_members
from game.story.model import Story, Variable
from game.story.text import read_as

MAX_MAGNITUDE = 2**53  # beyond this a number without a declared range is corruption


def salvage(raw: dict[str, object]) -> tuple[dict[str, object], list[str], frozenset[str]]:
    """Drop the entries of a saved state that no game could have written, so the rest loads.

    A hand-edited save may hold a list where a number belongs; that one variable
    then takes its default (``fit_state`` says so) instead of the game refusing
    the whole file.
    """
    notes: list[str] = []
    reset: set[str] = set()
    out = dict(raw)
    values = raw.get("vars")
    if isinstance(values, dict):
        kept = {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, (bool, int, str))}
        for name in values:
            if name not in kept:
                reset.add(str(name))
                notes.append(f"'{_clip(str(name))}' held something that is not a value and was reset")
        out["vars"] = kept
    visits = raw.get("visits")
    if isinstance(visits, dict):
        out["visits"] = {
            k: v for k, v in visits.items() if isinstance(v, int) and not isinstance(v, bool) and v >= 0
        }
    return out, notes, frozenset(reset)


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def follow(renames: Mapping[str, str], name: str) -> str:
    """Where ``name`` went, through chains of renames (a -> b -> c); stops on a cycle."""
    seen = {name}
    while name in renames:
        name = renames[name]
        if name in seen:
            break
        seen.add(name)
    return name


@dataclass
class Fit:
    """What fitting a state changed: one sentence each; ``lost_progress`` if the player is set back."""

    changes: list[str] = field(default_factory=list)
    setbacks: list[str] = field(default_factory=list)  # the changes that set the player back

    @property
    def lost_progress(self) -> bool:
        """The current scene or the perspective had to change."""
        return bool(self.setbacks)


def fit_state(story: Story, state: State, reset: frozenset[str] = frozenset()) -> Fit:
    """Change ``state`` in place to fit ``story`` and report what changed.

    Raises nothing for any state ``State.from_json`` accepted, unless the story
    itself has no usable start scene (then ``LookupError``). Variables named in
    ``reset`` were already reported (by ``salvage``) and take their defaults quietly.
    """
    changes: list[str] = []
    _rename_scenes(story, state, changes)
    setbacks: list[str] = []
    _fit_perspective(story, state, setbacks)
    changes.extend(setbacks)
    _fit_variables(story, state, changes, reset)
    state.visits = {k: v for k, v in state.visits.items() if story.node(k) is not None}
    before = len(setbacks)
    _fit_scene(story, state, setbacks)
    changes.extend(setbacks[before:])
    return Fit(changes, setbacks)


def _rename_scenes(story: Story, state: State, changes: list[str]) -> None:
    renames = story.renamed_scenes
    if not renames:
        return
    mentioned = {state.scene, *(s.scene for s in state.path), *state.visits}
    mentioned |= {key.split("/", 1)[0] for key in state.answers}
    for old in sorted(mentioned):
        new = follow(renames, old)
        node = story.node(new)
        if new != old and node is not None and story.node(old) is None:
            changes.append(f"the scene '{old}' is now “{read_as(node.title_shown, node.title, story.variables, state.vars, state.visits)}” ('{new}')")

    def move(scene: str) -> str:
        return scene if story.node(scene) is not None else follow(renames, scene)

    state.scene = move(state.scene)
    state.path = [Step(move(s.scene), s.choice) for s in state.path]
    visits: dict[str, int] = {}
    for scene, count in state.visits.items():
        target = move(scene)
        visits[target] = visits.get(target, 0) + count
    state.visits = visits
    answers: dict[str, str] = {}
    for key, text in state.answers.items():
        ending, sep, rest = key.partition("/")
        answers[move(ending) + sep + rest if sep else key] = text
    state.answers = answers


def _fit_perspective(story: Story, state: State, changes: list[str]) -> None:
    ids = [p.id for p in story.perspectives]
    if not ids:
        if state.perspective is not None:
            changes.append(f"the story no longer has perspectives; '{state.perspective}' was dropped")
        state.perspective = None
        state.vars.pop("perspective", None)
        return
    if state.perspective not in ids:
        was = f"'{state.perspective}'" if state.perspective else "none"
        chosen = story.perspectives[0]
        changes.append(
            f"the perspective {was} is not in this version of the story; you continue as “{chosen.title}”"
        )
        state.perspective = chosen.id
    state.vars["perspective"] = state.perspective


def _fit_variables(story: Story, state: State, changes: list[str], reset: frozenset[str]) -> None:
    renames = story.renamed_variables
    values: dict[str, Value] = {}
    for name, value in state.vars.items():
        if name == "perspective":
            values[name] = value
            continue
        new = name if name in story.variables else follow(renames, name)
        if new not in story.variables:
            changes.append(f"“{_label(name)}” is no longer part of the story and was dropped ('{name}')")
            continue
        if new != name:
            changes.append(f"“{_label(name)}” is now called “{story.variables[new].display_label}” ('{new}')")
        values[new] = value
    for name, var in story.variables.items():
        if name not in values:
            if name not in reset:
                changes.append(f"new in this version of the story: {var.display_label} (starts at {_show(var.default)})")
            values[name] = var.default
            continue
        fixed, why = _fit_value(var, values[name])
        if why:
            changes.append(f"{var.display_label} {why}; now {_show(fixed)}")
        values[name] = fixed
    state.vars = values


def _fit_value(var: Variable, value: Value) -> tuple[Value, str]:
    """The value made to fit ``var``'s type and range, and why it changed ("" if it did not)."""
    kind = var.type.kind
    if kind == "bool":
        if isinstance(value, bool):
            return value, ""
        return var.default, f"held {_show(value)}, which is not yes/no"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return var.default, f"held {_show(value)}, which is not a number"
        if abs(value) > MAX_MAGNITUDE:
            return var.default, "held a number far too large"
        if var.minimum is not None and value < var.minimum:
            return var.minimum, f"was {value}, below the least allowed ({var.minimum})"
        if var.maximum is not None and value > var.maximum:
            return var.maximum, f"was {value}, above the most allowed ({var.maximum})"
        return value, ""
    if kind == "enum":
        if isinstance(value, str) and value in var.type.values:
            return value, ""
        return var.default, f"held {_show(value)}, which is no longer one of its values"
    if kind == "set":
        if not isinstance(value, str):
            return var.default, f"held {_show(value)}, which is not a set"
        kept = ",".join(v for v in var.type.values if v in set_members(value))
        gone = [item for item in set_members(value) if item not in var.type.values]
        return kept, (f"held {', '.join(gone)}, which the story no longer has" if gone else "")
    return value, ""


def _fit_scene(story: Story, state: State, changes: list[str]) -> None:
    if story.node(state.scene) is not None:
        return
    gone = state.scene
    for index in range(len(state.path) - 1, -1, -1):
        node = story.node(state.path[index].scene)
        if node is not None:
            state.path = state.path[:index]
            state.scene = node.id
            changes.append(
                f"the scene you were in ('{gone}') is no longer in the story;"
                f" you continue from “{read_as(node.title_shown, node.title, story.variables, state.vars, state.visits)}”, the latest scene of your journal that still exists"
            )
            return
    start = story.start_for(state.perspective)
    node = story.node(start)
    if node is None:
        raise LookupError(f"the story's start scene '{start}' does not exist")
    state.path = []
    state.scene = node.id
    state.visits.setdefault(node.id, 1)
    changes.append(
        f"the scene you were in ('{gone}') is no longer in the story, nor any scene of your journal;"
        f" you start again from “{read_as(node.title_shown, node.title, story.variables, state.vars, state.visits)}” (your answers are kept)"
    )


def _label(name: str) -> str:
    return _clip(name.replace("_", " ").strip().capitalize() or name)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _clip(repr(value) if isinstance(value, str) else str(value) if isinstance(value, int) else type(value).__name__)
