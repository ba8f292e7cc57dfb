"""Loading another save keeps the finished run reachable: Load lists it and reopens its debrief (issue 19)."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea
from tui_steps import pilot_test

from game.play.session import Session
from game.views.tui.debrief import DebriefScreen
from game.views.tui.saveload import SaveLoadDialog
from game.views.tui.scene import SceneScreen


@pilot_test
async def test_a_finished_run_survives_loading_another_save(make, tui_story):
    early = Session(tui_story, perspective="soldier")
    app = make()
    app.store.save("3", early, 60.0, "before the Smolny")
    session = Session(tui_story, perspective="soldier")
    session.choose("go")
    session.choose("stay")
    app = make(session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        app.screen.query_one("#answer-0", TextArea).load_text("The garrison decided.")
        await pilot.pause()
        app.autosave(wait=True)
        app.load_slot("3")  # the autosave now holds the run from slot 3
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        app.autosave(wait=True)
        app.open_dialog("load")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadDialog)
        menu = app.screen.query_one("#slots", OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert "ending-end_history" in ids
        row = menu.get_option_at_index(ids.index("ending-end_history")).prompt
        assert str(row).startswith("Ending   Ending: As it happened")
        menu.highlighted = ids.index("ending-end_history")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#answer-0", TextArea).text == "The garrison decided."


@pilot_test
async def test_endings_found_reopens_a_finished_run(make, tui_story):
    from game.views.tui.endings import EndingsScreen
    from game.views.tui.title import TitleScreen

    session = Session(tui_story, perspective="soldier")
    session.choose("go")
    session.choose("stay")
    session.answer(1, "The handout, it cites a source.")
    app = make(session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.record_ending("end_history")
        await pilot.press("escape")  # to the title: the run is autosaved
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        app.new_game("worker", "")  # a new game takes the autosave; the finished run moves to its slot
        await pilot.pause()
        await pilot.press("escape")  # skip the primer
        await pilot.pause()
        app.autosave(wait=True)
        app.to_title()
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EndingsScreen)
        runs = app.screen.query_one("#ending-runs", OptionList)
        assert runs.display and runs.option_count == 1
        assert str(runs.get_option_at_index(0).prompt).startswith("Reopen “As it happened” · saved ")
        assert runs.get_option_at_index(0).id == "ending-end_history"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#answer-1", TextArea).text == "The handout, it cites a source."


@pilot_test
async def test_endings_found_without_saved_runs_offers_none(make):
    from game.views.tui.endings import EndingsScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EndingsScreen)
        assert not app.screen.query_one("#ending-runs", OptionList).display
