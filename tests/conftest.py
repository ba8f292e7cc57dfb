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
BAD = FIXTURES / "bad"


def build_bad_story(source: Path, target: Path) -> None:
    """The bad fixture ``source`` as a whole story folder at ``target``.

    A fixture folder holding a file named ``BASE`` is a small diff: the story
    named in ``BASE`` (``_clean``) with the folder's own files laid over it at
    the same relative paths, so each case keeps only the files its mistake is
    in. A folder without ``BASE`` is a whole story already and is copied as it is.
    """
    marker = source / "BASE"
    if not marker.is_file():
        shutil.copytree(source, target)
        return
    shutil.copytree(BAD / marker.read_text(encoding="utf-8").strip(), target)
    for path in sorted(source.rglob("*")):
        if path.is_file() and path != marker:
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / path.relative_to(source))


@pytest.fixture(scope="session")
def checkout(tmp_path_factory):
    """A folder laid out like the checkout's ``tests/fixtures``, every bad story built whole in ``tests/fixtures/bad``.

    A path typed relative to it reads exactly as in the repository, so the
    messages and file names that tests assert stay the same.
    """
    top = tmp_path_factory.mktemp("checkout")
    for source in sorted(FIXTURES.iterdir()):
        if source.name != "bad":
            (top / "tests" / "fixtures").mkdir(parents=True, exist_ok=True)
            (top / "tests" / "fixtures" / source.name).symlink_to(source)
    for source in sorted(BAD.iterdir()):
        if source.is_dir():
            build_bad_story(source, top / "tests" / "fixtures" / "bad" / source.name)
    return top


@pytest.fixture(scope="session")
def bad_stories(checkout):
    """The folder of whole bad stories: ``bad_stories / NAME`` loads like ``tests/fixtures/bad/NAME`` once did."""
    return checkout / "tests" / "fixtures" / "bad"


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
