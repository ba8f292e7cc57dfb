"""In the app, a templated title and status label read the game's state (examples/ferry uses both)."""

from __future__ import annotations

from pathlib import Path

from tui_steps import pilot_test

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.loader import load_story

FERRY = Path(__file__).resolve().parents[2] / "examples" / "ferry"


@pilot_test
async def test_the_header_status_and_journal_read_the_state(tmp_path):
    from game.views.tui.app import make_app
    from game.views.tui.journal import JournalScreen
    from game.views.tui.scenetext import SceneText

    story = load_story(str(FERRY))
    session = Session(story)
    session.choose("buy_lantern")  # 4 coins - 3: not enough for the ferry
    session.choose("to_jetty")
    session.choose("riverbank")
    session.choose("to_bridge")
    session.choose("cross_lit")  # the far bank, dry
    app = make_app(story, PlayOptions(str(FERRY), saves_dir=str(tmp_path)), session=session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        head = str(app.screen.query_one("#scene-head").render())
        assert head.startswith("The far bank") and "{" not in head
        side = str(app.screen.query_one("#side").render())
        assert "Coins (not enough for the ferry): 1" in side
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        journal = "\n".join(w.source for w in app.screen.query(SceneText))
        assert "**The far bank**" in journal and "{if" not in journal
