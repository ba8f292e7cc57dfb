"""The compiled-story cache: start from a story's image while its files are unchanged.

``python`` keeps compiled modules in ``__pycache__``; we keep compiled stories
(``game.story.image``) in the user's cache folder, one file per story state,
named by a key that covers everything loading and checking depend on: every
story file's path and bytes (``game.story.files``), the folder as given (it is
in every position the story holds), this engine's story-layer source code and
the Python version. So an image is used only where loading the YAML would give
the very same story; any edit, any engine change, gives a new key. (The story's
files are keyed by their bytes; the engine's, like Python's own ``.pyc`` files,
by size and modification time.)

Only a story that loaded and checked with no error is stored. Nothing here is
ever an error for the user: an unreadable folder, a damaged or foreign image
(its checksum or its decoding fails) or a full disk only mean the YAML is
loaded as before. An image edited with its checksum written again is caught by
its decoding checks (``game.story.imagecheck``); in a game already under way
(a scene built when first visited) the scene is then read from the YAML and the
image removed, so the next start writes a good one. ``PETROGRAD_CACHE`` names
another folder, or ``off``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from game.story.files import read_bytes, story_inputs
from game.story.image import FORMAT, ImageError, LazyNodes, dumps, loads
from game.story.model import Story

KEEP = 16  # images kept; the oldest beyond this are removed when one is written
_SUFFIX = ".story.json"


def cache_dir() -> Path | None:
    """Where images live: ``$PETROGRAD_CACHE``, else the platform's user cache folder; None when off."""
    chosen = os.environ.get("PETROGRAD_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("petrograd", appauthor=False)) / "stories"


def _engine() -> bytes:
    """This engine's story layer and Python: an image is only good for the code that wrote it."""
    here = os.path.dirname(__file__)
    marks = [f"{FORMAT}", sys.version]
    for name in sorted(os.listdir(here)):
        if name.endswith(".py"):
            info = os.stat(os.path.join(here, name))
            marks.append(f"{name} {info.st_size} {info.st_mtime_ns}")
    return "\0".join(marks).encode()


def story_key(root: str) -> str | None:
    """The key of the story in ``root`` as it is now, or None when a file cannot be read."""
    digest = hashlib.sha256(_engine() + root.encode("utf-8", "surrogateescape") + b"\0")
    try:
        for rel in story_inputs(root):
            data = read_bytes(os.path.join(root, rel))  # a FIFO is refused (NotAFile), not waited on
            digest.update(rel.replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
            digest.update(len(data).to_bytes(8, "little") + data)
    except OSError:
        return None
    return digest.hexdigest()


def read(key: str, lazy: bool = False) -> Story | None:
    """The story stored under ``key``, or None (no image, or one that fails its checks).

    ``lazy`` builds each scene and ending when it is first looked up (``image.decode``).
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / (key + _SUFFIX)).read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    if head != _header(key, body):
        return None
    try:
        story = loads(body, lazy)
    except ImageError:
        _remove(folder / (key + _SUFFIX))
        return None
    if lazy:
        _recover_from_yaml(story, folder / (key + _SUFFIX))
    return story


def _recover_from_yaml(story: Story, path: Path) -> None:
    """Let a lazy story take a scene that fails its checks from the story's YAML, once the game is under way.

    The image passed its checksum, so it was edited on purpose (or written by
    a broken engine): it is removed, and the story's files are read once (the
    scene as the loader makes it, equal to what a good image holds). If they
    no longer load, the error names the image and the files.
    """
    loaded: list[Story] = []

    def recover(field: str) -> Callable[[str, ImageError], object]:
        def node(key: str, damage: ImageError) -> object:
            _remove(path)
            if not loaded:
                from game.story.errors import StoryError
                from game.story.loader import load_story

                try:
                    loaded.append(load_story(story.root))
                except StoryError:
                    raise ImageError(
                        f"{path}: {damage}; the story's files in {story.root} do not load now either"
                        " (run 'petrograd check' on them)"
                    ) from None
            try:
                return getattr(loaded[0], field)[key]
            except KeyError:
                raise ImageError(f"{path}: {damage}; the story's files no longer have '{key}'") from None

        return node

    for field in ("scenes", "endings", "glossary"):
        nodes = getattr(story, field)
        if isinstance(nodes, LazyNodes):
            nodes.recover = recover(field)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def write(key: str, story: Story) -> None:
    """Store ``story`` under ``key`` (atomically: a reader sees the old file or the whole new one)."""
    folder = cache_dir()
    if folder is None:
        return
    body = dumps(story)
    target = folder / (key + _SUFFIX)
    temp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(_header(key, body) + b"\n" + body)
        os.replace(temp, target)
        _prune(folder)
    except OSError:
        try:
            temp.unlink()
        except OSError:
            pass


def _header(key: str, body: bytes) -> bytes:
    """The first line: format, key and the rest's CRC-32 (against damage: the folder is the user's own)."""
    return f"petrograd-story {FORMAT} {key} {zlib.crc32(body):08x}".encode()


def _prune(folder: Path) -> None:
    """Keep the newest images only: every edit of a story makes a new one."""
    images = []
    for path in folder.glob("*" + _SUFFIX):
        try:
            images.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    images.sort(reverse=True)
    for _, path in images[KEEP:]:
        try:
            path.unlink()
        except OSError:
            continue
