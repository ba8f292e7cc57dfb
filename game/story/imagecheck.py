"""What a story image must hold before a game trusts it: the types of its fields and its links.

An image (``game.story.image``) lives in the user's own cache folder. Its
checksum finds damage, not edits: anyone can change a choice's target or an
expression and write the checksum again. The loader and ``check`` vouch for a
story read from YAML; for one rebuilt from an image, this module checks what
the game relies on, so an edited image is refused (``ImageError``, then the
YAML is read) instead of failing in the middle of a game:

- every field holds what the model's type hints say (a number where a number
  belongs, a ``Choice`` in a scene's choices, a tuple of the right length), a
  rule derived from the dataclasses themselves, so a new field is covered;
- every id a game follows names something that exists: a choice's target, a
  perspective's start, a scene named by ``visited()``, a variable, a glossary
  entry a link opens;
- every expression and effect types as the loader typed it (``expr.type_of``,
  ``expr.check_effects``), so no evaluation meets a value of the wrong kind.

The checks run where the records are built: each record as it is made, each
scene or ending when it is built (a lazy image builds them as the game visits
them), the rest of the story once.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from game.story import expr as ex
from game.story.errors import ExprError, Pos
from game.story.model import Choice, Condition, Effects, Interp, Link, Story, Variable

Check = Callable[[Any], bool]


class ImageError(Exception):
    """The image is not one this engine wrote: load the story's files instead."""


def _always(value: Any) -> bool:
    return True


def _checker(hint: Any) -> Check:
    """A test that a stored value fits the type hint ``hint`` (the model uses few kinds of hint)."""
    origin = typing.get_origin(hint)
    if hint is bool:
        return lambda v: type(v) is bool
    if hint is int:
        return lambda v: type(v) is int
    if hint is str:
        return lambda v: type(v) is str
    if hint is type(None):
        return lambda v: v is None
    if origin in (typing.Union, types.UnionType):
        options = tuple(_checker(arg) for arg in typing.get_args(hint))
        return lambda v: any(option(v) for option in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _checker(args[0])
            return lambda v: type(v) is tuple and all(item(x) for x in v)
        each = tuple(_checker(arg) for arg in args)
        return lambda v: type(v) is tuple and len(v) == len(each) and all(c(x) for c, x in zip(each, v))
    if origin in (Mapping, typing.Mapping):
        value = _checker(typing.get_args(hint)[1])
        return lambda v: isinstance(v, Mapping) and all(type(k) is str for k in v) and (
            type(v).__name__ == "LazyNodes" or all(value(x) for x in v.values())  # a lazy node is checked when built
        )
    if isinstance(hint, type) and is_dataclass(hint):
        return lambda v: type(v) is hint
    return _always  # a derived field (a compiled closure) or a value no image stores


@cache
def field_checks(cls: type) -> tuple[tuple[str, Check], ...]:
    """Each field of a record class with the test its stored value must pass."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _checker(hints[f.name])) for f in fields(cls))


def check_fields(cls: type, values: dict[str, Any]) -> None:
    """ImageError unless every stored field of a ``cls`` record holds a value of its type."""
    for name, check in field_checks(cls):
        if name in values and not check(values[name]):
            held = type(values[name]).__name__
            raise ImageError(f"not a story image ({cls.__name__}.{name} holds a {held})")


class Links:
    """The names a story's records may point to, and the checks of one record's links against them."""

    def __init__(self, story: Story) -> None:
        self.story = story
        var_types: dict[str, ex.VarType] = {name: v.type for name, v in story.variables.items()}
        if story.perspectives:
            var_types["perspective"] = ex.VarType("enum", tuple(p.id for p in story.perspectives))
        self.types = var_types

    def node_exists(self, node_id: Any) -> bool:
        return node_id in self.story.scenes or node_id in self.story.endings

    def check_story(self) -> None:
        """The parts outside scenes and endings: where games start, and the variables' starting values."""
        story = self.story
        if not self.node_exists(story.start) and not all(p.start for p in story.perspectives):
            raise ImageError(f"not a story image (it starts at '{story.start}', no scene of it)")
        for perspective in story.perspectives:
            if perspective.start and not self.node_exists(perspective.start):
                raise ImageError(f"not a story image (perspective '{perspective.id}' starts at no scene)")
        for name, variable in story.variables.items():
            if name != variable.name or not _fits(variable):
                raise ImageError(f"not a story image (variable '{name}' does not hold its type)")
        self.check(story.perspectives)
        self.check(story.timeline)

    def check(self, value: Any, in_text: bool = False) -> None:
        """Every record in ``value`` (a record, tuple or mapping) and what it links to."""
        kind = type(value)
        if kind is tuple:
            for item in value:
                self.check(item, in_text)
            return
        if kind is MappingProxyType:
            for item in value.values():
                self.check(item, in_text)
            return
        try:
            children = _CHILDREN[kind]
        except KeyError:
            children = _CHILDREN[kind] = _children(kind)
        if children is None:
            return  # a scalar, a position, or a lazy mapping (each of its nodes is checked when built)
        if kind in _LINKED:
            try:
                self._links(value, in_text)
            except ExprError as exc:
                raise ImageError(f"not a story image ({exc.message})") from None
        for name in children:
            self.check(getattr(value, name), in_text)

    def _links(self, record: Any, in_text: bool) -> None:
        if type(record) is Choice and not self.node_exists(record.target):
            raise ImageError(f"not a story image (choice '{record.id}' leads to no scene)")
        if type(record) is Condition:
            found = ex.type_of(record.node, self.types)
            if found != ex.BOOL and not in_text:
                raise ImageError(f"not a story image (a condition that is {found}, not true or false)")
            self._scenes_named(record.node)
        elif type(record) is Effects:
            if len(record.values) != len(record.assigns):
                raise ImageError("not a story image (effects without their values)")
            ex.check_effects(record.assigns, self.types, frozenset({"perspective"}))
            for assign in record.assigns:
                self._scenes_named(assign.value)
        elif type(record) is Interp:
            if record.expr is None:
                if record.name not in self.types and record.name != "player":  # the player's name, as the loader allows
                    raise ImageError(f"not a story image (text shows no variable '{record.name}')")
            else:
                self.check(record.expr, in_text=True)
        elif type(record) is Link:
            if record.key not in self.story.glossary and record.key not in self.story.lookup:
                raise ImageError(f"not a story image (a link to no glossary entry '{record.key}')")

    def _scenes_named(self, node: ex.Node) -> None:
        for call in ex.scenes_named(node):
            if not self.node_exists(call.arg):
                raise ImageError(f"not a story image ({call.func}() names no scene '{call.arg}')")


_LINKED = frozenset({Choice, Condition, Effects, Interp, Link})


_CHILDREN: dict[type, tuple[str, ...] | None] = {}


def _children(kind: type) -> tuple[str, ...] | None:
    """The fields of a record class that may hold records with links; None for a type with none."""
    if not is_dataclass(kind) or kind is Pos:
        return None
    if kind in (Interp, Link, Condition, Effects):
        return ()  # their links are checked whole by ``_links``
    hints = typing.get_type_hints(kind)
    plain = {bool, int, str, type(None), Pos}
    return tuple(
        f.name for f in fields(kind)
        if not (set(typing.get_args(hints[f.name])) | {hints[f.name]}) <= plain
    )


def _fits(variable: Variable) -> bool:
    """Whether a variable's starting value is of its declared type."""
    kind, value = variable.type.kind, variable.default
    if kind == "int":
        return type(value) is int
    if kind == "bool":
        return type(value) is bool
    if kind == "enum":
        return type(value) is str and value in variable.type.values
    if kind == "set":
        return type(value) is str and all(item in variable.type.values for item in ex.set_members(value))
    return False
