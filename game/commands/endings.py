"""petrograd endings: every ending with its summary and a shortest path to it (from explore)."""

from __future__ import annotations

import argparse
import json
import sys

from game.commands._common import add_story_arg, at_least, load_checked, story_dir

HELP = "list every ending with its summary and a shortest path that reaches it"


def configure(parser: argparse.ArgumentParser) -> None:
    from game.tools.explore import DEFAULT_MAX_STATES

    add_story_arg(parser)
    parser.add_argument("--max-states", type=at_least(1), default=DEFAULT_MAX_STATES, metavar="N",
                        help=f"bound of the search (default {DEFAULT_MAX_STATES:,}); random runs fill in beyond it")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--witness-dir", metavar="DIR", help="write each path as a witness file for 'play --replay'")


def run(args: argparse.Namespace) -> int:
    from game.tools.explore import explore, fill_in
    from game.tools.explore_report import witness_files
    from game.tools.findings import ending_reach, witness_json
    from game.tools.progress import ProgressBar

    story = load_checked(story_dir(args))
    if story is None:
        return 1
    bar = ProgressBar("exploring", total=args.max_states)
    result = explore(story, args.max_states, progress=lambda found, done: bar.update(found))
    bar.done()
    if not result.complete:
        fill_in(result)
    reach = ending_reach(result)
    if args.witness_dir:
        witness_files(result, [], args.witness_dir)
    if args.json:
        print(json.dumps({
            "story": story.id,
            "complete": result.complete,
            "endings": [
                {
                    "id": r.ending.id, "title": r.ending.title, "kind": r.ending.kind, "summary": r.ending.summary,
                    "date": r.ending.date.iso() if r.ending.date else None,
                    "reached": bool(r.witnesses),
                    "paths": [dict(witness_json(w), shortest=who not in r.sampled) for who, w in r.witnesses.items()],
                }
                for r in reach
            ],
        }, indent=2, ensure_ascii=False))
        return 0 if all(r.witnesses for r in reach) else 1
    for r in reach:
        e = r.ending
        about = ", ".join(([e.kind] if story.has_history else []) + ([e.date.both()] if e.date else []))
        print(f"{e.id}: {e.title}" + (f" ({about})" if about else ""))
        if e.summary:
            print(f"  {e.summary}")
        if not r.witnesses:
            print("  NOT REACHED by any path found" + ("" if result.complete else " (the search was bounded)"))
        for who, w in sorted(r.witnesses.items(), key=lambda x: str(x[0])):
            how = "a path found at random" if who in r.sampled else "shortest path"
            print(f"  {how} ({len(w.choices)} choices): {w.describe(limit=40)}")
        print()
    if not result.complete:
        print(f"(search stopped at {result.states:,} states; paths marked 'at random' may not be the shortest)", file=sys.stderr)
    return 0 if all(r.witnesses for r in reach) else 1
