"""Teachers' inputs: one checked JSON decoder and one terminal-safe printer, used by every reader of transcripts.

Each bad file gives one line naming file, line and column, exit 2 (never 3,
never a traceback); in class-report it is a "broken" row and the report goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_transcript import STORY, play

from game.cli import main
from game.play.printable import json_for_terminal, printable
from game.play.untrusted_json import MAX_DEPTH, JSONProblem, decode, decode_text
from game.story.loader import load_story
from game.tools.transcript import build_transcript, to_json_text

GENUINE = build_transcript(play(load_story(STORY)), 600)
GOOD = json.dumps(GENUINE, indent=2)

# (what is put in place of "played_seconds": 600, the one-line reason, its column on line 20 of the file)
BAD_VALUES = [
    ('"\\ud83d"', "\\ud83d is half of a character (a lone surrogate); the text was cut or edited", 22),
    ('"\\ude00 tail"', "\\ude00 is half of a character (a lone surrogate); the text was cut or edited", 22),
    ('"\\ud83d\\u0041"', "\\ud83d is half of a character (a lone surrogate); the text was cut or edited", 22),
    ("9" * 5000, "a number of 5000 digits is larger than any value this file may hold", 21),
    ("-" + "1" * 21, "a number of 21 digits is larger than any value this file may hold", 21),
    ("1e999", "the number 1e999 is too large to be a number", 21),
    ("-1e999", "the number -1e999 is too large to be a number", 21),
    ("NaN", "NaN is not a number JSON allows", 21),
    ("Infinity", "Infinity is not a number JSON allows", 21),
    ("[" * 100_000 + "]" * 100_000, f"nested more than {MAX_DEPTH} deep", 21 + MAX_DEPTH - 1),
    ("[" * 500 + "]" * 500, f"nested more than {MAX_DEPTH} deep", 21 + MAX_DEPTH - 1),
]


def bad_file(value: str) -> str:
    text = GOOD.replace('"played_seconds": 600', f'"played_seconds": {value}')
    assert text.splitlines()[19].startswith('  "played_seconds": ')  # line 20, so the positions below hold
    return text


@pytest.mark.parametrize("value, reason, column", BAD_VALUES)
def test_decoder_refuses_with_line_and_column(value, reason, column):
    with pytest.raises(JSONProblem) as caught:
        decode(bad_file(value).encode("utf-8"))
    assert (caught.value.reason, caught.value.line, caught.value.column) == (reason, 20, column)
    assert caught.value.at("t.json") == f"t.json:20:{column}: {reason}"


@pytest.mark.parametrize("text, value", [
    ('["\\ud83d\\ude00"]', ["😀"]),  # a whole pair is one character
    ('["\\\\ud83d"]', ["\\ud83d"]),  # an escaped backslash, then plain letters
    ('[18446744073709551615, -9223372036854775808, 1.5e300]', [18446744073709551615, -9223372036854775808, 1.5e300]),
    ("[" * MAX_DEPTH + "]" * MAX_DEPTH, json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)),
    ('{"a": "[[[[ not brackets"}', {"a": "[[[[ not brackets"}),
])
def test_decoder_accepts_what_a_transcript_may_hold(text, value):
    assert decode(text.encode("utf-8")) == value
    assert decode_text(GOOD) == GENUINE


@pytest.mark.parametrize("raw, message", [
    (b'{"a": 1,\n  "b" 2}', "t.json:2:7: not JSON: Expecting ':' delimiter"),
    (b'{"a": [1,', "t.json:1:10: not JSON: the text ends too early (Expecting value)"),
    (b'{"a": "caf\xe9"}', "t.json:1:11: not UTF-8 text (byte 11 cannot be read)"),
    (b"\xef\xbb\xbf[1]", None),  # a byte-order mark is allowed
])
def test_decoder_positions_for_broken_json(raw, message):
    if message is None:
        assert decode(raw) == [1]
        return
    with pytest.raises(JSONProblem) as caught:
        decode(raw)
    assert caught.value.at("t.json") == message


def test_printable_escapes_controls_bidi_and_surrogates():
    assert printable("Anna\x1b[2K\r\u202eX\u2066\x9b\x00\ud83d\u2028") == "Anna\\x1b[2K\\r\\u202eX\\u2066\\x9b\\x00\\ud83d\\u2028"
    assert printable("a\nb\tc") == "a\\nb\\tc"
    assert printable("a\nb\tc\rd", multiline=True) == "a\nb\tc\\rd"
    assert printable("Жанна 👩\u200d👩\u200d👧 é") == "Жанна 👩\u200d👩\u200d👧 é"  # text and emoji untouched
    out = json_for_terminal({"n": "a\u202e\x85\x1b"})
    assert out == '{\n  "n": "a\\u202e\\u0085\\u001b"\n}' and json.loads(out) == {"n": "a\u202e\x85\x1b"}
    assert json.loads(to_json_text(dict(GENUINE, student="\u202eX\x9b"))) == dict(GENUINE, student="\u202eX\x9b")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("value, reason, column", [BAD_VALUES[0], BAD_VALUES[3], BAD_VALUES[5], BAD_VALUES[7], BAD_VALUES[9]])
def test_every_reader_gives_one_line_and_exit_2(tmp_path, capsys, value, reason, column):
    path = tmp_path / "t.json"
    path.write_text(bad_file(value), encoding="utf-8")
    expected = f"{path}:20:{column}: {reason}"
    assert main(["verify", str(path), STORY]) == 2
    assert capsys.readouterr().err == f"petrograd verify: {expected}\n"
    assert main(["transcript", str(path), "--story", STORY, "--format", "md"]) == 2
    assert capsys.readouterr().err == f"petrograd transcript: {expected}\n"
    assert main(["play", STORY, "--plain", "--saves", str(tmp_path / "saves"), "--replay", str(path)]) == 2
    assert capsys.readouterr().err == f"petrograd play: {expected}\n"


def test_class_report_lists_a_broken_file_and_goes_on(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "anna.json").write_text(GOOD, encoding="utf-8")
    for i, (value, _reason, _column) in enumerate(BAD_VALUES):
        (folder / f"bad{i:02d}.json").write_text(bad_file(value), encoding="utf-8")
    done = run("class-report", str(folder), "--story", STORY)
    assert done.returncode == 0 and done.stderr == ""
    for i, (_value, reason, column) in enumerate(BAD_VALUES):
        assert f"| (bad{i:02d}.json) |  |  |  |  |  |  |  | broken | line 20, column {column}: {reason} |" in done.stdout
    assert f"{len(BAD_VALUES) + 1} files in {folder}: 1 genuine, {len(BAD_VALUES)} broken." in done.stdout


def test_one_internal_error_path_is_never_taken(tmp_path):
    """Through a real process, as a teacher runs it: exit 2 and one line, not exit 3 and 'internal error'."""
    path = tmp_path / "t.json"
    path.write_text(bad_file(BAD_VALUES[3][0]), encoding="utf-8")
    for args in (["verify", str(path), STORY], ["transcript", str(path), "--story", STORY, "--format", "md"]):
        done = run(*args)
        assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "internal error" not in done.stderr


def test_markdown_outputs_show_controls_from_the_file(tmp_path, capsys):
    spoof = dict(GENUINE, student="Mallory\x1b[1A\x1b[2K\u202eeniuneg")
    path = tmp_path / "t.json"
    path.write_text(json.dumps(spoof, ensure_ascii=False), encoding="utf-8")
    assert main(["transcript", str(path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "| Student | Mallory\\x1b[1A\\x1b[2K\\u202eeniuneg |" in out
    assert main(["transcript", str(path), "--format", "html"]) == 0
    assert not any(c in capsys.readouterr().out for c in "\x1b\u202e")
    Path(tmp_path / "class").mkdir()
    (tmp_path / "class" / "m\x1b[2K.json").write_text(json.dumps(spoof, ensure_ascii=False), encoding="utf-8")
    for fmt in ("md", "csv", "html"):
        assert main(["class-report", str(tmp_path / "class"), "--story", STORY, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "Mallory\\x1b[1A\\x1b[2K\\u202eeniuneg" in out and not any(c in out for c in "\x1b\u202e\r"), fmt


def test_saves_go_through_the_same_decoder(tmp_path, capsys):
    """A save holding half an emoji used to load and then crash the next autosave: now it fails to load, in one line."""
    from game.play.saves import SaveError, SaveStore

    story = load_story(STORY)
    store = SaveStore(tmp_path / "saves", story)
    store.save("1", play(story), 100)
    path = tmp_path / "saves" / "1.json"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"player": "Anna Petrova"' in row)
    path.write_text(text.replace('"player": "Anna Petrova"', '"player": "\\ud83d"'), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        store.load("1")
    column = text.splitlines()[line - 1].index('"Anna') + 2
    assert str(caught.value).endswith(
        f"not a save file (line {line}, column {column}: "
        "\\ud83d is half of a character (a lone surrogate); the text was cut or edited)"
    )
    assert main(["transcript", "1", "--saves", str(tmp_path / "saves"), "--story", STORY]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
