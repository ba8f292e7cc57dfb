"""petrograd class-report: every transcript in a folder, verified, as one table and a summary."""

from __future__ import annotations

import argparse
import sys

NAME = "class-report"
HELP = "one row per student from a folder of JSON transcripts, verified, with a class summary"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder the students' .json transcripts were collected in")
    parser.add_argument("--story", metavar="STORY_DIR", help="the story to verify against (default: the story folder you are in, else the shipped story)")
    parser.add_argument("--format", choices=("md", "html", "csv"), help="default: from -o's extension, else md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: print)")


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from game.commands._common import load_or_report
    from game.tools.report import build_report
    from game.tools.report_render import render_csv, render_html, render_markdown

    if not os.path.isdir(args.folder):
        print(f"petrograd class-report: {args.folder}: not a folder", file=sys.stderr)
        return 2
    from game.cli import default_story_dir

    story = load_or_report(args.story or default_story_dir())
    if story is None:
        print("petrograd class-report: the story did not load; reporting without verifying", file=sys.stderr)
    report = build_report(args.folder, story)
    fmt = args.format or {".html": "html", ".htm": "html", ".csv": "csv"}.get(Path(args.output or "").suffix.lower(), "md")
    text = {"html": render_html, "csv": render_csv}.get(fmt, render_markdown)(report)
    if not args.output:
        from game.play.printable import printable

        sys.stdout.write(printable(text, multiline=True))  # students' names and answers may not steer the terminal
        return 0
    from game.play.atomic import write_output

    write_output(args.output, text)  # FileProblem: one line from the command line, exit 2
    genuine = len(report.counted)
    print(f"Class report written to {args.output}: {len(report.rows)} files, {genuine} genuine transcripts.")
    return 0
