"""The benchmark generator writes stories that load and check clean, deterministically."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from game.story.check import check_story
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]


def _gen():
    spec = importlib.util.spec_from_file_location("gen_story", ROOT / "bench" / "gen_story.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_story"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_story_is_clean_and_deterministic(tmp_path):
    gen = _gen()
    a = gen.generate(tmp_path / "a", scenes=600, choices=3, variables=7, seed=3)
    b = gen.generate(tmp_path / "b", scenes=600, choices=3, variables=7, seed=3)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes()
    story = load_story(str(a))
    report = check_story(story)
    assert report.findings == []
    assert report.stats["scenes"] == 600
    assert report.stats["variables"] == 7
    assert len([f for f in files if f.startswith("scenes_")]) == 3


def test_tiny_story_reaches_every_ending(tmp_path):
    story = load_story(str(_gen().generate(tmp_path, scenes=5, choices=1, variables=1, seed=0)))
    assert check_story(story).findings == []
