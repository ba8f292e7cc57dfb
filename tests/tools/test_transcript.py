"""Transcripts from real finished games: every format, from a save slot, file and JSON, safely escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game import __version__
from game.cli import main
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.loader import load_story
from game.tools.assignment import Assignment
from game.tools.transcript import TranscriptError, build_transcript, parse_transcript
from game.tools.transcript_html import render_html
from game.tools.transcript_markdown import render_markdown

STORY = str(Path(__file__).resolve().parent.parent / "fixtures" / "teacher" / "story")
SOLDIER_PATH = ("take_rifle", "go", "stay")
WORKER_PATH = ("walk", "leave")


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


def play(story, perspective="soldier", path=SOLDIER_PATH, name="Anna Petrova", answers=("The garrison had the rifles.", "The handout, it gives sources.")):
    """A real game driven through Session to its ending, with reflection answers given."""
    session = Session(story, perspective, player=name)
    for choice in path:
        session.choose(choice)
    for i, text in enumerate(answers[: len(session.answers())]):
        session.answer(i, text)
    return session


def saved(story, tmp_path, session, slot="1", seconds=1500.0) -> Path:
    folder = tmp_path / "saves"
    SaveStore(folder, story).save(slot, session, seconds)
    return folder


def test_json_has_everything_a_teacher_needs(story):
    session = play(story)
    t = build_transcript(session, 1500, Assignment(title="History 10B", class_name="10B", due="2026-12-04"))
    assert t["student"] == "Anna Petrova"
    assert t["perspective"] == {"id": "soldier", "title": "Soldier"}
    assert [(s["title"], s["choice_text"]) for s in t["steps"]] == [
        ("The barracks", "Take a rifle"), ("The barracks", "Go to the Smolny"), ("The Smolny", "Stay in the hall"),
    ]
    assert t["ending"]["title"] == "As it happened" and "Power passes to the Soviets, Anna Petrova." in t["ending"]["text"]
    assert t["debrief"]["what_happened"][0]["cite"][0]["quote"] == "went over to the Soviet"
    assert t["debrief"]["path"][0]["history"]["text"] == "The garrison went over to the Soviet."  # glossary link made plain
    assert [e["text"] for e in t["debrief"]["epilogue"]] == ["Your party won.", "Years passed."]
    assert t["questions"][1] == {"question": "Which source would you trust for a date, and why?", "answer": "The handout, it gives sources."}
    assert t["played_seconds"] == 1500
    assert t["story"] == {"id": "teacher-fixture", "title": "A Night at the Smolny", "version": 2, "content_hash": story.content_hash,
                          "calendar": "julian"}
    assert t["engine"] == __version__
    assert t["assignment"]["title"] == "History 10B"
    assert [s["key"] for s in t["sources"]] == ["handout", "calendar"]
    assert parse_transcript(json.dumps(t)) == t


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_cli_exports_every_format_from_a_save_slot(story, tmp_path, capsys, fmt):
    folder = saved(story, tmp_path, play(story))
    out = tmp_path / f"anna.{fmt}"
    assert main(["transcript", "1", "--saves", str(folder), "--story", STORY, "-o", str(out)]) == 0
    assert "Transcript written to" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    for needed in ("Anna Petrova", "Soldier", "The barracks", "Go to the Smolny", "Stay in the hall", "As it happened",
                   "went over to the Soviet", "Which date?", "Which source would you trust for a date",
                   "The handout, it gives sources.", "A Night at the Smolny", story.content_hash, __version__):
        assert needed in text, (fmt, needed)
    if fmt != "json":
        assert "25 min" in text and "24 October 1917 (O.S.) · 6 November (N.S.)" in text
        assert "Here your path left history." not in text  # taking a rifle stays in the scene: not a decision
    else:
        assert json.loads(text)["played_seconds"] == 1500


def test_cli_reads_a_save_file_path_and_prints_markdown(story, tmp_path, capsys):
    folder = saved(story, tmp_path, play(story, "worker", WORKER_PATH, answers=("To keep my hands clean.",)), slot="homework")
    assert main(["transcript", str(folder / "homework.json"), "--story", STORY, "--name", "A. P."]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# A Night at the Smolny: transcript")
    assert "| Student | A. P. |" in text and "Walkout (counterfactual)" in text
    assert "> To keep my hands clean." in text


def test_json_transcript_is_reprinted_in_another_format(story, tmp_path, capsys):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(build_transcript(play(story), 60)), encoding="utf-8")
    assert main(["transcript", str(path), "--format", "html"]) == 0
    assert "<!DOCTYPE html>" in capsys.readouterr().out


def test_unreadable_save_is_one_line_exit_2(story, tmp_path, capsys):
    bad = tmp_path / "saves" / "3.json"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    assert main(["transcript", "3", "--saves", str(bad.parent), "--story", STORY]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "3.json" in err and "Traceback" not in err


def test_html_is_self_contained_phone_ready_and_printable(story):
    page = render_html(build_transcript(play(story), 60))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page and "@media (max-width" in page
    assert "default-src 'none'" in page  # even injected markup could fetch nothing
    for fetch in ("<script", "<link", "@import", "url(", "src=", "http://", "https://"):
        assert fetch not in page, fetch


def test_untrusted_text_is_escaped(story):
    hostile = '<script>alert("x")</script>'
    session = play(story, name=hostile, answers=('<img src=x onerror=alert(1)>', "**fine** & *dandy*"))
    page = render_html(build_transcript(session, 60))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_renderers_survive_hand_mangled_files():
    mangled = {"kind": "petrograd-transcript", "format": 1, "story": {"title": 7}, "steps": [{"scene": "a", "choice": "b", "date": "1917-13-40"}, "junk"],
               "questions": [{"question": None, "answer": 3}], "debrief": {"path": [None, {"historical": "yes"}], "what_happened": "x"},
               "ending": ["not", "a", "dict"], "played_seconds": -5, "sources": [None]}
    for render in (render_markdown, render_html):
        assert render(mangled)
        assert render({})


def test_unfinished_game_has_no_ending(story):
    session = Session(story, "soldier")
    session.choose("go")
    t = build_transcript(session, 10)
    assert t["ending"] is None and t["debrief"] is None and t["at"]["scene"] == "smolny"
    assert "not reached" in render_markdown(t)


@pytest.mark.parametrize("text, message", [
    ("{", "not JSON"),
    ('{"kind": "something-else"}', "not a Petrograd transcript"),
    ('{"kind": "petrograd-transcript", "format": 99}', "format 99"),
    ('{"kind": "petrograd-transcript", "format": 1, "story": {}, "steps": [1], "questions": [], "final_vars": {}, "at": {}}', "step 1"),
])
def test_parse_refuses_what_is_not_a_transcript(text, message):
    with pytest.raises(TranscriptError, match=re.escape(message)):
        parse_transcript(text)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_transcript_marks_where_the_path_left_history(story, tmp_path, fmt):
    session = play(story, perspective="worker", path=("walk", "leave"), answers=())
    assert session.debrief().left_history_at == 0
    folder = saved(story, tmp_path, session)
    out = tmp_path / f"worker.{fmt}"
    assert main(["transcript", "1", "--saves", str(folder), "--story", STORY, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Here your path left history." in text and "not what happened" in text


def test_historians_section_in_every_format(story):
    """The ending's own 'historians' note, then story.yaml's shared one, in JSON, Markdown and HTML."""
    t = build_transcript(play(story), 60)
    assert t["debrief"]["historians"] == [
        {"title": "Coup or revolution?", "text": "Some historians call October a party's coup; others a popular revolution.",
         "tag": "general", "cite": []},
        {"title": "Who decided?", "text": "Historians still argue who decided October.", "tag": "general", "cite": []},
    ]
    md = render_markdown(t)
    assert "## Where historians disagree\n\n### Coup or revolution? *(General knowledge)*\n\n" in md
    assert md.index("## Where the sources disagree") < md.index("## Where historians disagree") < md.index("## Afterwards")
    page = render_html(t)
    assert '<h2>Where historians disagree</h2><h3>Coup or revolution? <span class="tag">General knowledge</span></h3>' in page.replace("\n", "")
    worker = build_transcript(play(story, perspective="worker", path=WORKER_PATH, answers=()), 60)
    assert [h["title"] for h in worker["debrief"]["historians"]] == ["Who decided?"]  # the shared note reaches every debrief


def test_a_debrief_without_historians_notes_writes_no_historians_key(tmp_path):
    """Transcripts of stories that use no 'historians' notes are byte-for-byte what they were before the section existed."""
    root = tmp_path / "story"
    root.mkdir()
    for f in Path(STORY).iterdir():
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    story_text = (root / "story.yaml").read_text(encoding="utf-8")
    (root / "story.yaml").write_text(story_text.split("debrief:\n", 1)[0], encoding="utf-8")
    plain_story = load_story(str(root))
    t = build_transcript(play(plain_story, perspective="worker", path=WORKER_PATH, answers=()), 60)
    assert "historians" not in t["debrief"] and list(t["debrief"]) == ["what_happened", "path", "left_history_at", "disagree", "epilogue"]
    assert "historians" not in render_markdown(t) and "historians" not in render_html(t)


OLD_SHIPPED = Path(__file__).resolve().parent.parent / "fixtures" / "transcripts" / "shipped-before-calendar.json"
SHIPPED = str(Path(__file__).resolve().parent.parent.parent / "scenes")
FICTION = str(Path(__file__).resolve().parent.parent / "fixtures" / "fiction")


def test_a_transcript_written_before_calendars_takes_its_storys_calendar(capsys):
    """It names no calendar: its story, when at hand and the one it names, gives its dates their O.S./N.S. pair."""
    assert "calendar" not in json.loads(OLD_SHIPPED.read_text(encoding="utf-8"))["story"]
    assert main(["transcript", str(OLD_SHIPPED), "--format", "md", "--story", SHIPPED]) == 0
    text = capsys.readouterr().out
    assert "**Back from the Pulkovo heights** (29 August 1917 (O.S.) · 11 September (N.S.))" in text
    # Another story is not the one it names: its dates as before, plain.
    assert main(["transcript", str(OLD_SHIPPED), "--format", "md", "--story", FICTION]) == 0
    assert "**Back from the Pulkovo heights** (29 August 1917):" in capsys.readouterr().out
    # Re-printed as JSON, it stays as it was written.
    assert main(["transcript", str(OLD_SHIPPED), "--format", "json", "--story", SHIPPED]) == 0
    assert "calendar" not in json.loads(capsys.readouterr().out)["story"]


def test_verify_accepts_a_transcript_that_names_no_calendar(story):
    from game.tools.verify import verify_transcript

    data = build_transcript(play(story), 60)
    del data["story"]["calendar"]
    verdict = verify_transcript(data, story)
    assert verdict.problems == []
