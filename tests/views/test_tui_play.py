"""Pilot tests of playing: new game, choices, autosave and Continue, undo, disabled choices."""

from __future__ import annotations

from textual.widgets import OptionList
from tui_steps import pilot_test, settle, start_game

from game.views.tui.choices import ChoiceLine, ChoiceList
from game.views.tui.scene import SceneScreen
from game.views.tui.title import TitleScreen


@pilot_test
async def test_title_screen_shows_story_and_menu(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the saves are read in a thread before Continue is offered
        assert isinstance(app.screen, TitleScreen)
        assert "A Night at the Smolny" in str(app.screen.query_one("#title-name").render())
        menu = app.screen.query_one("#title-menu", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids == ["new", "continue", "load", "endings", "glossary", "sources", "settings", "help", "quit"]
        assert menu.get_option("continue").disabled  # nothing saved yet


@pilot_test
async def test_new_game_choose_autosave_quit_continue_same_state(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.session.state.scene == "barracks"
        await pilot.press("1")  # take a rifle (once): stays in the barracks, armed
        await pilot.press("2")  # now "Go to the Smolny" is second
        await pilot.pause()
        saved = app.session.state.to_json()
        assert saved["scene"] == "smolny" and saved["vars"]["armed"] is True
        await pilot.press("ctrl+q")
    assert app.store.latest() is not None

    again = make()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not again.screen.query_one("#title-menu").get_option("continue").disabled
        await pilot.press("c")
        await settle(pilot)  # the save is found and read in a thread
        assert isinstance(again.screen, SceneScreen)
        assert again.session.state.to_json() == saved
        title = str(again.screen.query_one("#scene-head").render())
        assert "The Smolny" in title
        assert again.screen.check_action("undo", ())  # the undo history is rebuilt from the saved path
        await pilot.press("u")
        await pilot.pause()
        assert again.session.state.scene == "barracks" and again.session.state.vars["armed"] is True


@pilot_test
async def test_perspective_choice_sets_start_scene(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot, perspective_down=1)
        assert app.session.state.perspective == "worker"
        assert app.session.state.scene == "factory"


@pilot_test
async def test_arrows_enter_and_header_dates(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        meta = str(app.screen.query_one("#scene-head").render())
        assert "24 October 1917 (O.S.) · 6 November (N.S.)" in meta
        choices = app.screen.query_one(ChoiceList)
        assert app.focused is choices and choices.highlighted == 0
        await pilot.press("down")  # skips the disabled choice 2
        assert choices.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.scene == "smolny"


@pilot_test
async def test_mouse_click_chooses(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        choices = app.screen.query_one(ChoiceList)
        region = choices.content_region
        await pilot.click(ChoiceList, offset=(region.x - choices.region.x + 3, region.y - choices.region.y + 2))
        await pilot.pause()
        assert app.session.state.scene == "smolny"  # third line: "3. Go to the Smolny"


@pilot_test
async def test_disabled_choice_cannot_be_chosen(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        before = app.session.state.to_json()
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.to_json() == before
        choices = app.screen.query_one(ChoiceList)
        assert not choices.choices[1].available
        assert "unavailable: needs Standing 2 or more; you have 1" in choices.prompt_text(1)
        assert choices.query(ChoiceLine)[1].has_class("-disabled")
        await pilot.press("9")  # no such choice: nothing happens
        assert app.session.state.to_json() == before


@pilot_test
async def test_undo_back_any_number_of_times_and_hidden_at_start(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        screen = app.screen
        assert not screen.check_action("undo", ())
        await pilot.press("1", "2")
        await pilot.pause()
        assert app.session.state.scene == "smolny" and screen.check_action("undo", ())
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.scene == "barracks" and app.session.state.vars["armed"] is True
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.state.vars["armed"] is False and not app.session.state.path
        assert not screen.check_action("undo", ())
        await app.workers.wait_for_complete()  # autosaves are written in a thread
        assert app.store.load("autosave")[0].state.to_json() == app.session.state.to_json()


@pilot_test
async def test_no_undo_option_turns_undo_off(make):
    app = make(undo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert not app.screen.check_action("undo", ())
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.scene == "smolny"


@pilot_test
async def test_status_panel_shows_visible_variables(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        status = str(app.screen.query_one("#side").render())
        assert "Standing: 2" in status and "Leaning: bolshevik" in status
        assert "armed" not in status.lower()


@pilot_test
async def test_start_on_a_given_session(make, tui_story):
    from game.play.session import Session

    session = Session.warp(tui_story, "smolny", {"standing": 3}, "soldier")
    app = make(session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "Standing: 3" in str(app.screen.query_one("#side").render())
        await pilot.press("escape")  # the in-game menu
        await pilot.pause()
        assert type(app.screen).__name__ == "GameMenu"
        await pilot.press(*["down"] * 9, "enter")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)  # "Title screen" item


@pilot_test
async def test_brackets_in_the_story_s_words_are_shown_not_read_as_markup(tmp_path):
    """A title, place or status label with '[' ... ']' (or a stray '[/]') is text on the screen."""
    import shutil

    from conftest import STORY_DIR

    from game.play.options import PlayOptions
    from game.play.session import Session
    from game.story.loader import load_story
    from game.views.tui.app import make_app

    root = tmp_path / "story"
    shutil.copytree(STORY_DIR, root)
    scenes = (root / "scenes.yaml").read_text()
    scenes = scenes.replace("title: The barracks", "title: The barracks [draft] [/]", 1)
    (root / "scenes.yaml").write_text(scenes.replace("place: Volhynian barracks", "place: \"[b]Volhynian[/b] barracks\"", 1))
    story_yaml = (root / "story.yaml").read_text()
    (root / "story.yaml").write_text(story_yaml.replace("label: Standing", "label: \"Standing [with] [/] unit\"", 1))
    story = load_story(str(root))
    app = make_app(story, PlayOptions(str(root), saves_dir=str(tmp_path / "saves")), session=Session(story, "soldier"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        head = str(screen.query_one("#scene-head").render())
        assert "The barracks [draft] [/]" in head and "[b]Volhynian[/b] barracks" in head
        assert "Standing [with] [/] unit: 1" in str(screen.query_one("#side").render())


@pilot_test
async def test_an_autosave_made_just_before_the_app_closes_is_written(make):
    """The autosave thread starts after the new scene is drawn; an app that goes first still writes it."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.session.choose(app.session.choices()[0].id)  # as a key would, but no frame follows
        app.autosave()
        assert app._pending_autosave is not None
        expected = app.session.state.to_json()
    assert app._pending_autosave is None
    assert app.store.load("autosave")[0].state.to_json() == expected
