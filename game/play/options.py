"""How one game is started: what the CLI parsed, in a form views and tools share."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent.parent


@dataclass
class PlayOptions:
    story_dir: str
    saves_dir: str = ""
    plain: bool = False
    undo: bool = True
    warp: str = ""  # start at this scene (authors, teachers previewing)
    sets: dict[str, str] = field(default_factory=dict)  # --set var=value, as written
    replay: str = ""  # a witness path file to replay
    watch: bool = False  # reload the story when its files change
    debug: bool = False  # show the debug panel (variables, visits)
    assignment: str = ""  # a teacher's assignment file
    perspective: str = ""
    player: str = ""
    seed: int = 0
    web: bool = False  # running under `petrograd serve` (one browser tab)


APP_NAME = "petrograd-1917"


def default_saves_dir() -> str:
    """``$PETROGRAD_SAVES``, else ``saves/`` of the checkout, else the user's data folder."""
    env = os.environ.get("PETROGRAD_SAVES")
    if env:
        return env
    checkout_saves = CHECKOUT / "saves"
    if (CHECKOUT / "pyproject.toml").is_file() and os.access(CHECKOUT, os.W_OK):
        return str(checkout_saves)
    return str(user_saves_dir())


def saves_dir_for(story_id: str, chosen: str | None = None) -> str:
    """The folder one story's saves go to.

    A folder the player names (``--saves``, ``$PETROGRAD_SAVES``) is used as it
    is. Otherwise each story keeps its saves in its own folder under the
    default saves folder, ``SAVES/STORY_ID``, so that a second story never
    overwrites another's autosave. Saves written before stories had folders of
    their own lie in ``SAVES`` itself: while ``SAVES/STORY_ID`` does not exist
    and ``SAVES`` holds a save of this story, ``SAVES`` stays its folder, so
    no player's game goes missing and nothing is moved behind their back.
    """
    if chosen:
        return chosen
    env = os.environ.get("PETROGRAD_SAVES")
    if env:
        return env
    root = Path(default_saves_dir())
    own = root / story_id
    if not own.exists() and _holds_saves_of(root, story_id):
        return str(root)
    return str(own)


_STORY_ID = re.compile(rb'"story"\s*:\s*\{\s*"id"\s*:\s*"([^"\\]*)"')


def _holds_saves_of(folder: Path, story_id: str, most: int = 200) -> bool:
    """Whether ``folder`` (or a player's folder in it) holds a save file naming ``story_id``.

    Only the head of each file is read: a save names its story first.
    """
    try:
        files = [*sorted(folder.glob("*.json")), *sorted(folder.glob("players/*/*.json"))][:most]
    except OSError:
        return False
    wanted = story_id.encode()
    for path in files:
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        found = _STORY_ID.search(head)
        if found and found.group(1) == wanted:
            return True
    return False


def user_saves_dir() -> Path:
    """The saves folder in the user's data folder, where the system puts it (platformdirs).

    Earlier versions always used ``~/.local/share/petrograd-1917/saves``; on
    macOS, Windows or with ``$XDG_DATA_HOME`` set that is not the system's
    place. While the new folder does not exist and the old one does, the old
    one stays the saves folder, so no student's saves go missing (and nothing
    is moved behind their back).
    """
    from platformdirs import user_data_path

    chosen = user_data_path(APP_NAME, appauthor=False) / "saves"
    earlier = Path.home() / ".local" / "share" / APP_NAME / "saves"
    if chosen != earlier and not chosen.exists() and earlier.is_dir():
        return earlier
    return chosen
