"""The choice list on its own: keys move over available choices, long lists scroll, clicks pick."""

from __future__ import annotations

from textual.app import App, ComposeResult
from tui_steps import pilot_test

from game.play.session import ChoiceView
from game.views.tui.choices import ChoiceLine, ChoiceList


def views(count: int, disabled: tuple[int, ...] = ()) -> tuple[ChoiceView, ...]:
    return tuple(
        ChoiceView(n, f"c{n}", f"Choice {n}: " + "a long line of words that wraps " * 2, n not in disabled, "no")
        for n in range(1, count + 1)
    )


class Host(App[None]):
    def __init__(self, choices: tuple[ChoiceView, ...]):
        super().__init__()
        self.choices = choices
        self.picked: list[int] = []

    def compose(self) -> ComposeResult:
        yield ChoiceList()

    def on_mount(self) -> None:
        listing = self.query_one(ChoiceList)
        listing.show(self.choices)
        listing.focus()

    def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        self.picked.append(event.number)


@pilot_test
async def test_arrows_skip_disabled_and_enter_picks() -> None:
    app = Host(views(4, disabled=(1, 3)))
    async with app.run_test(size=(60, 20)) as pilot:
        listing = app.query_one(ChoiceList)
        assert listing.highlighted == 1  # the first available one
        await pilot.press("down")
        assert listing.highlighted == 3
        await pilot.press("down")  # no further available choice: stays
        assert listing.highlighted == 3
        await pilot.press("up", "enter")
        assert app.picked == [2]
        lines = list(listing.query(ChoiceLine))
        assert lines[1].has_class("-highlighted") and not lines[3].has_class("-highlighted")
        assert [line.display for line in lines] == [True] * 4


@pilot_test
async def test_a_long_list_scrolls_to_the_highlighted_choice() -> None:
    app = Host(views(9))
    async with app.run_test(size=(40, 16)) as pilot:
        listing = app.query_one(ChoiceList)
        await pilot.pause()
        assert len(listing.query(ChoiceLine)) == 9  # five more lines than at start
        assert listing.max_scroll_y > 0  # nine wrapped choices do not fit eleven lines
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted == 8 and listing.scroll_y == listing.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert listing.highlighted == 0 and listing.scroll_y == 0


@pilot_test
async def test_lines_are_reused_and_hidden_when_a_scene_has_fewer_choices() -> None:
    app = Host(views(6))
    async with app.run_test(size=(60, 30)) as pilot:
        listing = app.query_one(ChoiceList)
        await pilot.pause()
        listing.show(views(2))
        await pilot.pause()
        lines = list(listing.query(ChoiceLine))
        assert [line.display for line in lines] == [True, True] + [False] * 4
        assert listing.prompt_text(1).startswith("2. Choice 2")
        listing.show(views(5))
        await pilot.pause()
        assert len(listing.query(ChoiceLine)) == 6 and [line.display for line in lines].count(True) == 5


@pilot_test
async def test_click_picks_an_available_choice_only() -> None:
    app = Host(views(3, disabled=(2,)))
    async with app.run_test(size=(60, 20)) as pilot:
        lines = list(app.query(ChoiceLine))
        await pilot.click(lines[1])
        await pilot.click(lines[2])
        await pilot.pause()
        assert app.picked == [3]


@pilot_test
async def test_page_keys_are_left_to_the_screen() -> None:
    app = Host(views(9))
    async with app.run_test(size=(40, 16)) as pilot:
        listing = app.query_one(ChoiceList)
        await pilot.press("pagedown")
        await pilot.pause()
        assert listing.scroll_y == 0 and listing.highlighted == 0
