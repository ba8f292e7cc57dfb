"""The web build's start: the compiled story from ``story.json`` and the tab's game.

``story.json`` is what ``game.webbuild`` wrote: the story's image
(``game.story.image.encode``, decoded here with the standard library's json,
each scene built when first shown) and the assignment, already read and checked
at build time.
"""

from __future__ import annotations

import json
from typing import Any

from game.story.image import decode
from game.views.browser.game import WebGame


def start_game(bundle: str, storage: Any = None, folder: str | None = None) -> WebGame:
    """The game for one tab, from the text of ``story.json`` and the browser's localStorage (or None)."""
    doc = json.loads(bundle)
    story = decode(doc["image"], lazy=True)
    if folder is None:
        return WebGame(story, storage, doc.get("assignment"))
    return WebGame(story, storage, doc.get("assignment"), folder=folder)
