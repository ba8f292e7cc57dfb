"""Fuzzing every reader of transcripts with mutated JSON text: each accepts the file or refuses it in one line.

Start from genuine transcripts (a finished soldier's game with an assignment,
a worker's, an unfinished one), mutate them as text the way a damaged or
hostile file would be (a lone surrogate escape, a 5,000-digit number, 1e999,
NaN, nesting thousands deep, control and bidi characters, a cut-off end,
flipped bytes, values swapped for hostile JSON), and hand the file to every
reader a teacher or student runs: ``verify`` (with and without an
assignment), ``transcript FILE --format md`` and ``html``, ``play --replay``,
and ``class-report`` in md, csv and html. Each must exit 0, 1 or 2 -- never 3,
the internal-error path -- print nothing that can steer a terminal, and on
exit 2 say what is wrong in one line.

A few dozen examples in the normal suite; ``PETROGRAD_FUZZ=long`` runs 3,000
(or ``PETROGRAD_FUZZ_EXAMPLES=N``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_transcript import STORY, WORKER_PATH, play

from game.cli import main
from game.play.session import Session
from game.story.loader import load_story
from game.tools.assignment import Assignment
from game.tools.transcript import build_transcript, to_json_text

LONG = os.environ.get("PETROGRAD_FUZZ") == "long"
EXAMPLES = int(os.environ.get("PETROGRAD_FUZZ_EXAMPLES", "3000" if LONG else "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
ASSIGNMENT = Path(STORY).parent / "assignments" / "strict.yaml"
UNSAFE = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x202E, 0x2066, 0x200F)]


def _seeds() -> list[str]:
    story = load_story(STORY)
    unfinished = Session(story, "soldier", player="Boris")
    unfinished.choose("go")
    games = [
        build_transcript(play(story), 1500, Assignment(title="Night", class_name="10B", undo=False, min_words=3)),
        build_transcript(play(story, "worker", WORKER_PATH, name="Vera", answers=("Too risky to stay.",)), 600),
        build_transcript(unfinished, 30),
    ]
    return [to_json_text(t) for t in games]


SEEDS = _seeds()

hostile_json = st.sampled_from([
    '"\\ud83d"', '"\\udc00"', '"a\\ud83d\\u0041"', "9" * 5000, "-" + "9" * 4400, "1e999", "-1e999", "NaN", "Infinity",
    "-Infinity", "[" * 3000 + "]" * 3000, '{"a":' * 2000 + "1" + "}" * 2000, "[" * 70 + "]" * 70, "1.5e308", "0.0",
    '"\\u001b[2K\\r\\u202eeniuneg"', '"\\u009b2K"', "null", "true", "{}", "[]", '""', '"' + "x" * 10000 + '"',
    "18446744073709551616", "-9223372036854775809", '"\\u0000"', "[null, {}, []]",
])


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A genuine transcript's text with one to three damages of the kinds real files get."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "insert", "truncate", "flip", "controls"]))
        if kind == "value":  # a value anywhere (after a colon or in a list) swapped for hostile JSON
            starts = [i + 1 for i, c in enumerate(text) if c in ":,["] or [0]
            at = draw(st.sampled_from(starts))
            end = at
            while end < len(text) and text[end] not in ",}]\n":
                end += 1
            text = text[:at] + " " + draw(hostile_json) + text[end:]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.one_of(hostile_json, st.text(max_size=6))) + text[at:]
        elif kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "controls":  # raw control and bidi characters inside the strings (a name, an answer)
            quotes = [i + 1 for i, c in enumerate(text) if c == '"'] or [0]
            at = draw(st.sampled_from(quotes))
            text = text[:at] + "".join(draw(st.lists(st.sampled_from(UNSAFE), min_size=1, max_size=4))) + text[at:]
        else:
            raw = bytearray(text.encode("utf-8"))
            if raw:
                raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
            return bytes(raw)
    return text.encode("utf-8", "surrogatepass")


def run(args: list[str]) -> tuple[int, str, str]:
    """``petrograd ARGS`` in this process, stdin at its end (a replayed game quits at once), output captured."""
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


def check(args: list[str]) -> None:
    code, out, err = run(args)
    assert code in (0, 1, 2), (args, code, err)
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
    for text in (out, err):
        bad = [c for c in text if c in UNSAFE]
        assert not bad, (args, [hex(ord(c)) for c in bad])


@SETTINGS
@given(data=mutated())
def test_every_reader_accepts_or_refuses_in_one_line(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("class")
    saves = tmp_path_factory.mktemp("saves")
    path = folder / "t.json"
    path.write_bytes(data)
    check(["verify", str(path), STORY])
    check(["verify", str(path), STORY, "--assignment", str(ASSIGNMENT)])
    check(["verify", str(path), STORY, "--json"])
    check(["transcript", str(path), "--story", STORY, "--format", "md"])
    check(["transcript", str(path), "--story", STORY, "--format", "html"])
    check(["play", STORY, "--plain", "--saves", str(saves), "--replay", str(path)])
    for fmt in ("md", "csv", "html"):
        code, out, err = run(["class-report", str(folder), "--story", STORY, "--format", fmt])
        assert code == 0 and err == "", err
        assert fmt == "csv" or "1 files in" in out, out[:300]


def test_the_fuzzer_reaches_each_kind_of_refusal():
    """The mutations do make the bad files the readers must refuse (a fuzzer that never gets there proves nothing)."""
    from game.play.untrusted_json import JSONProblem, decode

    seen: set[str] = set()
    for value in ('"\\ud83d"', "9" * 5000, "1e999", "NaN", "[" * 3000 + "]" * 3000):
        text = SEEDS[0].replace('"played_seconds": 1500', f'"played_seconds": {value}')
        with pytest.raises(JSONProblem) as caught:
            decode(text.encode("utf-8"))
        seen.add(caught.value.reason.split()[-1])
    assert seen == {"edited", "hold", "number", "allows", "deep"}
    assert json.loads(SEEDS[0])["played_seconds"] == 1500
