"""A loaded story as compact JSON and back: the compiled form the player starts from.

Like ink's runtime, which plays compiled JSON rather than the source, the
player need not parse YAML, templates and expressions on every start: once a
story has loaded and checked clean, ``game.story.cache`` keeps its image, and
``decode`` rebuilds the very same model (equal field by field, with the same
objects shared where the loader shared them) without importing PyYAML.

The encoding is generic over the story's frozen dataclasses. Every value is a
JSON scalar or a list whose first item says what it is: a tuple, a read-only
mapping (key, value, key, value...), a reference back to a record already
built, or a record of class ``classes[code - RECORD]`` with its stored fields
in declaration order. Records are numbered in the order they are finished
(children first), so a reference always names one that exists. The compiled
tests and values (closures) are not stored: they are made again from the
expressions' ASTs, so they always come from this engine's compiler.

Scenes, endings and glossary entries (nine tenths of a story) are each encoded
on their own, as a ``NODES`` mapping, so that the player can build one when it
is first asked for (``decode(doc, lazy=True)``: a game visits a few dozen
scenes, and the first one is all it needs to start). Records shared between two
of them are then two equal records; everything else is as the loader made it.
``dumps`` writes the story as one line of JSON for the rest and, after it, each
node's JSON, which the line locates by offsets; ``loads`` parses that line only
and each node's JSON when the node is built.

The image is read from the user's own cache, not from the story's author, yet
``decode`` still refuses anything it does not expect (an unknown class, a wrong
number of fields, a dangling reference) with ``ImageError``, and the caller
then loads the YAML. Its checksum only finds damage; an image edited on purpose
is refused by ``game.story.imagecheck`` (field types, links, expression types),
each scene when it is built: in a lazy image, when a game first visits it, and
the cache then gives the YAML's scene instead (``LazyNodes.recover``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from types import MappingProxyType
from typing import Any

from game.story import calendar, errors, model
from game.story import expr as ex
from game.story.imagecheck import ImageError, Links, check_fields
from game.story.model import Condition, Effects, Story

FORMAT = 3  # 3: titles and status labels may be templates (title_shown, label_shown)

TUPLE, MAPPING, REF, NODES, RECORD = 0, 1, 2, 3, 10
_NODE_FIELDS = ("scenes", "endings", "glossary")


__all__ = ["FORMAT", "ImageError", "LazyNodes", "decode", "dumps", "encode", "loads", "pack"]

_DECODING_ERRORS = (LookupError, TypeError, ValueError, AttributeError, RecursionError, errors.ExprError)


def _derive_test(stored: dict[str, Any], compiled: Callable[[ex.Node], ex.Compiled]) -> None:
    stored["test"] = compiled(stored["node"])


def _derive_values(stored: dict[str, Any], compiled: Callable[[ex.Node], ex.Compiled]) -> None:
    stored["values"] = tuple(compiled(assign.value) for assign in stored["assigns"])


# Fields made on decoding rather than stored, and how.
_DERIVED: dict[type, tuple[str, Callable[[dict[str, Any], Callable[[ex.Node], ex.Compiled]], None]]] = {
    Condition: ("test", _derive_test),
    Effects: ("values", _derive_values),
}


def _record_classes() -> dict[str, type]:
    """The dataclasses an image may hold, by name: the model's, the expressions' and ``Pos``."""
    found: dict[str, type] = {}
    for module in (model, calendar, ex, errors):
        for name, value in vars(module).items():
            if isinstance(value, type) and is_dataclass(value) and value.__module__ == module.__name__:
                found[name] = value
    return found


def _stored_fields(cls: type) -> tuple[str, ...]:
    derived = _DERIVED.get(cls, ("",))[0]
    return tuple(f.name for f in fields(cls) if f.name != derived)


def encode(story: Story) -> dict[str, Any]:
    """The story as a JSON-ready value (``decode`` takes it back)."""
    known = _record_classes()
    names: list[str] = []
    codes: dict[type, int] = {}
    stored: dict[type, tuple[str, ...]] = {}
    done: dict[int, int] = {}  # id(record) -> its number (in the story, or in one scene)

    def put(value: Any) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            return value
        if kind is tuple:
            return [TUPLE, *map(put, value)]
        if kind is MappingProxyType:
            out: list[Any] = [MAPPING]
            for key, item in value.items():
                if type(key) is not str:
                    raise TypeError(f"a story mapping with a {type(key).__name__} key")
                out += (key, put(item))
            return out
        number = done.get(id(value))
        if number is not None:
            return [REF, number]
        if known.get(kind.__name__) is not kind:
            raise TypeError(f"{kind.__name__} is not a story record")
        code = codes.get(kind)
        if code is None:
            code = codes[kind] = RECORD + len(names)
            names.append(kind.__name__)
            stored[kind] = _stored_fields(kind)
        if kind is Story:
            out = [code, *(nodes(getattr(value, name)) if name in _NODE_FIELDS else put(getattr(value, name)) for name in stored[kind])]
        else:
            out = [code, *(put(getattr(value, name)) for name in stored[kind])]
        done[id(value)] = len(done)
        return out

    def nodes(mapping: Any) -> list[Any]:
        nonlocal done
        out: list[Any] = [NODES]
        outer = done
        for key, node in mapping.items():
            done = {}
            out += (key, put(node))
        done = outer
        return out

    body = put(story)
    return {"format": FORMAT, "classes": names, "body": body}


def dumps(story: Story) -> bytes:
    """The story as bytes: its JSON with each node's JSON moved after it (see the module's note)."""
    return pack(encode(story))


def pack(doc: dict[str, Any]) -> bytes:
    """An ``encode`` value as ``dumps`` writes it (its node lists are replaced by their offsets)."""
    import orjson

    section: list[bytes] = []
    size = 0
    for part in doc["body"][1:]:
        if type(part) is list and part and part[0] == NODES:
            for i in range(2, len(part), 2):
                blob = orjson.dumps(part[i])
                part[i] = [size, size + len(blob)]
                section.append(blob)
                size += len(blob)
    return orjson.dumps(doc) + b"\n" + b"".join(section)


def loads(data: bytes, lazy: bool = False) -> Story:
    """The story ``dumps`` wrote; ``ImageError`` for anything else."""
    import orjson

    line, newline, section = data.partition(b"\n")
    if not newline:
        raise ImageError("not a story image (no node section)")
    try:
        doc = orjson.loads(line)
    except orjson.JSONDecodeError:
        raise ImageError("not a story image (not JSON)") from None
    return decode(doc, lazy, memoryview(section))


def decode(doc: Any, lazy: bool = False, section: memoryview | None = None) -> Story:
    """The story an ``encode`` value holds; ``ImageError`` for anything else.

    With ``lazy``, each node is built when first looked up (see ``LazyNodes``);
    the image's checksum (``game.story.cache``) is what vouches for the parts
    not yet read. ``section`` holds the nodes' JSON when ``loads`` parsed the rest.
    """
    reader = _Reader(doc, lazy, section)
    try:
        story = reader.story()
        if type(story) is not Story:
            raise ImageError("not a story image (no story at its root)")
        reader.links = Links(story)
        reader.links.check_story()
        if not lazy:
            for name in _NODE_FIELDS:
                reader.links.check(getattr(story, name))
    except ImageError:
        raise
    except _DECODING_ERRORS as exc:
        raise ImageError(f"not a story image ({type(exc).__name__})") from None
    return story


class LazyNodes(Mapping[str, Any]):
    """A story's scenes (or endings) that builds each one when it is first looked up.

    A node whose image fails its checks is taken from ``recover`` (the cache
    sets it to read the story's YAML) when one is set: the game is under way.
    """

    __slots__ = ("_raw", "_built", "_build", "recover")

    def __init__(self, raw: dict[str, Any], build: Callable[[Any], Any]) -> None:
        self._raw = raw
        self._built: dict[str, Any] = {}
        self._build = build
        self.recover: Callable[[str, ImageError], Any] | None = None

    def __getitem__(self, key: str) -> Any:
        node = self._built.get(key)
        if node is None:
            raw = self._raw[key]
            try:
                try:
                    node = self._build(raw)
                except _DECODING_ERRORS as exc:
                    raise ImageError(f"not a story image ({type(exc).__name__} in '{key}')") from None
            except ImageError as exc:
                if self.recover is None:
                    raise
                node = self.recover(key, exc)
            self._built[key] = node
        return node

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._raw else default

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"LazyNodes({list(self._raw)!r})"


class _Reader:
    """One image's classes and compiled closures, and the decoding of its parts."""

    def __init__(self, doc: Any, lazy: bool, section: memoryview | None = None) -> None:
        if type(doc) is not dict or doc.get("format") != FORMAT or type(doc.get("classes")) is not list:
            raise ImageError("not a story image of this format")
        self.doc = doc
        self.lazy = lazy
        self.section = section
        known = _record_classes()
        self.classes: list[type] = []
        self.stored: list[tuple[str, ...]] = []
        self.derive: list[Any] = []
        for name in doc["classes"]:
            cls = known.get(name) if type(name) is str else None
            if cls is None:
                raise ImageError(f"not a story image (unknown record {name!r})")
            self.classes.append(cls)
            self.stored.append(_stored_fields(cls))
            self.derive.append(_DERIVED.get(cls, (None, None))[1])
        self.closures: dict[int, ex.Compiled] = {}  # shared ASTs get one closure, as the loader gives them
        self.links: Links | None = None  # the story's names, once its root is built: each lazy node is checked

    def story(self) -> Any:
        body = self.doc.get("body")
        if type(body) is not list or not body:
            raise ImageError("not a story image (no body)")
        return self.part(body)

    def compiled(self, node: ex.Node) -> ex.Compiled:
        closure = self.closures.get(id(node))
        if closure is None:
            closure = self.closures[id(node)] = ex.compile_expr(node)
        return closure

    def part(self, top: Any) -> Any:
        """One part with its own numbering of records: the story, or one node (a list, or its JSON)."""
        classes, stored, derive, compiled = self.classes, self.stored, self.derive, self.compiled
        made: list[Any] = []
        new = object.__new__
        set_dict = object.__setattr__

        def take(item: list[Any]) -> Any:
            code = item[0]
            if code >= RECORD:
                index = code - RECORD
                names = stored[index]
                if len(item) != len(names) + 1:
                    raise ImageError(f"not a story image ({classes[index].__name__} with {len(item) - 1} fields)")
                values = dict(zip(names, [take(v) if type(v) is list else v for v in item[1:]]))
                check_fields(classes[index], values)
                if derive[index] is not None:
                    derive[index](values, compiled)
                record = new(classes[index])
                set_dict(record, "__dict__", values)
                made.append(record)
                return record
            if code == TUPLE:
                return tuple([take(v) if type(v) is list else v for v in item[1:]])
            if code == MAPPING:
                pairs = iter(item[1:])
                return MappingProxyType({_key(k): take(v) if type(v) is list else v for k, v in zip(pairs, pairs)})
            if code == REF and len(item) == 2 and type(item[1]) is int and 0 <= item[1] < len(made):
                return made[item[1]]
            if code == NODES and top is not item:
                pairs = iter(item[1:])
                raw = {_key(k): self.node(v) for k, v in zip(pairs, pairs)}
                if self.lazy:
                    return LazyNodes(raw, self.checked_part)
                return MappingProxyType({k: self.part(v) for k, v in raw.items()})
            raise ImageError(f"not a story image (item {str(item)[:40]})")

        if type(top) is memoryview:  # a node's JSON, parsed now that it is needed
            import orjson

            try:
                top = orjson.loads(top)
            except orjson.JSONDecodeError:
                raise ImageError("not a story image (a node that is not JSON)") from None
        if type(top) is not list or not top or type(top[0]) is not int or top[0] < RECORD:
            raise ImageError("not a story image (a node that is not a record)")
        return take(top)

    def checked_part(self, top: Any) -> Any:
        """A lazy node, built and checked against the story's names."""
        if self.links is None:
            raise ImageError("not a story image (a scene looked up before its story was read)")
        built = self.part(top)
        self.links.check(built)
        return built

    def node(self, item: Any) -> Any:
        """A node's value, or in a ``loads`` image its place in the node section."""
        if self.section is None:
            return item
        if (
            type(item) is not list or len(item) != 2 or type(item[0]) is not int or type(item[1]) is not int
            or not 0 <= item[0] < item[1] <= len(self.section)
        ):
            raise ImageError("not a story image (a node out of its section)")
        return self.section[item[0]:item[1]]


def _key(key: Any) -> str:
    if type(key) is not str:
        raise ImageError("not a story image (a mapping key that is not text)")
    return key
