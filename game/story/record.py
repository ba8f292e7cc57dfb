"""``@record``: the story's frozen dataclasses, without compiling their methods at import.

Python 3.11's ``dataclasses`` compiles each generated method with its own
``exec()``: for a frozen class ``__init__``, ``__setattr__`` and ``__delattr__``,
and ``__eq__``, ``__hash__`` and ``__repr__`` unless told not to. For the forty
model, expression and view classes that was half the cost of importing the
engine, paid on every start of the player. So a ``@record`` class is a
dataclass whose methods are written once, here, and behave as the generated
ones: immutable (``FrozenInstanceError``), equal when of the same class with
equal fields, the hash of the field tuple, ``Name(field=value, ...)``, and for
``OrderedRecord`` the field tuple's order. Its ``__init__`` is made the first
time the class is built (classes a run never builds, such as the model's when
the player starts from a compiled story, never make one). ``fields()``,
``replace()`` and ``is_dataclass()`` work as for any dataclass, and type
checkers see one (``dataclass_transform``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


_C = TypeVar("_C", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: _C) -> _C:
    """Make ``cls`` (a subclass of ``Record``) a frozen dataclass with ``Record``'s methods."""
    dataclass(init=False, eq=False, repr=False)(cls)  # (fills in cls itself)
    cls.__init__ = _first_init  # type: ignore[misc]  # its own, so that a subclass does not take its parent's
    return cls


def _first_init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    init = _make_init(cls)
    cls.__init__ = init
    init(self, *args, **kwargs)


_NO_VALUE = object()


def _make_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` dataclasses would write, storing into the instance's dict directly."""
    params: list[str] = []
    body: list[str] = []
    names: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_NO_VALUE")
            body.append(f"    if {f.name} is _NO_VALUE: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(body) + "\n"
    exec(source, names)
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


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
    """Base of a ``@record`` class: its immutability, equality, hash and repr."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

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
