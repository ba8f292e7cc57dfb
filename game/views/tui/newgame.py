"""New game: choose a perspective (where the story has several) and an optional name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.story.model import Story

NewGame = tuple[str | None, str]


class NewGameDialog(ModalScreen[NewGame | None]):
    """Returns (perspective id or None, player name), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, story: Story, fixed_perspective: str = ""):
        super().__init__()
        self.story = story
        self.fixed = fixed_perspective

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-game"):
            yield Static("New game", classes="dialog-title")
            perspectives = [p for p in self.story.perspectives if not self.fixed or p.id == self.fixed]
            if perspectives:
                yield Static("Whose story do you follow?")
                yield OptionList(
                    *[
                        Option(f"[b]{p.title}[/b]\n[dim]{p.description}[/dim]" if p.description else p.title, id=p.id)
                        for p in perspectives
                    ],
                    id="perspectives",
                )
            yield Static("Your name (optional, for the transcript):")
            yield Input(placeholder="a name, or leave empty", id="player-name", max_length=40)
            with Horizontal(classes="buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.story.perspectives:
            self.query_one("#perspectives", OptionList).highlighted = 0

    def _picked(self) -> NewGame:
        perspective = None
        if self.story.perspectives:
            menu = self.query_one("#perspectives", OptionList)
            index = menu.highlighted or 0
            perspective = menu.get_option_at_index(index).id
        return perspective, self.query_one("#player-name", Input).value.strip()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#player-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self._picked())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._picked() if event.button.id == "start" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
