"""Templates compiled to closures for the playtester's hot loop; the same output as ``text.render``.

``text.render`` walks a template's parts with ``isinstance`` on every step; a
playtest renders every scene of every run, so here each template becomes one
function (or, when it has no variable part, one constant string) built once.
``tests/tools/test_playtest_render.py`` checks both give the same text.

The playtester counts the words of what it renders. ``compile_counted`` renders
the same text and its ``words`` together: the constant text's words are counted
once, and each render counts only its varying pieces (with any constant text
glued to them without a space), instead of re-reading the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import quote

from game.story.check import words
from game.story.expr import Binary, Compiled, Env, Lit, Name, Node, Unary, Visits
from game.story.model import Branch, Condition, Interp, Link, Literal, Part, Template, Variable
from game.story.text import LINK_SCHEME
from game.story.values import format_value

Rendered = Callable[[Env, Visits], str]
Counted = Callable[[Env, Visits], tuple[str, int]]
Variables = Mapping[str, Variable]  # the story's: a {name} of an enum or set shows as Variable.shown
Tests = dict[Compiled, Compiled]  # each condition's test to its faster form, shared by the templates of one compile


class WordCounts(dict[str, int]):
    """``words`` of each text asked for, counted once: the varying pieces take few values."""

    def __missing__(self, text: str) -> int:
        count = self[text] = words(text)
        return count

    def split(self, text: str) -> int:
        """``words(text)``, counted word by word: a story repeats its words far more than its texts."""
        return sum(map(self.__getitem__, text.split()))


def compile_template(
    template: Template, links: str = "plain", player: str = "you", variables: Variables | None = None
) -> str | Rendered:
    """A constant string when nothing in the template varies, else a function of (vars, visits)."""
    return _assemble(_pieces(template.parts, links, player, {}, _worded(variables)))


def compile_counted(
    template: Template, counts: WordCounts, links: str = "plain", player: str = "you",
    variables: Variables | None = None,
) -> tuple[str, int] | Counted:
    """(text, ``words(text)``): a constant when nothing varies, else a function of (vars, visits)."""
    return counted(template_pieces(template, {}, links, player, variables), counts)


def template_pieces(
    template: Template, tests: Tests, links: str = "plain", player: str = "you", variables: Variables | None = None
) -> list[str | Rendered]:
    """The template compiled to its pieces, constant and varying: the first half of ``compile_counted``,
    for a caller that finishes (``counted``) only the texts it comes to."""
    return _pieces(template.parts, links, player, tests, _worded(variables))


def _worded(variables: Variables | None) -> Variables:
    """The variables whose ``{name}`` reads differently from its bare value: labelled enums and sets."""
    return {name: var for name, var in (variables or {}).items() if var.labels or var.type.kind == "set"}


def fast_test(condition: Condition, tests: Tests) -> Compiled:
    """``condition.test`` with its commonest shapes (a variable against a literal, ``not`` a
    variable) in one call when the value has the type they need; anything else, errors included,
    is left to the test itself. ``tests`` keeps one per test (the loader shares tests by source)."""
    test = condition.test
    fast = tests.get(test)
    if fast is None:
        fast = tests[test] = _fast(condition.node, test)
    return fast


def _fast(node: Node, test: Compiled) -> Compiled:
    if isinstance(node, Unary) and node.op == "not" and isinstance(node.operand, Name):
        name = node.operand.name
        return lambda env, visits: not value if type(value := env.get(name)) is bool else test(env, visits)
    if not (isinstance(node, Binary) and isinstance(node.left, Name) and isinstance(node.right, Lit)):
        return test
    name, op, lit = node.left.name, node.op, node.right.value
    kind = type(lit)
    if op == "==":
        return lambda env, visits: value == lit if type(value := env.get(name)) is kind else test(env, visits)
    if op == "!=":
        return lambda env, visits: value != lit if type(value := env.get(name)) is kind else test(env, visits)
    if kind is not int:
        return test
    number = int(lit)  # lit itself: mypy cannot narrow it by its type
    if op == "<":
        return lambda env, visits: value < number if type(value := env.get(name)) is int else test(env, visits)
    if op == "<=":
        return lambda env, visits: value <= number if type(value := env.get(name)) is int else test(env, visits)
    if op == ">":
        return lambda env, visits: value > number if type(value := env.get(name)) is int else test(env, visits)
    if op == ">=":
        return lambda env, visits: value >= number if type(value := env.get(name)) is int else test(env, visits)
    return test


def _compile(parts: tuple[Part, ...], links: str, player: str, tests: Tests, worded: Variables) -> str | Rendered:
    return _assemble(_pieces(parts, links, player, tests, worded))


def _pieces(parts: tuple[Part, ...], links: str, player: str, tests: Tests, worded: Variables) -> list[str | Rendered]:
    """The template's parts in order, neighbouring constant text joined."""
    return _merged([_piece(part, links, player, tests, worded) for part in parts])


def _piece(part: Part, links: str, player: str, tests: Tests, worded: Variables) -> str | Rendered:
    if isinstance(part, Literal):
        return part.text
    if isinstance(part, Interp):
        if part.expr is not None:
            test = part.expr.test
            return lambda env, visits: format_value(test(env, visits))
        if part.name == "player":
            return player
        var = worded.get(part.name)
        if var is not None:
            name, shown = part.name, var.shown
            return lambda env, visits: shown(env.get(name, ""))
        return _interp(part.name)
    if isinstance(part, Link):
        return f"[{part.shown}]({LINK_SCHEME}{quote(part.key)})" if links == "markdown" else part.shown
    return _branch(part, links, player, tests, worded)


def _assemble(pieces: list[str | Rendered]) -> str | Rendered:
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


def counted(pieces: list[str | Rendered], counts: WordCounts) -> tuple[str, int] | Counted:
    """No word runs across white space, so ``words`` adds up over text cut there. Constant text is
    cut at its first and last white space: what lies between is counted now; the edges go with
    the varying pieces they touch, into spans whose words are counted at each render."""
    constant: list[str] = []  # the text counted now
    layout: list[str | Rendered] = []  # what renders: constant text and spans, in order
    span: list[str | Rendered] = []
    for piece in pieces:
        first = _SPACE.search(piece) if isinstance(piece, str) else None
        if first is None:
            span.append(piece)
            continue
        text: str = piece  # type: ignore[assignment]
        start, end = first.start(), _LAST_SPACE.match(text).end()  # type: ignore[union-attr]
        span.append(text[:start])
        _close(span, constant, layout)
        constant.append(text[start:end])
        _add(layout, text[start:end])
        span = [text[end:]]
    _close(span, constant, layout)
    fixed = counts.split(" ".join(constant))
    static = [p if isinstance(p, str) else "" for p in layout]
    spans = tuple((i, p) for i, p in enumerate(layout) if not isinstance(p, str))
    if not spans:
        return "".join(static), fixed
    if len(spans) == 1:
        index, one = spans[0]
        before, after = "".join(static[:index]), "".join(static[index + 1:])

        def one_span(env: Env, visits: Visits) -> tuple[str, int]:
            text = one(env, visits)
            return f"{before}{text}{after}", fixed + counts[text]

        return one_span
    if len(spans) == 2:
        (i, one), (j, two) = spans
        before, between, after = "".join(static[:i]), "".join(static[i + 1:j]), "".join(static[j + 1:])

        def two_spans(env: Env, visits: Visits) -> tuple[str, int]:
            a, b = one(env, visits), two(env, visits)
            return f"{before}{a}{between}{b}{after}", fixed + counts[a] + counts[b]

        return two_spans

    def render(env: Env, visits: Visits) -> tuple[str, int]:
        out = static.copy()
        total = fixed
        for i, call in spans:
            out[i] = text = call(env, visits)
            total += counts[text]
        return "".join(out), total

    return render


_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)


def _close(span: list[str | Rendered], constant: list[str], layout: list[str | Rendered]) -> None:
    """Text between two cuts: constant (counted now) if nothing in it varies, else one span."""
    parts = [p for p in span if p != ""]
    if len(parts) == 1 and not isinstance(parts[0], str):
        layout.append(parts[0])
        return
    rendered = _assemble(_merged(parts))
    if isinstance(rendered, str):
        constant.append(rendered)
        _add(layout, rendered)
    else:
        layout.append(rendered)


def _add(layout: list[str | Rendered], text: str) -> None:
    if layout and isinstance(layout[-1], str):
        layout[-1] = layout[-1] + text
    elif text:
        layout.append(text)


def _merged(pieces: list[str | Rendered]) -> list[str | Rendered]:
    """``pieces`` with neighbouring constant text joined (and empty text dropped)."""
    out: list[str | Rendered] = []
    for piece in pieces:
        if isinstance(piece, str):
            _add(out, piece)
        else:
            out.append(piece)
    return out


def _around(static: list[str], call: tuple[int, Rendered]) -> Rendered:
    """The common case, text around one varying piece: plain concatenation."""
    index, piece = call
    before, after = "".join(static[:index]), "".join(static[index + 1:])
    return lambda env, visits: before + piece(env, visits) + after


def _interp(name: str) -> Rendered:
    """``format_value`` of the variable; a number (not a bool) is ``str`` of it without the call."""
    return lambda env, visits: str(value) if type(value := env.get(name, "")) is int else format_value(value)


def _branch(part: Branch, links: str, player: str, tests: Tests, worded: Variables) -> Rendered:
    test = fast_test(part.condition, tests)
    then = _compile(part.then, links, player, tests, worded)
    otherwise = _compile(part.otherwise, links, player, tests, worded)
    if isinstance(then, str) and isinstance(otherwise, str):
        return lambda env, visits: then if test(env, visits) else otherwise

    def branch(env: Env, visits: Visits) -> str:
        chosen = then if test(env, visits) else otherwise
        return chosen if isinstance(chosen, str) else chosen(env, visits)

    return branch
