"""Fixtures for the player's tests: the tui fixture story, an app factory, a quick start."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.options import PlayOptions
from game.story.loader import load_story

STORY_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "tui"


@pytest.fixture(scope="session")
def tui_story():
    return load_story(str(STORY_DIR))


@pytest.fixture
def make(tui_story, tmp_path):
    """make(**options) -> a PetrogradApp over the fixture story with its own saves folder."""
    from game.views.tui.app import make_app

    def build(store=None, session=None, **overrides):
        options = PlayOptions(str(STORY_DIR), saves_dir=str(tmp_path / "saves"), **overrides)
        return make_app(tui_story, options, store=store, session=session)

    return build
