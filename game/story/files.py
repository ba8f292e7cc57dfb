"""Which files make a story: one walk, shared by the loader and the compiled-story cache.

A story is every ``.yaml``/``.yml`` file under its folder, except hidden files
and folders and the ``tests/`` folder (story tests are not part of the story).
The loader reads the four special files (``story.yaml``, ``sources.yaml``...)
by name and the rest as scene files; the cache's key covers them all, so
that no file the loader reads can change without the key changing.
"""

from __future__ import annotations

import os


def story_inputs(root: str) -> list[str]:
    """Every story file under ``root`` (relative paths) in a stable order, special files included."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = os.path.relpath(folder, root)
        if rel_folder == "tests" or rel_folder.startswith("tests" + os.sep):
            continue
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(os.path.normpath(os.path.join(rel_folder, name)))
    return sorted(found, key=lambda p: p.split(os.sep))

