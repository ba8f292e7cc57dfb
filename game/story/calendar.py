"""A story's calendar: which written dates exist, and how each is shown.

The one place for the date rule. ``story.yaml`` declares the calendar:

- ``gregorian`` (the default): dates are shown as written, "20 July 1969";
- ``julian``: dates are Old Style and shown with their New Style day beside
  them, "24 October 1917 (O.S.) · 6 November (N.S.)"; with ``gregorian_from``
  (the first Gregorian day: Russia's was 14 February 1918) dates from that day
  on are New Style, "3 March 1918 (N.S.)", and the days the switch skipped are
  not dates of the story;
- ``none``: the story is undated, and a date anywhere is an error.

The loader asks ``Calendar.date`` for every written date, so a date that does
not exist in the story's calendar (``2100-02-29`` in the Gregorian one) is a
load error with a position, and every view shows ``StoryDate.both()``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

CALENDARS = ("gregorian", "julian", "none")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# How a date is shown (StoryDate.style).
PLAIN = ""  # the story has one calendar: the date alone
OLD_STYLE = "old"  # a Julian date: shown with the Gregorian day beside it
NEW_STYLE = "new"  # a Gregorian date of a story whose earlier dates were Julian: marked N.S.


class DateProblem(ValueError):
    """A written date the story's calendar does not have: ``message`` and ``hint`` for the author."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class StoryDate:
    """A date as the story writes it, with how its calendar shows it (``style``).

    A date may be only a year (``month`` and ``day`` 0) or a year and month
    (``day`` 0), for what the sources date no closer; such a date is shown as
    written, with no calendar conversion, since it claims no particular day.
    """

    year: int
    month: int
    day: int
    style: str = PLAIN

    @property
    def precise(self) -> bool:
        """True for a full year-month-day date."""
        return self.month > 0 and self.day > 0

    @property
    def is_old_style(self) -> bool:
        return self.style == OLD_STYLE

    def gap_days(self) -> int:
        """Days between the Julian and Gregorian calendars on this (Julian) date."""
        y, m = self.year, self.month
        if m <= 2:  # the gap grows on the Julian 29 February of a century year
            y -= 1
        return y // 100 - y // 400 - 2

    def new_style(self) -> _dt.date:
        """The Gregorian date; the same date when it is already Gregorian (the first day of a partial date)."""
        month, day = self.month or 1, self.day or 1
        if not self.is_old_style:
            return _dt.date(self.year, month, day)
        # A Julian date may not exist in the Gregorian calendar (29 Feb 1900): count days.
        base = _dt.date(self.year, month, 1) + _dt.timedelta(days=day - 1)
        return base + _dt.timedelta(days=self.gap_days())

    def old_text(self) -> str:
        """The date as written, in the story's own calendar: '24 October 1917', 'March 1918', '2001'."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    def both(self) -> str:
        """The date as the story shows it: '20 July 1969'; '24 October 1917 (O.S.) · 6 November (N.S.)'
        in a Julian story; '3 March 1918 (N.S.)' after its switch to the Gregorian calendar; a partial date as written."""
        if not self.precise:
            return self.old_text()
        if self.style == NEW_STYLE:
            return f"{self.old_text()} (N.S.)"
        if self.style != OLD_STYLE:
            return self.old_text()
        ns = self.new_style()
        tail = f"{ns.day} {MONTHS[ns.month - 1]}" + (f" {ns.year}" if ns.year != self.year else "")
        return f"{self.old_text()} (O.S.) · {tail} (N.S.)"

    def iso(self) -> str:
        """'1917-10-25', or '1918-03' and '2001' for partial dates (as they are written)."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def month_days(year: int, month: int, julian: bool) -> int:
    """Days in a month: every fourth year leaps in the Julian calendar; not 1900 or 2100 in the Gregorian one."""
    if month == 2:
        leap = year % 4 == 0 and (julian or year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Calendar:
    """The calendar a story writes its dates in (see the module docstring)."""

    kind: str = "gregorian"
    gregorian_from: tuple[int, int, int] | None = None  # julian stories that switch: the first Gregorian day

    @property
    def dated(self) -> bool:
        return self.kind != "none"

    def spec(self) -> str:
        """A short text naming this calendar, which ``from_spec`` reads back (transcripts keep it)."""
        if self.gregorian_from is None:
            return self.kind
        y, m, d = self.gregorian_from
        return f"{self.kind} until {y:04d}-{m:02d}-{d:02d}"

    @classmethod
    def from_spec(cls, spec: object) -> Calendar:
        """The calendar ``spec()`` wrote; the Gregorian one for anything else (untrusted files)."""
        if not isinstance(spec, str):
            return cls()
        kind, _, until = spec.partition(" until ")
        if kind not in CALENDARS:
            return cls()
        try:
            y, m, d = (int(x) for x in until.split("-")) if until else (0, 0, 0)
        except ValueError:
            return cls(kind)
        return cls(kind, (y, m, d) if until else None)

    def parse(self, text: str) -> StoryDate:
        """The date ``StoryDate.iso()`` wrote ('1917-10-25', '1918-03', '2001'); ValueError for anything else."""
        parts = [int(x) for x in text.split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(text)
        return self.date(*parts, *([0] * (3 - len(parts))))

    def date(self, year: int, month: int, day: int) -> StoryDate:
        """The story's date written ``year-month-day`` (``day``, or ``month`` and ``day``, 0 when the
        sources give no closer date); DateProblem when its calendar has no such day."""
        written = StoryDate(year, month, day).iso()
        if self.kind == "none":
            raise DateProblem(
                f"'{written}' is a date, but this story is undated (calendar: none)",
                "remove the date, or declare 'calendar: gregorian' in story.yaml",
            )
        if not 0 <= month <= 12 or (month == 0 and day):
            raise DateProblem(f"'{written}' is not a real date: there is no month {month}", "write dates as YYYY-MM-DD")
        if year < 1:
            raise DateProblem(f"'{written}' is not a real date: there is no year 0", "years start at 0001")
        if not day:  # a year, or a year and month: shown as written, no conversion
            return StoryDate(year, month, 0)
        if self.kind == "gregorian":
            _check_day(written, year, month, day, julian=False)
            return StoryDate(year, month, day)
        switch = self.gregorian_from
        if switch is not None and (year, month, day) >= switch:
            _check_day(written, year, month, day, julian=False)
            return StoryDate(year, month, day, NEW_STYLE)
        _check_day(written, year, month, day, julian=True)
        if year >= 9999:  # its Gregorian day may fall in year 10000, past what can be shown
            raise DateProblem(f"'{written}' is past the last Julian year this engine shows (9998)")
        date = StoryDate(year, month, day, OLD_STYLE)
        if switch is not None:
            ns = date.new_style()
            if (ns.year, ns.month, ns.day) >= switch:
                last = _dt.date(*switch) - _dt.timedelta(days=1 + date.gap_days())
                first = StoryDate(*switch)
                raise DateProblem(
                    f"'{written}' is not a date of this story: its Julian calendar ends on {last.day} "
                    f"{MONTHS[last.month - 1]} {last.year}, and the next day is {first.old_text()}",
                    "write dates from the switch on in the Gregorian calendar (New Style)",
                )
        return date


def _check_day(written: str, year: int, month: int, day: int, julian: bool) -> None:
    days = month_days(year, month, julian)
    if not 1 <= day <= days:
        name = "Julian" if julian else "Gregorian"
        raise DateProblem(
            f"'{written}' is not a real date",
            f"{MONTHS[month - 1]} {year} has {days} days in the {name} calendar",
        )
