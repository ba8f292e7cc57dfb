"""The journal: the path so far, scene by scene, with the choice made in each."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.play.session import Session
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


def journal_markdown(session: Session) -> str:
    entries = session.journal()
    lines = []
    for n, entry in enumerate(entries, 1):
        date = f" — {entry.date.both()}" if entry.date else ""
        lines.append(f"{n}. **{entry.title}**{date}  \n   You chose: *{entry.choice_text}*")
    node = session.node
    date = f" — {node.date.both()}" if node.date else ""
    lines.append(f"{len(entries) + 1}. **{session.title}**{date}  \n   *(you are here)*")
    return "\n".join(lines)


class JournalScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,j,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        session = cast("PetrogradApp", self.app).session
        with Vertical(classes="dialog wide", id="journal"):
            yield Static("Journal", classes="dialog-title")
            with VerticalScroll():
                yield SceneText(journal_markdown(session) if session else "No game yet.")
            yield Static("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
