"""Story tests: loading with positions, each way a test can fail, the command and its JUnit report."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.story.loader import load_story
from game.tools.storytest import endings_without_tests, find_test_files, load_tests, run_test

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tools"
CLEAN = str(FIXTURES / "clean")


@pytest.fixture(scope="module")
def clean():
    return load_story(CLEAN)


def outcomes(story, path):
    tests, problems = load_tests([str(path)])
    assert problems == []
    return {t.name: run_test(story, t) for t in tests}


def test_the_clean_storys_tests_pass_and_cover_every_ending(clean):
    tests, problems = load_tests(find_test_files(CLEAN))
    assert problems == [] and len(tests) == 3
    assert all(run_test(clean, t).passed for t in tests)
    assert endings_without_tests(clean, tests) == []


def test_each_failure_names_its_position_and_reason(clean):
    path = FIXTURES / "failing_tests" / "tests.yaml"
    got = outcomes(clean, path)
    assert got["passes"].passed
    assert got["unavailable with its reason, and text shown"].passed, got["unavailable with its reason, and text shown"].failure
    expected = {
        "wrong ending": (11, 15, "expected ending 'end_walkout' but the game is at ending 'end_history'"),
        "unavailable choice": (16, 9, "step 2 in 'smolny': “Walk out” is not available: Your comrades would never forgive you."),
        "unknown choice": (19, 19, "(did you mean 'stay'?); available: stay"),
        "wrong variable": (26, 16, "expected armed = true but it is false"),
        "too many steps": (29, 30, "the game already ended at 'end_walkout'"),
        "unknown perspective": (31, 18, "no perspective 'sailor'"),
        "variable of the wrong type": (43, 24, "expected standing = 2 (text) but it is 2 (a number)"),
        "text not shown": (48, 14, "expected the text of 'barracks' to show “You carry a rifle.”, but it does not"),
        "choice not unavailable": (53, 21, "expected choice 'stay' to be unavailable, but it can be taken"),
        "another reason": (58, 21, "expected choice 'leave' to be unavailable because “You are tired.”, "
                                   "but its reason is “Your comrades would never forgive you.”"),
    }
    for name, (line, column, message) in expected.items():
        outcome = got[name]
        assert not outcome.passed, name
        assert (outcome.at.file, outcome.at.line, outcome.at.column) == (str(path), line, column), name
        assert message in outcome.failure, name
    assert got["wrong variable"].path == ("go",)


def test_a_typo_in_a_test_file_is_a_load_error_with_a_hint():
    path = str(FIXTURES / "broken_tests" / "tests.yaml")
    tests, problems = load_tests([path])
    assert tests == []
    assert any("unknown key 'choises'" in p.message and "did you mean 'choices'" in p.hint for p in problems)
    assert problems[0].pos.file == path and problems[0].pos.line == 4


def test_command(tmp_path, capsys):
    assert main(["test", CLEAN]) == 0
    assert "3 tests: 3 passed, 0 failed" in capsys.readouterr().out
    junit = tmp_path / "t.xml"
    assert main(["test", CLEAN, "--tests", str(FIXTURES / "failing_tests"), "--junit", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  wrong ending" in out and "12 tests: 2 passed, 10 failed" in out
    assert 'failures="10"' in junit.read_text()
    assert main(["test", CLEAN, "--tests", str(FIXTURES / "broken_tests")]) == 1


def test_explore_witnesses_replay_as_story_tests(tmp_path, capsys):
    flawed = str(FIXTURES / "flawed")
    main(["explore", flawed, "--witness-dir", str(tmp_path)])
    capsys.readouterr()
    assert main(["test", flawed, "--tests", str(tmp_path / "witnesses.yaml")]) == 0
    assert "0 failed" in capsys.readouterr().out


SET_TESTS = """\
tests:
  - name: holds the lantern and the letter
    seed: 0
    choices: [buy_lantern]
    expect:
      vars: {pack: [lantern, letter]}
  - name: holds only the letter
    seed: 0
    choices: [buy_lantern]
    expect:
      vars: {pack: [letter]}
  - name: an item the pack cannot hold
    choices: [buy_lantern]
    expect:
      vars: {pack: [lanter]}
  - name: a list for a number
    choices: [buy_lantern]
    expect:
      vars: {coins: [letter]}
"""


def test_a_set_is_expected_as_the_list_of_its_items(tmp_path):
    """``pack: [lantern, letter]``: the items the set holds, in any order, each one it can hold."""
    path = tmp_path / "sets.yaml"
    path.write_text(SET_TESTS, encoding="utf-8")
    got = outcomes(load_story(str(Path(__file__).resolve().parents[2] / "examples" / "ferry")), path)
    assert got["holds the lantern and the letter"].passed, got["holds the lantern and the letter"].failure
    expected = {
        "holds only the letter": (11, 20, "expected pack = [letter] but it holds [letter, lantern]"),
        "an item the pack cannot hold": (15, 20, "'lanter' is not one of letter, lantern, rope (did you mean 'lantern'?)"),
        "a list for a number": (19, 21, "expected coins to hold [letter], but coins is not a set (1)"),
    }
    for name, (line, column, message) in expected.items():
        outcome = got[name]
        assert (outcome.passed, outcome.failure, outcome.at.line, outcome.at.column) == (False, message, line, column), name
