"""The in-game menu (Escape): everything the scene's keys do, for mouse users and the lost."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

ITEMS = (
    ("resume", "Back to the game"),
    ("save", "Save…"),
    ("load", "Load…"),
    ("journal", "Journal"),
    ("glossary", "Glossary"),
    ("sources", "Sources"),
    ("timeline", "Timeline"),
    ("settings", "Settings"),
    ("help", "Help"),
    ("title", "Title screen"),
    ("quit", "Quit"),
)


class GameMenu(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="game-menu"):
            yield Static("Menu", classes="dialog-title")
            story = cast("PetrogradApp", self.app).story
            yield OptionList(*[Option(label, id=item) for item, label in ITEMS if story.offers(item)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = event.option.id or "resume"
        app = cast("PetrogradApp", self.app)
        self.dismiss(None)
        if item == "quit":
            app.call_later(app.action_quit)
        elif item != "resume":
            app.open_dialog(item)

    def action_close(self) -> None:
        self.dismiss(None)
