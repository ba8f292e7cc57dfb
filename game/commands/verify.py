"""petrograd verify: replay a transcript's choices and say whether the run is a real one."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.tools.assignment import Assignment
    from game.tools.verify import Verdict

HELP = "check a JSON transcript by replaying its choices (exit 0 genuine, 1 not or against the assignment, 2 unreadable)"
DESCRIPTION = (
    "Replay the choices recorded in a JSON transcript through the story and check that every step was "
    "possible and that the ending and debrief are the ones that path reaches. This proves the path is a "
    "real one; it cannot prove who played it."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("transcript", metavar="TRANSCRIPT.json", help="a transcript written with --format json")
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="the story folder (default: the story folder you are in, else the shipped story)")
    parser.add_argument(
        "--assignment", metavar="FILE",
        help="also check the teacher's rules: played under this assignment (class, undo off), perspective, answers",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from game.commands._common import UsageError, load_or_report, story_dir
    from game.play.printable import json_for_terminal, printable
    from game.tools.transcript import TranscriptError, read_transcript
    from game.tools.verify import verify_transcript

    if os.path.isdir(args.transcript) and args.story and os.path.isfile(args.story):
        raise UsageError(f"{args.transcript} is a folder: give the transcript first, then the story folder")
    try:
        data = read_transcript(args.transcript)
    except TranscriptError as exc:
        print(f"petrograd verify: {exc.at(args.transcript)}", file=sys.stderr)
        return 2
    assignment = None
    if args.assignment:
        from game.tools.assignment import load_for_command

        assignment = load_for_command(args.assignment, "verify")
        if assignment is None:
            return 2
    story = load_or_report(story_dir(args))
    if story is None:
        return 2
    verdict = verify_transcript(data, story, assignment)
    accepted = verdict.genuine and verdict.meets_assignment
    if args.json:
        print(json_for_terminal({
            "file": args.transcript, "genuine": verdict.genuine, "problems": verdict.problems,
            "meets_assignment": verdict.meets_assignment if verdict.assignment_checked else None,
            "assignment_problems": verdict.rule_problems,
            "notes": verdict.notes, "steps_checked": verdict.steps_checked, "student": _who(data),
        }))
        return 0 if accepted else 1
    for line in _lines(args.transcript, data, story.title, story.content_hash, verdict, assignment):
        print(printable(line))  # names, answers and file names are the file's: nothing in them may steer the terminal
    return 0 if accepted else 1


def _who(data: dict[str, Any]) -> str:
    from game.tools.transcript import text_of

    return text_of(data.get("student")) or "(no name)"


def _lines(
    file: str, data: dict[str, Any], title: str, content_hash: str, verdict: Verdict, assignment: Assignment | None
) -> list[str]:
    """The report, one printable line each: the path verdict, the assignment verdict, what was checked."""
    from game.tools.transcript import as_dict, text_of
    from game.tools.verify import assignment_summary

    who = _who(data)
    out: list[str] = []
    if verdict.genuine:
        ending = as_dict(data.get("ending"))
        reached = f"reaches “{text_of(ending.get('title'))}”" if ending else "stops before an ending"
        out.append(
            f"{file}: genuine. {who}: {verdict.steps_checked} choices replay on {title} "
            f"(hash {content_hash}) and the path {reached} with the debrief the transcript shows."
        )
    elif verdict.only_story_changed:
        out.append(f"{file}: cannot confirm. {who}: {verdict.first}")
    else:
        out.append(f"{file}: NOT genuine. {who}: {verdict.first}")
        out += [f"  also: {more}" for more in verdict.problems[1:]]
    if assignment is not None:
        name = f"“{assignment.title}”" if assignment.title else assignment.path
        if verdict.meets_assignment:
            out.append(f"{file}: keeps the rules of the assignment {name}: {assignment_summary(assignment)}.")
        else:
            out.append(f"{file}: breaks the rules of the assignment {name}: {verdict.rule_problems[0]}.")
            out += [f"  also: {more}" for more in verdict.rule_problems[1:]]
    out += [f"  note: {note}" for note in verdict.notes]
    out.append(f"  {verdict.checked_text}")
    return out
