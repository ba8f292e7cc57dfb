"""Command palette entries (ctrl+p): the game's actions, offered only when they make sense."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

ENTRIES = (
    ("Help", "The keys here, and how to play", "help"),
    ("Save", "Save the game to a named slot", "save"),
    ("Load", "Load a saved game", "load"),
    ("Journal", "Your path so far, scene by scene", "journal"),
    ("Glossary", "Terms and people", "glossary"),
    ("Sources", "The sources the story is built on", "sources"),
    ("Timeline", "What really happened, day by day", "timeline"),
    ("Endings found", "The endings you have reached", "endings"),
    ("Settings", "Theme and animations", "settings"),
)


def game_commands(app: PetrogradApp) -> Iterator[SystemCommand]:
    playing = app.session is not None
    for title, help_text, name in ENTRIES:
        if (name in ("save", "journal") and not playing) or not app.story.offers(name):
            continue
        yield SystemCommand(title, help_text, lambda n=name: app.open_dialog(n))
    session = app.session
    if session is not None and session.can_undo:
        yield SystemCommand("Undo", "Take back the last choice", _undo(app))
    if playing:
        yield SystemCommand("Title screen", "Leave this game (it is autosaved)", app.to_title)


def _undo(app: PetrogradApp):  # type: ignore[no-untyped-def]
    def run() -> None:
        from game.views.tui.debrief import DebriefScreen
        from game.views.tui.scene import SceneScreen

        screen = app.screen
        if isinstance(screen, (SceneScreen, DebriefScreen)):
            screen.action_undo()
        else:
            app.notify("Undo works from the scene or the ending.")

    return run
