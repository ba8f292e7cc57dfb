"""petrograd check-saves: would these saves still load in the current story?

Run it before shipping a story edit: every save in the folder is loaded as the
game would load it, and each file is reported as loading as is, migrating (and
what changed) or failing (and why). With ``--strict``, a save whose player
would be set back (their scene or perspective is gone) fails too; that is the
mode CI runs over the saves kept from earlier versions of the shipped story.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands._common import load_or_report, story_dir

if TYPE_CHECKING:
    from game.play.saves import SaveStore

NAME = "check-saves"
HELP = "load every save in a folder against the current story: loads as is, migrates, or fails"
DESCRIPTION = (
    "Load every save in DIR (*.json, *.json.bak; under a `serve` folder, each player's in players/CODE/),"
    " and in DIR/STORY_ID, where `play --saves DIR` and `serve --saves DIR` keep the story's saves,"
    " against the story in STORY_DIR as the game would,"
    " and report per file: loads as is, migrates (and what changed), or fails (and why)."
    " Exit status 1 if any fails. --strict also fails saves whose player would be set back"
    " (their scene or perspective is gone); declare renames in story.yaml's 'renamed:' map to avoid it."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("saves", metavar="DIR", help="a folder of save files (or one save file)")
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="the story folder (default: the story folder you are in, else the shipped story)")
    parser.add_argument("--strict", action="store_true", help="a save that would set the player back fails too")
    parser.add_argument("--json", action="store_true", help="print one JSON object with a result per file")


def save_files(target: Path) -> list[Path]:
    """The save files of a folder, and of each player's folder under ``players/`` (a ``serve`` saves folder).

    ``*.json`` and ``*.json.bak``, not the profile, a player code's ``player.json`` or temp files.
    """
    from game.play.players import PLAYERS_FOLDER

    if not target.is_dir():
        return [target]
    found = _saves_in(target)
    players = target if target.name == PLAYERS_FOLDER else target / PLAYERS_FOLDER
    if players.is_dir() and not players.is_symlink():
        for folder in sorted(players.iterdir(), key=lambda p: p.name):
            if folder.is_dir() and not folder.is_symlink():
                found += _saves_in(folder)
    return found


def files_to_check(target: Path, story_id: str) -> list[Path]:
    """The save files in ``target``, and in this story's own folder in it when ``target`` is a saves root.

    ``target`` is taken as given (so a folder of saves is checked whatever it
    holds) and also as ``--saves`` takes it (``saves_dir_for``): the folder
    `petrograd play --saves DIR` and `petrograd serve --saves DIR` save this
    story in, ``DIR/STORY_ID``, is checked too.
    """
    from game.play.options import saves_dir_for

    found = save_files(target)
    if target.is_dir():
        own = Path(saves_dir_for(story_id, str(target)))
        if own != target and own.is_dir() and not own.is_symlink():
            found += save_files(own)
    return found


def _saves_in(folder: Path) -> list[Path]:
    from game.play.players import PLAYER_FILE
    from game.play.profile import PROFILE_NAME

    found = [
        p
        for p in folder.iterdir()
        if not p.name.startswith(".")
        and p.name not in (PROFILE_NAME, PLAYER_FILE)
        and (p.name.endswith(".json") or p.name.endswith(".json.bak"))
        and not p.is_dir()
    ]
    return sorted(found, key=lambda p: p.name)


def check_file(store: SaveStore, path: Path, strict: bool) -> dict[str, object]:
    """One file's result: status ("as-is", "migrates", "fails"), changes, reason."""
    from game.play.saves import SaveError

    try:
        loaded = store.load_file(path)
    except SaveError as exc:
        return {"file": str(path), "status": "fails", "reason": exc.reason, "changes": []}
    changes = list(loaded.changes)
    if loaded.upgraded_from is not None:
        changes.insert(0, f"save format {loaded.upgraded_from} upgraded to the current format")
    result: dict[str, object] = {
        "file": str(path),
        "status": "migrates" if changes else "as-is",
        "changes": changes,
        "lost_progress": loaded.lost_progress,
        "scene": loaded.session.state.scene,
    }
    if strict and loaded.lost_progress:
        result["status"] = "fails"
        result["reason"] = "the player would be set back: " + "; ".join(loaded.setbacks)
    return result


def run(args: argparse.Namespace) -> int:
    from game.play.printable import json_for_terminal, printable
    from game.play.saves import SaveStore

    target = Path(args.saves)
    if not os.path.lexists(target):
        print(f"petrograd check-saves: {target}: no such file or folder", file=sys.stderr)
        return 2
    story = load_or_report(story_dir(args))
    if story is None:
        return 1
    store = SaveStore(target if target.is_dir() else target.parent, story)
    results = [check_file(store, path, args.strict) for path in files_to_check(target, story.id)]
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("as-is", "migrates", "fails")}
    if args.json:  # file names are anyone's: nothing in them may steer the terminal
        print(json_for_terminal({"story": story.id, "results": results, "counts": counts}))
    else:
        for r in results:
            name = printable(r["file"])
            if r["status"] == "as-is":
                print(f"{name}: loads as is")
            elif r["status"] == "migrates":
                changes = r["changes"]
                assert isinstance(changes, list)
                print(f"{name}: migrates: " + "; ".join(str(c) for c in changes))
            else:
                print(f"{name}: fails: {r['reason']}", file=sys.stderr)
        total = len(results)
        print(
            f"{total} save{'s' if total != 1 else ''}: {counts['as-is']} load as is,"
            f" {counts['migrates']} migrate, {counts['fails']} fail"
        )
    return 1 if counts["fails"] else 0
