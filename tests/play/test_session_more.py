"""More Session tests: rule errors, answers across undo, and random play on real stories (hypothesis).

Random play takes any available choice or undoes, on the small fixture and a
generated story; at every step the state must survive a JSON round trip, undo
must give back exactly the state before, and only PlayError may ever escape.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.play.session import Session
from game.story.errors import PlayError
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]


def test_rule_errors_are_play_errors(mini_story):
    session = Session(mini_story, "soldier")
    with pytest.raises(PlayError, match="nothing to undo"):
        session.undo()
    with pytest.raises(PlayError, match="no choice 'fly'"):
        session.choose("fly")
    with pytest.raises(PlayError, match="there is no choice 9; choose 1 to 3"):
        session.choose_number(9)
    with pytest.raises(PlayError, match="no perspective 'sailor'"):
        Session(mini_story, "sailor")
    with pytest.raises(PlayError, match="reflection questions only at an ending"):
        session.answer(0, "because")
    session.choose("go")
    session.choose("stay")
    assert session.finished and session.choices() == ()
    with pytest.raises(PlayError, match="no choice 'stay'"):
        session.choose("stay")
    with pytest.raises(PlayError, match="no question 5"):
        session.answer(4, "?")


def test_once_only_choice_comes_back_after_undo(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("take_rifle")
    with pytest.raises(PlayError, match="already taken"):
        session.choose("take_rifle")
    session.undo()
    assert "take_rifle" in [c.id for c in session.choices()]
    assert session.state.vars["armed"] is False


def test_answers_survive_undo_and_restore(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("go")
    session.choose("stay")
    session.answer(0, "Because the garrison went over.")
    session.undo()
    session.choose("stay")
    assert session.answers() == [("Why?", "Because the garrison went over.")]
    restored = Session.restore(mini_story, json.loads(json.dumps(session.state.to_json())))
    assert restored.answers() == session.answers()


def test_epilogue_follows_the_final_state(mini_story):
    session = Session(mini_story, "worker")
    session.choose_number(1)
    session.choose("stay")
    debrief = session.debrief()
    assert debrief is not None
    assert [s.text for s in debrief.epilogue] == ["Years passed."]  # not a Bolshevik


def test_restored_game_plays_on_identically(mini_story):
    a = Session(mini_story, "soldier", seed=3)
    a.choose("take_rifle")
    b = Session.restore(mini_story, a.state.to_json())
    for session in (a, b):
        session.choose("go")
        session.choose("stay")
    assert a.state == b.state
    assert a.debrief() == b.debrief()


@cache
def generated_story():
    spec = importlib.util.spec_from_file_location("gen_story", ROOT / "bench" / "gen_story.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_story"] = module
    spec.loader.exec_module(module)
    import tempfile

    folder = tempfile.mkdtemp(prefix="petrograd-gen-")
    return load_story(str(module.generate(folder, scenes=120, choices=3, variables=9, seed=5)))


@cache
def mini():
    return load_story(str(ROOT / "tests" / "fixtures" / "mini"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["mini", "generated"]), st.data())
def test_random_play_keeps_every_invariant(which, data):
    story = mini() if which == "mini" else generated_story()
    perspectives = [p.id for p in story.perspectives] or [None]
    session = Session(story, data.draw(st.sampled_from(perspectives)), seed=data.draw(st.integers(0, 9)))
    for _ in range(data.draw(st.integers(1, 40))):
        before = session.state.to_json()
        assert Session.restore(story, before).state == session.state
        shown = session.choices()
        available = [c for c in shown if c.available]
        assert all(c.reason for c in shown if not c.available)
        if not available:
            assert session.finished or shown  # a dead end would be a check error
            break
        choice = data.draw(st.sampled_from(available))
        session.choose(choice.id)
        if data.draw(st.integers(0, 5)) == 0:
            session.undo()
            assert session.state.to_json() == before
        for var in story.variables.values():
            value = session.state.vars[var.name]
            if var.minimum is not None:
                assert value >= var.minimum
            if var.maximum is not None:
                assert value <= var.maximum
            if var.type.kind == "enum":
                assert value in var.type.values
        if session.finished:
            assert session.debrief() is not None
            break
