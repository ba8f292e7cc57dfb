"""One rule for "key decision" (``Scene.is_key_decision``), and the W208/W209 warnings built on it.

The fixtures ``history_unmarked`` and ``history_none_marked`` (tests/fixtures/bad) give the exact
messages and positions; these tests cover what must *not* warn, and that the debrief and the
class report use the same rule.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.play.session import Session
from game.story.check import check_story
from game.story.loader import load_story


def _story(tmp_path: Path, bad_stories: Path, old: str = "", new: str = "") -> Path:
    """The ``history_unmarked`` fixture, with ``old`` replaced by ``new`` in its scenes."""
    root = tmp_path / "story"
    shutil.copytree(bad_stories / "history_unmarked", root)
    scenes = root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    assert old in text
    scenes.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _codes(root: Path) -> list[str]:
    return [f.code for f in check_story(load_story(str(root)), stats=False).findings]


def test_the_unchanged_fixture_warns(bad_stories):
    assert _codes(bad_stories / "history_unmarked") == ["W208"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    choices:\n      - text: Finish", "    personal: true\n    choices:\n      - text: Finish"),
        ("      tag: general", "      tag: invented"),
        ("      tag: general", "      tag: counterfactual"),
        ("        to: hall", "        to: hall\n        if: armed"),  # may never be offered beside 'Finish'
        ("        to: hall", "        to: end_one\n        id: finish_too"),  # both ways lead to one place
        ("        to: hall", "        to: hall\n        historical: true"),  # marked: now a key decision
    ],
    ids=["personal", "invented", "counterfactual", "conditional", "same_target", "marked"],
)
def test_what_does_not_warn(tmp_path, bad_stories, old, new):
    assert _codes(_story(tmp_path, bad_stories, old, new)) == []


def test_a_history_note_alone_is_not_a_key_decision(bad_stories):
    story = load_story(str(bad_stories / "history_unmarked"))
    assert story.scenes["hall"].is_key_decision
    assert story.scenes["stairs"].history is not None
    assert not story.scenes["stairs"].is_key_decision
    assert not story.endings["end_one"].is_key_decision


def test_the_debrief_lists_only_key_decisions(bad_stories):
    story = load_story(str(bad_stories / "history_unmarked"))
    session = Session(story)
    session.choose_number(1)  # hall: the marked option
    session.choose_number(2)  # stairs (history note, no marked option): back down
    session.choose_number(1)  # hall again: the marked option, a second key-decision line
    session.choose_number(1)  # stairs: finish
    debrief = session.debrief()
    assert debrief is not None
    assert [(p.scene, p.historical) for p in debrief.path] == [("hall", True), ("hall", True)]
    assert debrief.left_history_at is None
