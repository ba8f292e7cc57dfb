"""petrograd schema: the JSON Schema of scene files, for editors' YAML language server."""

from __future__ import annotations

import argparse

HELP = "print the JSON Schema for scene files"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file",
        default="scene",
        choices=["scene", "story", "sources", "glossary", "timeline", "tests"],
        help="which kind of file (default: scene)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")


ROOTS = {
    "scene": "scene_file",
    "story": "story",
    "sources": "sources_file",
    "glossary": "glossary_file",
    "timeline": "timeline_file",
    "tests": "tests_file",
}


def run(args: argparse.Namespace) -> int:
    from game.story.schema import json_schema_text

    text = json_schema_text(ROOTS[args.file])
    if args.output:
        from game.play.atomic import write_output

        write_output(args.output, text)  # FileProblem: one line from the command line, exit 2
    else:
        print(text, end="")
    return 0
