"""``launch(story, options)``: start the Textual player or plain mode for one story."""

from __future__ import annotations

import sys

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.errors import PlayError
from game.story.model import Story


def initial_session(story: Story, options: PlayOptions) -> Session | None:
    """A session to open straight away (--warp, --set, --replay), or None for the title screen.

    The author tools (``game.tools.replay``) own what those flags mean. Raises
    PlayError with a message.
    """
    if not (options.warp or options.replay or options.sets):
        return None
    from game.tools.replay import session_from_options

    return session_from_options(story, options)


def launch(story: Story, options: PlayOptions) -> int:
    """Run the game until the player quits; the exit code for the CLI."""
    if options.assignment:  # a teacher's file fixes perspective/undo before anything starts (game.tools.assignment)
        from game.tools.assignment import AssignmentError, load_assignment

        try:
            assignment = load_assignment(options.assignment)
        except AssignmentError as exc:
            print(f"petrograd play: {exc}", file=sys.stderr)
            return 2
        problem = assignment.check_story(story)
        if problem:
            print(f"petrograd play: {problem}", file=sys.stderr)
            return 2
        options = assignment.apply(options)
    try:
        session = initial_session(story, options)
    except PlayError as exc:
        print(f"petrograd play: {exc}", file=sys.stderr)
        return 2
    if options.plain:
        from game.views.plain import run_plain

        return run_plain(story, options, session=session)
    if options.web:  # under `petrograd serve`: end with the server, never outlive it (game/views/web_orphan.py)
        from game.views.web_orphan import end_when_orphaned

        end_when_orphaned()
    from game.views.tui.app import make_app

    app = make_app(story, options, session=session)
    result = app.run()
    for line in app.farewell:  # e.g. the game could not be saved: said where the terminal shows it
        print(line, file=sys.stderr)
    return int(result or app.return_code or 0)
