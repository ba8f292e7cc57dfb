"""A fiction story (no sources, no debriefs, a Gregorian date): no word of history anywhere in the player."""

from __future__ import annotations

import io
from pathlib import Path

from tui_steps import pilot_test

from game.commands.check import run as check_run
from game.play.options import PlayOptions
from game.story.loader import load_story
from game.views.plain import run_plain

FICTION = Path(__file__).resolve().parents[1] / "fixtures" / "fiction"
HISTORY_WORDS = ("histor", "counterfactual", "O.S.", "N.S.", "sources", "timeline", "glossary", "documented")


def play_plain(script: str, tmp_path: Path) -> str:
    out = io.StringIO()
    story = load_story(str(FICTION))
    assert run_plain(story, PlayOptions(str(FICTION), saves_dir=str(tmp_path)), stdin=io.StringIO(script), stdout=out) == 0
    return out.getvalue()


def test_fiction_plays_in_plain_mode_without_history_words(tmp_path):
    out = play_plain("help\n3\n1\n1\nendings\nquit\n", tmp_path)
    assert "== The control room ==" in out
    assert "Houston, 20 July 1969" in out or "20 July 1969" in out
    assert "  2. [unavailable] Call the abort — you do not trust yourself to speak" in out
    assert "== Contact light ==" in out and "Everyone in the room is on their feet." in out
    assert "You have found 1 of 2 endings.\n  Contact light\n  locked\n" in out
    assert "  journal         your path so far\n  status" in out  # the help lists what the story has
    lowered = out.lower()
    for word in HISTORY_WORDS:
        assert word.lower() not in lowered, word


def test_reference_commands_say_the_story_has_none(tmp_path):
    out = play_plain("timeline\nsources\nglossary\nquit\n", tmp_path)
    assert "This story has no timeline.\n" in out
    assert "This story has no sources.\n" in out
    assert "This story has no glossary.\n" in out


def test_fiction_passes_check_strict(capsys):
    import argparse

    args = argparse.Namespace(story=str(FICTION), json=False, strict=True)
    assert check_run(args) == 0
    out = capsys.readouterr().out
    assert out.endswith("0 errors, 0 warnings\n")
    assert "reading time ~0.2 min" in out


@pilot_test
async def test_fiction_in_the_app_has_no_history(tmp_path):
    from textual.widgets import OptionList

    from game.views.tui.app import make_app
    from game.views.tui.debrief import DebriefScreen

    story = load_story(str(FICTION))
    app = make_app(story, PlayOptions(str(FICTION), saves_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#title-menu", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert not any("Glossary" in label or "Sources" in label for label in labels), labels
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the name box
        await pilot.pause()
        assert "20 July 1969" in str(app.screen.query_one("#scene-head").render())
        await pilot.press("escape")  # the game menu
        await pilot.pause()
        items = app.screen.query_one(OptionList)
        names = [items.get_option_at_index(i).id for i in range(items.option_count)]
        assert names == ["resume", "save", "load", "journal", "settings", "help", "title", "quit"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        from game.views.tui.scenetext import SceneText

        shown = "\n".join(w.source for w in app.screen.query(SceneText))
        assert app.screen.query_one("#debrief-ending", SceneText).source == "# Contact light"
        assert "Everyone in the room is on their feet." in shown
        assert not app.screen.query("#path-timeline")
        for word in HISTORY_WORDS:
            assert word.lower() not in shown.lower(), word
