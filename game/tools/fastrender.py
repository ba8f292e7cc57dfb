"""Templates compiled to closures for the playtester's hot loop; the same output as ``text.render``.

``text.render`` walks a template's parts with ``isinstance`` on every step; a
playtest renders every scene of every run, so here each template becomes one
function (or, when it has no variable part, one constant string) built once.
``tests/tools/test_playtest_render.py`` checks both give the same text.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from game.story.expr import Env, Visits
from game.story.model import Branch, Interp, Link, Literal, Part, Template
from game.story.text import LINK_SCHEME, format_value

Rendered = Callable[[Env, Visits], str]


def compile_template(template: Template, links: str = "plain", player: str = "you") -> str | Rendered:
    """A constant string when nothing in the template varies, else a function of (vars, visits)."""
    return _compile(template.parts, links, player)


def _compile(parts: tuple[Part, ...], links: str, player: str) -> str | Rendered:
    pieces: list[str | Rendered] = []
    for part in parts:
        piece: str | Rendered
        if isinstance(part, Literal):
            piece = part.text
        elif isinstance(part, Interp):
            piece = player if part.name == "player" else _interp(part.name)
        elif isinstance(part, Link):
            piece = f"[{part.shown}]({LINK_SCHEME}{quote(part.key)})" if links == "markdown" else part.shown
        else:
            piece = _branch(part, links, player)
        if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
            pieces[-1] = pieces[-1] + piece
        else:
            pieces.append(piece)
    if not pieces:
        return ""
    if len(pieces) == 1:
        return pieces[0]
    # The constant pieces stay in place; only the varying ones are called, by position.
    static = [p if isinstance(p, str) else "" for p in pieces]
    calls = tuple((i, p) for i, p in enumerate(pieces) if not isinstance(p, str))
    if len(calls) == 1 and len(pieces) <= 3:
        return _around(static, calls[0])

    def render(env: Env, visits: Visits) -> str:
        out = static.copy()
        for i, call in calls:
            out[i] = call(env, visits)
        return "".join(out)

    return render


def _around(static: list[str], call: tuple[int, Rendered]) -> Rendered:
    """The common case, text around one varying piece: plain concatenation."""
    index, piece = call
    before, after = "".join(static[:index]), "".join(static[index + 1:])
    return lambda env, visits: before + piece(env, visits) + after


def _interp(name: str) -> Rendered:
    return lambda env, visits: format_value(env.get(name, ""))


def _branch(part: Branch, links: str, player: str) -> Rendered:
    test = part.condition.test
    then = _compile(part.then, links, player)
    otherwise = _compile(part.otherwise, links, player)
    if isinstance(then, str) and isinstance(otherwise, str):
        return lambda env, visits: then if test(env, visits) else otherwise

    def branch(env: Env, visits: Visits) -> str:
        chosen = then if test(env, visits) else otherwise
        return chosen if isinstance(chosen, str) else chosen(env, visits)

    return branch
