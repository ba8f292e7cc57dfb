"""class-report over a folder of good, tampered, broken and foreign files: rows, summary, every format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from test_transcript import STORY, WORKER_PATH, play

from game.cli import main
from game.story.loader import load_story
from game.tools.report import build_report
from game.tools.report_render import render_csv, render_html, render_markdown
from game.tools.transcript import build_transcript


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


@pytest.fixture
def folder(story, tmp_path) -> Path:
    """Three genuine runs, a tampered one, a copied one, and files that are not transcripts."""
    out = tmp_path / "class"
    (out / "late").mkdir(parents=True)

    def put(name: str, data: object) -> None:
        (out / name).write_text(json.dumps(data), encoding="utf-8")

    put("anna.json", build_transcript(play(story, name="Anna"), 1800))
    put("boris.json", build_transcript(play(story, path=("go", "stay"), name="Boris", answers=("", "Dates differ.")), 900))
    put("late/vera.json", build_transcript(play(story, "worker", WORKER_PATH, name="Vera", answers=("Too risky to stay.",)), 1200))
    forged = build_transcript(play(story, name="Dmitri", answers=("Mine.", "Also mine.")), 600)
    forged["ending"]["title"] = "Walkout"
    put("dmitri.json", forged)
    copied = build_transcript(play(story, name="Egor"), 300)  # Anna's answers word for word
    put("egor.json", copied)
    (out / "broken.json").write_text('{"kind": "petrograd-transcript", "format": 1, "steps": [', encoding="utf-8")
    put("save.json", {"format": 2, "state": {}})
    (out / "essay.docx").write_bytes(b"PK\x03\x04\x00\xff\xfe binary")
    (out / ".hidden.json").write_text("ignored", encoding="utf-8")
    return out


def rows_by_file(report):
    return {r.file: r for r in report.rows}


def test_rows_say_what_each_file_is(story, folder):
    report = build_report(str(folder), story)
    rows = rows_by_file(report)
    assert sorted(rows) == ["anna.json", "boris.json", "broken.json", "dmitri.json", "egor.json", "essay.docx",
                            "late/vera.json", "save.json"]
    anna = rows["anna.json"]
    assert (anna.status, anna.student, anna.perspective, anna.ending, anna.scenes, anna.played_seconds,
            anna.answer_words) == ("genuine", "Anna", "Soldier", "As it happened", 3, 1800, [5, 5])
    assert rows["boris.json"].unanswered == 1 and rows["late/vera.json"].ending == "Walkout"
    assert rows["dmitri.json"].status == "not genuine"
    assert "ending.title: the transcript says “Walkout”" in rows["dmitri.json"].detail
    assert rows["egor.json"].status == "genuine" and rows["egor.json"].detail == "same answers as anna.json"
    assert rows["anna.json"].detail == "same answers as egor.json"  # both are flagged: who copied is for the teacher
    assert (rows["broken.json"].status, rows["save.json"].status, rows["essay.docx"].status) == ("broken", "foreign", "foreign")
    assert "not JSON" in rows["broken.json"].detail and "not a Petrograd transcript" in rows["save.json"].detail


def test_summary_counts_only_replaying_transcripts(story, folder):
    report = build_report(str(folder), story)
    assert [r.student for r in report.counted] == ["Anna", "Boris", "Egor", "Vera"]
    assert report.endings == [("As it happened", "historical", 3), ("Walkout", "counterfactual", 1)]
    decisions = {d.scene: d for d in report.decisions}
    assert set(decisions) == {"barracks", "smolny"}
    smolny = decisions["smolny"]
    assert [(o.text, o.count, o.historical) for o in smolny.options] == [
        ("Stay in the hall", 3, True), ("Walk out with the Mensheviks", 1, False)]
    assert [o.text for o in smolny.most] == ["Stay in the hall"]
    assert [o.text for o in decisions["barracks"].least] == ["Speak to the men"]
    assert ("Why did the garrison matter?", 1, 3) in report.unanswered


def test_markdown_and_csv(story, folder):
    report = build_report(str(folder), story)
    md = render_markdown(report)
    assert "8 files in" in md and "4 genuine, 1 not genuine, 1 broken, 2 foreign" in md
    assert "- As it happened (historical): 3" in md
    assert "Most taken: “Stay in the hall” (3). Least taken: “Walk out with the Mensheviks” (1)." in md
    assert "Least taken: “Speak to the men” (never)." in md
    assert "- Why did the garrison matter?: 1 of 3 left it empty" in md
    table = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert len(table) == 8
    anna = next(r for r in table if r["file"] == "anna.json")
    assert (anna["minutes_played"], anna["answer_words"], anna["verify"]) == ("30", "5 5", "genuine")


def test_html_draws_inline_svg_and_fetches_nothing(story, folder):
    page = render_html(build_report(str(folder), story))
    assert page.count("<svg") == 3  # two key decisions, unanswered questions (endings are in the overview)
    assert 'aria-label="What the class chose at The Smolny"' in page
    assert re.search(r"<title>Stay in the hall: 3 students · historical</title>", page)
    for fetch in ("<script", "<link", "@import", "url(", "src=", "http://", "https://"):
        assert fetch not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), fetch


def test_hostile_names_are_escaped_and_csv_formulas_defused(story, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    t = build_transcript(play(story, name='=HYPERLINK("http://x")<script>'), 60)
    (folder / "x.json").write_text(json.dumps(t), encoding="utf-8")
    report = build_report(str(folder), story)
    assert "<script>" not in render_html(report)
    row = next(csv.DictReader(io.StringIO(render_csv(report))))
    assert row["student"].startswith("'=")


def test_cli_formats_and_empty_or_missing_folders(story, folder, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["class-report", str(folder), "--story", STORY, "-o", str(out)]) == 0
    assert "8 files, 4 genuine transcripts" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["class-report", str(folder), "--story", STORY, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("file,student,perspective")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["class-report", str(empty), "--story", STORY]) == 0
    assert "0 files in" in capsys.readouterr().out
    assert main(["class-report", str(tmp_path / "nowhere"), "--story", STORY]) == 2


def test_without_a_story_rows_are_unverified(folder):
    report = build_report(str(folder), None)
    assert rows_by_file(report)["anna.json"].status == "unverified"
    assert report.counted == [] and report.decisions == []
    assert "nothing was verified" in render_markdown(report)


def test_answers_are_gathered_by_question_for_reading(story, folder):
    report = build_report(str(folder), story)
    md = render_markdown(report)
    section = md.split("## Answers", 1)[1]
    assert "### Why did the garrison matter?" in section
    assert "- **Anna**: The garrison had the rifles." in section
    assert "- **Dmitri** *(not genuine)*: Mine." in section
    assert "- **Boris**: *(no answer)*" in section
    page = render_html(report)
    assert '<dt>Boris</dt><dd><span class="empty">(no answer)</span></dd>' in page


def test_an_answer_copied_to_another_question_is_flagged(story, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    said = "The garrison sided with the Soviet that night."
    (folder / "a.json").write_text(json.dumps(build_transcript(play(story, name="A", answers=(said, "Mine own.")), 60)), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(build_transcript(play(story, name="B", answers=("Other words.", said)), 60)), encoding="utf-8")
    (folder / "c.json").write_text(json.dumps(build_transcript(play(story, name="C", answers=("I do not know.", "Other words.")), 60)), encoding="utf-8")
    (folder / "d.json").write_text(json.dumps(build_transcript(play(story, name="D", answers=("I do not know.", said + " Really.")), 60)), encoding="utf-8")
    rows = rows_by_file(build_report(str(folder), story))
    assert rows["a.json"].detail == "answer 1 is word for word b.json's answer 2"
    assert rows["b.json"].detail == "answer 2 is word for word a.json's answer 1"
    assert rows["c.json"].detail == "" and rows["d.json"].detail == ""  # four words alike is chance; a longer answer is not the same


def test_minutes_round_one_way_in_transcript_and_report(story, tmp_path):
    from game.tools.transcript import played_text
    from game.tools.transcript_markdown import render_markdown as transcript_md

    folder = tmp_path / "class"
    folder.mkdir()
    t = build_transcript(play(story), 230)  # 3 min 50 s
    (folder / "a.json").write_text(json.dumps(t), encoding="utf-8")
    report = build_report(str(folder), story)
    assert played_text(230) == "3 min" and "| Time played | 3 min |" in transcript_md(t)
    assert next(csv.DictReader(io.StringIO(render_csv(report))))["minutes_played"] == "3"
    assert "| Anna Petrova | Soldier | As it happened | historical | 3 | 3 |" in render_markdown(report)


def test_chart_keeps_room_for_the_longest_count():
    from game.tools.svgchart import WIDTH, Bar, bar_chart, text_width

    svg = bar_chart("Endings", [Bar("A long ending title", 12, "counterfactual"), Bar("B", 3, "historical", True)])
    longest = re.search(r'<rect x="0" y="18" width="(\d+)"', svg)
    count = re.search(r'<text x="(\d+)" y="31" fill="currentColor">12 students · counterfactual</text>', svg)
    assert longest and count and int(count.group(1)) == int(longest.group(1)) + 6
    assert int(count.group(1)) + text_width("12 students · counterfactual") <= WIDTH


def test_overview_shows_the_class_against_history(story, folder):
    page = render_html(build_report(str(folder), story))
    glance = page.split('<section class="glance"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r'<span class="glance-label" title="([^"]*)">[^<]*</span>\s*<span class="glance-bar" aria-hidden="true">'
        r'<span class="(\w+)" style="width: ([\d.]+)%"></span></span>\s*<span class="glance-count">([^<]*)</span>', glance)
    assert rows == [
        ("As it happened", "hist", "75.0", "3 of 4 · historical"),
        ("Walkout", "other", "25.0", "1 of 4 · counterfactual"),
        ("The barracks", "hist", "60.0", "3 of 5 as history went"),
        ("The Smolny", "hist", "75.0", "3 of 4 as history went"),
    ]
    assert "counted over 4 transcripts whose path replays exactly" in glance
    assert "@media print" in page and ".glance { break-after: page;" in page
