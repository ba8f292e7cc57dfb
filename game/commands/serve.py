"""petrograd serve: a classroom server, the game in every student's browser."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands._common import add_saves_arg, add_story_arg, load_checked, story_dir

if TYPE_CHECKING:
    from game.story.model import Story

HELP = "serve the game to browsers (a classroom server; one game process per tab)"
DESCRIPTION = (
    "Serve the game to web browsers. Each browser tab runs its own game; each student gets a "
    "player code that brings back their saves on another day. Binds to this computer only "
    "(127.0.0.1) unless --host says otherwise."
)
DEFAULT_PORT = 8000
DEFAULT_MAX_PLAYERS = 40  # mirrors game.views.web, which this module must not import before run()
DEFAULT_WARM = 2
DEFAULT_PER_ADDRESS = 5  # mirrors game.views.web
DEFAULT_GAMES_PER_MINUTE = 12


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the whole network)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    add_saves_arg(parser, "every player's saves")
    parser.add_argument("--max-players", type=int, default=DEFAULT_MAX_PLAYERS, metavar="N",
                        help=f"most games running at once; later arrivals are asked to wait (default {DEFAULT_MAX_PLAYERS})")
    parser.add_argument("--warm", type=int, default=DEFAULT_WARM, metavar="N",
                        help=f"games kept started and waiting, so a tab opens at once (default {DEFAULT_WARM}; 0: none)")
    parser.add_argument("--per-address", type=int, default=DEFAULT_PER_ADDRESS, metavar="N",
                        help=f"most games at once from one computer (default {DEFAULT_PER_ADDRESS}; "
                             "raise it when students reach the server through one shared address)")
    parser.add_argument("--games-per-minute", type=int, default=DEFAULT_GAMES_PER_MINUTE, metavar="N",
                        help=f"most new games one computer may start in a minute (default {DEFAULT_GAMES_PER_MINUTE})")
    parser.add_argument("--web-build", metavar="DIR",
                        help="a folder made by `petrograd build-web`: served under /web/ and linked from the page")
    parser.add_argument("--assignment", metavar="FILE", help="a teacher's assignment file, given to every game")
    parser.add_argument("--no-undo", action="store_true", help="turn undo off in every game")


def check_args(args: argparse.Namespace) -> str:
    """An error message for arguments that cannot work, or ''."""
    if not 0 < args.port < 65536:
        return f"--port must be between 1 and 65535, not {args.port}"
    if args.max_players < 1:
        return f"--max-players must be at least 1, not {args.max_players}"
    if not 0 <= args.warm <= 20:
        return f"--warm must be between 0 and 20, not {args.warm}"
    if not args.host.strip():
        return "--host needs an address, such as 127.0.0.1 or 0.0.0.0"
    if args.per_address < 1:
        return f"--per-address must be at least 1, not {args.per_address}"
    if args.games_per_minute < 1:
        return f"--games-per-minute must be at least 1, not {args.games_per_minute}"
    if args.web_build and not (Path(args.web_build) / "index.html").is_file():
        return f"{args.web_build}: no index.html there (make the folder with `petrograd build-web DIR`)"
    return ""


def extra_play_args(args: argparse.Namespace) -> list[str]:
    """The play options every game shares, as `petrograd play` arguments."""
    from pathlib import Path

    extra: list[str] = []
    if args.assignment:
        extra += ["--assignment", str(Path(args.assignment).resolve())]
    if args.no_undo:
        extra.append("--no-undo")
    return extra


def run(args: argparse.Namespace) -> int:
    problem = check_args(args)
    if problem:
        print(f"petrograd serve: {problem}", file=sys.stderr)
        return 2
    if args.assignment:
        if not Path(args.assignment).is_file():
            print(f"petrograd serve: {args.assignment}: no such assignment file", file=sys.stderr)
            return 2
    path = story_dir(args)
    story = load_checked(path, image=True)  # refuse a broken story now, not in every student's tab
    if story is None:
        return 1
    problem = assignment_problem(args.assignment, story)
    if problem:  # the same check each game makes, once now: not "failed to start" in every tab
        print(f"petrograd serve: {problem}", file=sys.stderr)
        return 2
    if str(Path(path).resolve()) != path:  # each tab loads the folder by its full path: compile that one now
        load_checked(str(Path(path).resolve()), image=True)
    from game.play.options import saves_dir_for

    saves = saves_dir_for(story.id, args.saves)
    problem = saves_problem(saves)
    if problem:
        print(f"petrograd serve: {problem}", file=sys.stderr)
        return 1
    from game.views.web import serve
    from game.views.web_banner import bind_address

    return serve(path, title=story.title, host=bind_address(args.host), port=args.port, saves_dir=saves,
                 max_players=args.max_players, extra=extra_play_args(args), warm=args.warm,
                 per_address=args.per_address, games_per_minute=args.games_per_minute,
                 web_build=args.web_build)


def assignment_problem(path: str | None, story: Story) -> str:
    """The one-line problem with a teacher's assignment file (file:line:column where it has one), or ''."""
    if not path:
        return ""
    from game.tools.assignment import AssignmentError, load_assignment

    try:
        assignment = load_assignment(path)
    except AssignmentError as exc:
        return str(exc)
    return assignment.check_story(story) or ""


def saves_problem(saves: str) -> str:
    """Say now, once, if students' saves cannot be written (not in every tab later)."""
    import os

    players = Path(saves) / "players"
    try:
        players.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot make the saves folder {players}: {exc.strerror or exc} (choose another with --saves DIR)"
    if not os.access(players, os.W_OK | os.X_OK):
        return f"cannot write in the saves folder {players} (choose another with --saves DIR)"
    return ""
