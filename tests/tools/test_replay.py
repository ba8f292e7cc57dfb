"""play's start options: --warp with typed --set values, --replay of witnesses and transcripts, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.errors import PlayError
from game.story.loader import load_story
from game.tools.replay import OptionsError, session_from_options
from game.tools.witness import ReplayError, read_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tools"
CLEAN = str(FIXTURES / "clean")


@pytest.fixture(scope="module")
def story():
    return load_story(CLEAN)


def start(story, **kw):
    return session_from_options(story, PlayOptions(CLEAN, **kw))


def test_new_game_by_default(story):
    session = start(story, perspective="worker", player="Ana", seed=3)
    assert (session.state.scene, session.state.player, session.state.seed) == ("factory", "Ana", 3)


def test_warp_with_typed_values(story):
    session = start(story, warp="smolny", sets={"standing": "2", "armed": "yes", "leaning": "menshevik"})
    assert session.state.scene == "smolny"
    assert session.state.vars["standing"] == 2 and session.state.vars["armed"] is True
    assert [c.id for c in session.available_choices()] == ["stay", "leave", "speak"]


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ({"standing": "high"}, "--set standing=high: 'standing' is a whole number"),
        ({"armed": "maybe"}, "'armed' is true or false"),
        ({"leaning": "bolshevk"}, "'leaning' is one of none, bolshevik, menshevik (did you mean 'bolshevik'?)"),
        ({"standin": "1"}, "no variable 'standin' in this story (did you mean 'standing'?)"),
    ],
)
def test_bad_set_values_say_what_to_write(story, sets, message):
    with pytest.raises(OptionsError) as err:
        start(story, warp="smolny", sets=sets)
    assert message in str(err.value)


def test_warp_gives_a_set_its_items(tmp_path):
    """``--set pack=letter,rope``, ``[lantern]`` or ``[]``: a set's items, stored in declared order."""
    ferry = str(Path(__file__).resolve().parents[2] / "examples" / "ferry")
    story = load_story(ferry)

    def pack(text):
        return session_from_options(story, PlayOptions(ferry, warp="bridge", sets={"pack": text})).state.vars["pack"]

    assert [pack("rope,letter"), pack('["lantern"]'), pack("[]"), pack("")] == ["letter,rope", "lantern", "", ""]
    with pytest.raises(OptionsError) as err:
        pack("letter,lanter")
    assert str(err.value) == ("--set pack=letter,lanter: 'lanter' is not one of letter, lantern, rope (did you mean 'lantern'?); "
                              "a set takes its items separated by commas, e.g. --set pack=letter,lantern")


@pytest.mark.parametrize(
    ("typed", "kept", "note"),
    [
        ("999", 3, "petrograd play: --set standing=999: 'standing' goes up to 3, so the game starts with standing = 3\n"),
        ("-4", 0, "petrograd play: --set standing=-4: 'standing' goes down to 0, so the game starts with standing = 0\n"),
        ("3", 3, ""),
        ("0", 0, ""),
    ],
)
def test_a_set_value_outside_the_bounds_is_kept_in_them_and_the_author_told(story, capsys, typed, kept, note):
    session = start(story, warp="smolny", sets={"standing": typed, "armed": "yes"})
    assert session.state.vars["standing"] == kept
    assert capsys.readouterr() == ("", note)


def test_the_clamping_note_from_the_command_line(tmp_path):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", CLEAN, "--plain", "--warp", "smolny", "--set", "standing=999"],
        input="quit\n", capture_output=True, text=True, timeout=60, cwd=root,
        env={**os.environ, "PETROGRAD_SAVES": str(tmp_path), "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0
    assert result.stderr == "petrograd play: --set standing=999: 'standing' goes up to 3, so the game starts with standing = 3\n"
    assert "Standing: 3" in result.stdout


def test_other_option_mistakes(story):
    with pytest.raises(OptionsError, match="did you mean 'smolny'"):
        start(story, warp="smolnyy")
    with pytest.raises(OptionsError, match="works with --warp"):
        start(story, sets={"standing": "1"})
    with pytest.raises(OptionsError, match="no such perspective"):
        start(story, perspective="sailor")
    with pytest.raises(OptionsError, match="not both"):
        start(story, warp="smolny", replay="x.json")


def test_replay_a_witness(story, tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"kind": "petrograd-witness", "format": 1, "story": "clean", "perspective": "soldier",
                                "seed": 0, "choices": ["take_rifle", "go"], "scene": "smolny"}))
    session = start(story, replay=str(path))
    assert session.state.scene == "smolny" and session.state.vars["armed"] is True
    session.undo()  # the replayed steps can be undone like played ones
    assert session.state.scene == "barracks"


def test_replay_a_transcripts_steps(story, tmp_path):
    played = Session(story, "worker")
    played.choose("smolny")
    transcript = {"kind": "petrograd-transcript", "format": 1, "story": {"id": "clean"}, "perspective": {"id": "worker"},
                  "seed": 0, "steps": [{"scene": "factory", "choice": "smolny"}], "at": {"scene": "smolny"}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(transcript))
    assert start(story, replay=str(path)).state.to_json()["vars"] == played.state.to_json()["vars"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"choices": "go"}', "must be a list of choice ids"),
        ('{"kind": "petrograd-save", "choices": []}', "is not a path to replay"),
        ('{"kind": "petrograd-witness", "format": 9, "choices": []}', "witness format 9"),
        ('{"story": "other", "choices": []}', "the path is for story 'other'"),
        ('{"perspective": "soldier", "choices": ["go", "fly"]}', "step 2: 'smolny' has no choice 'fly'"),
        ('{"perspective": "soldier", "choices": ["go", "leave"]}', "step 2: in 'smolny'"),
    ],
)
def test_bad_path_files_are_one_line_errors(story, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(PlayError) as err:
        start(story, replay=str(path))
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReplayError, match="cannot read the file"):
        read_path(str(tmp_path / "nope.json"))
