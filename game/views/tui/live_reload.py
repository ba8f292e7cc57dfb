"""``play --watch``: a worker polls the story's files; the game reloads in place, or says why it cannot.

Change detection and reloading live in ``game.tools.watch`` (no Textual); this
is the app side. Loading happens in the worker thread; only the result comes back
to the event loop, so the game never waits on the disk.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from game.tools.watch import Reloaded, StoryWatcher, reload

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

POLL_SECONDS = 0.5


def start_watching(app: PetrogradApp, root: str | None = None, poll: float = POLL_SECONDS) -> None:
    """Start the watch worker for the story folder (``app.story.root`` by default)."""
    folder = root or app.story.root
    watcher = StoryWatcher(folder)

    def watch() -> None:
        worker = get_current_worker()
        while not worker.is_cancelled:
            time.sleep(poll)
            if watcher.changed():
                result = reload(folder)
                if not worker.is_cancelled:
                    app.call_from_thread(apply_reload, app, result)

    app.run_worker(watch, thread=True, exclusive=True, group="watch", name="watch story files")


def apply_reload(app: PetrogradApp, result: Reloaded) -> None:
    """Continue the game in the new story (fitted as a save is); on errors keep playing the old one and show them."""
    app.clear_notifications()  # the last reload's news is stale: one pop-up at a time, never a pile
    if result.story is None:
        # markup=False: an error's code, "[E100]", is text to read, not a style tag to strip
        app.notify(result.summary(), title="The story has errors; still playing the last good version",
                   severity="error", timeout=20, markup=False)
        return
    notes = app.replace_story(result.story)
    if app.session is not None and app.session.story is result.story:
        message = "Reloaded; you are in " + f"'{app.session.title}'" + ("\n" + "\n".join(notes) if notes else "")
        app.notify(message, title="Story reloaded", timeout=6, markup=False)
