"""The shipped story shows its enum values as words, never the ids its conditions use (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.session import Session
from game.story.loader import load_story

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def story():
    return load_story(str(SCENES))


def test_every_visible_enum_value_has_a_label(story):
    for name, var in story.variables.items():
        if var.type.kind == "enum" and var.visible:
            assert set(var.labels) == set(var.type.values), name


def test_the_status_panel_says_leaning_in_words(story):
    session = Session(story, "soldier")
    assert ("Leaning", "Undecided") in [(s.label, s.value) for s in session.status()]
    session.state.vars["align"] = "pg"
    assert ("Leaning", "The Provisional Government") in [(s.label, s.value) for s in session.status()]
