"""The teacher guide's "who left history" example is a real transcript of the shipped story.

The guide shows the key-decision lines of a plain-mode run scripted by
docs/examples/who-left-history.txt. This test plays that script again and checks each shown
line against the fresh Markdown transcript, and the JSON's left_history_at, so the guide
cannot drift from what students will see.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teacher-guide.md"
SCRIPT = ROOT / "docs" / "examples" / "who-left-history.txt"
MARK = "<!-- who-left-history:"
CUT = " History: …"


def _shown_lines() -> list[str]:
    guide = GUIDE.read_text(encoding="utf-8")
    block = guide.split(MARK, 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


def test_the_guide_shows_the_key_decisions_of_a_real_transcript(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(SCRIPT.read_text(encoding="utf-8")))
    saves = tmp_path / "saves"
    scenes = str(ROOT / "scenes")
    assert main(["play", "--plain", "--perspective", "soldier", "--name", "Anna K.", "--saves", str(saves), scenes]) == 0
    assert "You left history at “The Fortress comes over”." in capsys.readouterr().out
    md, js = tmp_path / "anna.md", tmp_path / "anna.json"
    assert main(["transcript", "autosave", "--saves", str(saves), "--story", scenes, "--format", "md", "-o", str(md)]) == 0
    assert main(["transcript", "autosave", "--saves", str(saves), "--story", scenes, "--format", "json", "-o", str(js)]) == 0
    section = md.read_text(encoding="utf-8").split("## Your choices and history\n", 1)[1].split("\n## ", 1)[0]
    real = [line for line in section.splitlines() if line.startswith("- ")]
    shown = _shown_lines()
    assert len(shown) == len(real)
    for guide_line, line in zip(shown, real):
        assert guide_line.endswith(CUT), guide_line
        assert line.startswith(guide_line[: -len(CUT)] + " History: "), (guide_line, line)
    debrief = json.loads(js.read_text(encoding="utf-8"))["debrief"]
    assert debrief["left_history_at"] == 8
    assert debrief["path"][8]["title"] == "The Fortress comes over"
    answers = [qa["answer"] for qa in json.loads(js.read_text(encoding="utf-8"))["questions"]]
    assert len(answers) == 4 and all(a and a != "quit" for a in answers)  # one answer per question, none a command
