"""The title menu shows every entry, Quit too, when Continue's label wraps (issue 19)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList
from tui_steps import pilot_test, settle

from game.views.store import GameStore, SlotInfo

LONG_TITLE = "The Second All-Russian Congress of Soviets opens at last in the white assembly hall of the Smolny"


class LongContinue(GameStore):
    """A real store whose newest save sits in a scene with a very long title."""

    def latest(self) -> SlotInfo | None:
        return SlotInfo("autosave", scene_title=LONG_TITLE, exists=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12), (60, 16)])
def test_every_menu_entry_is_on_screen_with_a_long_continue_label(make, tui_story, tmp_path, size):
    @pilot_test
    async def run():
        app = make(store=LongContinue(tui_story, str(tmp_path / "saves")))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)  # the saves are read in a thread before Continue is labelled
            assert "The Second All-Russian" in str(app.screen.query_one("#title-menu", OptionList)
                                                   .get_option_at_index(1).prompt)
            menu = app.screen.query_one("#title-menu", OptionList)
            assert menu.max_scroll_y == 0, f"the menu scrolls at {size}: an entry is hidden"
            screen = app.screen.region
            assert screen.contains_region(menu.region), f"the menu runs off the screen at {size}"
            keys = app.screen.query_one("KeyHints").region
            assert not menu.region.overlaps(keys)
            assert menu.get_option_at_index(menu.option_count - 1).id == "quit"

    run()
