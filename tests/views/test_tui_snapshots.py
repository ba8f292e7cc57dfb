"""SVG snapshots at 80x24 of the player's main screens (look at each before accepting it).

Update after a deliberate change: pytest tests/views/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import time

import pytest
from tui_steps import start_game

from game.views.store import GameStore, SlotInfo

SAVED_AT = 1795600000.0  # a fixed moment, so the dialog's "saved" column never changes


class FixedSlots(GameStore):
    """Real store, but the slot list is fixed: the save dialog's times are part of the picture."""

    def __init__(self, story, folder):
        super().__init__(story, folder)
        self.folder = type(self.folder)("saves")

    def slots(self) -> list[SlotInfo]:
        rows = {
            "1": SlotInfo("1", "before the vote", "The barracks", "24 October 1917 (O.S.) · 6 November (N.S.)",
                          SAVED_AT, 300.0, True, who="Soldier-delegate"),
            "2": SlotInfo("2", "", "The Smolny", "25 October 1917 (O.S.) · 7 November (N.S.)",
                          SAVED_AT + 3600, 4000.0, True, who="Factory worker, Anna"),
            "4": SlotInfo("4", exists=True, note="the file is not a save (it is not JSON)"),
        }
        return [rows.get(str(n), SlotInfo(str(n))) for n in range(1, 10)]


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_snapshot_title(snap_compare, make):
    assert snap_compare(make())


def test_snapshot_scene(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)

    assert snap_compare(make(), run_before=play)


def test_snapshot_disabled_choice(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("3")  # to the Smolny: "Walk out" is closed, with the author's reason
        await pilot.pause()
        await pilot.press("2")  # trying it explains why, and nothing happens
        await pilot.pause()

    assert snap_compare(make(), run_before=play)


def test_snapshot_journal(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("1", "2", "j")
        await pilot.pause()

    assert snap_compare(make(), run_before=play)


def test_snapshot_save_dialog(snap_compare, make, tui_story, tmp_path):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("s")
        await pilot.pause()

    app = make(store=FixedSlots(tui_story, str(tmp_path / "saves")))
    assert snap_compare(app, run_before=play)


def test_snapshot_debrief(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(make(), run_before=play)


def test_snapshot_glossary_entry(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)
        await pilot.press("l", "down", "enter")
        await pilot.pause()

    assert snap_compare(make(), run_before=play)


def test_snapshot_scene_at_40x12(snap_compare, make):
    async def play(pilot):
        await start_game(pilot)

    assert snap_compare(make(), run_before=play, terminal_size=(40, 12))
