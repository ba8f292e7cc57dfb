"""Dates the sources give no closer than a month or a year are shown as written, never as a made-up day."""

from __future__ import annotations

import pytest

from game.story.calendar import StoryDate
from game.story.errors import StoryError
from game.story.loader import load_story
from game.tools.transcript import date_text


def story_with(tmp_path, *dates: str) -> str:
    events = "".join(f"  - date: {d}\n    event: Event {i}.\n" for i, d in enumerate(dates))
    (tmp_path / "story.yaml").write_text("id: d\ntitle: D\nstart: hall\ncalendar: julian\ngregorian_from: 1918-02-14\n", encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text("timeline:\n" + events, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(
        "scenes:\n  - id: hall\n    title: Hall\n    text: Hi.\n    choices:\n      - {text: Stay, to: hall}\n", encoding="utf-8"
    )
    return str(tmp_path)


def test_year_and_month_dates_load_and_show_as_written(tmp_path):
    story = load_story(story_with(tmp_path, '"2001"', "2001", "1918-03", "1917-10-25", "1921-03-18"))
    dates = [e.date for e in story.timeline]
    assert dates == [StoryDate(2001, 0, 0), StoryDate(2001, 0, 0), StoryDate(1918, 3, 0), StoryDate(1917, 10, 25, "old"),
                     StoryDate(1921, 3, 18, "new")]
    assert [d.both() for d in dates] == [
        "2001", "2001", "March 1918", "25 October 1917 (O.S.) · 7 November (N.S.)", "18 March 1921 (N.S.)",
    ]
    assert [d.iso() for d in dates] == ["2001", "2001", "1918-03", "1917-10-25", "1921-03-18"]
    assert [d.precise for d in dates] == [False, False, False, True, True]
    # a transcript stores iso(); reading it back gives the same text
    assert [date_text(d.iso(), story.calendar.spec()) for d in dates] == [d.both() for d in dates]


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("1918-13", "'1918-13' is not a real date: there is no month 13", "write dates as YYYY-MM-DD"),
        ("201", "'201' is not a date", "write dates as YYYY-MM-DD in the story's calendar, or YYYY-MM or \"YYYY\" when the day is not known"),
        ("1918-3", "'1918-3' is not a date", "write dates as YYYY-MM-DD in the story's calendar, or YYYY-MM or \"YYYY\" when the day is not known"),
    ],
)
def test_bad_partial_dates_are_one_clear_error(tmp_path, written, message, hint):
    with pytest.raises(StoryError) as caught:
        load_story(story_with(tmp_path, written))
    (finding,) = caught.value.findings
    assert (finding.code, finding.pos.line, finding.pos.column, finding.message, finding.hint) == (
        "E018", 2, 11, message, hint,
    )
