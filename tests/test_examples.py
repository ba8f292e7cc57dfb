"""The stories shipped in examples/ and the tutorial in docs/authoring.md: checked, tested and explored clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.story.check import check_story
from game.story.loader import load_story
from game.tools.explore import explore
from game.tools.storytest import endings_without_tests, find_test_files, load_tests, run_test

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "story.yaml").is_file())


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_checks_clean_and_is_fiction(folder):
    story = load_story(str(folder))
    assert check_story(story).findings == []
    assert not story.has_history and not story.sources


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_story_tests_pass_and_cover_every_ending(folder):
    story = load_story(str(folder))
    tests, problems = load_tests(find_test_files(str(folder)))
    assert problems == [] and tests
    failures = [(t.name, o.failure) for t in tests if not (o := run_test(story, t)).passed]
    assert failures == []
    assert endings_without_tests(story, tests) == []


def test_the_ferry_explores_complete_with_every_ending_and_no_finding(capsys):
    story = load_story(str(ROOT / "examples" / "ferry"))
    result = explore(story)
    assert result.complete
    assert {result.keys[i][0] for i in range(len(result.keys))} >= set(story.endings)
    assert main(["explore", str(ROOT / "examples" / "ferry"), "--strict"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        "3 of 3 endings reached, 11 of 11 scenes, 26 of 26 choices ever available\n0 errors, 0 warnings"
    )


def test_the_tutorial_story_works_as_the_guide_says(tmp_path, capsys):
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    start = text.index("## Your first story in 15 minutes")
    story_yaml, scenes_yaml, tests_yaml = re.findall(r"```yaml\n(.*?)```", text[start:], re.S)[:3]
    (tmp_path / "tests").mkdir()
    (tmp_path / "story.yaml").write_text(story_yaml, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes_yaml, encoding="utf-8")
    (tmp_path / "tests" / "endings.yaml").write_text(tests_yaml, encoding="utf-8")
    assert main(["check", str(tmp_path), "--strict"]) == 0
    assert main(["test", str(tmp_path)]) == 0
    capsys.readouterr()
    main(["explore", str(tmp_path)])
    assert "the condition of choice 'pay' in 'jetty' is always true: can_pay [X312]" in capsys.readouterr().out
    (tmp_path / "scenes.yaml").write_text(scenes_yaml.replace("to: far_bank\n", "to: far_bnak\n", 1), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "scenes.yaml:9:13: error: choice goes to unknown scene 'far_bnak' [E100] (did you mean 'far_bank'?)" in capsys.readouterr().err
