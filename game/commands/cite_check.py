"""petrograd cite-check: every debrief quote must be an exact passage of its source."""

from __future__ import annotations

import argparse
import json
import os
import sys

from game.commands._common import add_story_arg, load_or_report, story_dir

NAME = "cite-check"
HELP = "check that every citation's quote appears in its source text"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--corpus", required=True, metavar="DIR", help="folder holding the sources' text files")
    parser.add_argument("--json", action="store_true", help='print {"citations": [...]}')


def run(args: argparse.Namespace) -> int:
    from game.story.citations import cite_check

    if not os.path.isdir(args.corpus):
        print(f"petrograd cite-check: no corpus folder '{args.corpus}'", file=sys.stderr)
        return 2
    story = load_or_report(story_dir(args))
    if story is None:
        return 1
    results = cite_check(story, args.corpus)
    failures = [r for r in results if not r.found]
    if args.json:
        print(json.dumps({"citations": [r.to_json() for r in results]}, indent=2, ensure_ascii=False))
    else:
        for r in failures:
            print(f"{r.pos}: error: citation of '{r.source}': {r.problem}", file=sys.stderr)
        print(f"{len(results) - len(failures)} of {len(results)} citations found in {args.corpus}")
    return 1 if failures else 0
