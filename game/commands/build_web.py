"""petrograd build-web: the game as a static site that runs in each student's browser, no server needed."""

from __future__ import annotations

import argparse
import sys

HELP = "write the game as a folder of static files for any web space (runs in the browser, no server)"
DESCRIPTION = (
    "Write OUT_DIR: an index.html, the Pyodide runtime, the engine and the story compiled ahead of time. "
    "Put the folder on any static web host (a school's site, an LMS) and give students the link: each "
    "browser runs the same engine as the terminal, saves in its own storage and downloads the transcript "
    "that 'petrograd verify' checks. Nothing is loaded from any other host. Pyodide comes from "
    "'npm ci --prefix web' in the checkout, or --pyodide DIR."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", metavar="OUT_DIR", help="the folder to write (new, empty, or an earlier build)")
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="the story folder (default: the shipped story)")
    parser.add_argument("--assignment", metavar="FILE", help="build a teacher's assignment file into the site")
    parser.add_argument("--pyodide", metavar="DIR",
                        help="the folder holding Pyodide's files (default: web/node_modules/pyodide after npm ci)")
    parser.add_argument("--no-precompile", action="store_true",
                        help="ship the engine's Python as source only (without Node.js this is what happens)")


def run(args: argparse.Namespace) -> int:
    from game.commands._common import load_checked, story_dir
    from game.webbuild.build import BuildError, build_site

    assignment = None
    if args.assignment:
        from game.tools.assignment import load_for_command

        assignment = load_for_command(args.assignment, "build-web")
        if assignment is None:
            return 2
    story = load_checked(story_dir(args))
    if story is None:
        return 2
    if assignment is not None:
        problem = assignment.check_story(story)
        if problem:
            print(f"petrograd build-web: {problem}", file=sys.stderr)
            return 2
    try:
        result = build_site(args.out_dir, story, assignment, args.pyodide, precompile=not args.no_precompile)
    except BuildError as exc:
        print(f"petrograd build-web: {exc}", file=sys.stderr)
        return 2
    print(f"Built {story.title} into {result.out_dir}: {result.files} files, {result.bytes / 1e6:.1f} MB "
          f"(Pyodide {result.pyodide_version}).")
    if result.note:
        print(f"Note: {result.note}.")
    print("Put the folder on any web space and open index.html through it (not as a file:// page);"
          " to try it here: python -m http.server -d " + str(result.out_dir))
    return 0
