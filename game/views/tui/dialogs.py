"""Opening screens by name, so bindings, menus and the command palette share one table."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

NEEDS_GAME = {"journal", "save"}

# name -> (module in game.views.tui, screen class); imported only when first opened
SCREENS = {
    "journal": ("journal", "JournalScreen"),
    "glossary": ("reference", "GlossaryScreen"),
    "sources": ("reference", "SourcesScreen"),
    "timeline": ("reference", "TimelineScreen"),
    "settings": ("settings", "SettingsScreen"),
    "menu": ("menu", "GameMenu"),
}


def open_named(app: PetrogradApp, name: str) -> None:
    """Push the screen called ``name``; tells the player when it needs a game first."""
    if name in NEEDS_GAME and app.session is None:
        app.notify("Start or continue a game first.")
        return
    if not app.story.offers(name):
        app.notify(f"This story has no {name}.")
        return
    if name == "title":
        app.to_title()
    elif name == "help":
        app.action_help()
    elif name in ("save", "load"):
        from game.views.tui.saveload import SaveLoadDialog

        if name == "load":
            app.push_screen(SaveLoadDialog(name), lambda slot: app.load_slot(slot) if slot else None)
        else:
            app.push_screen(SaveLoadDialog(name))
    elif name == "endings":  # a finished run picked there is loaded: its debrief reopens
        from game.views.tui.endings import EndingsScreen

        app.push_screen(EndingsScreen(), lambda slot: app.load_slot(slot) if slot else None)
    elif name in SCREENS:
        module, cls = SCREENS[name]
        app.push_screen(getattr(importlib.import_module(f"game.views.tui.{module}"), cls)())
