"""petrograd test: run a story's scripted playthroughs (tests/*.yaml) and report the first failure of each."""

from __future__ import annotations

import argparse
import os
import sys

from game.commands._common import UsageError, add_story_arg, load_checked, story_dir

HELP = "run the story tests in STORY_DIR/tests/*.yaml"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--tests", action="append", default=[], metavar="PATH",
                        help="test files or folders to run instead of STORY_DIR/tests (repeatable)")
    parser.add_argument("-k", dest="match", metavar="TEXT", help="run only tests whose name contains TEXT")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")


def run(args: argparse.Namespace) -> int:
    from game.tools import junit
    from game.tools.storytest import endings_without_tests, find_test_files, load_tests, run_test

    for given in args.tests:  # else a mistyped path reads as 'no story tests: write them in STORY_DIR/tests'
        if not os.path.isdir(given) and not os.path.isfile(given):
            what = "not a file or folder" if os.path.lexists(given) else "no such file or folder"
            raise UsageError(f"--tests {given}: {what}")
    path = story_dir(args)
    story = load_checked(path)
    if story is None:
        return 1
    files = find_test_files(path, args.tests)
    tests, problems = load_tests(files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.match:
        tests = [t for t in tests if args.match.lower() in t.name.lower()]
    suite = junit.Suite(f"story tests {story.id}")
    failed = 0
    for test in tests:
        outcome = run_test(story, test)
        suite.seconds += outcome.seconds
        suite.add(junit.Case(test.name, f"storytest.{test.pos.file}", outcome.failure,
                             f"{outcome.finding()}\n  path taken: {' > '.join(outcome.path) or '(none)'}" if outcome.failure else "",
                             seconds=outcome.seconds, file=test.pos.file, line=test.pos.line))
        if outcome.passed:
            if not args.quiet:
                print(f"PASS  {test.name}")
            continue
        failed += 1
        print(f"FAIL  {test.name}")
        print(f"  {outcome.finding()}")
        print(f"  path taken: {' > '.join(outcome.path) or '(none)'}")
    if args.junit:
        junit.write(args.junit, [suite])
    if not files:
        print(f"no story tests: write them in {path}/tests/*.yaml (see docs/authoring.md, 'Story tests')", file=sys.stderr)
        return 1
    if not args.tests and not args.match:
        missing = endings_without_tests(story, tests)
        if missing:
            print(f"note: no test expects the ending{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    print(f"{len(tests)} tests: {len(tests) - failed} passed, {failed} failed" + (f", {len(problems)} file errors" if problems else ""))
    return 1 if failed or any(p.severity == "error" for p in problems) else 0
