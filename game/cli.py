"""``petrograd``: one subcommand per module in ``game.commands``.

Each command module has ``HELP`` (one line), ``configure(parser)`` and
``run(args) -> int``, and imports what it needs inside ``run``, so that
``petrograd check`` never pays for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from game import __version__

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_COMMAND = "play"


def default_story_dir() -> str:
    """The story a command acts on when none is named.

    The folder you are in when it (or a folder above it) holds a
    ``story.yaml``: an author working in their story's folder checks and plays
    that story, not the shipped one. Otherwise ``scenes/`` of the current
    folder, else the shipped story (``scenes/`` of the checkout).
    """
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "story.yaml").is_file():
            return "." if folder == here else os.path.relpath(folder)
    if (Path("scenes") / "story.yaml").is_file():
        return "scenes"
    return str(CHECKOUT / "scenes")


def command_modules() -> dict[str, ModuleType]:
    import game.commands as package

    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"game.commands.{info.name}")
        found[getattr(module, "NAME", info.name.replace("_", "-"))] = module
    return found


def build_parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petrograd",
        description="petrograd: play, check and teach with branching stories written in YAML (the shipped story: Petrograd 1917).",
    )
    parser.add_argument("--version", action="version", version=f"petrograd {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in modules.items():
        command = sub.add_parser(name, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP))
        module.configure(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    modules = command_modules()
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, DEFAULT_COMMAND)
    parser = build_parser(modules)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    from game.commands._common import UsageError
    from game.play.atomic import FileProblem
    from game.play.printable import printable
    from game.story.imagecheck import ImageError
    from game.views.plain_console import fit_to_terminal

    fit_to_terminal(sys.stdout)  # an ASCII or Latin-1 terminal gets '--' for an em dash, not exit 3

    try:
        return int(modules[args.command].run(args) or 0)
    except UsageError as exc:
        print(f"petrograd {args.command}: {exc}", file=sys.stderr)
        return 2
    except FileProblem as exc:  # a file named on the command line that cannot be written (write_output)
        print(f"petrograd {args.command}: {printable(exc)}", file=sys.stderr)
        return 2
    except ImageError as exc:  # an edited compiled story, mid-game, whose story files no longer load either
        print(f"petrograd {args.command}: {printable(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("petrograd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a user never sees a traceback unless they ask
        if os.environ.get("PETROGRAD_DEBUG"):
            raise
        print(f"petrograd: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("petrograd: run again with PETROGRAD_DEBUG=1 for details, and please report it", file=sys.stderr)
        return 3
