"""Shared fixtures: the small test story and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SCENES = ROOT / "scenes"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def mini_story():
    from game.story.loader import load_story

    return load_story(str(FIXTURES / "mini"))
