"""Fuzzing save loading with mutated JSON: only SaveError ever escapes, never a hang.

Start from real saves (the mini story at several points, the mini v1 saves against
the edited v2 story, saves of the shipped story), mutate them as JSON trees (replace
any value with hostile JSON, delete or rename keys, nest deeply, swap, duplicate) or
as bytes (truncate, insert, flip, cut, huge numbers), and load. A save that loads
must then play: show the scene, the journal, the debrief, take a choice, save again.

Quick profile by default (a few hundred examples per test); the long one with
``PETROGRAD_FUZZ=long`` (20,000 per test), or ``PETROGRAD_FUZZ_EXAMPLES=N``.
"""

from __future__ import annotations

import copy
import json
import os
import signal
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.play.saves import SaveError, SaveStore
from game.play.session import Session
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
LONG = os.environ.get("PETROGRAD_FUZZ") == "long"
EXAMPLES = int(os.environ.get("PETROGRAD_FUZZ_EXAMPLES", "20000" if LONG else "250"))
HANG_SECONDS = 20  # one load taking this long is a hang
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
NEST = "\x00NEST\x00"


@pytest.fixture(scope="module")
def seeds():
    """(story, save bytes) pairs to mutate."""
    mini = load_story(str(FIXTURES / "mini"))
    v2 = load_story(str(FIXTURES / "saves" / "mini_v2"))
    out: list[tuple[object, bytes]] = []
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(folder, mini)
        session = Session(mini, "soldier", player="Anna")
        for choice in ("take_rifle", "go", "stay"):
            store.save("s", session, 10)
            out.append((mini, (Path(folder) / "s.json").read_bytes()))
            session.choose(choice)
        session.answer(0, "An answer with “quotes” and ünïcode.")
        store.save("s", session, 20)
        out.append((mini, (Path(folder) / "s.json").read_bytes()))
    out.extend((v2, p.read_bytes()) for p in sorted((FIXTURES / "saves" / "mini_v1").glob("*.json")))
    shipped = load_story(str(ROOT / "scenes"))  # a shipped story that does not load fails the suite
    out.extend((shipped, p.read_bytes()) for p in sorted((FIXTURES / "saves" / "shipped").glob("*.json")))
    return out


hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**53 + 1, -(2**63), 10**300, -1, 0, 2**31]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "../x", "/etc/passwd", "end_history", "smolny", "barracks", "perspective", "soldier",
                     "none", "bolshevik", "\u202e", "a" * 5000, "petrograd-save", "mini", "1.json"]),
)
hostile_json = st.recursive(
    hostile_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _places(tree: object, found: list[tuple[object, object]], limit: int = 400) -> list[tuple[object, object]]:
    """Every (container, key) in the tree, breadth first."""
    queue = [tree]
    while queue and len(found) < limit:
        node = queue.pop(0)
        if isinstance(node, dict):
            for key in list(node):
                found.append((node, key))
                queue.append(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                found.append((node, index))
                queue.append(node[index])
    return found


def mutate_tree(draw, tree: dict) -> str:
    nest_depth = 0
    for _ in range(draw(st.integers(1, 4))):
        places = _places(tree, [])
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        op = draw(st.sampled_from(["replace", "replace", "delete", "rename", "nest", "swap", "duplicate"]))
        if op == "replace":
            container[key] = draw(hostile_json)
        elif op == "delete":
            container.pop(key)
        elif op == "rename" and isinstance(container, dict):
            container[draw(st.text(max_size=10))] = container.pop(key)
        elif op == "nest":
            nest_depth = draw(st.sampled_from([2, 50, 900, 5000, 100_000]))
            container[key] = NEST
        elif op == "swap":
            other, other_key = draw(st.sampled_from(places))
            try:  # copies, so a value swapped with its own child makes no cycle
                a, b = copy.deepcopy(container[key]), copy.deepcopy(other[other_key])
                container[key], other[other_key] = b, a
            except (KeyError, IndexError):
                pass
        elif op == "duplicate" and isinstance(container, list):
            container.extend([container[key]] * draw(st.integers(1, 50)))
    text = json.dumps(tree, ensure_ascii=draw(st.booleans()))
    if nest_depth:
        text = text.replace(json.dumps(NEST), "[" * nest_depth + "1" + "]" * nest_depth, 1)
    return text


def mutate_bytes(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 3))):
        n = len(data)
        op = draw(st.sampled_from(["truncate", "insert", "flip", "cut", "duplicate", "huge"]))
        at = draw(st.integers(0, max(0, n - 1)))
        if op == "truncate":
            data = data[:at]
        elif op == "insert":
            data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
        elif op == "flip" and n:
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif op == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 200)) :]
        elif op == "duplicate":
            data = data[:at] + data[at : at + draw(st.integers(1, 400))] * 2 + data[at:]
        elif op == "huge":
            digit = next((i for i in range(at, n) if data[i : i + 1].isdigit()), None)
            if digit is not None:
                data = data[:digit] + b"9" * draw(st.sampled_from([20, 400, 4400, 50_000])) + data[digit:]
    return data


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"a load took over {HANG_SECONDS} s")


def load_and_play(folder: Path, story, data: bytes, outcomes: Counter) -> None:
    """Load ``data`` as slot 'f'; only SaveError may escape; what loads must play on."""
    (folder / "f.json").write_bytes(data)
    store = SaveStore(folder, story)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        try:
            loaded = store.load("f")
        except SaveError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(folder))
            outcomes["refused"] += 1
            return
        session = loaded.session
        session.current()
        session.journal()
        session.debrief()
        session.answers()
        store.list()
        if not session.finished:
            options = session.available_choices()
            if options:
                session.choose(options[0].id)
        store.save("f", session, loaded.played_seconds)
        again = store.load("f")
        assert again.session.state.to_json() == session.state.to_json()
        outcomes["migrated" if loaded.changes else "loaded"] += 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        for name in ("f.json", "f.json.bak"):
            (folder / name).unlink(missing_ok=True)


def _report(name: str, outcomes: Counter) -> None:
    total = sum(outcomes.values())
    print(f"\n{name}: {total} examples: {dict(outcomes)}")


@pytest.fixture
def fast_folder(tmp_path):
    """A folder in memory (/dev/shm) where there is one: the fuzzing is about reading, not fsync."""
    import tempfile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=shm, prefix="petrograd-fuzz-") as folder:
        yield Path(folder)


def test_fuzz_mutated_json_trees(seeds, fast_folder):
    outcomes: Counter = Counter()

    @SETTINGS
    @given(st.data())
    def run(data):
        story, raw = data.draw(st.sampled_from(seeds))
        text = mutate_tree(data.draw, json.loads(raw))
        load_and_play(fast_folder, story, text.encode("utf-8"), outcomes)

    run()
    _report("mutated JSON trees", outcomes)
    assert outcomes["refused"] and (outcomes["loaded"] + outcomes["migrated"])


def test_fuzz_mutated_bytes(seeds, fast_folder):
    outcomes: Counter = Counter()

    @SETTINGS
    @given(st.data())
    def run(data):
        story, raw = data.draw(st.sampled_from(seeds))
        load_and_play(fast_folder, story, mutate_bytes(data.draw, raw), outcomes)

    run()
    _report("mutated bytes", outcomes)
    assert outcomes["refused"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"kind": "petrograd-save", "format": 1, "story": {"id": "mini"}, "state": ' + "{\"a\":" * 50_000 + "1" + "}" * 50_001,
        '{"kind": "petrograd-save", "format": ' + "9" * 5000 + "}",
        '{"kind": "petrograd-save", "format": 1e999}',
        '{"kind": "petrograd-save", "format": NaN}',
        '{"kind": "petrograd-save", "format": 1, "story": {"id": "mini"}, "state": {"scene": "barracks",'
        ' "vars": {"standing": 1e999}, "visits": {"barracks": -1}}}',
        '{"kind": "petrograd-save", "format": 1, "story": {"id": "mini"}, "state": {"scene": "barracks", "seed": true}}',
        '"just a string"',
        "null",
    ],
    ids=["deep-lists", "deep-objects", "5000-digits", "1e999", "NaN", "bad-values", "bool-seed", "string", "null"],
)
def test_hostile_json_is_refused_or_fixed(tmp_path, mini_story, text):
    outcomes: Counter = Counter()
    load_and_play(tmp_path, mini_story, text.encode(), outcomes)
    assert sum(outcomes.values()) == 1


def test_found_by_fuzzing_a_huge_visit_count_survives_save_and_load(tmp_path, mini_story):
    """The long run found visit counts capped on load, so play, save, load changed them."""
    session = Session(mini_story, "soldier")
    session.state.visits["barracks"] = 2**31
    store = SaveStore(tmp_path, mini_story)
    store.save("f", session, 0)
    data = (tmp_path / "f.json").read_bytes()
    outcomes: Counter = Counter()
    load_and_play(tmp_path, mini_story, data, outcomes)
    assert outcomes == Counter(loaded=1)
