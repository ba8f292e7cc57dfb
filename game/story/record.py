"""Equality, hashing, repr (and ordering) for the story's frozen dataclasses, written once.

Python 3.11's ``dataclasses`` compiles each generated method with its own
``exec()``; for the model, expression and position classes that was most of
the cost of importing the story model, paid on every start of the player. Those
classes are declared ``@dataclass(frozen=True, eq=False, repr=False)`` and
inherit these methods instead, which behave as the generated ones: equal when
of the same class with equal fields, the hash of the field tuple,
``Name(field=value, ...)``, and for ``OrderedRecord`` the field tuple's order.
``fields()``, ``replace()`` and immutability are still the dataclass's own.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any

_KEYS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_NAMES: dict[type, tuple[str, ...]] = {}


def _key(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The function giving an instance's field tuple (what the generated __eq__ and __hash__ compare)."""
    key = _KEYS.get(cls)
    if key is None:
        key = _KEYS[cls] = _tuple_of(tuple(f.name for f in fields(cls) if f.compare))
    return key


def _tuple_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        return attrgetter(*names)
    if names:  # attrgetter of one name gives the bare value
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls) if f.repr)
    return names


class Record:
    """Base of a frozen dataclass declared with ``eq=False, repr=False``."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = _key(self.__class__)
            return bool(key(self) == key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_key(self.__class__)(self))

    @recursive_repr()
    def __repr__(self) -> str:
        cls = self.__class__
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(cls))
        return f"{cls.__qualname__}({inner})"


def _ordering(compare: Callable[[Any, Any], Any]) -> Callable[[Any, object], bool]:
    def method(self: Any, other: object) -> Any:  # bool, or NotImplemented for another class
        if other.__class__ is self.__class__:
            key = _key(self.__class__)
            return bool(compare(key(self), key(other)))
        return NotImplemented

    return method


class OrderedRecord(Record):
    """``Record`` that also orders as ``order=True`` would: by field tuple, same class only."""

    __slots__ = ()

    __lt__ = _ordering(operator.lt)
    __le__ = _ordering(operator.le)
    __gt__ = _ordering(operator.gt)
    __ge__ = _ordering(operator.ge)
