"""The compiled story image: the same model back, and nothing but an ImageError for a damaged one."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import orjson
import pytest

from game.story.image import FORMAT, ImageError, LazyNodes, decode, dumps, encode, loads
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCENES = ROOT / "scenes"

STORIES = [SCENES, FIXTURES / "mini", FIXTURES / "tools" / "clean", FIXTURES / "teacher" / "story", ROOT / "examples" / "ferry"]


def _records(value, seen=None):
    """Every record reachable from ``value`` (each once), to compare how they are shared."""
    from dataclasses import fields, is_dataclass

    seen = {} if seen is None else seen
    if is_dataclass(value):
        if id(value) in seen:
            return seen
        seen[id(value)] = value
        for f in fields(value):
            _records(getattr(value, f.name), seen)
    elif isinstance(value, tuple):
        for item in value:
            _records(item, seen)
    elif isinstance(value, MappingProxyType):
        for item in value.values():
            _records(item, seen)
    return seen


@pytest.mark.parametrize("root", STORIES, ids=lambda p: p.name)
def test_round_trip_gives_the_same_story(root):
    story = load_story(str(root))
    text = orjson.dumps(encode(story))
    back = decode(orjson.loads(text))
    assert back == story
    assert back.content_hash == story.content_hash and back.files == story.files
    # records shared as the loader shared them within each scene and ending, and the same image again
    for node_id, node in [*story.scenes.items(), *story.endings.items()]:
        assert len(_records(back.node(node_id))) == len(_records(node)), node_id
    assert orjson.dumps(encode(back)) == text


@pytest.mark.parametrize("root", STORIES, ids=lambda p: p.name)
def test_a_lazy_story_builds_each_scene_once_and_equal(root):
    story = load_story(str(root))
    lazy = decode(orjson.loads(orjson.dumps(encode(story))), lazy=True)
    assert list(lazy.scenes) == list(story.scenes) and len(lazy.endings) == len(story.endings)
    first = next(iter(story.scenes))
    assert first in lazy.scenes and "no_such_scene" not in lazy.scenes
    assert lazy.scenes.get("no_such_scene") is None
    with pytest.raises(KeyError):
        lazy.scenes["no_such_scene"]
    assert lazy.scenes[first] is lazy.scenes.get(first) is lazy.node(first)
    assert lazy == story


def test_compiled_conditions_and_effects_work_after_decoding():
    from game.play.session import Session

    story = load_story(str(SCENES))
    text = orjson.dumps(encode(story))
    eager, lazy = decode(orjson.loads(text)), decode(orjson.loads(text), lazy=True)
    for perspective in ("soldier", "worker", "left_sr"):
        runs = []
        for s in (story, eager, lazy):
            session = Session(s, perspective, seed=7)
            path: list[tuple[object, ...]] = []
            while session.ending is None:
                view = session.current()
                available = [c for c in view.choices if c.available]
                pick = available[len(path) % len(available)]
                path.append((view.id, view.text, pick.id, tuple((c.id, c.available, c.reason) for c in view.choices)))
                session.choose(pick.id)
            runs.append((path, session.ending.id, dict(session.state.vars)))
        assert runs[0] == runs[1] == runs[2]


def test_explore_finds_the_same_on_a_decoded_story():
    from game.tools.explore import explore

    story = load_story(str(SCENES))
    back = decode(orjson.loads(orjson.dumps(encode(story))))
    found = [explore(s) for s in (story, back)]
    assert found[0].complete and found[0].states > 40_000
    assert [(r.keys, r.values, r.parent, r.via, r.edges, r.available, r.changed) for r in found[1:]] == [
        (found[0].keys, found[0].values, found[0].parent, found[0].via, found[0].edges, found[0].available, found[0].changed)
    ]


def test_shared_expressions_keep_one_closure():
    story = load_story(str(SCENES))
    back = decode(orjson.loads(orjson.dumps(encode(story))))
    by_node: dict[int, set[int]] = {}
    for record in _records(back).values():
        if type(record).__name__ == "Condition":
            by_node.setdefault(id(record.node), set()).add(id(record.test))
    assert by_node and all(len(closures) == 1 for closures in by_node.values())


def _image():
    return encode(load_story(str(SCENES)))


def _damage(how):
    doc = orjson.loads(orjson.dumps(_image()))
    how(doc)
    return doc


def _first(doc, code):
    """The first list in the body whose head is ``code``, with at least one item after it."""
    stack = [doc["body"]]
    while stack:
        item = stack.pop()
        if len(item) >= 2 and item[0] == code:
            return item
        stack.extend(v for v in item[1:] if isinstance(v, list))
    raise AssertionError(code)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        (lambda d: d.update(format=FORMAT + 1), "not a story image of this format"),
        (lambda d: d["classes"].__setitem__(0, "Popen"), "not a story image (unknown record 'Popen')"),
        (lambda d: d["classes"].__setitem__(0, 7), "not a story image (unknown record 7)"),
        (lambda d: d.update(body=[]), "not a story image (no body)"),
        (lambda d: d["body"].pop(), "not a story image (Story with 23 fields)"),
        (lambda d: _first(d, 2).__setitem__(1, 10**6), "not a story image (item [2, 1000000])"),
        (lambda d: _first(d, 2).__setitem__(1, -1), "not a story image (item [2, -1])"),
        (lambda d: _first(d, 1).__setitem__(1, 5), "not a story image (a mapping key that is not text)"),
        (lambda d: _first(d, 0).__setitem__(0, 9), "not a story image (item [9"),
        (lambda d: _first(d, 0).append([]), "not a story image (IndexError)"),
        (lambda d: d.update(body=[d["classes"].index("Pos") + 10, "f", 1, 1]), "not a story image (no story at its root)"),
        (lambda d: _first(d, 3).__setitem__(2, [0, 1]), "not a story image (a node that is not a record)"),
        (lambda d: _first(d, 3).__setitem__(1, 1), "not a story image (a mapping key that is not text)"),
    ],
    ids=["format", "class", "class-type", "no-body", "fields", "ref-far", "ref-negative", "key", "code", "empty", "root", "node", "node-key"],
)
def test_damaged_image_is_refused(how, message):
    with pytest.raises(ImageError) as caught:
        decode(_damage(how))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("doc", [None, [], "x", {"format": FORMAT, "classes": "Story", "body": [10]}])
def test_other_json_is_refused(doc):
    with pytest.raises(ImageError):
        decode(doc)


def test_encode_refuses_what_is_not_a_story_record():
    from dataclasses import replace

    story = load_story(str(FIXTURES / "mini"))
    with pytest.raises(TypeError, match="set is not a story record"):
        encode(replace(story, files={"x"}))  # type: ignore[arg-type]  # the wrong type is the point


@pytest.mark.parametrize("root", STORIES, ids=lambda p: p.name)
def test_bytes_round_trip_eager_and_lazy(root):
    story = load_story(str(root))
    data = dumps(story)
    line, _, section = data.partition(b"\n")
    assert len(line) < len(section)  # the nodes are in the section, parsed only when built
    eager, lazy = loads(data), loads(data, lazy=True)
    assert type(lazy.scenes) is LazyNodes and type(eager.scenes) is not LazyNodes
    assert eager == story == lazy
    assert dumps(eager) == data


def _packed():
    return dumps(load_story(str(FIXTURES / "mini")))


def _first_node_is(data, json):
    """``data`` with its first node's JSON replaced by ``json`` (padded with spaces to the same length)."""
    line, _, section = data.partition(b"\n")
    start, end = _first(orjson.loads(line), 3)[2]
    return line + b"\n" + section[:start] + json.ljust(end - start) + section[end:]


def _with_line(data, change):
    line, _, section = data.partition(b"\n")
    doc = orjson.loads(line)
    change(doc)
    return orjson.dumps(doc) + b"\n" + section


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data.replace(b"\n", b" "), "not a story image (no node section)"),
        (lambda data: data[:20] + b"\n" + data[20:], "not a story image (not JSON)"),
        (lambda data: _with_line(data, lambda d: _first(d, 3).__setitem__(2, [0, 10**9])), "not a story image (a node out of its section)"),
        (lambda data: _with_line(data, lambda d: _first(d, 3).__setitem__(2, [5, 2])), "not a story image (a node out of its section)"),
        (lambda data: _with_line(data, lambda d: _first(d, 3).__setitem__(2, [0, 3])), "not a story image (a node that is not JSON)"),
        (lambda data: _first_node_is(data, b"[0, 1]"), "not a story image (a node that is not a record)"),
    ],
    ids=["no-section", "line-cut", "node-far", "node-reversed", "node-cut", "node-not-record"],
)
def test_damaged_bytes_are_refused(damage, message):
    with pytest.raises(ImageError) as caught:
        loads(damage(_packed()))
    assert str(caught.value) == message


def test_a_damaged_node_of_a_lazy_story_fails_when_it_is_built():
    """Only the checksum vouches for nodes not yet built; the error comes when one is looked up."""
    data = _packed()
    first = _first(orjson.loads(data.partition(b"\n")[0]), 3)[1]  # the id of the node _first_node_is breaks
    lazy = loads(_first_node_is(data, b"{"), lazy=True)
    (holder,) = [m for m in (lazy.scenes, lazy.endings, lazy.glossary) if first in m]
    with pytest.raises(ImageError, match="a node that is not JSON"):
        holder[first]
