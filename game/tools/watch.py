"""Live reload without Textual: notice when a story's files change, reload, and fit the game to the new story.

``play --watch`` polls ``StoryWatcher.changed()`` from a worker; on a change it
calls ``reload``, which returns the new story or the load/check errors to show.
The game is carried over by ``Session.continue_in``, under the same rules as a save
made with an older version of the story (``game.play.migrate``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from game.story.check import check_story
from game.story.errors import Finding, StoryError
from game.story.loader import load_story
from game.story.model import Story

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: str) -> Snapshot:
    """(mtime, size) of every YAML file under ``root`` (hidden folders and tests/ skipped)."""
    out: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (folder == root and d == "tests")]
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                out[path] = (stat.st_mtime_ns, stat.st_size)
    return out


class StoryWatcher:
    """Compares snapshots; ``changed()`` is True once per change (a new, removed or edited file)."""

    def __init__(self, root: str):
        self.root = root
        self.last = snapshot(root)

    def changed(self) -> bool:
        now = snapshot(self.root)
        if now == self.last:
            return False
        self.last = now
        return True


@dataclass
class Reloaded:
    story: Story | None
    errors: list[Finding]

    def summary(self, limit: int = 3) -> str:
        lines = [str(f) for f in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more (petrograd check)")
        return "\n".join(lines)


def reload(root: str) -> Reloaded:
    """Load and check the story again; errors instead of a story when it cannot be played."""
    try:
        story = load_story(root)
    except StoryError as exc:
        return Reloaded(None, exc.errors or exc.findings)
    errors = check_story(story).errors
    return Reloaded(None if errors else story, errors)
