"""petrograd play: the game (Textual app, or --plain line mode)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from game.commands._common import add_saves_arg, add_story_arg, chosen_perspectives, load_checked, story_dir

if TYPE_CHECKING:
    from game.play.options import PlayOptions

HELP = "play a story (the default command)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    add_saves_arg(parser)
    parser.add_argument("--plain", action="store_true", help="line-based mode: screen readers, dumb terminals, scripts")
    parser.add_argument("--no-undo", action="store_true", help="turn undo off (a teacher's setting)")
    parser.add_argument("--warp", metavar="SCENE", help="start at SCENE (authors and teachers previewing)")
    parser.add_argument("--set", action="append", default=[], metavar="VAR=VALUE", help="with --warp: set a variable")
    parser.add_argument("--replay", metavar="PATH_FILE", help="replay a witness path (from explore or a transcript)")
    parser.add_argument("--watch", action="store_true", help="reload the story when a scene file changes")
    parser.add_argument("--debug", action="store_true", help="show every variable and visit count live")
    parser.add_argument("--assignment", metavar="FILE", help="a teacher's assignment file (perspective, undo, ...)")
    parser.add_argument("--perspective", metavar="ID", help="start a new game from this perspective")
    parser.add_argument("--name", default="", help="the player's name for the transcript")
    parser.add_argument("--seed", type=int, default=0, help="seed for any randomness")
    parser.add_argument("--web", action="store_true", help=argparse.SUPPRESS)


def options_from(args: argparse.Namespace) -> PlayOptions | None:
    from game.play.options import PlayOptions

    sets: dict[str, str] = {}
    for item in args.set:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            print(f"petrograd play: --set takes VAR=VALUE, not '{item}'", file=sys.stderr)
            return None
        sets[name.strip()] = value.strip()
    return PlayOptions(
        story_dir=story_dir(args),
        saves_dir=args.saves or "",  # made the story's own folder once the story is loaded
        plain=args.plain,
        undo=not args.no_undo,
        warp=args.warp or "",
        sets=sets,
        replay=args.replay or "",
        watch=args.watch,
        debug=args.debug,
        assignment=args.assignment or "",
        perspective=args.perspective or "",
        player=args.name,
        seed=args.seed,
        web=args.web,
    )


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    if options is None:
        return 2
    story = load_checked(options.story_dir, lazy=True)  # a game needs the scenes it visits
    if story is None:
        return 1
    chosen_perspectives(story, options.perspective)  # an unknown one is a usage error here, for every view
    from game.play.options import saves_dir_for

    options.saves_dir = saves_dir_for(story.id, args.saves)
    from game.views.launch import launch

    return launch(story, options)

