"""The fast JSON path reads and fails exactly as the standard library does."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.play import jsontext

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # past 64 bits too: orjson would read those as floats
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),  # lone surrogates included
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        value = read(text)
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__, str(exc)
    return "value", json.dumps(value, sort_keys=True)  # NaN-proof, type-exact comparison


@given(values)
def test_dumps_reads_back_as_the_same_value(value: Any) -> None:
    for indent in (False, True):
        assert json.loads(jsontext.dumps(value, indent=indent)) == value


@given(values)
def test_loads_reads_what_json_reads(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert outcome(jsontext.loads, text) == outcome(json.loads, text)


@given(st.text(alphabet='{}[]",:0123456789.eE+-truefalsnNIiy\\u \n\ud800', max_size=40))
def test_broken_text_fails_with_json_s_own_message(text: str) -> None:
    assert outcome(jsontext.loads, text) == outcome(json.loads, text)


@pytest.mark.parametrize(
    "text",
    [
        "123456789012345678901234567890",  # orjson: a float
        '"\\ud800"',  # a lone surrogate, escaped
        "\ufeff{}",  # a byte-order mark
        "[" * 2000 + "]" * 2000,  # deeper than orjson goes
        '{"a": 1, "a": 2}',
        "1e400",
    ],
)
def test_edge_cases_follow_json(text: str) -> None:
    assert outcome(jsontext.loads, text) == outcome(json.loads, text)


def test_parse_constant_still_sees_nan() -> None:
    seen: list[str] = []

    def constant(name: str) -> float:
        seen.append(name)
        return math.nan

    jsontext.loads('[NaN, 1]', parse_constant=constant)
    assert seen == ["NaN"]


def test_values_orjson_cannot_write_fall_back() -> None:
    assert json.loads(jsontext.dumps({"n": 2**80, "s": "\ud800"})) == {"n": 2**80, "s": "\ud800"}
    assert jsontext.dumps({1: "x"}) == '{"1":"x"}'
