"""Fuzzing the loader with mutated real story files (hypothesis).

Starting from files that load (tests/fixtures/mini, the bad-fixture base story,
and the shipped scenes/ when they load), each example cuts, duplicates, swaps,
retypes, re-indents or inserts junk into one file. Whatever comes out, only
StoryError may escape ``load_story`` and every finding must carry a file; when
the story loads, ``check_story`` must run too. The quick profile runs in the
default suite; ``PETROGRAD_FUZZ=long`` runs 20,000 examples.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import SPECIAL_FILES, load_story, story_files

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("PETROGRAD_FUZZ") == "long"
EXAMPLES = 20_000 if LONG else 120
FILE_LEVEL_CODES = {"E000", "E002", "E003"}  # about a whole file: no line to point at

JUNK = [
    "", ":", ": :", "- [", "]", "{", "&a x", "*a", "!!python/object/apply:os.system [ls]", "\t- x",
    "'unclosed", '"unclosed', "{if x}", "[[nothing]]", "key: [1, 2", "  - id: 7", "---", "...", "? complex",
    "- - - -", "%YAML 1.1", "x: !!binary aGk=", "\x00", "é: ü", "text: |", "choices:", "  - text: x\n    to: y",
    "if: standing >= ", "set: standing += 'x'", "id: Not-An-Id", "date: 1917-02-30", "on_enter: visits(nowhere) > 1",
]
VALUES = ["42", "true", "null", "[]", "{}", "[a, b]", "{x: 1}", "''", "1917-10-25", "3.5", "~", "'{if}'", "|\n  x"]


@cache
def bases() -> list[tuple[str, str]]:
    """(story folder, file) pairs to mutate: every file of every story that loads."""
    out: list[tuple[str, str]] = []
    for root in (ROOT / "tests/fixtures/mini", ROOT / "tests/fixtures/bad/_clean", ROOT / "scenes"):
        try:
            load_story(str(root))
        except (StoryError, OSError):
            continue
        names = [n for n in SPECIAL_FILES if (root / n).is_file()] + story_files(str(root))
        out.extend((str(root), n) for n in names)
    return out


@cache
def read(path: str) -> list[str]:
    return Path(path).read_text(encoding="utf-8").split("\n")


def mutate(lines: list[str], data: st.DataObject) -> list[str]:
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if not lines:
            lines = [""]
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        how = data.draw(st.sampled_from(["cut", "dup", "swap", "junk", "retype", "indent", "chars", "truncate"]))
        if how == "cut":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "junk":
            indent = " " * data.draw(st.integers(0, 8))
            lines.insert(i, indent + data.draw(st.sampled_from(JUNK)))
        elif how == "retype" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {data.draw(st.sampled_from(VALUES))}"
        elif how == "indent":
            lines[i] = " " * data.draw(st.integers(0, 3)) + lines[i].lstrip(" ") if data.draw(st.booleans()) else lines[i][1:]
        elif how == "chars":
            text = lines[i]
            at = data.draw(st.integers(0, len(text)))
            lines[i] = text[:at] + data.draw(st.text(max_size=4)) + text[at + data.draw(st.integers(0, 3)) :]
        elif how == "truncate":
            lines = lines[:i]
    return lines


def load_mutated(root: str, name: str, text: str) -> None:
    """Build a story of root's special files plus the mutated file, and load and check it."""
    with tempfile.TemporaryDirectory() as tmp:
        for special in SPECIAL_FILES:
            if special != name and os.path.isfile(os.path.join(root, special)):
                Path(tmp, special).write_text(Path(root, special).read_text(encoding="utf-8"), encoding="utf-8")
        target = Path(tmp, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            story = load_story(tmp)
        except StoryError as exc:
            assert exc.findings
            for finding in exc.findings:
                assert finding.pos.file.startswith(tmp), finding
                assert finding.pos.line >= 1 or finding.code in FILE_LEVEL_CODES, finding
                assert finding.message and finding.code[0] in "EW"
            return
        report = check_story(story)
        for finding in report.findings:
            assert finding.pos.file, finding
        json.dumps(report.to_json())  # what `check --json` prints


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not LONG,
)
@given(st.data())
def test_mutated_stories_only_raise_story_error(data):
    root, name = data.draw(st.sampled_from(bases()), label="file")
    lines = mutate(read(os.path.join(root, name)), data)
    load_mutated(root, name, "\n".join(lines))


def test_there_is_something_to_fuzz():
    assert len(bases()) >= 8
