"""Author tools inside the app: the --debug panel and --watch live reload (Pilot), and their parts without Textual."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.loader import load_story
from game.tools.watch import StoryWatcher, reload
from game.views.tui.debug_panel import DebugPanel, debug_rows

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "tools" / "clean"


def test_debug_rows_show_place_variables_visits_and_once_marks():
    story = load_story(str(CLEAN))
    session = Session(story, "soldier")
    session.choose("take_rifle")
    rows = {(section, name): value for section, name, value in debug_rows(session)}
    assert rows[("here", "scene")] == "barracks" and rows[("here", "perspective")] == "soldier"
    assert rows[("variables", "standing")] == "1 *  (0..3)"  # '*': changed from its default
    assert rows[("variables", "armed")] == "yes *  (bool)"
    assert rows[("visits", "barracks")] == "2"
    assert rows[("once taken", "barracks")] == "take_rifle"


def test_watcher_sees_edits_new_and_removed_files(tmp_path):
    shutil.copytree(CLEAN, tmp_path / "s")
    watcher = StoryWatcher(str(tmp_path / "s"))
    assert not watcher.changed()
    time.sleep(0.01)
    (tmp_path / "s" / "act2.yaml").write_text((tmp_path / "s" / "act2.yaml").read_text() + "\n")
    assert watcher.changed() and not watcher.changed()
    (tmp_path / "s" / "extra.yaml").write_text("scenes: []\n")
    assert watcher.changed()
    (tmp_path / "s" / "tests" / "more.yaml").write_text("tests: []\n")  # story tests are not the story
    assert not watcher.changed()


def test_reload_reports_errors_and_the_game_is_carried_over_by_the_save_rules(tmp_path):
    shutil.copytree(CLEAN, tmp_path / "s")
    story_file = tmp_path / "s" / "story.yaml"
    story_file.write_text(story_file.read_text().replace("  armed:\n    type: bool\n    default: false\n",
                                                         "  courage:\n    type: int\n    default: 2\n"))
    broken = reload(str(tmp_path / "s"))
    assert broken.story is None and "armed" in broken.summary()  # conditions still read 'armed'
    story = load_story(str(CLEAN))
    old = Session(story, "soldier")
    del old.state.vars["standing"]
    session, fit = old.continue_in(story)
    assert session.state.vars["standing"] == 0 and session.story is story
    assert fit.changes == ["new in this version of the story: Standing (starts at 0)"]
    assert "standing" not in old.state.vars  # fitted on a copy: the old game is untouched


def test_reload_where_the_current_scene_is_gone_continues_from_the_journal(tmp_path):
    story = load_story(str(CLEAN))
    old = Session(story, "soldier")
    old.choose("go")
    old.state.scene = "no_such_scene"  # as if the author deleted the scene the player is in
    session, fit = old.continue_in(story)
    assert session.state.scene == "barracks" and fit.lost_progress
    assert "no longer in the story" in fit.changes[-1]


def run(coro):
    asyncio.run(coro)


def make_app(story_dir, **options):
    from game.views.tui.app import make_app as factory

    story = load_story(str(story_dir))
    opts = PlayOptions(str(story_dir), saves_dir=str(Path(story_dir).parent / "saves"), **options)
    return factory(story, opts, session=Session(story, "soldier"))


def test_debug_panel_is_mounted_and_follows_the_game(tmp_path):
    async def scenario():
        app = make_app(CLEAN, debug=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            panel = app.screen.query_one("#debug-dock").query_one(DebugPanel)
            body = str(panel.query_one("#debug-body").render())
            assert "standing 1 *" in body and "barracks 1" in body
            app.session.choose("go")
            app.screen.show_scene()
            await pilot.pause()
            panel = app.screen.query_one(DebugPanel)
            body = str(panel.query_one("#debug-body").render())
            assert "scene smolny" in body and "standing 2 *" in body and "leaning bolshevik *" in body

    run(scenario())


def test_no_debug_panel_without_debug(tmp_path):
    async def scenario():
        app = make_app(CLEAN)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not app.screen.query(DebugPanel)
            assert not app.screen.query_one("#debug-dock").display

    run(scenario())


def test_watch_reloads_keeps_the_game_and_shows_errors_without_losing_it(tmp_path):
    shutil.copytree(CLEAN, tmp_path / "s")
    folder = tmp_path / "s"
    act1 = folder / "act1.yaml"

    async def wait_for(pilot, condition, seconds=6.0):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await pilot.pause(0.1)
            if condition():
                return True
        return False

    async def scenario():
        app = make_app(folder, watch=True)
        notes: list[tuple[str, str]] = []
        real_notify = app.notify

        def notify(message, *, title="", severity="information", **kw):
            notes.append((title, str(message)))
            return real_notify(message, title=title, severity=severity, **kw)

        app.notify = notify
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.session.choose("take_rifle")
            first_story = app.story
            act1.write_text(act1.read_text().replace("The men wait.", "The men wait in the rain."))
            assert await wait_for(pilot, lambda: app.story is not first_story)
            assert app.session.state.scene == "barracks" and app.session.state.vars["armed"] is True
            assert "in the rain" in app.session.current().text
            assert any(t == "Story reloaded" for t, _ in notes)
            good_story = app.story
            act1.write_text(act1.read_text().replace("to: smolny", "to: smolnyy", 1))
            assert await wait_for(pilot, lambda: any("errors" in t for t, _ in notes))
            assert app.story is good_story and app.session.state.vars["armed"] is True
            assert any("smolnyy" in m for _, m in notes)

    run(scenario())


def test_snapshot_debug_panel_at_80x24(snap_compare, tmp_path):
    """The debug panel beside a warped scene (looked at before it was accepted)."""
    from game.tools.replay import session_from_options
    from game.views.tui.app import make_app as factory

    story = load_story(str(CLEAN))
    options = PlayOptions(str(CLEAN), saves_dir=str(tmp_path / "saves"), debug=True, warp="smolny", perspective="soldier",
                          sets={"standing": "2", "armed": "true"})
    app = factory(story, options, session=session_from_options(story, options))
    assert snap_compare(app)


def test_reload_errors_keep_their_code_and_do_not_pile_up(tmp_path):
    from game.story.errors import Finding, Pos
    from game.tools.watch import Reloaded
    from game.views.tui.live_reload import apply_reload

    async def scenario():
        app = make_app(CLEAN)
        calls: list[tuple[str, str, bool]] = []
        app.notify = lambda message, markup=True, **kw: calls.append(("notify", message, markup))
        app.clear_notifications = lambda: calls.append(("clear", "", False))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for target in ("smolnyy", "smolnyyy"):
                finding = Finding(Pos("act1.yaml", 17, 13), "E100", f"choice goes to unknown scene '{target}'")
                apply_reload(app, Reloaded(None, [finding]))
            message = "act1.yaml:17:13: error: choice goes to unknown scene '{}' [E100]"
            assert calls == [  # the old pop-up goes before each new one; the code is text, not markup
                ("clear", "", False), ("notify", message.format("smolnyy"), False),
                ("clear", "", False), ("notify", message.format("smolnyyy"), False),
            ]

    run(scenario())
