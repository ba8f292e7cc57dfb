"""Help is where a player looks for it (issue 19): ? and F1 everywhere, the menus, and Esc closes Keys."""

from __future__ import annotations

from textual.widgets import OptionList
from tui_steps import pilot_test, settle, start_game

from game.views.tui.help import HelpScreen
from game.views.tui.menu import GameMenu
from game.views.tui.scene import SceneScreen
from game.views.tui.title import TitleScreen


def help_text(app) -> str:
    """The keys column as plain text, then the help Markdown."""
    keys = app.screen.query_one("#help-keys").render()
    return f"{keys.plain}\n{app.screen.query_one('#help-text').source}"


def key_row(text: str, keys: str, what: str) -> bool:
    return any(line.split() == [*keys.split(), *what.split()] for line in text.splitlines())


@pilot_test
async def test_question_mark_and_f1_open_help_over_the_title_and_close_it(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        assert key_row(text, "n", "New game")  # the keys of the title screen, read from its bindings
        assert "## How to play" in text
        await pilot.press("question_mark")  # pressed again, it closes
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


@pilot_test
async def test_help_over_a_scene_lists_the_scene_keys(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert "? Help" in str(app.screen.query_one("KeyHints").render())  # shown on the key line
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        assert key_row(text, "1-9", "Choose")
        assert key_row(text, "j", "Journal")
        assert key_row(text, "esc", "Menu")
        lines = text.splitlines()
        assert lines[0].split()[1] == "Choose"  # the key line's keys come first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)


@pilot_test
async def test_help_is_in_the_title_menu_the_game_menu_and_the_palette(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the menu is filled again once the saves are read
        menu = app.screen.query_one("#title-menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[-2:] == ["help", "quit"]
        menu.highlighted = ids.index("help")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await start_game(pilot)
        await pilot.press("escape")  # the game menu
        await pilot.pause()
        assert isinstance(app.screen, GameMenu)
        items = app.screen.query_one(OptionList)
        items.highlighted = [items.get_option_at_index(i).id for i in range(items.option_count)].index("help")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert key_row(help_text(app), "j", "Journal")  # the keys of the scene, not of the menu
        await pilot.press("escape")
        await pilot.pause()
        from game.views.tui.commands import game_commands

        assert "Help" in [command.title for command in game_commands(app)]


@pilot_test
async def test_escape_closes_the_keys_panel_and_then_opens_the_menu(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.action_show_help_panel()
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        assert isinstance(app.screen, SceneScreen)  # the first Esc only closed the panel
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameMenu)
