"""The explorer's fast rules (Machine) agree with Session, the API players use, step by step."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.play.session import Session
from game.story.loader import load_story
from game.tools.explore import explore
from game.tools.machine import Machine
from game.tools.witness import replay

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

STORIES = ["mini", "tools/flawed", "tools/clean", "../../scenes"]  # the last: the shipped story


@pytest.mark.parametrize("name", STORIES)
def test_random_walks_agree(name):
    story = load_story(str(FIXTURES / name))
    machine = Machine(story)
    rng = random.Random(7)
    perspectives: list[str | None] = [p.id for p in story.perspectives] or [None]
    for perspective in perspectives:
        for _ in range(40):
            session = Session(story, perspective)
            key, values = machine.start(perspective)
            for _ in range(30):
                assert machine.key_of(session.state) == key
                assert values == tuple(session.state.vars.get(n) for n in machine.names)
                env, visits = machine.env_of(key, values)
                steps = machine.available(key[0], key[3], env, visits)
                assert [s.choice.id for s in steps] == [c.id for c in session.available_choices()]
                if not steps or session.finished:
                    break
                step = rng.choice(steps)
                outcome = dict((s.choice.id, k) for s, k in machine.successors(key, values))[step.choice.id]
                try:
                    session.choose(step.choice.id)
                except Exception:
                    assert not isinstance(outcome, tuple)  # both fail on the same choice
                    break
                assert isinstance(outcome, tuple)
                key, values = outcome


@pytest.mark.parametrize("name", STORIES)
def test_every_explored_state_replays_through_session(name):
    story = load_story(str(FIXTURES / name))
    result = explore(story)
    for i, key in enumerate(result.keys):
        session = replay(story, result.witness(i))
        assert result.machine.key_of(session.state) == key


def test_agrees_on_a_generated_story(tmp_path):
    import importlib.util

    root = Path(__file__).resolve().parent.parent.parent
    spec = importlib.util.spec_from_file_location("gen_story", root / "bench" / "gen_story.py")
    assert spec is not None and spec.loader is not None, "bench/gen_story.py is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(tmp_path, scenes=60, choices=3, variables=9, seed=11)
    story = load_story(str(tmp_path))
    machine = Machine(story)
    rng = random.Random(3)
    for _ in range(60):
        session = Session(story)
        key, values = machine.start(None)
        for _ in range(40):
            assert machine.key_of(session.state) == key
            env, visits = machine.env_of(key, values)
            steps = machine.available(key[0], key[3], env, visits)
            assert [s.choice.id for s in steps] == [c.id for c in session.available_choices()]
            if not steps or session.finished:
                break
            step = rng.choice(steps)
            outcome = dict((s.choice.id, k) for s, k in machine.successors(key, values))[step.choice.id]
            assert isinstance(outcome, tuple)
            key, values = outcome
            session.choose(step.choice.id)
