"""A finding the law derives from a case's dates: its id, its spans, the findings it reads, its
sources (engine/model/dated.py derives them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verdict.engine.model.base import Text
from verdict.engine.model.case import Case, Charge, Finding
from verdict.engine.model.dates import Span, span
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import DateRule

PREFIX = "from_dates_"
"""The ids of derived findings begin with this; a case's own finding ids may not."""


def is_derived(finding_id: str) -> bool:
    """Whether a finding was derived from the dates, not stated by the case."""
    return finding_id.startswith(PREFIX)


@dataclass(frozen=True)
class Derived:
    """What a date rule gives for one charge: the level of its fact, in words, with its sources."""

    level: Level
    summary: Text
    source: str


def spans(findings: Iterable[Finding]) -> list[Span]:
    """The dates of the findings that at least make their fact plausible."""
    return [span(f.date) for f in findings if f.date is not None and f.level >= Level.PLAUSIBLE]


def union(spans: Sequence[Span]) -> Span | None:
    """The smallest span holding every one of ``spans`` (None for none)."""
    if not spans:
        return None
    return Span(min(s.first for s in spans), max(s.last for s in spans))


def bearing(case: Case, charge: Charge, facts: Sequence[str], any_accused: bool = False) -> list[Finding]:
    """The case's findings on ``facts`` for ``charge`` (with ``any_accused``: whoever they name)."""
    out = []
    for f in case.findings:
        if f.fact not in facts or is_derived(f.id):
            continue
        if f.offence is not None and charge.offence not in f.offence:
            continue
        if not any_accused and f.accused is not None and charge.accused not in f.accused:
            continue
        out.append(f)
    return out


def cite(sources: Iterable[Text]) -> str:
    """The citations alone, without the words that gloss them (they are shown in both languages)."""
    out = []
    for source in sources:
        text = source.en
        for stop in (":", " ("):
            text = text.split(stop)[0]
        out.append(text.strip())
    return "; ".join(dict.fromkeys(out))


def rule_sources(rule: DateRule) -> str:
    """A date rule's citations, as a derived finding names its source."""
    return cite(rule.sources)
