"""SVG snapshots at 80x24 of the player's main screens (look at each before accepting it).

Update after a deliberate change: pytest tests/views/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import time

import pytest
from tui_steps import settle, start_game

from game.views.store import GameStore, SlotInfo

SAVED_AT = 1795600000.0  # a fixed moment, so the dialog's "saved" column never changes


class FixedSlots(GameStore):
    """Real store, but the slot list is fixed: the save dialog's times are part of the picture."""

    def __init__(self, story, folder):
        super().__init__(story, folder)
        self.folder = type(self.folder)("saves")

    def slots_and_autosave(self) -> tuple[list[SlotInfo], SlotInfo | None]:
        rows = {
            "1": SlotInfo("1", "before the vote", "The barracks", "24 October 1917 (O.S.) · 6 November (N.S.)",
                          SAVED_AT, 300.0, True, who="Soldier-delegate"),
            "2": SlotInfo("2", "", "The Smolny", "25 October 1917 (O.S.) · 7 November (N.S.)",
                          SAVED_AT + 3600, 4000.0, True, who="Factory worker, Anna"),
            "4": SlotInfo("4", exists=True, note="the file is not a save (it is not JSON)"),
        }
        autosave = SlotInfo("autosave", "", "The Smolny", "25 October 1917 (O.S.) · 7 November (N.S.)",
                            SAVED_AT + 3000, 3900.0, True, who="Factory worker, Anna")
        return [rows.get(str(n), SlotInfo(str(n))) for n in range(1, 10)], autosave


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_snapshot_title(snap_compare, make):
    assert snap_compare(make(), run_before=settle)


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
        await settle(pilot)

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


# --- every screen and dialog, dark and light ---------------------------------------------------------------------


async def _new_game(pilot) -> None:
    await settle(pilot)  # the title's saves are listed in a thread: a key before that races it
    await pilot.press("n")
    await pilot.pause()


async def _primer(pilot) -> None:
    await settle(pilot)  # the title's saves are listed in a thread: a key before that races it
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("enter", "enter")  # perspective, then start: the primer comes before the first scene
    await pilot.pause()


async def _settings(pilot) -> None:
    await settle(pilot)  # the title's saves are listed in a thread: a key before that races it
    await pilot.press("comma")
    await pilot.pause()


async def _sources(pilot) -> None:
    await settle(pilot)  # the title's saves are listed in a thread: a key before that races it
    await pilot.press("r")
    await pilot.pause()


async def _endings(pilot) -> None:
    await settle(pilot)  # the title's saves are listed in a thread: a key before that races it
    pilot.app.store.record_ending("end_history")  # one found, the rest locked
    await pilot.press("e")
    await pilot.pause()


async def _scene(pilot) -> None:
    await start_game(pilot)


async def _menu(pilot) -> None:
    await start_game(pilot)
    await pilot.press("escape")
    await pilot.pause()


async def _timeline(pilot) -> None:
    await start_game(pilot)
    await pilot.press("t")
    await pilot.pause()


async def _load(pilot) -> None:
    await start_game(pilot)
    await pilot.press("o")
    await settle(pilot)


async def _debrief(pilot) -> None:
    await start_game(pilot)
    await pilot.press("3")
    await pilot.pause()
    await pilot.press("1")
    await pilot.pause()


SCREENS = {
    "title": settle,
    "new_game": _new_game,
    "primer": _primer,
    "settings": _settings,
    "sources": _sources,
    "endings": _endings,
    "scene": _scene,
    "menu": _menu,
    "timeline": _timeline,
    "load": _load,
    "debrief": _debrief,
}
DARK_ABOVE = {"title", "scene", "debrief"}  # their dark snapshots are the tests above


@pytest.mark.parametrize(
    ("screen", "theme"),
    [(name, theme) for name in SCREENS for theme in ("dark", "light") if not (theme == "dark" and name in DARK_ABOVE)],
)
def test_snapshot_every_screen(snap_compare, make, tui_story, tmp_path, monkeypatch, screen, theme):
    """Each screen and dialog at 80x24 in both themes: a player's terminal may be light or dark."""
    # the theme as a player's saved setting: applied when the app mounts, before the first frame
    monkeypatch.setattr(GameStore, "settings", lambda self: {"theme": f"textual-{theme}"})

    async def play(pilot):
        await SCREENS[screen](pilot)
        await settle(pilot)

    store = FixedSlots(tui_story, str(tmp_path / "saves")) if screen == "load" else None  # its times fixed
    assert snap_compare(make(store=store), run_before=play)
