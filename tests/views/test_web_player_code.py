"""The player-code screen under `petrograd serve`: new player, returning player, wrong code."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input, Static

from game.play.options import PlayOptions
from game.play.players import create_player, display_code
from game.views.tui.app import make_app
from game.views.tui.player_code import PlayerCodeScreen, with_code
from game.views.tui.title import TitleScreen

MINI = str(Path(__file__).resolve().parent.parent / "fixtures" / "mini")


def web_app(mini_story, saves: Path, web: bool = True):
    return make_app(mini_story, PlayOptions(story_dir=MINI, saves_dir=str(saves), web=web))


def test_a_new_player_gets_a_code_and_their_own_folder(mini_story, tmp_path):
    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PlayerCodeScreen)
            await pilot.press("enter")  # empty box: a new player
            await pilot.pause()
            shown = str(app.screen.query_one("#player-code-shown", Static).render())
            await pilot.press("enter")  # "I've written it down: start"
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            line = str(app.screen.query_one("#title-player-code", Static).render())
            return app.player_code, shown, line

    code, shown, line = asyncio.run(run())
    assert shown == display_code(code)
    assert display_code(code) in line
    assert (tmp_path / "players" / code / "player.json").is_file()


def test_saves_go_to_the_players_folder(mini_story, tmp_path):
    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter", "enter")
            await pilot.pause()
            app.new_game("soldier", "Anya")
            await pilot.pause()
            app.autosave()
            return app.player_code, app.session.state.player

    code, player = asyncio.run(run())
    assert player == f"Anya (player {display_code(code)})"
    written = [p for p in (tmp_path / "players" / code).rglob("*") if p.is_file() and p.name != "player.json"]
    assert written, "the autosave should be in the player's folder"
    outside = [p for p in tmp_path.iterdir() if p.name != "players"]
    assert outside == [], "nothing is saved in the folder every student shares"


def test_a_returning_player_types_their_code(mini_story, tmp_path):
    code = create_player(tmp_path)

    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*display_code(code).lower())
            await pilot.press("enter")
            await pilot.pause()
            return app.player_code, isinstance(app.screen, TitleScreen)

    assert asyncio.run(run()) == (code, True)


def test_a_wrong_code_says_so_and_stays(mini_story, tmp_path):
    create_player(tmp_path)

    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"ZZZZ-ZZZ1", "enter")
            await pilot.pause()
            error = str(app.screen.query_one("#player-code-error", Static).render())
            value = app.screen.query_one("#player-code-input", Input).value
            return isinstance(app.screen, PlayerCodeScreen), error, value, app.player_code

    on_screen, error, value, code = asyncio.run(run())
    assert on_screen and code == ""
    assert "no player has the code ZZZZ-ZZZ1" in error
    assert value == "ZZZZ-ZZZ1"  # kept, to correct one character


def test_back_from_a_new_code_to_typing_one(mini_story, tmp_path):
    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter", "escape")
            await pilot.pause()
            return app.screen.query_one("#player-code-ask").display, app.focused

    shown, focused = asyncio.run(run())
    assert shown and isinstance(focused, Input)


def test_not_shown_outside_the_browser(mini_story, tmp_path):
    async def run():
        app = web_app(mini_story, tmp_path, web=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return type(app.screen)

    assert asyncio.run(run()) is TitleScreen


def test_transcript_name_carries_the_code():
    assert with_code("", "ABCDEFGH") == "player ABCD-EFGH"
    assert with_code("Anya", "ABCDEFGH") == "Anya (player ABCD-EFGH)"


def test_reload_type_the_code_and_continue(mini_story, tmp_path):
    """A reload is a new process: the code brings back the game where the student left it."""

    async def first_visit():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter", "enter")
            await pilot.pause()
            app.new_game("soldier", "")
            await pilot.pause()
            await pilot.press("3")  # Go to the Smolny (autosaves)
            await pilot.pause()
            return app.player_code, app.session.state.scene

    async def after_reload(code: str):
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.session is None
            await pilot.press(*display_code(code), "enter")
            await pilot.pause()
            await pilot.press("c")  # Continue
            await pilot.pause()
            return app.session.state.scene if app.session else None

    code, scene = asyncio.run(first_visit())
    assert scene == "smolny"
    assert asyncio.run(after_reload(code)) == "smolny"


def test_snapshot_player_code_screen(snap_compare, mini_story, tmp_path):
    """80x24, as a browser player first sees it (looked at before accepting)."""
    assert snap_compare(web_app(mini_story, tmp_path), terminal_size=(80, 24))


def test_snapshot_new_player_code(snap_compare, mini_story, tmp_path, monkeypatch):
    import game.play.players as players

    monkeypatch.setattr(players, "new_code", lambda: "7KQ2M9XD")

    async def new_player(pilot):
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(web_app(mini_story, tmp_path), run_before=new_player, terminal_size=(80, 24))


def test_no_way_around_the_code(mini_story, tmp_path):
    """The command palette could start a game that saves where every student's saves meet."""

    async def run():
        app = web_app(mini_story, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            blocked = isinstance(app.screen, PlayerCodeScreen)
            await pilot.press("enter", "enter")
            await pilot.pause()
            return blocked, app.use_command_palette

    assert asyncio.run(run()) == (True, True)
