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
    """The saves root when none is named: ``$PETROGRAD_SAVES``, else ``saves/`` of the checkout, else the
    user's data folder. Each story's saves go in a folder of their own in it (``saves_dir_for``)."""
    env = os.environ.get("PETROGRAD_SAVES")
    if env:
        return env
    checkout_saves = CHECKOUT / "saves"
    if (CHECKOUT / "pyproject.toml").is_file() and os.access(CHECKOUT, os.W_OK):
        return str(checkout_saves)
    return str(user_saves_dir())


def saves_dir_for(story_id: str, chosen: str | None = None) -> str:
    """The folder one story's saves go to: the one rule every command that takes ``--saves`` uses.

    ``chosen`` (``--saves DIR``), else ``$PETROGRAD_SAVES``, else the default
    folder, is a saves *root*: each story keeps its saves in its own folder in
    it, ``ROOT/STORY_ID``. A folder a player or a teacher names is often named
    once for everything (a shell profile, a class's USB stick), so it gets the
    same rule as the default: without it, two stories played with one folder
    shared one autosave and the second silently replaced the first's game.

    Two exceptions keep every existing game where its player finds it:

    - ``ROOT`` already holds saves from before stories had folders of their
      own (``*.json``, or a player code's ``players/CODE/*.json``). While
      ``ROOT/STORY_ID`` does not exist, ``ROOT`` stays the folder of the story
      whose save there is the newest, the game Continue resumes, and nothing is
      moved behind anyone's back. Another story in such a folder gets its own
      folder; a slot of another story is never replaced (``SaveStore.save``).
      This is also why ``--saves saves/players/CODE`` finds a student's game.
    - ``ROOT`` is named after the story (``saves/night-shift`` for the story
      ``night-shift``): it is that story's folder already. Resolving a resolved
      folder again never nests it deeper, so ``petrograd serve`` can hand the
      folder it chose to each game it starts.
    """
    root = Path(chosen or default_saves_dir())
    if root.name == story_id:
        return str(root)
    own = root / story_id
    if not own.exists() and newest_story_in(root) == story_id:
        return str(root)
    return str(own)


def newest_story_in(folder: Path, most: int = 200) -> str | None:
    """The story named by the newest save file in ``folder`` (or in a player's folder in it), if any.

    Only the head of each file is read (a save names its story first), and at
    most ``most`` files: this runs at every start.
    """
    from game.play.savefile import story_named

    try:
        files = [*sorted(folder.glob("*.json")), *sorted(folder.glob("players/*/*.json"))][:most]
    except OSError:
        return None
    newest: tuple[float, str] | None = None
    for path in files:
        story = story_named(path)
        if story is None:
            continue
        try:
            when = path.stat().st_mtime
        except OSError:
            continue
        if newest is None or when > newest[0]:
            newest = (when, story)
    return newest[1] if newest else None


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
