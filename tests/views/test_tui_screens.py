"""Pilot tests of the other screens: glossary, journal, saves, debrief, endings, settings, size."""

from __future__ import annotations

from textual.widgets import Markdown, OptionList, Static, TextArea
from tui_steps import pilot_test, settle, start_game

from game.views.tui.debrief import DebriefScreen
from game.views.tui.scene import SceneScreen, scene_links
from game.views.tui.term import LinksDialog, TermDialog
from game.views.tui.title import TitleScreen
from game.views.tui.too_small import TooSmallScreen


def markdown_text(screen) -> str:
    """The Markdown shown on a screen, from Markdown widgets and SceneText statics."""
    from game.views.tui.scenetext import SceneText

    return "\n".join([m.source for m in screen.query(Markdown)] + [t.source for t in screen.query(SceneText)])


async def reach_ending(pilot) -> None:
    """Soldier: go to the Smolny, stay for the Congress -> the historical ending."""
    await start_game(pilot)
    await pilot.press("3")
    await pilot.pause()
    await pilot.press("1")
    await pilot.pause()


def test_scene_links_are_found_in_rendered_text():
    text = "The [Soviet](glossary:soviet) and [the chairman](glossary:leon%20trotsky), [Soviet](glossary:soviet)."
    assert scene_links(text) == [("Soviet", "soviet"), ("the chairman", "leon trotsky")]


@pilot_test
async def test_glossary_link_opens_by_keyboard(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LinksDialog)
        await pilot.press("down", "enter")  # the second link: "the chairman" -> Trotsky
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        assert "Leon Trotsky" in markdown_text(app.screen)
        assert "Chairman of the Petrograd Soviet" in markdown_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)


@pilot_test
async def test_glossary_link_opens_by_mouse(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        text = app.screen.query_one("#scene-text")
        assert text.links == ["soviet", "trotsky"]
        await pilot.click("#scene-text", offset=(6, 2))  # "The Soviet meets tonight": the word "Soviet"
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        assert "A council of delegates" in markdown_text(app.screen)


@pilot_test
async def test_journal_lists_the_path_with_choices(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "2", "j")
        await pilot.pause()
        text = markdown_text(app.screen)
        assert "**The barracks**" in text and "You chose: *Take a rifle*" in text
        assert "You chose: *Go to the Smolny*" in text and "(you are here)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)


@pilot_test
async def test_save_dialog_named_slot_then_load_it(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("s")
        await settle(pilot)  # the slots are read in a thread
        await pilot.press(*"before the Smolny")
        await pilot.press("down", "down", "enter")  # slot 3
        await settle(pilot)  # and written in one
        assert isinstance(app.screen, SceneScreen)
        saved = app.session.state.to_json()
        info = {i.slot: i for i in app.store.slots()}["3"]
        assert info.exists and info.name == "before the Smolny" and info.scene_title == "The barracks"
        assert "24 October 1917" in info.date_text
        await pilot.press("3")
        await pilot.pause()
        assert app.session.state.scene == "smolny"
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # slot 3 again: asks first, keeps the old save
        await settle(pilot)
        assert {i.slot: i for i in app.store.slots()}["3"].scene_title == "The barracks"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await settle(pilot)
        menu = app.screen.query_one("#slots", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[:2] == ["autosave", "1"] and len(ids) >= 10  # autosave and at least 9 slots
        assert menu.get_option("1").disabled and not menu.get_option("3").disabled
        menu.highlighted = ids.index("3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert app.session.state.to_json() == saved


@pilot_test
async def test_debrief_shows_history_citations_and_timeline(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_ending(pilot)
        assert isinstance(app.screen, DebriefScreen)
        text = markdown_text(app.screen)
        assert "# As it happened" in text and "Power passes to the Soviets" in text
        assert "## What really happened" in text and "**[Documented]** The garrison went over" in text
        assert "“went over to the Soviet”" in text and "*Revision notes on October*" in text
        assert "## Sources disagree" in text and "When did Lenin come back?" in text
        assert "**Which calendar?**" in text  # story.yaml's shared note, after the ending's own
        assert "## Historians disagree" in text and "**Coup or revolution?** *[General knowledge]*" in text
        assert "**Who decided October?** *[General knowledge]*" in text
        assert text.index("## Sources disagree") < text.index("## Historians disagree") < text.index("## Epilogue")
        assert "## Epilogue" in text and "[Invented for the story]" in text
        assert "you chose “Stay for the Congress” — *as it happened*" in text
        timeline = str(app.screen.query_one("#path-timeline").render())
        assert "History" in timeline and "followed history all the way" in timeline
        assert len(app.screen.query(TextArea)) == 2


@pilot_test
async def test_debrief_timeline_shows_where_path_left_history(make, tui_story):
    from game.play.session import Session

    session = Session(tui_story, perspective="worker")
    session.choose("smolny")
    session.choose("leave")  # the walkout: not what happened at the Smolny
    app = make(session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        timeline = str(app.screen.query_one("#path-timeline").render())
        assert "You left history at “The Smolny”" in timeline and "✕" in timeline
        assert "Counterfactual ending" in markdown_text(app.screen)


@pilot_test
async def test_reflection_answers_survive_save_and_load(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_ending(pilot)
        area = app.screen.query_one("#answer-0", TextArea)
        area.focus()
        await pilot.press(*"The soldiers had the rifles")
        await pilot.pause()
        assert app.session.answers()[0][1] == "The soldiers had the rifles"
        app.save_slot("5", "answered")
    again = make()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        again.load_slot("5")
        await settle(pilot)
        assert isinstance(again.screen, DebriefScreen)
        assert again.screen.query_one("#answer-0", TextArea).text == "The soldiers had the rifles"


@pilot_test
async def test_undo_from_the_debrief_returns_to_the_scene(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_ending(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.session.state.scene == "smolny"


@pilot_test
async def test_endings_found_across_games_others_locked(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_ending(pilot)
        await pilot.press("escape")  # title screen
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("e")
        await pilot.pause()
        text = markdown_text(app.screen)
        assert "**1 of 2**" in text and "✓ **As it happened**" in text and "*Locked*" in text
        assert "The walkout" not in text


@pilot_test
async def test_reference_screens_from_the_title(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"trot")
        await pilot.pause()
        listed = app.screen.query_one("#glossary-list", OptionList)
        assert listed.option_count == 1
        assert "Exiled in 1929" in markdown_text(app.screen)
        await pilot.press("escape", "r")
        await pilot.pause()
        assert "Revision notes on October" in markdown_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        app.open_dialog("timeline")
        await pilot.pause()
        assert "25 October 1917 (O.S.) · 7 November (N.S.)" in markdown_text(app.screen)


@pilot_test
async def test_settings_theme_is_kept_for_next_time(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        from textual.widgets import RadioButton

        light = next(b for b in app.screen.query(RadioButton) if b.name == "petrograd-light")
        await pilot.click(light)
        await pilot.pause()
        assert app.theme == "petrograd-light"
    again = make()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "petrograd-light"


@pilot_test
async def test_command_palette_offers_game_commands(make):
    from game.views.tui.commands import game_commands

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in game_commands(app)]
        assert "Save" not in titles and "Undo" not in titles  # no game yet
        await start_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        titles = [c.title for c in game_commands(app)]
        for title in ("Save", "Load", "Undo", "Journal", "Glossary", "Sources", "Timeline", "Settings"):
            assert title in titles
        undo = next(c for c in game_commands(app) if c.title == "Undo")
        undo.callback()
        await pilot.pause()
        assert app.session.state.scene == "barracks"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


@pilot_test
async def test_primer_can_be_read_then_begun(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter", "enter")
        await pilot.pause()
        assert "Old Style" in markdown_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)


@pilot_test
async def test_too_small_notice_comes_and_goes(make):
    app = make()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


@pilot_test
async def test_the_too_small_notice_wraps_to_fit_a_20x5_terminal(make):
    """It was cut at the terminal's edge ('please make it at le'), hiding the size it asks for."""
    app = make()
    async with app.run_test(size=(20, 5)) as pilot:
        await pilot.pause()
        notice = app.screen.query_one(Static)
        assert notice.region.width <= 20 and notice.region.height == 5  # every line of it on the screen
        shown = app.export_screenshot().replace("&#160;", " ")
        for line in ("Terminal too small:", "please make it at", "least", "40 columns by 12", "rows."):
            assert f">{line}<" in shown, line


@pilot_test
async def test_whole_game_at_40x12_without_crash(make):
    app = make()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        await reach_ending(pilot)
        assert isinstance(app.screen, DebriefScreen)
        for key in ("j", "escape", "s", "escape", "e", "escape", "pagedown", "u"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        for key in ("l", "escape", "escape", "escape", "ctrl+z"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.session.state.scene == "barracks"


@pilot_test
async def test_every_scene_and_title_key_opens_its_screen(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, name in (("o", "SaveLoadDialog"), ("e", "EndingsScreen"), ("g", "GlossaryScreen"),
                          ("r", "SourcesScreen"), ("comma", "SettingsScreen")):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == name, key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
        await start_game(pilot)
        for key, name in (("g", "GlossaryScreen"), ("t", "TimelineScreen"), ("o", "SaveLoadDialog"),
                          ("s", "SaveLoadDialog"), ("j", "JournalScreen"), ("l", "LinksDialog"),
                          ("escape", "GameMenu")):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == name, key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SceneScreen), key
        await pilot.press("pagedown", "pageup", "space")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_saving_over_a_filled_slot_needs_a_second_enter(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.save_slot("1", "first")
        await pilot.press("3", "s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SaveLoadDialog"  # asked, not saved
        assert {i.slot: i for i in app.store.slots()}["1"].scene_title == "The barracks"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert {i.slot: i for i in app.store.slots()}["1"].scene_title == "The Smolny"


@pilot_test
async def test_load_lists_the_autosave_first_when_a_slot_is_newer(make):
    """A save made after the last choice is newer than the autosave: Load used to list it twice and stop the game."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("3")  # a choice: the autosave is written
        await settle(pilot)
        app.save_slot("3", "mine")  # newer than the autosave
        await pilot.press("o")
        await settle(pilot)
        menu = app.screen.query_one("#slots", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids == ["autosave", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        assert not menu.get_option("3").disabled and not menu.get_option("autosave").disabled
