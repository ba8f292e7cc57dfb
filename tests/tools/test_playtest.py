"""playtest: repeatable runs, endings, coverage, failures with replayable paths, reading time."""

from __future__ import annotations

import json
from pathlib import Path

from game.cli import main
from game.story.loader import load_story
from game.tools.playtest import playtest
from game.tools.playtest_report import summary
from game.tools.witness import replay

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tools"


def test_same_seed_same_runs_other_seed_other_runs():
    story = load_story(str(FIXTURES / "clean"))
    a, b = playtest(story, 50, seed=4), playtest(story, 50, seed=4)
    assert [r.choices for r in a.runs] == [r.choices for r in b.runs]
    c = playtest(story, 50, seed=5)
    assert [r.choices for r in a.runs] != [r.choices for r in c.runs]


def test_clean_story_statistics():
    story = load_story(str(FIXTURES / "clean"))
    result = playtest(story, 400, seed=1)
    assert sum(result.endings.values()) == 400 and not result.failures
    assert set(result.endings) == {"end_history", "end_walkout"}
    assert result.scene_coverage() == 100.0 and result.choice_coverage() == 100.0
    s = summary(result)
    assert 2 <= s["path"]["mean"] <= s["path"]["longest"]
    assert 0 < s["reading_minutes"]["shortest"] <= s["reading_minutes"]["longest"]
    # Every run replays through Session to the same place.
    for run in result.runs[:40]:
        assert replay(story, run.witness()).state.scene == run.end


def test_failures_are_dead_ends_loops_and_errors_with_paths():
    story = load_story(str(FIXTURES / "flawed"))
    result = playtest(story, 200, seed=0, max_steps=50)
    kinds = {r.outcome for r in result.failures}
    assert kinds == {"dead-end", "too-long", "error"}
    dead = next(r for r in result.failures if r.outcome == "dead-end")
    assert replay(story, dead.witness()).available_choices() == []
    assert "lonely" in summary(result)["scenes_never_visited"]


def test_fresh_strategy_covers_faster():
    """With few runs (where coverage is still growing), preferring untaken choices covers more, seed after seed.

    With 30 runs both strategies saturated the story's reachable choices, so the old test could not fail."""
    story = load_story(str(FIXTURES / "flawed"))
    for seed in range(5):
        uniform = playtest(story, 6, seed=seed, max_steps=60).choice_coverage()
        fresh = playtest(story, 6, seed=seed, strategy="fresh", max_steps=60).choice_coverage()
        assert fresh >= uniform, seed
    total = sum(playtest(story, 6, seed=s, max_steps=60).choice_coverage() for s in range(5))
    total_fresh = sum(playtest(story, 6, seed=s, strategy="fresh", max_steps=60).choice_coverage() for s in range(5))
    assert total_fresh > total


def test_command(tmp_path, capsys):
    assert main(["playtest", str(FIXTURES / "clean"), "--runs", "100", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "100 random runs" in out and "Coverage: 100.0% of scenes" in out
    assert main(["playtest", str(FIXTURES / "flawed"), "--runs", "50", "--json", "--max-steps", "30",
                 "--junit", str(tmp_path / "p.xml")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["runs"] == 50 and data["failures"]["dead-end"] > 0
    assert 'name="no run reaches a dead end"' in (tmp_path / "p.xml").read_text()


def test_progress_bar_draws_only_on_a_terminal():
    import io

    from game.tools.progress import ProgressBar

    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    bar = ProgressBar("playing", total=10, stream=quiet)
    bar.update(5)
    bar.done()
    assert quiet.getvalue() == ""
    loud = Tty()
    bar = ProgressBar("playing", total=10, stream=loud)
    bar._last = -1.0
    bar.update(5)
    assert "playing: [############............]  50% 5" in loud.getvalue()
    bar.done()
    assert loud.getvalue().endswith("\r")
