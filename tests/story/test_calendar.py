"""A story's calendar: declared in story.yaml, dates validated in it, shown as it shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story.calendar import Calendar, DateProblem
from game.story.errors import StoryError
from game.story.loader import load_story

RUSSIA = Calendar("julian", (1918, 2, 14))


def test_gregorian_dates_are_shown_alone():
    assert Calendar().date(1969, 7, 20).both() == "20 July 1969"
    assert Calendar("gregorian").date(1851, 5, 1).both() == "1 May 1851"


def test_julian_dates_show_the_gregorian_day_beside():
    assert RUSSIA.date(1917, 10, 24).both() == "24 October 1917 (O.S.) · 6 November (N.S.)"
    assert RUSSIA.date(1917, 12, 25).both() == "25 December 1917 (O.S.) · 7 January 1918 (N.S.)"
    assert Calendar("julian").date(1700, 2, 29).both() == "29 February 1700 (O.S.) · 11 March (N.S.)"


def test_after_the_switch_dates_are_new_style():
    assert RUSSIA.date(1918, 1, 31).both() == "31 January 1918 (O.S.) · 13 February (N.S.)"
    assert RUSSIA.date(1918, 2, 14).both() == "14 February 1918 (N.S.)"
    assert RUSSIA.date(1918, 3, 3).both() == "3 March 1918 (N.S.)"


def test_days_the_switch_skipped_are_not_dates():
    with pytest.raises(DateProblem) as caught:
        RUSSIA.date(1918, 2, 5)
    assert caught.value.message == (
        "'1918-02-05' is not a date of this story: its Julian calendar ends on 31 January 1918, "
        "and the next day is 14 February 1918"
    )


@pytest.mark.parametrize(
    ("calendar", "date", "hint"),
    [
        (Calendar(), (2100, 2, 29), "February 2100 has 28 days in the Gregorian calendar"),
        (Calendar(), (1900, 2, 29), "February 1900 has 28 days in the Gregorian calendar"),
        (Calendar(), (1917, 4, 31), "April 1917 has 30 days in the Gregorian calendar"),
        (Calendar("julian"), (1917, 2, 30), "February 1917 has 28 days in the Julian calendar"),
    ],
)
def test_a_day_the_calendar_lacks_is_refused(calendar, date, hint):
    with pytest.raises(DateProblem) as caught:
        calendar.date(*date)
    assert caught.value.hint == hint


def test_leap_days_each_calendar_has():
    assert Calendar().date(2000, 2, 29).both() == "29 February 2000"
    assert Calendar("julian").date(1900, 2, 29).both() == "29 February 1900 (O.S.) · 13 March (N.S.)"


def test_an_undated_story_has_no_dates():
    with pytest.raises(DateProblem) as caught:
        Calendar("none").date(1969, 7, 20)
    assert caught.value.message == "'1969-07-20' is a date, but this story is undated (calendar: none)"


def test_spec_round_trips():
    for calendar in (Calendar(), Calendar("none"), Calendar("julian"), RUSSIA):
        assert Calendar.from_spec(calendar.spec()) == calendar
    assert RUSSIA.spec() == "julian until 1918-02-14"
    assert Calendar.from_spec(None) == Calendar()
    assert Calendar.from_spec("maya") == Calendar()


def _story(tmp_path: Path, story_extra: str, date: str) -> Path:
    (tmp_path / "story.yaml").write_text(f"id: moon\ntitle: Moon\nstart: a\n{story_extra}", encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(
        f"scenes:\n  - id: a\n    title: A\n    date: {date}\n    text: Go.\n    choices:\n      - text: On\n        to: b\n"
        "endings:\n  - id: b\n    title: B\n    text: Done.\n",
        encoding="utf-8",
    )
    return tmp_path


def test_a_story_is_gregorian_by_default(tmp_path):
    story = load_story(str(_story(tmp_path, "", "1969-07-20")))
    assert story.calendar == Calendar()
    date = story.scenes["a"].date
    assert date is not None and date.both() == "20 July 1969"


def test_the_shipped_story_declares_russia_s_calendar():
    story = load_story(str(Path(__file__).resolve().parents[2] / "scenes"))
    assert story.calendar == RUSSIA


@pytest.mark.parametrize(
    ("extra", "date", "finding"),
    [
        ("", "2100-02-29",
         "scenes.yaml:4:11: error: '2100-02-29' is not a real date [E018] (February 2100 has 28 days in the Gregorian calendar)"),
        ("calendar: none\n", "1969-07-20",
         "scenes.yaml:4:11: error: '1969-07-20' is a date, but this story is undated (calendar: none) [E018] "
         "(remove the date, or declare 'calendar: gregorian' in story.yaml)"),
        ("calendar: julian\ngregorian_from: 1918-02-14\n", "1918-02-10",
         "scenes.yaml:4:11: error: '1918-02-10' is not a date of this story: its Julian calendar ends on 31 January 1918, "
         "and the next day is 14 February 1918 [E018] (write dates from the switch on in the Gregorian calendar (New Style))"),
        ("calendar: gregorain\n", "1969-07-20",
         "story.yaml:4:11: error: 'gregorain' is not a valid calendar [E019] (did you mean 'gregorian'?)"),
        ("gregorian_from: 1918-02-14\n", "1969-07-20",
         "story.yaml:4:17: error: 'gregorian_from' is only for 'calendar: julian', and this story is gregorian [E042] "
         "(remove it, or declare 'calendar: julian')"),
    ],
)
def test_bad_dates_and_calendars_are_load_errors(tmp_path, extra, date, finding):
    with pytest.raises(StoryError) as caught:
        load_story(str(_story(tmp_path, extra, date)))
    shown = [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings]
    assert finding in shown
