"""Assignment rules in the Textual app (Pilot) and in plain mode: perspective fixed, undo off, export refused."""

from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path

from test_transcript import STORY

from game.play.options import PlayOptions
from game.story.loader import load_story
from game.tools.assignment import load_assignment
from game.views.plain import run_plain

STRICT = str(Path(__file__).resolve().parent.parent / "fixtures" / "teacher" / "assignments" / "strict.yaml")


def options(tmp_path: Path, **more) -> PlayOptions:
    base = PlayOptions(STORY, saves_dir=str(tmp_path / "saves"), assignment=STRICT, player="Anna", **more)
    return load_assignment(STRICT).apply(base)  # what launch() does before any view starts


def test_app_enforces_the_assignment(tmp_path, monkeypatch):
    from textual.widgets import Markdown, OptionList, TextArea

    from game.views.tui.app import make_app
    from game.views.tui.debrief import DebriefScreen

    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "out"))
    story = load_story(STORY)
    app = make_app(story, options(tmp_path))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            menu = app.screen.query_one("#perspectives", OptionList)
            assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == ["soldier"]
            await pilot.press("enter", "enter")
            await pilot.pause()
            briefing = app.screen.query_one(Markdown).source  # the teacher's instructions come first
            assert "Assignment: The night of 25 October · class 10B · due 2026-12-04" in briefing
            assert "answer both questions, then hand in the transcript" in briefing
            await pilot.press("enter")  # Begin
            await pilot.pause()
            assert app.session is not None and app.session.state.perspective == "soldier"
            await pilot.press("1")  # take the rifle
            await pilot.pause()
            assert not app.session.can_undo
            assert app.screen.check_action("undo", ()) is False  # hidden from the footer
            await pilot.press("2", "1")  # to the Smolny, stay in the hall
            await pilot.pause()
            assert isinstance(app.screen, DebriefScreen)
            note = str(app.screen.query_one("#assignment-note").render())
            assert "Assignment: The night of 25 October · class 10B · due 2026-12-04." in note
            assert "at least 3 words each" in note
            await pilot.press("t")
            await pilot.pause()
            notes = [n.message for n in app._notifications]
            assert any("question 1 has no answer yet" in m for m in notes), notes
            assert not (tmp_path / "out").exists()
            app.screen.query_one("#answer-0", TextArea).load_text("The garrison had the guns.")
            app.screen.query_one("#answer-1", TextArea).load_text("The handout, because it cites sources.")
            app.screen.query_one("#export-transcript").scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click("#export-transcript")
            await pilot.pause()

    asyncio.run(scenario())
    written = wait_for_files(tmp_path / "out", 2)
    assert [Path(n).suffix for n in written] == [".html", ".json"]
    data = json.loads((tmp_path / "out" / written[1]).read_text(encoding="utf-8"))
    assert data["assignment"]["title"] == "The night of 25 October"
    assert [q["answer"] for q in data["questions"]] == ["The garrison had the guns.", "The handout, because it cites sources."]


def wait_for_files(folder: Path, count: int, timeout: float = 20) -> list[str]:
    """Textual delivers files from a thread: wait until both are complete JSON/HTML."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        if len(names) >= count and all((folder / n).read_text(encoding="utf-8").rstrip().endswith(("}", "</html>"))
                                       for n in names):
            return names
        time.sleep(0.05)
    raise AssertionError(f"expected {count} transcript files in {folder}")


def test_plain_mode_enforces_the_assignment(tmp_path):
    out = tmp_path / "anna.json"
    script = "\n".join([
        "1", "undo", "2", "1",  # no perspective question: the assignment fixes it
        "short", "",  # too short, then skipped
        f"transcript {out}",
        "look", "The garrison had the guns.", "The handout, because it cites sources.",
        f"transcript {out}", "quit", "",
    ])
    stdout = io.StringIO()
    assert run_plain(load_story(STORY), options(tmp_path), stdin=io.StringIO(script), stdout=stdout) == 0
    text = stdout.getvalue()
    assert "Assignment: The night of 25 October · class 10B · due 2026-12-04" in text
    assert "Play to an ending, answer both questions, then hand in the transcript." in text
    assert "**" not in text  # plain text, not Markdown
    assert "Whose story do you follow?" not in text
    assert "Cannot do that: undo is turned off for this game" in text
    assert "Cannot write the transcript: Question 1 needs at least 3 words (your answer has 1)" in text
    assert f"Transcript written to {out} (JSON)." in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["perspective"]["id"] == "soldier" and data["assignment"]["class"] == "10B"


def test_plain_mode_transcript_without_assignment(tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "downloads"))
    out = tmp_path / "t.md"
    plain = PlayOptions(STORY, saves_dir=str(tmp_path / "saves"), perspective="worker")
    script = f"transcript\n1\n2\nbecause\n{'transcript ' + str(out)}\nquit\n"
    stdout = io.StringIO()
    assert run_plain(load_story(STORY), plain, stdin=io.StringIO(script), stdout=stdout) == 0
    folder = tmp_path / "downloads"  # 'transcript' alone: both files, as the app writes them
    assert f"Transcript written to {folder}: teacher-fixture-transcript-" in stdout.getvalue()
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".json"]
    assert "## The ending: Walkout" in out.read_text(encoding="utf-8")
