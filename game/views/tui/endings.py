"""Endings found: the endings this player has reached across games; the rest locked, to invite replay."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.story.model import Story
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


def endings_markdown(story: Story, found: set[str]) -> str:
    total = len(story.endings)
    lines = [f"You have found **{len(found & set(story.endings))} of {total}** endings.", ""]
    for ending in story.endings.values():
        kind = ("historical" if ending.kind == "historical" else "counterfactual") if story.has_history else ""
        if ending.id in found:
            lines.append(f"- ✓ **{ending.title}**" + (f" — *{kind}*" if kind else ""))
        else:
            lines.append(f"- 🔒 *Locked* — {f'a {kind} ending' if kind else 'an ending'} not found yet")
    return "\n".join(lines)


class EndingsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,e,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        game = cast("PetrogradApp", self.app)
        with Vertical(classes="dialog wide", id="endings"):
            yield Static("Endings found", classes="dialog-title")
            with VerticalScroll():
                yield SceneText(endings_markdown(game.story, game.store.endings_found()))
            yield Static("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
