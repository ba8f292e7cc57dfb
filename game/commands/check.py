"""petrograd check: static checks of a story, as a compiler reports them."""

from __future__ import annotations

import argparse
import json
import os
import sys

from game.commands._common import add_story_arg, load_or_report, story_dir

HELP = "check a story for errors and warnings (file:line:column)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object: errors, warnings, stats")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


def run(args: argparse.Namespace) -> int:
    from game.story.check import check_story

    path = story_dir(args)
    if not os.path.isdir(path):  # a wrong argument is a usage error (exit 2), not a story error
        print(f"petrograd check: no story folder '{path}'", file=sys.stderr)
        return 2
    story = load_or_report(path, as_json=args.json)
    if story is None:
        return 1
    report = check_story(story)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            print(finding, file=sys.stderr if finding.severity == "error" else sys.stdout)
        s = report.stats
        minutes = s.get("reading_minutes") or {}
        acts = ", ".join(f"{k} ~{v} min".strip() for k, v in minutes.items()) if isinstance(minutes, dict) else ""
        print(
            f"{path}: {s['scenes']} scenes, {s['endings']} endings, {s['choices']} choices, "
            f"{s['variables']} variables, {s['words']} words"
            + (f"; reading time {acts}" if acts else "")
        )
        print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0
