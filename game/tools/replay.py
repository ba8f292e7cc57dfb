"""How ``play`` starts a game from its options: a new game, ``--warp SCENE --set x=v``, or ``--replay FILE``.

Used by the Textual app and plain mode alike, so both start the same game from
the same flags. Every mistake is a ``PlayError`` with one line that says what to
fix (``--set standing=high: standing is a number``), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from game.play.options import PlayOptions
from game.play.printable import printable
from game.play.session import Session
from game.story.errors import PlayError
from game.story.expr import Value
from game.story.loader import did_you_mean
from game.story.model import Story
from game.tools.witness import ReplayError, read_path, replay

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class OptionsError(PlayError):
    """A ``--warp``/``--set``/``--replay`` option that does not fit the story."""


def parse_sets(story: Story, sets: Mapping[str, str]) -> dict[str, Value]:
    """``--set name=value`` strings read by each variable's declared type."""
    out: dict[str, Value] = {}
    for name, text in sets.items():
        var = story.variables.get(name)
        if var is None:
            hint = did_you_mean(name, list(story.variables))
            known = hint or f"the variables are: {', '.join(story.variables) or 'none'}"
            raise OptionsError(f"--set {name}={text}: no variable '{name}' in this story ({known})")
        kind = var.type.kind
        word = text.strip()
        if kind == "int":
            try:
                out[name] = int(word)
            except ValueError:
                raise OptionsError(f"--set {name}={text}: '{name}' is a whole number, e.g. --set {name}=2") from None
        elif kind == "bool":
            if word.lower() in _TRUE:
                out[name] = True
            elif word.lower() in _FALSE:
                out[name] = False
            else:
                raise OptionsError(f"--set {name}={text}: '{name}' is true or false")
        elif kind == "set":
            out[name] = _set_items(name, text, var.type.values)
        else:
            if word not in var.type.values:
                hint = did_you_mean(word, list(var.type.values))
                raise OptionsError(
                    f"--set {name}={text}: '{name}' is one of {', '.join(var.type.values)}" + (f" ({hint})" if hint else "")
                )
            out[name] = word
    return out


def _set_items(name: str, text: str, values: tuple[str, ...]) -> str:
    """``--set pack=letter,rope`` (or ``[letter, rope]``, ``[]``, nothing): a set's items, as play stores them."""
    items = [item.strip().strip("'\"") for item in text.strip().removeprefix("[").removesuffix("]").split(",")]
    for item in (i for i in items if i):
        if item not in values:
            hint = did_you_mean(item, list(values))
            raise OptionsError(f"--set {name}={text}: '{item}' is not one of {', '.join(values)}" + (f" ({hint})" if hint else "")
                               + f"; a set takes its items separated by commas, e.g. --set {name}={','.join(values[:2])}")
    return ",".join(v for v in values if v in items)


def clamp_notes(story: Story, sets: Mapping[str, str], values: Mapping[str, Value]) -> list[str]:
    """A line for each ``--set`` value outside its variable's bounds: the game starts with the bound
    (``Variable.clamp``, the rule every change of the variable follows), and the author should know."""
    notes = []
    for name, value in values.items():
        var = story.variables[name]
        kept = var.clamp(value)
        if kept != value:
            way = "up" if isinstance(value, int) and isinstance(kept, int) and value > kept else "down"
            notes.append(f"--set {name}={sets[name]}: '{name}' goes {way} to {kept}, so the game starts with {name} = {kept}")
    return notes


def check_perspective(story: Story, perspective: str | None) -> str | None:
    """``perspective`` if the story has it (None stays None); OptionsError naming the ones it has."""
    if not perspective:
        return None
    if story.perspective(perspective) is None:
        known = ", ".join(p.id for p in story.perspectives) or "none"
        raise OptionsError(f"--perspective {perspective}: no such perspective (this story has: {known})")
    return perspective


def _replayed(story: Story, options: PlayOptions, perspective: str | None) -> Session:
    """The session ``--replay FILE`` asks for: the file's recorded choices taken one by one."""
    assert options.replay
    found = read_path(options.replay)
    if found.story_id and found.story_id != story.id:
        raise ReplayError(f"{options.replay}: the path is for story '{found.story_id}', not '{story.id}'")
    witness = found.witness
    if perspective is not None and witness.perspective != perspective:
        raise OptionsError(f"{options.replay}: the path starts as {witness.perspective}, not {perspective}")
    try:
        return replay(story, witness, undo=options.undo, player=options.player)
    except ReplayError as exc:
        raise ReplayError(f"{options.replay}: {exc}") from None


def session_from_options(story: Story, options: PlayOptions) -> Session:
    """The session ``play`` starts with: replayed, warped, or new."""
    perspective = check_perspective(story, options.perspective)
    if options.replay and options.warp:
        raise OptionsError("use --warp or --replay, not both")
    if options.sets and not options.warp:
        raise OptionsError("--set works with --warp SCENE (e.g. --warp SCENE_ID --set VARIABLE=2)")
    if options.replay:
        try:
            return _replayed(story, options, perspective)
        except PlayError as exc:  # the message quotes the file's own ids and name: shown, never obeyed
            raise type(exc)(printable(str(exc))) from None
    if options.warp:
        if story.node(options.warp) is None:
            hint = did_you_mean(options.warp, [*story.scenes, *story.endings])
            raise OptionsError(f"--warp {options.warp}: no such scene" + (f" ({hint})" if hint else ""))
        values = parse_sets(story, options.sets)
        for note in clamp_notes(story, options.sets, values):
            print(f"petrograd play: {note}", file=sys.stderr)  # said before the game's screen takes the terminal
        session = Session.warp(story, options.warp, values, perspective)
        session.undo_allowed = options.undo and story.undo
        session.state.player = options.player
        session.state.seed = options.seed
        return session
    return Session(story, perspective, seed=options.seed, player=options.player, undo=options.undo)
