"""Plain mode through a real subprocess with piped stdin, from the start to an ending, and back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import STORY_DIR

ROOT = Path(__file__).resolve().parents[2]


def play(saves: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(saves)}
    env.pop("PETROGRAD_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "game", "play", str(STORY_DIR), "--plain", *args],
        input=script, capture_output=True, text=True, timeout=60, env=env, cwd=ROOT,
    )


def test_plain_mode_from_start_to_an_ending(tmp_path):
    script = "\n".join([
        "1",                    # perspective: soldier
        "2",                    # disabled: refused with the reason
        "glossary Trotsky",
        "1",                    # take a rifle
        "undo",
        "journal",
        "2", "2",               # after undo: choice 2 is still "Speak to the men" (disabled); then...
        "3",                    # go to the Smolny
        "save before the end",
        "1",                    # stay: the historical ending
        "The garrison had the guns",  # answer to question 1
        "",                     # skip question 2
        "quit",
    ]) + "\n"
    result = play(tmp_path, script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "== The barracks ==" in out and "24 October 1917 (O.S.) · 6 November (N.S.)" in out
    assert "The Soviet meets tonight at the Smolny, and the chairman will speak." in out  # links as words
    assert "2. [unavailable] Speak to the men — needs Standing 2 or more; you have 1" in out
    assert "is not available: needs Standing 2 or more" in out
    assert "Leon Trotsky" in out and "Exiled in 1929" in out
    assert "You carry a rifle." in out  # the rifle, then undone
    assert "Your journal is empty" in out
    assert "Saved to slot 1 as 'before the end'." in out
    assert "== As it happened (historical ending) ==" in out
    assert "[Documented] The garrison went over to the Soviet before the rising." in out
    assert "Source: Revision notes on October: “went over to the Soviet”" in out
    assert "Sources disagree:" in out and "Your key decisions followed history all the way." in out
    assert "  - Which calendar?: Every date in this story is Old Style, thirteen days behind the West." in out
    assert ("Historians disagree:\n  - Coup or revolution? [General knowledge]: Some historians call October a "
            "party's coup; others a popular revolution.\n  - Who decided October? [General knowledge]: ") in out
    assert "Question 1: Why did the garrison matter more than the vote?" in out
    assert out.rstrip().endswith("Goodbye. The game is saved; 'continue' resumes it.")


def test_plain_mode_end_of_input_autosaves_and_continue_resumes(tmp_path):
    first = play(tmp_path, "2\n")  # the worker; then the input ends
    assert first.returncode == 0 and "== The factory ==" in first.stdout
    assert "Goodbye" in first.stdout
    second = play(tmp_path, "continue\n1\n")
    assert "Loaded the autosave." in second.stdout
    assert "== The Smolny ==" in second.stdout  # the worker's choice 1 from the factory
    third = play(tmp_path, "continue\n2\n\nload 7\nload nothing-here\nfrobnicate\nhelp\n")
    out = third.stdout
    assert "Walk out with the Mensheviks" in out and "== The walkout" in out
    assert "slot 7 is empty" in out
    assert "no save called 'nothing-here'" in out
    assert "I don't know 'frobnicate'" in out and "save NAME" in out
    assert third.returncode == 0 and third.stderr == ""


def test_plain_mode_no_undo_and_fixed_perspective(tmp_path):
    result = play(tmp_path, "1\nundo\nquit\n", "--no-undo", "--perspective", "worker")
    assert "Whose story" not in result.stdout and "== The factory ==" in result.stdout
    assert "undo is turned off" in result.stdout


def test_plain_mode_does_not_import_textual():
    code = (
        "import sys, io\n"
        "from game.views.plain import run_plain\n"
        "from game.play.options import PlayOptions\n"
        "from game.story.loader import load_story\n"
        f"story = load_story({str(STORY_DIR)!r})\n"
        "import tempfile\n"
        "run_plain(story, PlayOptions('x', saves_dir=tempfile.mkdtemp()), stdin=io.StringIO('1\\n3\\n'),"
        " stdout=io.StringIO())\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_a_game_from_the_compiled_story_plays_as_one_from_the_yaml(tmp_path, monkeypatch):
    """The second start reads the compiled story (each scene built when reached): same game, same words."""
    script = "1\n1\nundo\n3\njournal\n1\nAn answer\n\nquit\n"
    images = tmp_path / "cache"
    monkeypatch.setenv("PETROGRAD_CACHE", str(images))
    runs = []
    for n in range(2):
        runs.append(play(tmp_path / f"saves{n}", script))
        assert len(list(images.glob("*.story.json"))) == 1
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout and "Question 1" in runs[0].stdout
