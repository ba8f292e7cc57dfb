"""YAML that tries harm is refused early, with a clear message, and cheaply.

"Cheaply" is asserted by counting work (bytes read, nodes visited, where the
parser stopped), never with a timer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from game.story import yamlnodes
from game.story.errors import StoryError
from game.story.loader import load_story

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "bad" / "_clean"


def _story(tmp_path: Path, name: str, text: str | bytes) -> Path:
    root = tmp_path / "story"
    shutil.copytree(CLEAN, root)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (root / name).write_bytes(data)
    return root


def _errors(root: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(StoryError) as caught:
        load_story(str(root))
    return [(f.pos.file.rsplit("/", 1)[-1], f.pos.line, f.pos.column, f.code, f.message) for f in caught.value.findings]


class CountingNodes:
    """Wraps check_node (which recurses through the module global) to count the nodes it visits."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, file_name: str):
        self.calls = 0
        real = yamlnodes.check_node

        def counted(node, source, *args, **kwargs):
            if source.path.endswith(file_name):
                self.calls += 1
            real(node, source, *args, **kwargs)

        monkeypatch.setattr(yamlnodes, "check_node", counted)
        monkeypatch.setattr("game.story.nodereader.check_node", counted)


def test_oversize_file_is_refused_after_reading_the_limit_only(tmp_path, monkeypatch):
    root = _story(tmp_path, "big.yaml", b"")
    with open(root / "big.yaml", "wb") as handle:  # a sparse 1 GiB file
        handle.truncate(1 << 30)
    read_sizes: list[int] = []
    real_open = os.fdopen

    def spying_open(fd, mode="r", *args, **kwargs):
        handle = real_open(fd, mode, *args, **kwargs)
        real_read = handle.read

        def read(size=-1):
            data = real_read(size)
            read_sizes.append(len(data))
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(os, "fdopen", spying_open)  # game.story.files.read_bytes reads through it
    assert _errors(root) == [("big.yaml", 0, 0, "E003", "the file is larger than 4096 KiB")]
    assert max(read_sizes) == yamlnodes.MAX_FILE_BYTES + 1


def test_billion_laughs_stops_at_the_first_alias(tmp_path, monkeypatch):
    levels = ["lol: &a [lol]"] + [f"l{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 9)}]" for i in range(12)]
    root = _story(tmp_path, "laughs.yaml", "\n".join(levels) + "\n")
    counter = CountingNodes(monkeypatch, "laughs.yaml")
    errors = _errors(root)
    assert errors == [("laughs.yaml", 2, 10, "E006", "YAML aliases (*name) are not allowed")]
    assert counter.calls < 20  # 9**12 nodes if it were expanded


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['echo hi']", "!!python/name:os.system", "!custom value", "!!binary aGk="],
)
def test_tags_are_refused(tmp_path, tag):
    root = _story(tmp_path, "tags.yaml", f"scenes:\n  - {tag}\n")
    [(name, line, column, code, message)] = _errors(root)
    assert (name, line, column, code) == ("tags.yaml", 2, 5, "E007")
    assert message.startswith("the tag ") and message.endswith(" is not allowed")


def test_safe_compose_never_constructs_python_objects():
    node = yaml.compose("!!python/object/apply:os.system ['exit 3']", Loader=yamlnodes._Loader)  # type: ignore[arg-type]  # libyaml's composer, not a named loader
    assert isinstance(node, yaml.SequenceNode)  # a node, not a call


@pytest.mark.parametrize(
    "text",
    [
        "x:\n  " + "- " * 999 + "y\n",  # block sequences, one line
        "x:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 300)) + " " * 300 + "y\n",  # block mappings
        "x: " + "[1, " * 999 + "]" * 999 + "\n",  # flow, not caught by the cheap pre-check
        "x: " + "[" * 5000 + "]" * 5000 + "\n",  # flow, caught before parsing
        "x:\n  " + "- " * 100_000 + "y\n",  # past libyaml's own limit of 1,000
    ],
    ids=["block_seq", "block_map", "flow_commas", "flow_brackets", "block_100k"],
)
def test_deep_nesting_is_refused_without_recursion(tmp_path, monkeypatch, text):
    root = _story(tmp_path, "deep.yaml", text)
    counter = CountingNodes(monkeypatch, "deep.yaml")
    [(name, _line, _column, code, message)] = _errors(root)
    assert (name, code, message) == ("deep.yaml", "E005", "nesting deeper than 64 levels")
    assert counter.calls <= 2 * (yamlnodes.MAX_DEPTH + 2)  # a key and a value per level


def test_deep_nesting_with_the_pure_python_parser(tmp_path, monkeypatch):
    """Without libyaml, PyYAML recurses: a RecursionError must become E005, not a crash."""
    monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    root = _story(tmp_path, "deep.yaml", "x:\n  " + "- " * 5000 + "y\n")
    [(name, _line, _column, code, _message)] = _errors(root)
    assert (name, code) == ("deep.yaml", "E005")
    assert load_story(str(CLEAN)).id == "bad-story"  # and the interpreter is fine afterwards


def test_non_utf8_points_at_the_byte_in_characters(tmp_path):
    root = _story(tmp_path, "bytes.yaml", "scenes: []\n# «ёж» \xff".encode().replace(b"\xc3\xbf", b"\xff"))
    assert _errors(root) == [("bytes.yaml", 2, 8, "E004", "the file is not UTF-8 text")]


def test_a_byte_order_mark_is_fine(tmp_path):
    root = _story(tmp_path, "glossary.yaml", "\ufeffterms:\n  - term: Soviet\n    text: A council.\n")
    assert load_story(str(root)).term("soviet") is not None


def test_the_node_walk_is_skipped_only_where_it_cannot_matter():
    """Shipped files take the fast path; every file that holds a tag, an anchor or deep nesting does not."""
    root = Path(__file__).resolve().parents[2]
    for path in [*(root / "scenes").rglob("*.yaml"), *(root / "tests" / "fixtures" / "mini").glob("*.yaml")]:
        assert not yamlnodes.needs_node_check(path.read_text(encoding="utf-8")), path
    for text in [
        "a: &x 1\nb: *x\n", "a: !!python/name:os.system\n", "- !custom x\n", "a: [!t x]\n", "a: {b: &c d}\n",
        "x:\n  " + "- " * 10 + "y\n", "x: [[[1]]]\n", "x: [1, [2, [3]]]\n", "x:\n" + " " * 70 + "y: 1\n",
    ]:
        assert yamlnodes.needs_node_check(text), text
    for text in ["text: Stop! Go.\n", "if: a != b\n", "text: Smith & Sons, R&D\n", "text: The [[Soviet]] {if x}y{end}\n"]:
        assert not yamlnodes.needs_node_check(text), text
