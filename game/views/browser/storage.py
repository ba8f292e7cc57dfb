"""The saves folder kept in the browser's localStorage, so the terminal game's save code runs unchanged.

The web build plays with the same ``GameStore``/``SaveStore`` as the terminal
(the same save files, backups, format upgrades and story migration), in a
folder of Pyodide's in-memory file system. This module copies that folder into
localStorage after every write and back when the page opens, one entry per
file (``petrograd:STORY_ID:FILE``), so a game continues after the tab is closed.

``storage`` is anything with localStorage's methods (``getItem``, ``setItem``,
``removeItem``, ``key``, ``length``): the browser's own under Pyodide, a dict
in the tests. What it holds is untrusted (another page of the same site, or a
student, may have written it): names are checked before they become files, and
the save code checks the contents as it checks any file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

_FILE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}\.json(\.bak)?\Z")
MAX_ENTRY_CHARS = 2_000_000


class StorageFull(Exception):
    """The browser would not keep a save (storage full, or turned off); the message is for the player."""


class LocalSaves:
    """One story's saves folder mirrored in localStorage."""

    def __init__(self, storage: Any, story_id: str, folder: str | Path):
        self.storage = storage
        self.prefix = f"petrograd:{story_id}:"
        self.folder = Path(folder)

    def _keys(self) -> list[str]:
        if self.storage is None:
            return []
        keys = [self.storage.key(i) for i in range(int(self.storage.length))]
        return [str(k) for k in keys if k is not None and str(k).startswith(self.prefix)]

    def restore(self) -> int:
        """Write the stored files into the folder; returns how many (names that are not save files are left)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for key in self._keys():
            name = key[len(self.prefix):]
            text = self.storage.getItem(key)
            if not _FILE.fullmatch(name) or text is None or len(str(text)) > MAX_ENTRY_CHARS:
                continue
            (self.folder / name).write_text(str(text), encoding="utf-8")
            count += 1
        return count

    def sync(self) -> None:
        """Store every file of the folder that changed, and forget the ones gone; StorageFull when refused."""
        if self.storage is None:
            return
        present: set[str] = set()
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            names = []
        for name in names:
            if not _FILE.fullmatch(name):
                continue
            try:
                text = (self.folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            key = self.prefix + name
            present.add(key)
            if self.storage.getItem(key) != text:
                try:
                    self.storage.setItem(key, text)
                except Exception as exc:  # the browser's QuotaExceededError, or storage turned off
                    raise StorageFull(
                        "this browser would not keep the save (its storage for this site is full or turned off);"
                        " export the save from the Saves page to keep it"
                    ) from exc
        for key in self._keys():
            if key not in present:
                self.storage.removeItem(key)


class MemoryStorage:
    """localStorage's methods over a dict: for tests, and for a page whose browser refuses storage."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    @property
    def length(self) -> int:
        return len(self.items)

    def key(self, index: int) -> str | None:
        keys = list(self.items)
        return keys[index] if 0 <= index < len(keys) else None

    def getItem(self, key: str) -> str | None:  # noqa: N802 (the browser's name)
        return self.items.get(key)

    def setItem(self, key: str, value: str) -> None:  # noqa: N802
        self.items[key] = str(value)

    def removeItem(self, key: str) -> None:  # noqa: N802
        self.items.pop(key, None)
