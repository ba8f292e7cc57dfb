"""petrograd transcript: a save (or slot) as the transcript a student hands in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.commands._common import add_saves_arg

if TYPE_CHECKING:
    from game.play.session import Session
    from game.story.model import Story

HELP = "write the transcript of a saved game (md, html or json) for handing in"
DESCRIPTION = (
    "Write the transcript of a saved game: the path, the ending, the debrief with citations and the "
    "reflection answers. SAVE_OR_SLOT is a save file or a slot name in the saves folder. A JSON "
    "transcript given instead is re-printed in the format asked for."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", metavar="SAVE_OR_SLOT", help="a save file, a slot name (1-9, autosave, ...) or a .json transcript")
    add_saves_arg(parser, "slot names (where play saves)")
    parser.add_argument("--player", metavar="CODE", help="a student's player code under `petrograd serve`: the slot is theirs")
    parser.add_argument("--story", metavar="STORY_DIR", help="the story folder (default: the story folder you are in, else the shipped story)")
    parser.add_argument("--format", choices=("md", "html", "json"), help="default: from -o's extension, else md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: print)")
    parser.add_argument("--assignment", metavar="FILE", help="apply a teacher's assignment (title, required answers)")
    parser.add_argument("--name", help="the student's name on the transcript (default: the one saved)")


def run(args: argparse.Namespace) -> int:
    import os

    from game.commands._common import load_checked
    from game.tools.export import ExportRefused, export_transcript, format_for, render
    from game.tools.transcript import TranscriptError, read_transcript

    fmt = format_for(args.output or "", args.format)
    if args.save.endswith(".json") and os.path.isfile(args.save):
        try:
            data = read_transcript(args.save)
            if fmt != "json":  # a JSON transcript is re-printed as it was written
                data = _dated(data, args.story)
            return _emit(render(data, fmt), args.output)
        except TranscriptError as exc:
            if not exc.foreign:  # a transcript that cannot be read; a save file goes on below
                print(f"petrograd transcript: {exc.at(args.save)}", file=sys.stderr)
                return 2

    from game.cli import default_story_dir

    story = load_checked(args.story or default_story_dir())
    if story is None:
        return 2
    assignment = None
    if args.assignment:
        from game.tools.assignment import load_for_command

        assignment = load_for_command(args.assignment, "transcript")
        if assignment is None:
            return 2
        problem = assignment.check_story(story)  # as play does: another story's rules are not this one's
        if problem:
            print(f"petrograd transcript: {problem}", file=sys.stderr)
            return 2
    loaded = _load(args, story)
    if loaded is None:
        return 2
    session, played = loaded
    if args.name is not None:
        session.state.player = args.name.strip()
    if not args.output:
        from game.tools.transcript import build_transcript

        if assignment is not None and (problem := assignment.export_problem(session)):
            print(f"petrograd transcript: {problem}", file=sys.stderr)
            return 1
        return _emit(render(build_transcript(session, played, assignment), fmt), None)
    try:
        print(export_transcript(session, played, args.output, fmt, assignment))
    except ExportRefused as exc:
        print(f"petrograd transcript: {exc}", file=sys.stderr)
        return 1
    return 0


def _dated(data: dict[str, Any], story_dir: str | None) -> dict[str, Any]:
    """A transcript written before stories declared their calendar, with the calendar of its story
    (``--story``, else the story folder you are in or the shipped one) when that story loads and is
    the one it names; as it is otherwise, its dates then shown as before."""
    from game.tools.transcript import names_no_calendar, with_story_calendar

    if not names_no_calendar(data):
        return data
    from game.cli import default_story_dir
    from game.story.errors import StoryError
    from game.story.loader import load_story

    try:
        story = load_story(story_dir or default_story_dir())
    except (StoryError, OSError):
        return data
    return with_story_calendar(data, story)


def _load(args: argparse.Namespace, story: Story) -> tuple[Session, float] | None:
    import os

    from game.play.options import saves_dir_for
    from game.play.saves import SaveError, SaveStore

    folder = Path(saves_dir_for(story.id, args.saves))
    if args.player:
        from game.play.players import PlayerCodeError, open_player

        try:
            folder = open_player(folder, args.player)[1]
        except PlayerCodeError as exc:
            print(f"petrograd transcript: --player: {exc} (in {folder})", file=sys.stderr)
            return None
    store = SaveStore(folder, story)
    try:
        if os.path.sep in args.save or args.save.endswith(".json") or os.path.isfile(args.save):
            loaded = store.load_file(args.save)
        else:
            loaded = store.load(args.save)
    except SaveError as exc:
        print(f"petrograd transcript: {exc}", file=sys.stderr)
        return None
    for notice in loaded.notices:
        print(f"petrograd transcript: note: {notice}", file=sys.stderr)
    if loaded.changes:
        print(
            "petrograd transcript: note: the save was fitted to a newer version of the story; "
            "'petrograd verify' may not accept this transcript",
            file=sys.stderr,
        )
    return loaded.session, loaded.played_seconds


def _emit(text: str, output: str | None) -> int:
    from game.play.printable import printable

    if output:
        from game.play.atomic import write_output

        write_output(output, text)  # FileProblem: one line from the command line, exit 2
        print(f"Transcript written to {printable(output)}.")
        return 0
    sys.stdout.write(printable(text, multiline=True))  # the file's text: nothing in it may steer the terminal
    return 0
