"""petrograd endings: every ending, its summary and a shortest path; a non-zero exit when one is unreachable."""

from __future__ import annotations

import json
from pathlib import Path

from game.cli import main
from game.story.loader import load_story
from game.tools.witness import read_path, replay

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tools"


def test_lists_endings_with_summaries_and_shortest_paths(capsys):
    assert main(["endings", str(FIXTURES / "clean")]) == 0
    out = capsys.readouterr().out
    assert "end_walkout: Walkout\n" in out  # a story without sources: its endings are just endings
    assert "The player walks out with the moderates." in out
    assert "shortest path (2 choices): as worker: smolny > leave" in out


def test_json_and_witnesses(tmp_path, capsys):
    assert main(["endings", str(FIXTURES / "flawed"), "--json", "--witness-dir", str(tmp_path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {e["id"]: e["reached"] for e in data["endings"]} == {"end_rich": True, "end_secret": False}
    story = load_story(str(FIXTURES / "flawed"))
    path = read_path(str(tmp_path / "ending-end_rich-thief.json"))
    assert replay(story, path.witness).state.scene == "end_rich"
