"""The primer scrolls by keys from the start (issue 19): the shipped primer is longer than 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from tui_steps import pilot_test

from game.play.options import PlayOptions
from game.story.loader import load_story
from game.views.tui.primer import PrimerScreen

SCENES = Path(__file__).resolve().parents[2] / "scenes"


@pytest.fixture(scope="module")
def shipped():
    return load_story(str(SCENES))


async def open_primer(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("enter", "enter")  # first perspective, no name
    await pilot.pause()


@pilot_test
async def test_primer_scrolls_by_keys_at_once(shipped, tmp_path):
    from game.views.tui.app import make_app

    app = make_app(shipped, PlayOptions(str(SCENES), saves_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_primer(pilot)
        assert isinstance(app.screen, PrimerScreen)
        scroll = app.screen.query_one("#primer-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0, "the shipped primer should be longer than one screen at 80x24"
        assert app.focused is scroll
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y > 1
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == 0
        await pilot.press("tab")  # the Begin button; PageDown still pages the text
        await pilot.press("pagedown")
        await pilot.wait_for_scheduled_animations()
        assert app.focused is app.screen.query_one("#begin")
        assert scroll.scroll_y > 0
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PrimerScreen)


@pilot_test
async def test_enter_begins_from_the_text(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_primer(pilot)
        assert isinstance(app.screen, PrimerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and app.session.node.id == "barracks"
        assert not isinstance(app.screen, PrimerScreen)
