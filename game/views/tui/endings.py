"""Endings found: the endings this player has reached across games; the rest locked, to invite replay.

Each found ending whose run is still saved (``SaveStore.finished_runs``) can be
reopened from here: its debrief, with the answers written in it. The saves
are read in a thread, so opening the screen never waits on the disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.story.model import Story
from game.story.text import read_as
from game.views.store import SlotInfo
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


def endings_markdown(story: Story, found: set[str]) -> str:
    total = len(story.endings)
    lines = [f"You have found **{len(found & set(story.endings))} of {total}** endings.", ""]
    for ending in story.endings.values():
        kind = ("historical" if ending.kind == "historical" else "counterfactual") if story.has_history else ""
        if ending.id in found:
            lines.append(f"- ✓ **{read_as(ending.title_shown, ending.title, story.variables)}**" + (f" — *{kind}*" if kind else ""))
        else:
            lines.append(f"- 🔒 *Locked* — {f'a {kind} ending' if kind else 'an ending'} not found yet")
    return "\n".join(lines)


class EndingsScreen(ModalScreen[str | None]):
    """Dismissed with the slot to load (a finished run to reopen), or None."""

    BINDINGS = [Binding("escape,e,q", "close", "Close")]

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    def compose(self) -> ComposeResult:
        game = self.game
        with Vertical(classes="dialog wide", id="endings"):
            yield Static("Endings found", classes="dialog-title")
            with VerticalScroll():
                yield SceneText(endings_markdown(game.story, game.store.endings_found()))
            yield OptionList(id="ending-runs")
            yield Static("Esc closes", classes="dialog-hint", id="endings-hint")

    def on_mount(self) -> None:
        self.query_one("#ending-runs").display = False
        self.read_runs()

    @work(thread=True, exclusive=True, group="endings")
    def read_runs(self) -> None:
        runs = self.game.store.finished_runs()
        self.app.call_from_thread(self.show_runs, runs)

    def show_runs(self, runs: dict[str, SlotInfo]) -> None:
        story = self.game.story
        shown = [(ending, runs[ending]) for ending in story.endings if ending in runs]
        if not shown:
            return
        menu = self.query_one("#ending-runs", OptionList)
        menu.set_options(Option(f"Reopen “{info.scene_title or story.endings[ending].title}” · saved {info.saved_text}", id=info.slot)
                         for ending, info in shown)
        menu.display = True
        menu.highlighted = 0
        menu.focus()
        self.query_one("#endings-hint", Static).update("Enter reopens that ending's debrief, with your answers · Esc closes")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
