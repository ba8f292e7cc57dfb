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
