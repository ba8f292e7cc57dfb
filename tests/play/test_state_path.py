"""State format 2 writes the path as one string (issue 18); format 1's pairs still load.

Saves, undo and the explorer share ``State.to_json``/``from_json``: a path must
come back exactly, whatever its ids, and an old save must load as it did.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from game.play import jsontext
from game.play.saves import SaveStore
from game.play.session import Session
from game.play.state import STATE_FORMAT, State, Step, read_path, write_path
from game.story.errors import PlayError

SAVES = Path(__file__).resolve().parents[1] / "fixtures" / "saves"


def test_a_played_state_round_trips_in_format_2(mini_story):
    session = Session(mini_story, "soldier", seed=3, player="Anna")
    session.choose("take_rifle")
    session.choose("go")
    data = session.state.to_json()
    assert data["format"] == STATE_FORMAT == 2
    assert data["path"] == "barracks/take_rifle barracks/go"
    assert State.from_json(json.loads(json.dumps(data))) == session.state
    assert State.loads(session.state.dumps()) == session.state


def test_the_path_text_and_its_edges():
    path = [Step("yard", "committee"), Step("committee", "back_all"), Step("hall", "hall")]
    assert write_path(path) == "yard/committee committee/back_all hall/hall"
    assert read_path(write_path(path)) == path
    assert write_path([]) == "" and read_path("") == []
    assert write_path([Step("a", "b")]) == "a/b" and read_path("a/b") == [Step("a", "b")]


def test_format_1_pairs_still_load():
    pairs = {"format": 1, "scene": "smolny", "path": [["barracks", "take_rifle"], ["barracks", "go"]]}
    assert State.from_json(pairs).path == [Step("barracks", "take_rifle"), Step("barracks", "go")]
    assert State.from_json({"scene": "smolny"}).path == []  # format 0: no format, no path


def test_every_shipped_format_1_save_reads_its_pairs_and_writes_them_smaller():
    files = sorted((SAVES / "shipped").glob("v1-*.json")) + sorted((SAVES / "mini_v1").glob("*.json"))
    old = [f for f in files if json.loads(f.read_text()).get("format", 1) == 1]
    assert len(old) >= 20
    for file in old:
        raw = json.loads(file.read_text())
        state_json = raw.get("state", raw)
        assert isinstance(state_json["path"], list)
        state = State.from_json(state_json)
        assert [list(step) for step in state.path] == state_json["path"]
        assert State.from_json(state.to_json()) == state
        if state.path:
            assert len(jsontext.dumps(state.to_json()["path"])) < len(jsontext.dumps(state_json["path"]))


def test_shipped_saves_of_format_2_hold_the_path_as_text():
    new = [f for f in sorted((SAVES / "shipped").glob("v*.json")) if json.loads(f.read_text())["format"] == 2]
    assert len(new) >= 9  # make_saves.py shipped after the change to format 2
    for file in new:
        state_json = json.loads(file.read_text())["state"]
        assert state_json["format"] == 2 and isinstance(state_json["path"], str) and state_json["path"]
        assert State.from_json(state_json).to_json() == state_json


def test_the_size_of_a_long_path_in_each_format():
    path = [Step(f"s{i:06d}", f"c{i % 3}") for i in range(0, 430, 10)]  # 43 steps, ids as bench/gen_story.py names them
    assert len(jsontext.dumps([list(step) for step in path])) == 732  # format 1: 17 bytes a step
    assert len(jsontext.dumps(write_path(path))) == 474  # format 2: 11 bytes a step


@pytest.mark.parametrize(
    "text, message",
    [
        ("c", 'step 1: "c"'),
        ("a/b c", 'step 2: "c"'),
        ("a/b /c", 'step 2: "/c"'),
        ("a/b/c", 'step 1: "a/b/c"'),
        ("a/b  c", 'step 2: ""'),
        ("a/", 'step 1: "a/"'),
        ("a/b ", 'step 2: ""'),
        ("a/b c/D", 'step 2: "c/D"'),
        ("a/b\tc/d", 'step 1: "a/b\tc/d"'),
    ],
)
def test_a_broken_path_text_is_refused_naming_the_step(text, message):
    with pytest.raises(PlayError) as caught:
        State.from_json({"scene": "a", "path": text})
    assert str(caught.value) == f'the state\'s path is not steps written "scene/choice" ({message})'


@pytest.mark.parametrize("path", [7, {"a": "b"}, [["a"]], [["a", 1]], ["ab"], None])
def test_a_path_of_neither_shape_is_refused(path):
    with pytest.raises(PlayError, match=r"^the state's path is not a list of \[scene, choice\] pairs$"):
        State.from_json({"scene": "a", "path": path})


def test_a_state_of_a_newer_format_is_refused():
    with pytest.raises(PlayError) as caught:
        State.from_json({"format": 3, "scene": "a", "path": "a/b"})
    assert str(caught.value) == (
        "the state was written by a newer version of the game (state format 3; this one reads up to 2)"
    )


def test_odd_ids_round_trip_exactly():
    """Ids the loader refuses (separators, empty, quotes, capitals) come only from hand-edited saves: they still come back."""
    rng = random.Random(18)
    alphabet = ["a", "b", "s0", "c_1", "_", " ", "/", "", "\\", '"', "é", "\n", "a b", "a/b", "A"]
    for _ in range(3000):
        path = [
            Step("".join(rng.choices(alphabet, k=rng.randint(0, 3))), "".join(rng.choices(alphabet, k=rng.randint(0, 3))))
            for _ in range(rng.randint(0, 6))
        ]
        state = State("a", path=path)
        assert State.loads(state.dumps()).path == path, path
        written = write_path(path)
        if not all(re.fullmatch("[a-z0-9_]+", id_) for step in path for id_ in step):
            assert written == [list(step) for step in path]  # such a path keeps format 1's pairs
        else:
            assert isinstance(written, str)


def test_a_format_1_save_loads_quietly_and_is_saved_again_in_format_2(mini_story, tmp_path):
    store = SaveStore(tmp_path, mini_story)
    source = (SAVES / "mini_v1" / "soldier-smolny.json").read_text()
    assert json.loads(source)["format"] == 1
    (tmp_path / "3.json").write_text(source)
    loaded = store.load("3")
    assert loaded.upgraded_from is None and loaded.notices == []  # nothing a player needs to hear
    assert loaded.session.state.path == [Step("barracks", "take_rifle"), Step("barracks", "go")]
    store.save("3", loaded.session, loaded.played_seconds)
    saved = json.loads((tmp_path / "3.json").read_text())
    assert saved["format"] == 2 and saved["state"]["format"] == 2
    assert saved["state"]["path"] == "barracks/take_rifle barracks/go"


def test_the_same_finished_run_in_an_old_autosave_is_not_copied_again(mini_story, tmp_path):
    store = SaveStore(tmp_path, mini_story)
    session = Session(mini_story, "worker")
    session.choose_number(1)
    session.choose("leave")
    assert session.finished
    store.autosave(session, 60)
    data = json.loads((tmp_path / "autosave.json").read_text())
    data["format"], data["state"]["format"] = 1, 1
    data["state"]["path"] = [list(step) for step in session.state.path]  # as format 1 wrote it
    (tmp_path / "autosave.json").write_text(json.dumps(data))
    assert store.keep_finished_run(session) is None
