"""Robustness: a long run of keys from every screen, in any order, never raises."""

from __future__ import annotations

import random

from tui_steps import pilot_test

KEYS = ["1", "2", "3", "4", "9", "u", "ctrl+z", "j", "l", "s", "o", "g", "t", "e", "n", "c", "r", "comma",
        "escape", "enter", "tab", "down", "up", "pagedown", "space", "a", "x"]


@pilot_test
async def test_random_keys_on_every_screen_never_crash(make):
    rng = random.Random(1917)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = set()
        for _ in range(250):
            await pilot.press(rng.choice(KEYS))
            seen.add(type(app.screen).__name__)
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.is_running  # the run_test context re-raises any exception the app had
        assert {"TitleScreen", "NewGameDialog", "SceneScreen", "JournalScreen"} <= seen, seen


def test_settings_in_a_profile_with_half_a_character_are_dropped_and_saved_afresh(tmp_path, tui_story):
    """The settings were read with json.loads, which keeps a lone surrogate; writing them back then crashed."""
    import json

    from game.views.tui.store import GameStore

    (tmp_path / "profile.json").write_text('{"settings": {"theme": "\\ud83d"}, "endings": {}}')
    store = GameStore(tui_story, str(tmp_path), True)
    assert store.settings() == {}
    store.save_settings({"theme": "textual-light"})
    assert json.loads((tmp_path / "profile.json").read_text())["settings"] == {"theme": "textual-light"}
