"""petrograd graph: the story map as Mermaid or Graphviz DOT."""

from __future__ import annotations

import argparse
import sys

from game.commands._common import add_story_arg, load_checked, story_dir

HELP = "the story map: scenes grouped by act or file, endings marked, conditions on the arrows"


def configure(parser: argparse.ArgumentParser) -> None:
    add_story_arg(parser)
    parser.add_argument("--format", choices=("mermaid", "dot"), default=None,
                        help="mermaid (renders on code-hosting pages) or dot (Graphviz); default from -o's extension, else mermaid")
    parser.add_argument("--group", choices=("act", "file", "none"), default="act", help="draw a box per act (default) or per file")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from game.tools.graph import render_graph

    story = load_checked(story_dir(args))
    if story is None:
        return 1
    fmt = args.format
    if fmt is None:
        fmt = "dot" if args.output and args.output.endswith((".dot", ".gv")) else "mermaid"
    text = render_graph(story, fmt, args.group)
    if not args.output:
        sys.stdout.write(text)
        return 0
    from game.play.atomic import write_output

    write_output(args.output, text)  # FileProblem: one line from the command line, exit 2
    print(f"wrote {args.output} ({fmt}, {len(story.scenes)} scenes, {len(story.endings)} endings)", file=sys.stderr)
    return 0
