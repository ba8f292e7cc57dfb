"""The playtester's compiled templates render exactly what text.render (and so Session) renders."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.play.session import Session
from game.story.loader import load_story
from game.story.text import render
from game.tools.fastrender import compile_template

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("name", ["mini", "tools/clean", "tools/flawed"])
@pytest.mark.parametrize("links", ["plain", "markdown"])
def test_compiled_templates_match_render(name, links):
    story = load_story(str(FIXTURES / name))
    rng = random.Random(1)
    for perspective in [p.id for p in story.perspectives] or [None]:
        for _ in range(20):
            session = Session(story, perspective)
            for _ in range(12):
                node = session.node
                compiled = compile_template(node.text, links)
                got = compiled if isinstance(compiled, str) else compiled(session.state.vars, session.state.visits)
                assert got == render(node.text, session.state.vars, session.state.visits, links, {"player": "you"})
                choices = session.available_choices()
                if not choices or session.finished:
                    break
                try:
                    session.choose(rng.choice(choices).id)
                except Exception:
                    break
