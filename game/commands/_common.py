"""Helpers the command modules share: the story argument and loading with clear errors."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable

from game.story.errors import StoryError
from game.story.model import Story


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of ``minimum`` or more (--runs, --max-states, --sample).

    One rule for every count a command takes, checked while the arguments are
    read, so a bad one is the usual one-line usage error before any work starts.
    """

    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number of at least {minimum}, not '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return whole_number


def add_story_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="the story folder (default: the story folder you are in, else the shipped story)")


def add_saves_arg(parser: argparse.ArgumentParser, what: str = "saves") -> None:
    """``--saves DIR`` as play, serve and transcript take it: a saves root, resolved by ``saves_dir_for``."""
    parser.add_argument(
        "--saves", metavar="DIR",
        help=f"folder for {what}, each story's in its own folder DIR/STORY_ID (DIR itself if it already holds"
             " this story's saves); default: $PETROGRAD_SAVES, else saves/ of the checkout",
    )


def story_dir(args: argparse.Namespace) -> str:
    from game.cli import default_story_dir

    return args.story or default_story_dir()


def load_or_report(path: str, as_json: bool = False) -> Story | None:
    """Load a story; on errors print them (as a compiler would, or as JSON) and return None."""
    from game.story.loader import load_story

    try:
        return load_story(path)
    except StoryError as exc:
        if as_json:
            print(json.dumps({
                "errors": [f.to_json() for f in exc.findings if f.severity == "error"],
                "warnings": [f.to_json() for f in exc.findings if f.severity == "warning"],
                "stats": {},
            }, indent=2))
        else:
            for finding in exc.findings:
                print(finding, file=sys.stderr)
            count = len(exc.errors)
            print(f"{count} error{'s' if count != 1 else ''}; the story cannot be loaded", file=sys.stderr)
        return None


def load_checked(path: str, lazy: bool = False, image: bool | None = None) -> Story | None:
    """Load and check a story for playing or tools: refuse it when check finds errors.

    With ``image`` (by default, when ``lazy``: playing), a story that checked
    clean is kept compiled (``game.story.cache``) and the next start with the
    same files and engine takes it from there, without PyYAML or the checks.
    When its files change as it loads, nothing is kept (the key would not fit).
    ``lazy`` builds each scene from the image when it is first needed.

    Tools read every scene, and for them the image does not pay: at 10,000
    scenes decoding all of it took 4.6 s of CPU against 2.9 s to load and
    check the YAML, and writing it doubled the first load (bench/README.md).
    A game reads a few scenes: 0.03 s from the image. So tools skip it.

    The story then lives as long as the program and never changes, so it is
    frozen out of the cyclic collector's generations (with what is loaded so
    far): otherwise every full collection that importing Textual and playing
    trigger walks its ten thousand objects again (a tenth of the
    player's start-up work beyond a bare Textual app). Its objects hold no
    cycles, so reference counting still frees them if it is dropped.
    """
    from game.story import cache

    if not (lazy if image is None else image):
        story = _load_and_check(path)
        gc.freeze()
        return story
    key = cache.story_key(path)
    story = cache.read(key, lazy) if key else None
    if story is None:
        story = _load_and_check(path)
        if story is None:
            return None
        if key and cache.story_key(path) == key:
            cache.write(key, story)
    gc.freeze()
    return story


def _load_and_check(path: str) -> Story | None:
    from game.story.check import check_story

    story = load_or_report(path)
    if story is None:
        return None
    report = check_story(story, stats=False)  # the random-walk statistics are not needed to play
    if report.errors:
        for finding in report.errors:
            print(finding, file=sys.stderr)
        print(f"{len(report.errors)} errors; run 'petrograd check {path}' for details", file=sys.stderr)
        return None
    return story


class UsageError(Exception):
    """A command-line mistake: ``petrograd`` prints it after the command's name and exits 2."""


def chosen_perspectives(story: Story, perspective: str | None) -> list[str | None] | None:
    """``[perspective]`` when one was asked for (UsageError if the story lacks it); None means all."""
    from game.tools.replay import OptionsError, check_perspective

    if not perspective:
        return None
    try:
        return [check_perspective(story, perspective) or perspective]
    except OptionsError as exc:
        raise UsageError(str(exc)) from None
