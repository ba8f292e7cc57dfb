"""The title screen: the story's title and context, and the main menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.views.store import SlotInfo
from game.views.tui.keyhints import KeyHints

if TYPE_CHECKING:
    from game.story.model import Story
    from game.views.tui.app import PetrogradApp

MENU = (
    ("new", "New game", "n"),
    ("continue", "Continue", "c"),
    ("load", "Load", "o"),
    ("endings", "Endings found", "e"),
    ("glossary", "Glossary", "g"),
    ("sources", "Sources", "r"),
    ("settings", "Settings", "comma"),
    ("help", "Help", "question_mark"),
    ("quit", "Quit", "q"),
)


def menu_options(latest: SlotInfo | None, known: bool = True, story: Story | None = None) -> list[Option]:
    """The menu; Continue names the scene of the newest save (``known``: the saves have been read).
    Reference pages the story has nothing for are left out."""
    options = []
    for item, label, key in MENU:
        if story is not None and not story.offers(item):
            continue
        hint = {"comma": ",", "question_mark": "?"}.get(key, key)
        prompt = f"{label}  [dim]({hint})[/dim]"
        if item == "continue":
            where = latest.scene_title if latest is not None else "no saved game yet" if known else "…"
            prompt = f"{label}  [dim]({hint}) · {where}[/dim]"
        options.append(Option(prompt, id=item, disabled=item == "continue" and latest is None))
    return options


class TitleScreen(Screen[None]):
    """Always at the bottom of the screen stack; a game is shown over it."""

    BINDINGS = [Binding(key, f"pick('{item}')", label, show=False) for item, label, key in MENU]

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    _deferred = False
    _wanted = False  # set once the title is really shown

    def compose(self) -> ComposeResult:
        if self.game.opens_on_game and not self._wanted:
            self._deferred = True  # the game is shown first: build the title when it is first seen
            return
        story = self.game.story
        with Vertical(id="title-box"):
            yield Static(story.title, id="title-name")
            if story.subtitle:
                yield Static(story.subtitle, id="title-subtitle")
            with Center():
                yield OptionList(*menu_options(None, known=False, story=story), id="title-menu")
            yield Static("↑↓ and Enter, or the key in brackets · ?: help · ctrl+p: commands", id="title-hint")
        yield KeyHints()

    def on_mount(self) -> None:
        if not self._deferred:
            self.refresh_menu()

    def on_screen_resume(self) -> None:
        if self._deferred:  # startup resumes us for a moment before the game is pushed
            self.call_after_refresh(self._build_if_shown)
        else:
            self.refresh_menu()

    async def _build_if_shown(self) -> None:
        if self._deferred and self.is_current and self.game.session is None:
            self._deferred, self._wanted = False, True
            await self.recompose()
            self.refresh_menu()

    def refresh_menu(self) -> None:
        """Continue is offered only when there is a save to continue from: the saves are read in a thread."""
        self._find_latest()

    @work(thread=True, exclusive=True, group="title-saves")
    def _find_latest(self) -> None:
        latest = self.game.store.latest()
        self.app.call_from_thread(self._fill_menu, latest)

    def _fill_menu(self, latest: SlotInfo | None) -> None:
        if not self.is_attached or self._deferred:
            return
        menu = self.query_one("#title-menu", OptionList)
        menu.set_options(menu_options(latest, story=self.game.story))
        menu.highlighted = 1 if latest is not None else 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.action_pick(event.option.id)

    def action_pick(self, item: str) -> None:
        game = self.game
        if item == "new":
            from game.views.tui.newgame import NewGameDialog

            self.app.push_screen(NewGameDialog(game.story, game.fixed_perspective), self._new_game)
        elif item == "continue":
            game.continue_game()
        elif item == "quit":
            self.app.call_later(game.action_quit)  # the app's quit says so when the last game was not saved
        else:
            game.open_dialog(item)

    def _new_game(self, picked: tuple[str | None, str] | None) -> None:
        if picked is not None:
            self.game.new_game(*picked)
