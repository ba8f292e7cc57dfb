"""Which files make a story: one walk, shared by the loader and the compiled-story cache.

A story is every ``.yaml``/``.yml`` file under its folder, except hidden files
and folders and the ``tests/`` folder (story tests are not part of the story).
The loader reads the four special files (``story.yaml``, ``sources.yaml``...)
by name and the rest as scene files; the cache's key covers them all, so
that no file the loader reads can change without the key changing.
"""

from __future__ import annotations

import os
import stat


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



_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotAFile(OSError):
    """A story file name that is no regular file: reading it could wait forever or never end."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def read_bytes(path: str, limit: int = -1) -> bytes:
    """The bytes of a regular file (at most ``limit``); NotAFile for a FIFO, a device, a socket.

    Opened without blocking and checked before any read: opening a FIFO for
    reading waits for a writer, and reading ``/dev/zero`` never ends.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(next((kind for test, kind in _KINDS if test(mode)), "not a regular file"))
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)
