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

from verdict.messages import Message

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
        raise ValueError(Message("date.bad_form", text=repr(text)))
    year, month, day = int(match[1]), match[2], match[3]
    if year < 1:
        raise ValueError(Message("date.no_year_0", text=repr(text)))
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= int(month) <= 12:
        raise ValueError(Message("date.no_month", text=repr(text), month=month))
    last_day = calendar.monthrange(year, int(month))[1]
    if day is None:
        return date(year, int(month), 1), date(year, int(month), last_day)
    if not 1 <= int(day) <= last_day:
        raise ValueError(Message("date.no_day", text=repr(text), year=year, month=month, day=day))
    one = date(year, int(month), int(day))
    return one, one


def span(text: str) -> Span:
    """The days ``text`` (a date or a span ``A/B``) may be; ``ValueError`` with a plain message."""
    parts = text.split("/")
    if len(parts) > 2:
        raise ValueError(Message("date.span_slashes", text=repr(text)))
    first = _bounds(parts[0].strip())
    last = _bounds(parts[-1].strip())
    if last[1] < first[0]:
        raise ValueError(Message("date.span_order", text=repr(text)))
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
            raise ValueError(Message("date.not_a_span", text=repr(value)))
        span(value)
    return value


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` later, from date to date (29 February to 28 February when needed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


__all__ = ["Span", "add_years", "check_day", "check_span", "span"]
