"""The debrief in parts (issue 19): contents, a key per part, and a warning before exporting unanswered."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Button, TextArea
from tui_steps import pilot_test

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.loader import load_story
from game.views.tui.confirm import ConfirmDialog
from game.views.tui.debrief import DebriefScreen


def at_ending(story, perspective="soldier") -> Session:
    session = Session(story, perspective=perspective)
    session.choose("go")
    session.choose("stay")
    return session


def part_top(app, key: str) -> int:
    """The part's row in the scroll's content (0 = the top of the debrief)."""
    scroll = app.screen.query_one("#debrief", VerticalScroll)
    return app.screen.query_one(f"#part-{key}").virtual_region.y - scroll.virtual_region.y


@pilot_test
async def test_contents_and_number_keys_jump_to_each_part(make, tui_story):
    app = make(session=at_ending(tui_story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        keys = [part.key for part in app.screen.parts]
        assert keys == ["happened", "choices", "disagree", "historians", "epilogue", "questions"]
        contents = str(app.screen.query_one("#debrief-contents").render())
        assert contents.splitlines() == [  # broken between entries, never inside one
            "Parts:  1 What happened  ·  2 Your choices  ·  3 Sources disagree",
            "        4 Historians disagree  ·  5 Epilogue  ·  6 Questions",
        ]
        assert "1-6 Parts" in str(app.screen.query_one("KeyHints").render())
        scroll = app.screen.query_one("#debrief", VerticalScroll)
        for number, key in reversed(list(enumerate(keys, 1))):
            await pilot.press(str(number))
            await pilot.pause()
            assert scroll.scroll_y == min(part_top(app, key), scroll.max_scroll_y), key
        await pilot.press("6")
        await pilot.pause()
        assert scroll.scroll_y > 0
        area = app.screen.query_one("#answer-0", TextArea)
        area.focus()
        await pilot.press("1", "9", "1", "7")  # in an answer box, numbers are typed, not jumps
        await pilot.pause()
        assert area.text == "1917"


@pilot_test
async def test_parts_a_story_does_not_have_are_not_shown(tmp_path):
    from game.views.tui.app import make_app

    story = load_story(str(Path(__file__).resolve().parents[1] / "fixtures" / "mini"))
    session = Session(story)
    while not session.finished:
        session.choose(next(c for c in session.choices() if c.available).id)
    app = make_app(story, PlayOptions("mini", saves_dir=str(tmp_path)), session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        labels = [part.label for part in app.screen.parts]
        assert "Historians disagree" not in labels
        await pilot.pause()
        assert f"1-{len(labels)} Parts" in str(app.screen.query_one("KeyHints").render())  # the range it has
        for n in range(len(labels) + 1, 7):
            assert app.screen.check_action("part", (n,)) is False


@pilot_test
async def test_export_with_unanswered_questions_asks_first(make, tui_story, tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "out"))
    app = make(session=at_ending(tui_story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#answer-1", TextArea).load_text("The handout.")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.query_one("#confirm-text").render()) == (
            "1 of 2 questions has no answer yet. Your teacher may want your answers.")
        assert app.focused is app.screen.query_one("#no", Button)
        await pilot.press("enter")  # "Answer them first"
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.focused is not None and app.focused.id == "answer-0"  # back at the first empty box
        assert not (tmp_path / "out").exists()
        await pilot.press("escape")  # out of the box
        await pilot.press("t")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert any("Saved" in n.message for n in app._notifications)


@pilot_test
async def test_export_question_when_nothing_is_answered(make, tui_story):
    app = make(session=at_ending(tui_story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert str(app.screen.query_one("#confirm-text").render()) == (
            "You have not answered any of the 2 questions yet. Your teacher may want your answers.")
        await pilot.press("escape")  # Esc answers no: nothing exported, back at the debrief
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert not any("Saved" in n.message for n in app._notifications)


def test_contents_break_only_between_entries():
    from textual.content import Content

    from game.views.tui.debrief_parts import Part, contents_markup

    parts = [Part("a", "What happened", ""), Part("b", "Your choices", ""), Part("c", "Questions", "")]
    plain = [Content.from_markup(contents_markup(parts, width)).plain for width in (0, 42, 20)]
    assert plain[0] == "Parts:  1 What happened  ·  2 Your choices  ·  3 Questions"
    assert plain[1] == "Parts:  1 What happened  ·  2 Your choices\n        3 Questions"
    assert plain[2] == "Parts:  1 What happened\n        2 Your choices\n        3 Questions"
