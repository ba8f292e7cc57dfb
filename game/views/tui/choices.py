"""The numbered choices of a scene: keys 1-9 (on the screen), arrows and Enter, mouse."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.play.session import ChoiceView


def choice_prompt(choice: ChoiceView) -> Text:
    """'1. Take a rifle', or a disabled line that says why in words, not only in grey."""
    text = Text(f"{choice.number}. ", style="bold")
    text.append(choice.text)
    if not choice.available:
        text.append(f"  (unavailable: {choice.reason or 'not possible now'})", style="italic")
    return text


class ChoiceList(OptionList):
    """An OptionList whose options are the scene's choices; disabled ones cannot be highlighted."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 11;
        border: round $primary 50%;
        padding: 0 1;
    }
    ChoiceList:focus { border: round $primary; }
    """

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        self.set_options(
            Option(choice_prompt(c), id=str(c.number), disabled=not c.available) for c in choices
        )
        first = next((i for i, c in enumerate(choices) if c.available), None)
        self.highlighted = first
        self.display = bool(choices)
