"""The shipped story's debrief always has history to compare with (issue 14).

1. Exhaustive: from every perspective, every path to every ending passes at least three distinct
   key decisions (scenes that mark a ``historical: true`` option). ``fewest_key_decisions`` walks
   every reachable state; a fixture with one key decision shows the same search does fail.
2. As a student meets it: random runs in plain mode, scripted through stdin, then the JSON
   transcript. Every transcript lists at least three key decisions, and ``left_history_at`` names
   the first one where the player took an unmarked option (or is null when there is none).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from game.cli import main
from game.play.session import Session
from game.story.loader import load_story
from game.tools.explore import Witness
from game.tools.key_decisions import endings_following_history, fewest_key_decisions

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
ALL_ENDINGS = {f"end_e{n}_{name}" for n, name in enumerate(
    ["history", "assembly", "failed", "coalition", "arrested", "walkout", "party_coup", "front", "rose"], 1)}
REACHES = {  # which endings each perspective reaches (petrograd endings scenes)
    "soldier": ALL_ENDINGS,
    "worker": ALL_ENDINGS - {"end_e8_front"},
    "left_sr": ALL_ENDINGS - {"end_e8_front"},
}


@pytest.fixture(scope="module")
def story():
    return load_story(str(SCENES))


@pytest.mark.parametrize("perspective", sorted(REACHES))
def test_every_path_to_every_ending_passes_three_key_decisions(story, perspective):
    found = fewest_key_decisions(story, perspective, at_least=3)
    assert found.endings == REACHES[perspective]
    assert [(p.ending, p.decisions, p.choices) for p in found.short] == []


@pytest.mark.parametrize("perspective", sorted(REACHES))
def test_following_history_at_every_key_decision_reaches_only_historical_endings(story, perspective):
    """A student who never leaves history can finish, and finishes in a historical ending (E1, E4, E5 or E9)."""
    endings = endings_following_history(story, perspective)
    assert "end_e1_history" in endings
    assert {story.endings[e].kind for e in endings} == {"historical"}


def test_the_search_finds_a_path_with_too_few_key_decisions(bad_stories):
    """The fixture marks one key decision ('hall'): every path passes it, and only it."""
    fixture = bad_stories / "history_unmarked"
    found = fewest_key_decisions(load_story(str(fixture)), None, at_least=3)
    assert found.endings == {"end_one"}
    assert [(p.ending, p.decisions, p.choices) for p in found.short] == [("end_one", ("hall",), ("stairs", "end_one"))]
    assert fewest_key_decisions(load_story(str(fixture)), None, at_least=1).short == []
    assert endings_following_history(load_story(str(fixture)), None) == {"end_one"}


DRAWN_STORY = """\
id: drawn
title: Drawn at the door
start: hall
variables:
  lucky: {type: bool, default: false}
"""

DRAWN_SCENES = """\
scenes:
  - id: hall
    title: The hall
    text: A crowd at the door.
    on_enter: lucky = chance(50)
    choices:
      - {id: go, text: Go upstairs, to: stairs, historical: true}
      - {id: slip, text: Slip out, to: end_two, if: lucky}
  - id: stairs
    title: The stairs
    text: Up you go.
    choices:
      - {id: finish, text: Finish, to: end_one, historical: true, if: not lucky}
      - {id: fly, text: Fly, to: end_three, historical: true, if: lucky}
endings:
  - {id: end_one, title: One, text: One.}
  - {id: end_two, title: Two, text: Two.}
  - {id: end_three, title: Three, text: Three.}
"""


def test_the_search_starts_from_every_outcome_of_a_draw_at_the_start(tmp_path):
    """The first scene draws ``lucky``; a game with seed 0 is unlucky, so a search from that start alone
    sees neither the lucky shortcut (one key decision) nor the lucky historical ending."""
    from game.tools.witness import replay

    (tmp_path / "story.yaml").write_text(DRAWN_STORY, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(DRAWN_SCENES, encoding="utf-8")
    story = load_story(str(tmp_path))
    assert Session(story, seed=0).state.vars["lucky"] is False
    found = fewest_key_decisions(story, None, at_least=2)
    assert found.endings == {"end_one", "end_two", "end_three"}
    assert [(p.ending, p.decisions, p.choices) for p in found.short] == [("end_two", ("hall",), ("slip",))]
    path = found.short[0]
    witness = replay(story, Witness(None, path.choices, path.ending, path.seed))
    assert witness.state.scene == "end_two"
    assert endings_following_history(story, None) == {"end_one", "end_three"}


def _random_numbers(story, perspective: str, seed: int) -> list[int]:
    """The choice numbers a random player types, found by playing the same choices in a Session."""
    rng = random.Random(seed)
    session = Session(story, perspective)
    numbers = []
    while session.ending is None:
        shown = session.choices()
        number = rng.choice([n for n, view in enumerate(shown, 1) if view.available])
        numbers.append(number)
        session.choose_number(number)
    return numbers


@pytest.mark.parametrize("perspective", sorted(REACHES))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_plain_runs_mark_key_decisions_in_the_transcript(story, perspective, seed, tmp_path, monkeypatch, capsys):
    numbers = _random_numbers(story, perspective, seed)
    script = "\n".join(str(n) for n in numbers) + "\n\n\n\n\nquit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    saves = tmp_path / "saves"
    assert main(["play", "--plain", "--perspective", perspective, "--saves", str(saves), str(SCENES)]) == 0
    assert "Your choices and history:" in capsys.readouterr().out
    out = tmp_path / "t.json"
    assert main(["transcript", "autosave", "--saves", str(saves), "--story", str(SCENES), "--format", "json", "-o", str(out)]) == 0
    debrief = json.loads(out.read_text(encoding="utf-8"))["debrief"]
    path = debrief["path"]
    assert len(path) >= 3
    assert all(story.scenes[p["scene"]].is_key_decision for p in path)
    assert all(isinstance(p["historical"], bool) for p in path)
    first_left = next((i for i, p in enumerate(path) if not p["historical"]), None)
    assert debrief["left_history_at"] == first_left
