"""petrograd playtest: seeded random playthroughs; endings, coverage, path lengths and reading time."""

from __future__ import annotations

import argparse
import json

from game.commands._common import add_story_arg, at_least, chosen_perspectives, load_checked, story_dir

HELP = "play many random games: endings, coverage, path length, reading time"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--runs", type=at_least(1), default=1000, metavar="N", help="how many games (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same runs (default 0)")
    parser.add_argument("--strategy", choices=("uniform", "fresh"), default="uniform",
                        help="uniform: any available choice; fresh: the least-taken choice first (faster coverage)")
    parser.add_argument("--max-steps", type=at_least(1), default=1000, metavar="N", help="a run longer than this is a loop (default 1000)")
    parser.add_argument("--perspective", metavar="ID", help="play this perspective only")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for CI)")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")


def run(args: argparse.Namespace) -> int:
    from game.tools import junit
    from game.tools.playtest import playtest
    from game.tools.playtest_report import junit_suite, summary, text_report
    from game.tools.progress import ProgressBar

    story = load_checked(story_dir(args))
    if story is None:
        return 1
    perspectives = chosen_perspectives(story, args.perspective)
    bar = ProgressBar("playing", total=args.runs)
    result = playtest(story, args.runs, args.seed, args.strategy, args.max_steps, perspectives, progress=bar.update)
    bar.done()
    if args.json:
        print(json.dumps(summary(result), indent=2, ensure_ascii=False))
    else:
        print(text_report(result))
    if args.junit:
        junit.write(args.junit, [junit_suite(result)])
    return 1 if result.failures else 0
