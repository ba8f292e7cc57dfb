"""The numbered choices of a scene: keys 1-9 (on the screen), arrows and Enter, mouse.

The choices are lines of text in a scrolling box, not an ``OptionList``: an
OptionList wraps its options at the width it had before the new scene was
laid out, so the first frame of many scenes showed the choices wrapped two
columns short, and the finished screen came a second layout pass (about
30 ms) later (bench/bench_tui.py). Lines whose height comes from their text
are laid out right in the first pass. Page keys stay with the screen, which
scrolls the scene's text with them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.play.session import ChoiceView


def _why(choice: ChoiceView) -> str:
    """After a disabled choice: why, in words, not only in grey ('' for an available one)."""
    return "" if choice.available else f"  (unavailable: {choice.reason or 'not possible now'})"


def choice_prompt(choice: ChoiceView) -> str:
    """'1. Take a rifle', or a disabled line that says why."""
    return f"{choice.number}. {choice.text}{_why(choice)}"


def _prompt_content(choice: ChoiceView) -> Content:
    """``choice_prompt`` with the number in bold and the reason in italics."""
    return Content.assemble((f"{choice.number}. ", "bold"), choice.text, (_why(choice), "italic"))


class ChoiceLine(Static):
    """One choice; a click on it posts ``ChoiceList.Picked``."""

    number = 0

    def on_click(self) -> None:
        if self.number and not self.has_class("-disabled"):
            self.post_message(ChoiceList.Picked(self.number))


class ChoiceList(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The scene's choices; up/down move the highlight over available ones, Enter takes it.

    Lines are mounted once and reused: a scene shows its choices in the first
    ones and hides the rest, so a new scene mounts nothing. Four are made at
    start (most scenes have two to four choices); a scene with more adds lines
    that later scenes reuse.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Previous choice", show=False),
        Binding("down", "move(1)", "Next choice", show=False),
        Binding("home", "move(-99)", "First choice", show=False),
        Binding("end", "move(99)", "Last choice", show=False),
        Binding("enter", "take", "Take the highlighted choice", show=False),
    ]

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 11;
        border: round $primary 50%;
        padding: 0 1;
    }
    ChoiceList:focus { border: round $primary; }
    ChoiceLine { width: 1fr; }
    ChoiceLine:hover { background: $boost; }
    ChoiceLine.-disabled { color: $text-disabled; }
    ChoiceLine.-disabled:hover { background: initial; }
    ChoiceList ChoiceLine.-highlighted { background: $block-cursor-blurred-background; }
    ChoiceList:focus ChoiceLine.-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background; text-style: bold;
    }
    """

    MAX_CHOICES = 9  # keys 1-9
    FIRST_LINES = 4

    class Picked(Message):
        """The player took choice ``number`` (by Enter or a click); the screen decides what follows."""

        def __init__(self, number: int):
            super().__init__()
            self.number = number

    choices: tuple[ChoiceView, ...] = ()
    highlighted: int | None = None  # index into ``choices``

    def compose(self) -> ComposeResult:
        for _ in range(self.FIRST_LINES):
            yield ChoiceLine()

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        self.choices = choices[: self.MAX_CHOICES]
        self.highlighted = next((i for i, c in enumerate(self.choices) if c.available), None)
        self.display = bool(choices)
        lines = list(self.query(ChoiceLine))
        if len(lines) < len(self.choices):
            more = [ChoiceLine() for _ in range(len(self.choices) - len(lines))]
            self.mount(*more)
            lines += more
        for index, line in enumerate(lines):
            if index < len(self.choices):
                choice = self.choices[index]
                line.number = choice.number
                line.update(_prompt_content(choice))
                line.set_class(not choice.available, "-disabled")
                line.set_class(index == self.highlighted, "-highlighted")
                line.display = True
            else:
                line.number = 0
                line.display = False
        self.scroll_home(animate=False)

    def prompt_text(self, index: int) -> str:
        return choice_prompt(self.choices[index])

    def action_move(self, step: int) -> None:
        available = [i for i, c in enumerate(self.choices) if c.available]
        if not available:
            return
        if self.highlighted is None:
            target = available[0] if step > 0 else available[-1]
        else:
            later = [i for i in available if i > self.highlighted]
            earlier = [i for i in available if i < self.highlighted]
            if step > 0:
                target = later[min(step, len(later)) - 1] if later else self.highlighted
            else:
                target = earlier[max(step, -len(earlier))] if earlier else self.highlighted
        lines = list(self.query(ChoiceLine))
        if self.highlighted is not None:
            lines[self.highlighted].remove_class("-highlighted")
        self.highlighted = target
        lines[target].add_class("-highlighted")
        self.scroll_to_widget(lines[target], animate=False, immediate=True)

    def action_take(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Picked(self.choices[self.highlighted].number))
