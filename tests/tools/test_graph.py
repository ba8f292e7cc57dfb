"""graph: Mermaid and DOT that are structurally valid, grouped, with endings and conditions marked."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.cli import main
from game.story.loader import load_story
from game.tools.graph import dot, mermaid

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STORIES = ["mini", "tools/clean", "tools/flawed"]
_NODE = re.compile(r'^\s+(n_[a-z0-9_]+|start(?:_[a-z0-9_]+)?)(\["|\(\["|\(\(")')
_EDGE = re.compile(r'^\s+(?:(start(?:_[a-z0-9_]+)?)\(\("[^"]*"\)\):::start|(n_[a-z0-9_]+)) (-->|-\.->|==>)(?:\|"([^"|]*)"\|)? (n_[a-z0-9_]+)$')


def check_mermaid(text: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """A structural check of the subset of Mermaid we write: every line is a known statement,
    subgraphs close, labels hold no raw quotes, and every edge joins declared nodes."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    declared: set[str] = set()
    edges: list[tuple[str, str, str]] = []
    depth = 0
    for line in lines[1:]:
        if re.match(r'^  subgraph g\d+\["[^"]*"\]$', line):
            depth += 1
            assert depth == 1
            continue
        if line == "  end":
            depth -= 1
            assert depth == 0
            continue
        if line.startswith("  classDef "):
            continue
        node = _NODE.match(line)
        if node and "-->" not in line:
            assert line.count('"') == 2, line
            declared.add(node.group(1))
            continue
        edge = _EDGE.match(line)
        assert edge, f"not a statement we write: {line!r}"
        source = edge.group(1) or edge.group(2)
        if edge.group(1):
            declared.add(source)
        edges.append((source, edge.group(5), edge.group(4) or ""))
    assert depth == 0
    for source, target, _ in edges:
        assert source in declared and target in declared, (source, target)
    assert "end" not in declared  # a node named 'end' would close a subgraph
    return declared, edges


@pytest.mark.parametrize("name", STORIES)
def test_mermaid_is_structurally_valid(name):
    story = load_story(str(FIXTURES / name))
    declared, edges = check_mermaid(mermaid(story))
    assert {f"n_{n.id}" for n in story.nodes()} <= declared
    assert len([e for e in edges if not e[0].startswith("start")]) == sum(len(s.choices) for s in story.scenes.values())


def test_mermaid_marks_endings_groups_acts_and_labels_conditions():
    text = mermaid(load_story(str(FIXTURES / "tools" / "clean")))
    assert 'subgraph g0["Act I"]' in text and 'subgraph g1["Act II"]' in text
    assert 'n_end_walkout(["Walkout<br/>(end_walkout, counterfactual)"]):::ending' in text
    assert 'n_smolny -.->|"if leaning != #quot;bolshevik#quot;"| n_end_walkout' in text
    assert 'n_factory -.->|"if visits(factory) #lt; 3"| n_factory' in text


def test_group_by_file():
    text = mermaid(load_story(str(FIXTURES / "tools" / "clean")), group="file")
    assert re.search(r'subgraph g0\["[^"]*act1\.yaml"\]', text)


@pytest.mark.parametrize("name", STORIES)
def test_dot_structure_and_graphviz(name, tmp_path):
    story = load_story(str(FIXTURES / name))
    text = dot(story)
    assert text.startswith("digraph story {") and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    assert text.count(" -> n_") == sum(len(s.choices) for s in story.scenes.values()) + max(1, len(story.perspectives))
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    out = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "<svg" in out.stdout


def test_dot_marks_endings_and_conditions():
    text = dot(load_story(str(FIXTURES / "tools" / "clean")))
    assert 'n_end_history [label="As it happened\\n(end_history)\\nhistorical", shape=doubleoctagon, style=bold];' in text
    assert 'n_smolny -> n_end_walkout [label="if leaning != \\"bolshevik\\"", style=dashed];' in text
    assert "subgraph cluster_0 {" in text


def test_command_writes_file_and_picks_format_from_extension(tmp_path, capsys):
    out = tmp_path / "map.dot"
    assert main(["graph", str(FIXTURES / "tools" / "clean"), "-o", str(out)]) == 0
    assert out.read_text().startswith("digraph")
    assert main(["graph", str(FIXTURES / "tools" / "clean"), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")
