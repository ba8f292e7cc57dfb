"""The playtester's compiled templates render exactly what text.render (and so Session) renders,
and count the same words as ``words`` of that text."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from game.play.session import Session
from game.story.check import words
from game.story.errors import ExprError
from game.story.expr import compile_expr, parse
from game.story.loader import load_story
from game.story.model import Branch, Condition, Interp, Link, Literal, Template
from game.story.text import render
from game.tools.fastrender import WordCounts, compile_counted, compile_template, fast_test

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# The last two: the shipped story, and the ferry (its {pack} a set, shown by its labels).
@pytest.mark.parametrize("name", ["mini", "tools/clean", "tools/flawed", "../../scenes", "../../examples/ferry"])
@pytest.mark.parametrize("links", ["plain", "markdown"])
def test_compiled_templates_match_render(name, links):
    story = load_story(str(FIXTURES / name))
    rng = random.Random(1)
    counts = WordCounts()
    perspectives: list[str | None] = [p.id for p in story.perspectives] or [None]
    for perspective in perspectives:
        for _ in range(20):
            session = Session(story, perspective)
            for _ in range(12):
                node = session.node
                compiled = compile_template(node.text, links, variables=story.variables)
                got = compiled if isinstance(compiled, str) else compiled(session.state.vars, session.state.visits)
                assert got == render(node.text, session.state.vars, session.state.visits, links, {"player": "you"},
                                     story.variables)
                counted = compile_counted(node.text, counts, links, variables=story.variables)
                got_counted = counted if isinstance(counted, tuple) else counted(session.state.vars, session.state.visits)
                assert got_counted == _render_and_count(node.text, session.state.vars, session.state.visits, links,
                                                        story.variables)
                choices = session.available_choices()
                if not choices or session.finished:
                    break
                try:
                    session.choose(rng.choice(choices).id)
                except Exception:
                    break


def _render_and_count(template, env, visits, links="plain", variables=None):
    text = render(template, env, visits, links, {"player": "you"}, variables)
    return text, words(text)


# Text that glues to a varying piece without a space: apostrophes, hyphens, digits, underscores, letters.
_BITS = ["", " ", "\n", "a", "b2", "'", "’", "-", "_", ".", "it's ", " co-", "-op", "é", "x\u00a0y", "--", "' ", " '"]


def _random_parts(rng: random.Random, depth: int) -> tuple:
    parts: list = []
    for _ in range(rng.randint(0, 5)):
        kind = rng.random()
        if kind < 0.45:
            parts.append(Literal("".join(rng.choice(_BITS) for _ in range(rng.randint(1, 4)))))
        elif kind < 0.8:
            parts.append(Interp(rng.choice(["n", "flag", "side", "player", "missing"])))
        elif kind < 0.9:
            parts.append(Link("soviet", rng.choice(["Soviet", "the co-op", "'s"])))
        elif depth < 2:
            flag = rng.random() < 0.5
            test = (lambda env, visits: env["flag"]) if flag else (lambda env, visits: env["n"] > 3)
            condition = Condition("flag" if flag else "n > 3", None, test)  # type: ignore[arg-type]
            parts.append(Branch(condition, _random_parts(rng, depth + 1), _random_parts(rng, depth + 1)))
    return tuple(parts)


def test_counted_words_match_words_of_the_rendered_text_whatever_glues_to_the_pieces():
    rng = random.Random(5)
    counts = WordCounts()
    values = [0, 7, -3, 12, True, False, "left_sr", "co-op", "it's", "", " ", "a b", "'", "-x-"]
    for _ in range(3000):
        template = Template("", _random_parts(rng, 0))
        links = rng.choice(["plain", "markdown"])
        compiled = compile_counted(template, counts, links)
        for _ in range(4):
            env: dict[str, Any] = {"n": rng.choice([0, 5]), "flag": rng.random() < 0.5, "side": rng.choice(values)}
            got = compiled if isinstance(compiled, tuple) else compiled(env, {})
            assert got == _render_and_count(template, env, {}, links)


class _Count(int):
    """An int subclass: the fast tests leave it to the compiled test."""


@pytest.mark.parametrize("source", [
    "n >= 3", "n > 3", "n <= 3", "n < 3", "n == 3", "n != 3", "side == \"left_sr\"", "side != \"none\"",
    "flag == true", "flag != false", "not flag", "flag", "n >= 1 and flag", "visited(s1)", "3 < n", "n > -1",
])
def test_fast_tests_answer_or_fail_as_the_compiled_test(source):
    node = parse(source)
    test = compile_expr(node)
    fast = fast_test(Condition(source, node, test), {})
    for value in [0, 3, 5, -1, True, False, "left_sr", "none", "", _Count(4), None]:
        env: dict[str, Any] = {"n": value, "flag": value, "side": value} if value is not None else {}
        for run in (test, fast):
            try:
                got = ("value", run(env, {"s1": 1}))
            except ExprError as exc:
                got = ("error", exc.message)
            if run is test:
                expected = got
        assert got == expected and type(got[1]) is type(expected[1]), (source, value)
