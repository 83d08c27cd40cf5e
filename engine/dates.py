"""Dates as the case files and rule files write them: a day, a month or a year, or a span.

A date is ISO 8601 cut to the precision the source gives (``2011``, ``2011-03``,
``2011-03-15``); a span joins two such dates with a slash (``2011-02/2011-04``). Each
stands for the days it may be: its first and its last possible day. The law reads those
bounds (docs/semantics.md §8): a period of prescription runs from the last day the
offence may have been committed, a text is in force at a decision given on a day within
its dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ONE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class Span:
    """The first and the last day a written date may be."""

    first: date
    last: date

    def __str__(self) -> str:
        return self.first.isoformat() if self.first == self.last else f"{self.first}/{self.last}"


def _bounds(text: str) -> tuple[date, date]:
    match = _ONE.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a date: write it YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601), "
            "or a span of two such dates joined by '/'"
        )
    year, month, day = int(match[1]), match[2], match[3]
    if year < 1:
        raise ValueError(f"{text!r} is not a date: there is no year 0")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= int(month) <= 12:
        raise ValueError(f"{text!r} is not a date: there is no month {month}")
    last_day = calendar.monthrange(year, int(month))[1]
    if day is None:
        return date(year, int(month), 1), date(year, int(month), last_day)
    if not 1 <= int(day) <= last_day:
        raise ValueError(f"{text!r} is not a date: {year}-{month} has no day {day}")
    one = date(year, int(month), int(day))
    return one, one


def span(text: str) -> Span:
    """The days ``text`` (a date or a span ``A/B``) may be; ``ValueError`` with a plain message."""
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError(f"{text!r} is not a date: a span joins two dates with one '/'")
    first = _bounds(parts[0].strip())
    last = _bounds(parts[-1].strip())
    if last[1] < first[0]:
        raise ValueError(f"{text!r} is not a date: the span ends before it begins")
    return Span(first[0], last[1])


def check_span(value: object) -> object:
    """A pydantic validator: ``value`` unchanged if it is a date or a span, else a plain error."""
    if isinstance(value, str):
        span(value)
    return value


def check_day(value: object) -> object:
    """A pydantic validator: ``value`` unchanged if it is one date (no span), else a plain error."""
    if isinstance(value, str):
        if "/" in value:
            raise ValueError(f"{value!r} is one date, not a span: write it YYYY, YYYY-MM or YYYY-MM-DD")
        span(value)
    return value


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` later, from date to date (29 February to 28 February when needed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


__all__ = ["Span", "add_years", "check_day", "check_span", "span"]
