"""petrograd verify: replay a transcript's choices and say whether the run is a real one."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "check a JSON transcript by replaying its choices (exit 0 genuine, 1 not, 2 unreadable)"
DESCRIPTION = (
    "Replay the choices recorded in a JSON transcript through the story and check that every step was "
    "possible and that the ending and debrief are the ones that path reaches. This proves the path is a "
    "real one; it cannot prove who played it."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("transcript", metavar="TRANSCRIPT.json", help="a transcript written with --format json")
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="the story folder (default: the story folder you are in, else the shipped story)")
    parser.add_argument("--assignment", metavar="FILE", help="also check the assignment's perspective and answers")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from game.commands._common import load_or_report, story_dir
    from game.tools.transcript import TranscriptError, as_dict, read_transcript, text_of
    from game.tools.verify import LIMITS, verify_transcript

    try:
        data = read_transcript(args.transcript)
    except TranscriptError as exc:
        print(f"petrograd verify: {args.transcript}: {exc}", file=sys.stderr)
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
    who = text_of(data.get("student")) or "(no name)"
    if args.json:
        print(json.dumps({
            "file": args.transcript, "genuine": verdict.genuine, "problems": verdict.problems,
            "notes": verdict.notes, "steps_checked": verdict.steps_checked, "student": who,
        }, indent=2, ensure_ascii=False))
        return 0 if verdict.genuine else 1
    if verdict.genuine:
        ending = as_dict(data.get("ending"))
        reached = f"reaches “{text_of(ending.get('title'))}”" if ending else "stops before an ending"
        print(
            f"{args.transcript}: genuine. {who}: {verdict.steps_checked} choices replay on {story.title} "
            f"(hash {story.content_hash}) and the path {reached} with the debrief the transcript shows."
        )
    elif verdict.only_story_changed:
        print(f"{args.transcript}: cannot confirm. {who}: {verdict.first}")
    else:
        print(f"{args.transcript}: NOT genuine. {who}: {verdict.first}")
        for more in verdict.problems[1:]:
            print(f"  also: {more}")
    for note in verdict.notes:
        print(f"  note: {note}")
    print(f"  ({LIMITS})")
    return 0 if verdict.genuine else 1
