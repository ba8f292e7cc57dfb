"""``@record`` classes behave as the frozen dataclasses they replace."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, field, fields, is_dataclass, replace

import pytest

from game.story.errors import Pos
from game.story.model import Story
from game.story.record import OrderedRecord, Record, record


@record
class Point(Record):
    """A test record with a default and a default factory."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@record
class Point3(Point):
    """A record that extends another: its own constructor, with the parent's fields first."""

    z: int = 0


@record
class Version(OrderedRecord):
    """An ordered record."""

    major: int
    minor: int = 0


def test_constructor_as_a_dataclass_writes_it():
    assert Point(1) == Point(1, 0, [])
    assert Point(x=2, y=3).y == 3
    assert Point(1).tags is not Point(1).tags  # each default_factory call is a new value
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, [], "", 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=2)  # type: ignore[call-arg]


def test_a_subclass_gets_its_own_constructor_even_after_the_parent_made_one():
    Point(1)
    assert Point3(1, 2, ["a"], "n", 3).z == 3
    assert [f.name for f in fields(Point3)] == ["x", "y", "tags", "note", "z"]
    assert Point(5) == Point(5)  # and the parent's still takes its own fields


def test_immutable():
    p = Point(1)
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'x'"):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'x'"):
        del p.x
    with pytest.raises(FrozenInstanceError):
        p.other = 1


def test_equality_hash_repr_and_order():
    assert Point(1, note="a") == Point(1, note="b")  # compare=False fields are left out
    assert hash(Point(1, 2, ())) == hash(Point(1, 2, ()))  # type: ignore[arg-type]
    assert Point(1) != Point3(1)  # another class is never equal
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    assert sorted([Version(2), Version(1, 5), Version(1)]) == [Version(1), Version(1, 5), Version(2)]
    assert Pos("a", 1, 2) < Pos("a", 2, 1)


def test_dataclass_tools_work():
    p = Point(1, 2)
    assert is_dataclass(p) and replace(p, y=7) == Point(1, 7)
    assert copy.deepcopy(p) == p and pickle.loads(pickle.dumps(Version(3, 1))) == Version(3, 1)
    story = Story("s", "Title", "start")
    assert story.scenes == {} and replace(story, title="Other").title == "Other"
