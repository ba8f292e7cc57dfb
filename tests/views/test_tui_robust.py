"""Robustness: a long run of keys from every screen, in any order, keeps the screen true to the game."""

from __future__ import annotations

import asyncio
import random

import pytest
from tui_steps import pilot_test, settle

from game.views.tui.choices import ChoiceLine, ChoiceList, choice_prompt
from game.views.tui.scene import SceneScreen
from game.views.tui.scenetext import SceneText
from game.views.tui.title import TitleScreen

KEYS = ["1", "2", "3", "4", "9", "u", "ctrl+z", "j", "l", "s", "o", "g", "t", "e", "n", "c", "r", "comma",
        "escape", "enter", "tab", "down", "up", "pagedown", "space", "a", "x"]


def check_screen(app, step: object) -> None:
    """What holds after any key: the title at the bottom, one game at most, and the game's screen shows its scene.

    The scene screen (on top or under a dialog) shows the session's current
    scene: its title, its text, exactly its choices in order, and Undo offered
    exactly when the session can undo.
    """
    stack = app.screen_stack
    assert isinstance(stack[0], TitleScreen), step
    scenes = [screen for screen in stack if isinstance(screen, SceneScreen)]
    assert len(scenes) <= 1, step
    assert bool(scenes) == (app.session is not None), step
    if not scenes:
        return
    screen, session = scenes[0], app.session
    view = session.current()
    assert view.title in str(screen.query_one("#scene-head").render()), step
    assert screen.query_one(SceneText).source == view.text, step
    choices = screen.query_one(ChoiceList)
    shown = [str(line.render()) for line in choices.query(ChoiceLine) if line.display]
    assert shown == [choice_prompt(choice) for choice in view.choices], step
    assert screen.check_action("undo", ()) == session.can_undo, step
    if app.screen is screen and view.choices:
        assert app.focused is choices, step


@pilot_test
async def test_random_keys_on_every_screen_keep_the_screen_true_to_the_game(make):
    rng = random.Random(1917)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = set()
        for n in range(250):
            key = rng.choice(KEYS)
            await pilot.press(key)
            await settle(pilot)  # a load or save in its thread has finished
            seen.add(type(app.screen).__name__)
            check_screen(app, (n, key))
        assert app.is_running  # the run_test context re-raises any exception the app had
        assert {"TitleScreen", "NewGameDialog", "SceneScreen", "JournalScreen", "DebriefScreen"} <= seen, seen


@pilot_test
async def test_the_screen_check_finds_a_scene_screen_that_shows_a_stale_scene(make):
    """The check above can fail: a session moved without the screen being redrawn is caught."""
    from tui_steps import start_game

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        check_screen(app, "start")
        app.session.choose("go")  # to the Smolny, as a key would, but the screen is not told
        with pytest.raises(AssertionError):
            check_screen(app, "stale")


def test_an_unexpected_error_is_one_line_for_the_player(make, capsys, monkeypatch):
    """No traceback on the player's terminal: the error in one line, and how to see more."""
    monkeypatch.delenv("PETROGRAD_DEBUG", raising=False)
    app = make()
    run_into_a_bug(app)
    err = capsys.readouterr().err
    assert app.return_code == 1
    assert err.splitlines() == [
        "petrograd: internal error: RuntimeError: a bug in the game",
        "petrograd: run again with PETROGRAD_DEBUG=1 for details, and please report it",
    ]


def test_petrograd_debug_shows_textual_s_traceback(make, capsys, monkeypatch):
    monkeypatch.setenv("PETROGRAD_DEBUG", "1")
    app = make()
    run_into_a_bug(app)
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug in the game" in err
    assert "petrograd: internal error" not in err


def run_into_a_bug(app) -> None:
    """Run the app as the CLI does (not run_test, which re-raises) until a bug ends it."""

    def bug() -> None:
        raise RuntimeError("a bug in the game")

    async def fail_soon(pilot) -> None:
        await pilot.pause()
        app.call_later(bug)
        await asyncio.sleep(0.1)

    app.run(headless=True, size=(80, 24), auto_pilot=fail_soon)


def test_settings_in_a_profile_with_half_a_character_are_dropped_and_saved_afresh(tmp_path, tui_story):
    """The settings were read with json.loads, which keeps a lone surrogate; writing them back then crashed."""
    import json

    from game.views.store import GameStore

    (tmp_path / "profile.json").write_text('{"settings": {"theme": "\\ud83d"}, "endings": {}}')
    store = GameStore(tui_story, str(tmp_path), True)
    assert store.settings() == {}
    store.save_settings({"theme": "textual-light"})
    assert json.loads((tmp_path / "profile.json").read_text())["settings"] == {"theme": "textual-light"}
