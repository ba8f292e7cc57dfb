"""petrograd explore: every reachable state from every perspective; endings, dead ends, traps, with witnesses."""

from __future__ import annotations

import argparse
import json

from game.commands._common import add_story_arg, at_least, chosen_perspectives, load_checked, story_dir

HELP = "search every reachable state: endings, dead ends, traps, never-available choices"


def configure(parser: argparse.ArgumentParser) -> None:
    from game.tools.explore import DEFAULT_MAX_STATES

    add_story_arg(parser)
    parser.add_argument("--max-states", type=at_least(1), default=DEFAULT_MAX_STATES, metavar="N",
                        help=f"stop after N distinct states (default {DEFAULT_MAX_STATES:,})")
    parser.add_argument("--perspective", metavar="ID", help="explore from this perspective only")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for CI)")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument("--witness-dir", metavar="DIR",
                        help="write a replayable witness file per ending and finding, and DIR/witnesses.yaml as story tests")
    parser.add_argument("--sample", type=at_least(0), default=None, metavar="RUNS",
                        help="if the search stops at --max-states, play RUNS random games for more witnesses (default 3000; 0: none)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


def run(args: argparse.Namespace) -> int:
    from game.tools import junit
    from game.tools.explore import DEFAULT_SAMPLE_RUNS, explore, fill_in
    from game.tools.explore_report import json_report, junit_suite, text_report, witness_files
    from game.tools.findings import analyse, is_failure
    from game.tools.progress import ProgressBar

    path = story_dir(args)
    story = load_checked(path)
    if story is None:
        return 1
    perspectives = chosen_perspectives(story, args.perspective)
    bar = ProgressBar("exploring", total=args.max_states)
    result = explore(story, args.max_states, perspectives, progress=lambda found, done: bar.update(found, f"{done:,} followed"))
    bar.done()
    runs = DEFAULT_SAMPLE_RUNS if args.sample is None else args.sample
    if not result.complete and runs > 0:
        fill_in(result, runs)
    issues = analyse(result)
    files = witness_files(result, issues, args.witness_dir) if args.witness_dir else {}
    if args.json:
        print(json.dumps(json_report(result, issues), indent=2, ensure_ascii=False))
    else:
        print(text_report(result, issues, files))
    if args.junit:
        junit.write(args.junit, [junit_suite(result, issues)])
    if is_failure(issues) or (args.strict and issues):
        return 1
    return 0
