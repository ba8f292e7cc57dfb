"""SVG snapshots of what issue 19 changed: help, the debrief's parts, the export question, Endings found,
the title with a long Continue label (80x24 and 120x40), and the light theme. Look at each before accepting.

Update after a deliberate change: pytest tests/views/test_tui_polish_snapshots.py --snapshot-update
"""

from __future__ import annotations

import time

import pytest
from test_tui_title_layout import LongContinue
from tui_steps import settle, start_game

from game.play.session import Session


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at_ending(story) -> Session:
    session = Session(story, perspective="soldier")
    session.choose("go")
    session.choose("stay")
    return session


def test_snapshot_help_over_a_scene(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make(), run_before=play)


def test_snapshot_debrief_contents(snap_compare, make, tui_story):
    assert snap_compare(make(session=at_ending(tui_story)))


def test_snapshot_debrief_questions_part(snap_compare, make, tui_story):
    async def play(pilot):
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()

    assert snap_compare(make(session=at_ending(tui_story)), run_before=play)


def test_snapshot_export_question(snap_compare, make, tui_story):
    async def play(pilot):
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(make(session=at_ending(tui_story)), run_before=play)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_title_with_a_long_continue_label(snap_compare, make, tui_story, tmp_path, size):
    app = make(store=LongContinue(tui_story, str(tmp_path / "saves")))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_snapshot_scene_light(snap_compare, make):
    async def play(pilot):
        pilot.app.theme = "petrograd-light"
        await start_game(pilot)

    assert snap_compare(make(), run_before=play)


def test_snapshot_title_light(snap_compare, make):
    async def play(pilot):
        pilot.app.theme = "petrograd-light"
        await settle(pilot)

    assert snap_compare(make(), run_before=play)
