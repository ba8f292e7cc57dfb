"""How one game is started: what the CLI parsed, in a form views and tools share."""

from __future__ import annotations

import os
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
