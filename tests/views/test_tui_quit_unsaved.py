"""Quitting the Textual app when the game cannot be saved: the truth, exit 1, and where the last good save is."""

from __future__ import annotations

import re

from conftest import STORY_DIR
from tui_steps import pilot_test, start_game

from game.play.options import PlayOptions
from game.views.tui.app import make_app


def app_saving_to(tui_story, folder):
    return make_app(tui_story, PlayOptions(str(STORY_DIR), saves_dir=str(folder)))


@pilot_test
async def test_quit_with_a_saves_folder_that_cannot_be_made(tui_story, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # root ignores permissions; a file in the path stops everyone
    app = app_saving_to(tui_story, blocker / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1
    assert app.farewell == [
        "Your game is NOT saved: could not save to slot autosave: part of the saves folder's path is a file,"
        " not a folder.",
        f"There is no earlier save of this story in {blocker / 'saves'}: nothing of this game is kept.",
    ]


@pilot_test
async def test_quit_from_the_title_after_a_failed_save_names_the_last_good_one(tui_story, tmp_path, monkeypatch):
    from game.play import atomic, saves

    folder = tmp_path / "saves"
    app = app_saving_to(tui_story, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")  # take a rifle: autosaved in the barracks
        await app.workers.wait_for_complete()
        assert (folder / "autosave.json").is_file()

        def disk_full(path, data):
            raise atomic.FileProblem(path, "the disk is full (free some space and save again)")

        monkeypatch.setattr(saves, "write_temp", disk_full)
        await pilot.press("2")  # to the Smolny: this autosave fails
        await app.workers.wait_for_complete()
        app.to_title()  # leaving the game: its save fails again
        await pilot.pause()
        await pilot.press("q")  # Quit on the title menu
        await pilot.pause()
    assert app.return_code == 1
    assert app.farewell[0] == ("Your game is NOT saved: could not save to slot autosave: the disk is full"
                               " (free some space and save again).")
    assert re.fullmatch(r"Your last good save is the autosave of \d{4}-\d\d-\d\d \d\d:\d\d, at “The barracks”: "
                        + re.escape(str(folder / "autosave.json")), app.farewell[1]), app.farewell[1]
    assert app.farewell[2] == "Continue starts from there next time."


@pilot_test
async def test_quit_after_a_good_save_exits_0_and_says_where_the_game_is(make, tmp_path):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.farewell == [f"Your game is saved in {tmp_path / 'saves'}; Continue resumes it."]


@pilot_test
async def test_quit_from_the_title_before_any_game_says_nothing(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and app.farewell == []


@pilot_test
async def test_a_game_in_a_browser_tab_says_nothing_on_quitting(make):
    app = make(web=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.saved_in = str(app.store.folder)  # as after an autosave; no terminal is left to read a farewell
        await app.action_quit()
        await pilot.pause()
    assert app.return_code == 0 and app.farewell == []
