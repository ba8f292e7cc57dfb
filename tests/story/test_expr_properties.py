"""Property tests for the expression language (hypothesis).

- printing any AST with ``to_source`` and parsing it back gives the same AST;
- no string whatsoever makes ``parse``/``parse_effects``/``parse_template`` raise
  anything but ExprError;
- well-typed expressions evaluate, in any environment of their types, to a value
  of their static type or raise ExprError (division by zero, numbers too large).
"""

from __future__ import annotations

import dataclasses
import os
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.story import expr as ex
from game.story.errors import ExprError, Pos
from game.story.model import Condition
from game.story.text import parse_template, render

EXAMPLES = 20_000 if os.environ.get("PETROGRAD_FUZZ") == "long" else 300
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RESERVED = set(ex.KEYWORDS)
identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(lambda s: s not in RESERVED)
strings = st.text(st.characters(blacklist_characters="\"'\\\n\r", blacklist_categories=["Cs"]), max_size=8)
literals = st.one_of(
    st.booleans(),
    st.integers(min_value=0, max_value=10**18 - 1),
    strings,
).map(ex.Lit)
atoms = st.one_of(
    literals,
    identifiers.map(ex.Name),
    st.builds(ex.Call, st.sampled_from(ex.SCENE_FUNCTIONS), identifiers),
    st.integers(-5, 50).flatmap(lambda low: st.integers(low, low + 20).map(lambda high: ex.Draw("random", low, high))),
    st.integers(0, 100).map(lambda percent: ex.Draw("chance", percent, 100)),
)
BINARY_OPS = ["or", "and", *ex.COMPARE_OPS, "+", "-", "*", "//", "%"]
asts = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(ex.Unary, st.sampled_from(["not", "-"]), inner),
        st.builds(ex.Binary, st.sampled_from(BINARY_OPS), inner, inner),
    ),
    max_leaves=25,
)


def strip(node: ex.Node) -> ex.Node:
    """The same AST with every offset set to 0."""
    if isinstance(node, ex.Unary):
        return ex.Unary(node.op, strip(node.operand))
    if isinstance(node, ex.Binary):
        return ex.Binary(node.op, strip(node.left), strip(node.right))
    return dataclasses.replace(node, offset=0)


@SETTINGS
@given(asts)
def test_print_then_parse_round_trips(node):
    text = ex.to_source(node)
    assert strip(ex.parse(text)) == strip(node), text
    assert ex.to_source(ex.parse(text)) == text


@SETTINGS
@given(st.lists(st.tuples(identifiers, st.sampled_from(ex.ASSIGN_OPS), asts), min_size=1, max_size=4))
def test_effects_round_trip(parts):
    effects = tuple(ex.Assign(name, op, value) for name, op, value in parts)
    text = ex.effects_to_source(effects)
    parsed = ex.parse_effects(text)
    assert [(a.name, a.op, strip(a.value)) for a in parsed] == [(a.name, a.op, strip(a.value)) for a in effects]


TOKENS = [
    "and", "or", "not", "true", "false", "visited", "visits", "(", ")", "==", "!=", "<", "<=", ">", ">=",
    "=", "+=", "-=", "+", "-", "*", "//", "/", "%", ";", "x", "y", "7", "0", "99999999999999999999",
    '"a"', "'b'", '"', "'", "&&", "||", "!", " ", "\n", "\t", ".", ",", "{", "}", "[[", "é", "\x00",
]
soups = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join),
                  st.lists(st.sampled_from(TOKENS), max_size=25).map("".join))


@SETTINGS
@given(soups)
def test_parse_raises_only_expr_error(text):
    for parse in (ex.parse, ex.parse_effects):
        try:
            parse(text)
        except ExprError as exc:
            assert 0 <= exc.offset <= len(text)
            assert exc.message


# --- typed generation -----------------------------------------------------------------

ENUM = ex.VarType("enum", ("red", "white", "green"))
TYPES = {"i": ex.INT, "j": ex.INT, "b": ex.BOOL, "c": ex.BOOL, "e": ENUM, "f": ENUM}
SCENES = ["hall", "yard", "gate"]
big_ints = st.one_of(st.integers(-5, 5), st.integers(-(10**18), 10**18))


@cache
def typed(kind: str, depth: int) -> st.SearchStrategy[ex.Node]:
    if kind == "int":
        leaves = st.one_of(
            st.integers(0, 10**18 - 1).map(ex.Lit),
            st.sampled_from(["i", "j"]).map(ex.Name),
            st.sampled_from(SCENES).map(lambda s: ex.Call("visits", s)),
        )
        if depth <= 0:
            return leaves
        sub = st.deferred(lambda: typed("int", depth - 1))
        return st.one_of(
            leaves,
            st.builds(ex.Unary, st.just("-"), sub),
            st.builds(ex.Binary, st.sampled_from(["+", "-", "*", "//", "%"]), sub, sub),
        )
    leaves = st.one_of(
        st.booleans().map(ex.Lit),
        st.sampled_from(["b", "c"]).map(ex.Name),
        st.sampled_from(SCENES).map(lambda s: ex.Call("visited", s)),
        st.builds(ex.Binary, st.sampled_from(["==", "!="]), st.sampled_from(["e", "f"]).map(ex.Name),
                  st.sampled_from(ENUM.values).map(ex.Lit)),
    )
    if depth <= 0:
        return leaves
    sub_b = st.deferred(lambda: typed("bool", depth - 1))
    sub_i = st.deferred(lambda: typed("int", depth - 1))
    return st.one_of(
        leaves,
        st.builds(ex.Unary, st.just("not"), sub_b),
        st.builds(ex.Binary, st.sampled_from(["and", "or", "==", "!="]), sub_b, sub_b),
        st.builds(ex.Binary, st.sampled_from(list(ex.COMPARE_OPS)), sub_i, sub_i),
    )


envs = st.fixed_dictionaries({
    "i": big_ints, "j": big_ints, "b": st.booleans(), "c": st.booleans(),
    "e": st.sampled_from(ENUM.values), "f": st.sampled_from(ENUM.values),
})
visits = st.dictionaries(st.sampled_from(SCENES), st.integers(0, 10**6))


@SETTINGS
@given(st.one_of(st.tuples(st.just("int"), typed("int", 3)), st.tuples(st.just("bool"), typed("bool", 3))), envs, visits)
def test_well_typed_expressions_evaluate_to_their_type(kind_node, env, seen):
    kind, node = kind_node
    assert ex.type_of(node, TYPES).kind == kind
    reparsed = ex.parse(ex.to_source(node))
    for fn in (ex.compile_expr(node), ex.compile_expr(reparsed)):
        try:
            value = fn(env, seen)
        except ExprError:
            continue
        if kind == "int":
            assert isinstance(value, int) and not isinstance(value, bool)
        else:
            assert isinstance(value, bool)


@SETTINGS
@given(asts, envs, visits)
def test_any_expression_evaluates_or_raises_expr_error(node, env, seen):
    """Even ill-typed ASTs (which the loader would refuse) only ever raise ExprError."""
    try:
        ex.type_of(node, TYPES)
    except ExprError:
        pass
    try:
        ex.evaluate(node, env, seen)
    except ExprError:
        pass


# --- templates ---------------------------------------------------------------------------

TEMPLATE_BITS = [
    "{", "}", "{{", "}}", "[[", "]]", "|", "{if ", "{if b}", "{if i > 1}", "{else}", "{end}", "{i}", "{zz}",
    "{ if b }", "{if}", "[[Soviet]]", "[[|x]]", "word ", "\n", "{if (}", "é", " ",
]
templates = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TEMPLATE_BITS), max_size=30).map("".join))


def _condition(text: str, offset: int) -> Condition:
    node = ex.parse(text)
    ex.type_of(node, TYPES)
    return Condition(text, node, ex.compile_expr(node))


@SETTINGS
@given(templates, envs)
def test_template_parsing_raises_only_expr_error(text, env):
    try:
        parts = parse_template(text, _condition, lambda offset: Pos("t", 1, offset + 1))
    except ExprError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    from game.story.model import Template

    render(Template(text, parts), env, {})
