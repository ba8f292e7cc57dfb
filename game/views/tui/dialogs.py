"""Opening screens by name, so bindings, menus and the command palette share one table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

NEEDS_GAME = {"journal", "save"}


def open_named(app: PetrogradApp, name: str) -> None:
    """Push the screen called ``name``; tells the player when it needs a game first."""
    if name in NEEDS_GAME and app.session is None:
        app.notify("Start or continue a game first.")
        return
    if name == "journal":
        from game.views.tui.journal import JournalScreen

        app.push_screen(JournalScreen())
    elif name in ("save", "load"):
        from game.views.tui.saveload import SaveLoadDialog

        if name == "load":
            app.push_screen(SaveLoadDialog(name), lambda slot: app.load_slot(slot) if slot else None)
        else:
            app.push_screen(SaveLoadDialog(name))
    elif name == "endings":
        from game.views.tui.endings import EndingsScreen

        app.push_screen(EndingsScreen())
    elif name == "glossary":
        from game.views.tui.reference import GlossaryScreen

        app.push_screen(GlossaryScreen())
    elif name == "sources":
        from game.views.tui.reference import SourcesScreen

        app.push_screen(SourcesScreen())
    elif name == "timeline":
        from game.views.tui.reference import TimelineScreen

        app.push_screen(TimelineScreen())
    elif name == "settings":
        from game.views.tui.settings import SettingsScreen

        app.push_screen(SettingsScreen())
    elif name == "menu":
        from game.views.tui.menu import GameMenu

        app.push_screen(GameMenu())
    elif name == "title":
        app.to_title()
