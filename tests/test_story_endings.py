"""The shipped story's own story tests (scenes/tests/*.yaml), one pytest case each.

Nothing here skips: a story that does not load or check clean, a test file with
a typo, or no tests at all is a failure that names the first problem, so that
a broken story test can never pass as "skipped" with exit 0.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import load_story
from game.story.model import Story
from game.tools.storytest import StoryTest, endings_without_tests, find_test_files, load_tests, run_test

SCENES = Path(__file__).resolve().parent.parent / "scenes"


def _collect(root: Path = SCENES) -> tuple[Story | None, list[StoryTest], str]:
    """The story, its tests, and what is wrong with them ('' when nothing)."""
    try:
        story = load_story(str(root))
    except StoryError as exc:
        return None, [], f"scenes/ does not load: {exc.findings[0]}"
    errors = check_story(story).errors
    if errors:
        return None, [], f"scenes/ has {len(errors)} check errors, first: {errors[0]}"
    tests, problems = load_tests(find_test_files(str(root)))
    if problems:
        return story, tests, f"scenes/tests has errors, first: {problems[0]}"
    if not tests:
        return story, tests, "scenes/tests has no tests"
    return story, tests, ""


STORY, TESTS, WHY = _collect()


def test_the_story_and_its_tests_load_clean():
    assert WHY == ""


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_story_test(test):
    assert STORY is not None, WHY
    outcome = run_test(STORY, test)
    assert outcome.passed, f"{outcome.finding()}\n  path taken: {' > '.join(outcome.path) or '(none)'}"


def test_every_ending_has_a_story_test():
    assert STORY is not None and TESTS, WHY
    assert endings_without_tests(STORY, TESTS) == []


def test_a_typo_in_a_test_file_is_a_failure_not_a_skip(tmp_path):
    """The guard above: a misspelt key in scenes/tests/ gives a reason, and WHY == '' then fails."""
    copy = tmp_path / "scenes"
    shutil.copytree(SCENES, copy)
    first = sorted((copy / "tests").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("choices:", "choises:", 1), encoding="utf-8")
    story, _tests, why = _collect(copy)
    assert story is not None and why.startswith("scenes/tests has errors, first: ") and "unknown key 'choises'" in why
