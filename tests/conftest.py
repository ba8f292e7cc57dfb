"""Shared fixtures: the small test story and paths."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SCENES = ROOT / "scenes"
SEEDS = ROOT.parent / "shared" / "seeds"


def pytest_configure(config):
    """Compiled stories go to a folder of this run (never the user's cache), which every
    command the tests start inherits; so the suite also plays from images, as users do."""
    os.environ["PETROGRAD_CACHE"] = tempfile.mkdtemp(prefix="petrograd-test-cache-")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ.pop("PETROGRAD_CACHE", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def mini_story():
    from game.story.loader import load_story

    return load_story(str(FIXTURES / "mini"))
