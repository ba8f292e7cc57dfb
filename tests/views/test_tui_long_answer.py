"""The Textual debrief: an answer longer than a save keeps is never lost (the sibling of plain mode's fix)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import TextArea
from tui_steps import pilot_test

from game.play.savefile import CUT_MARK, MAX_ANSWER_CHARS, fit_answer
from game.play.session import Session
from game.views.tui.debrief import DebriefScreen

LONG = "The garrison held the guns and the vote held none of them. " * 2_000  # 120,000 characters


def at_ending(story) -> Session:
    session = Session(story, perspective="soldier")
    session.choose("go")
    session.choose("stay")
    return session


def told(path, text: str) -> str:
    kept = fit_answer(text)
    return (
        f"Your answer is {len(text):,} characters; a saved game keeps up to 20,000 (about 3,000 words), so it keeps"
        f" the first {len(kept) - len(CUT_MARK):,}, marked “[…]” where it stops. Your whole answer is in {path}"
        " (hand it in with your transcript)."
    )


def saved_in(tmp_path: Path) -> str:
    """The line the app prints after a good quit: where the game is saved (the story's own folder)."""
    return f"Your game is saved in {tmp_path / 'saves'}; Continue resumes it."


@pilot_test
async def test_a_long_answer_is_kept_whole_in_a_file_and_its_start_saved(make, tui_story, tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "handin"))
    app = make(session=at_ending(tui_story))
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
    text = LONG.strip()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        app.screen.query_one("#answer-0", TextArea).load_text(text)
        await pilot.pause()
        assert app.session is not None and app.session.state.answers["end_history/0"] == fit_answer(text)
        for _ in range(100):  # the file is written once typing pauses (a second), in a thread
            if notes:
                break
            await pilot.pause(0.1)
        (whole,) = (tmp_path / "handin").glob("ending-end_history-question-1-*.txt")
        assert whole.read_text(encoding="utf-8") == text + "\n"
        assert notes == [told(whole, text)]
        await pilot.press("ctrl+q")
    saved = json.loads((tmp_path / "saves" / "autosave.json").read_text(encoding="utf-8"))
    assert saved["answers"]["end_history/0"] == fit_answer(text) and len(fit_answer(text)) <= MAX_ANSWER_CHARS
    assert app.farewell == [saved_in(tmp_path)]


@pilot_test
async def test_quitting_at_once_still_writes_the_whole_answer_and_says_where(make, tui_story, tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "handin"))
    app = make(session=at_ending(tui_story))
    text = LONG.strip()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#answer-1", TextArea).load_text(text)
        await pilot.pause()
        await app.action_quit()  # before typing has paused a second
        await pilot.pause()
    (whole,) = (tmp_path / "handin").glob("ending-end_history-question-2-*.txt")
    assert whole.read_text(encoding="utf-8") == text + "\n"
    assert app.farewell == [saved_in(tmp_path), told(whole, text)]  # printed where the terminal shows it, after the game
    saved = json.loads((tmp_path / "saves" / "autosave.json").read_text(encoding="utf-8"))
    assert saved["answers"]["end_history/1"] == fit_answer(text)


@pilot_test
async def test_an_answer_within_the_limit_writes_no_file(make, tui_story, tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "handin"))
    app = make(session=at_ending(tui_story))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#answer-0", TextArea).load_text("x" * MAX_ANSWER_CHARS)
        await pilot.pause()
        await app.action_quit()
        await pilot.pause()
    assert not (tmp_path / "handin").exists() and app.farewell == [saved_in(tmp_path)]
    saved = json.loads((tmp_path / "saves" / "autosave.json").read_text(encoding="utf-8"))
    assert saved["answers"]["end_history/0"] == "x" * MAX_ANSWER_CHARS
