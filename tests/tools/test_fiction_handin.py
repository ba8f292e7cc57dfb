"""A fiction story's hand-in says nothing of history: the transcript (JSON, Markdown, HTML) and the
class report name its endings without a 'historical' or 'counterfactual' kind (issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.play.session import Session
from game.story.loader import load_story
from game.tools.report import build_report
from game.tools.report_render import render_html as report_html
from game.tools.report_render import render_markdown as report_markdown
from game.tools.transcript import build_transcript
from game.tools.transcript_html import render_html
from game.tools.transcript_markdown import render_markdown

FERRY = Path(__file__).resolve().parents[2] / "examples" / "ferry"
PATH = ("buy_lantern", "to_jetty", "riverbank", "to_bridge", "cross_lit", "to_lighthouse", "give_letter")


def words_of(html: str) -> str:
    """The page's words as a reader sees them: no style sheet, no tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)).lower()


def finished() -> Session:
    session = Session(load_story(str(FERRY)))
    for choice in PATH:
        session.choose(choice)
    return session


def test_the_transcript_of_a_fiction_story_names_no_kind_of_ending():
    t = build_transcript(finished(), 60)
    assert t["ending"]["title"] == "Delivered" and t["ending"]["kind"] == ""
    md = render_markdown(t)
    assert "| Ending | Delivered |" in md
    for word in ("historical", "counterfactual", "history"):
        assert word not in md.lower(), word
        assert word not in words_of(render_html(t)), word


def test_the_class_report_of_a_fiction_story_names_no_kind_of_ending(tmp_path):
    (tmp_path / "anna.json").write_text(json.dumps(build_transcript(finished(), 60)), encoding="utf-8")
    report = build_report(str(tmp_path), load_story(str(FERRY)))
    assert report.endings == [("Delivered", "", 1), ("Morning at the inn", "", 0), ("Taken by the river", "", 0)]
    md = report_markdown(report)
    assert "- Delivered: 1\n- Morning at the inn: 0\n" in md
    assert "historical" not in md and "counterfactual" not in md and "()" not in md
    assert "## Key decisions" not in md and "## Endings reached" in md and "## Unanswered questions" in md
    html = words_of(report_html(report))
    assert "the class at a glance" in html and "delivered" in html
    for word in ("histor", "counterfactual", "key decision"):
        assert word not in html, word
