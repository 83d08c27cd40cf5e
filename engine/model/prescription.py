"""Prescription of the public action from the dates a case states: the period in force, when it
starts (a hidden offence from its discovery), what interrupts and what suspends it (docs/semantics.md §8).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from verdict.engine.model.base import Text
from verdict.engine.model.dates import Span, add_years, span
from verdict.engine.model.derived import Derived, cite, rule_sources
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import DateRule, Offence, Prescription, Suspension
from verdict.engine.model.rule_base import RuleBase


def _periods(base: RuleBase, offence: Offence) -> list[Prescription]:
    named = [p for p in base.prescription if p.offence is not None and p.applies(offence)]
    chosen = named or [p for p in base.prescription if p.offence is None and p.applies(offence)]
    return sorted(
        chosen, key=lambda p: span(p.in_force.from_).first if p.in_force and p.in_force.from_ else date.min
    )


def _expiry(start: date, periods: list[Prescription]) -> tuple[date | None, Prescription | None]:
    """When the action is prescribed if nothing interrupts it from ``start``, and under which period.

    A period that comes into force applies to offences not yet prescribed (Code pénal,
    art. 112-2 4°): an offence prescribed under the old period stays prescribed; one that
    is not runs under the new period, from the same start.
    """
    for period in periods:
        frm = span(period.in_force.from_).first if period.in_force and period.in_force.from_ else None
        until = span(period.in_force.until).last if period.in_force and period.in_force.until else None
        if until is not None and until < start:
            continue
        if period.imprescriptible:
            return None, period
        assert period.years is not None
        deadline = add_years(start, period.years)
        if frm is not None and deadline < frm:
            deadline = frm
        if until is None or deadline <= until:
            return deadline, period
    return None, None


def during(law: Suspension) -> Span:
    """The days a statute suspended every period of prescription."""
    assert law.during.from_ is not None and law.during.until is not None
    return Span(span(law.during.from_).first, span(law.during.until).last)


def _start(
    committed: Span, discovered: Span | None, periods: list[Prescription]
) -> tuple[date, date | None]:
    """When the period starts, and the day it may not run past: from the offence; for a
    hidden offence discovered later, from its discovery, where the period then in force
    admits it, and no later than its ``hidden_limit`` from the offence (CPP 9-1)."""
    if discovered is None or discovered.last <= committed.last:
        return committed.last, None
    _, period = _expiry(discovered.last, periods)
    if period is None or period.hidden_limit is None:
        return committed.last, None
    return discovered.last, add_years(committed.last, period.hidden_limit)


def _run(
    start: date, limit: date | None, periods: list[Prescription], suspensions: Sequence[Span]
) -> tuple[date | None, Prescription | None, list[Span]]:
    """The day the action is prescribed if nothing interrupts it from ``start``, the period,
    and the parts of ``suspensions`` that held it (CPP 9-3: the period does not run during an
    obstacle; the days already run count)."""
    expiry, period = _expiry(start, periods)
    if expiry is None:
        return None, period, []
    if limit is not None and limit < expiry:
        expiry = limit
    held: list[Span] = []
    covered = start
    for obstacle in sorted(suspensions, key=lambda s: s.first):
        first = max(obstacle.first, covered)
        if first >= expiry:
            break
        if obstacle.last < first:
            continue
        held.append(Span(first, obstacle.last))
        expiry += timedelta(days=(obstacle.last - first).days + 1)
        covered = obstacle.last + timedelta(days=1)
    return expiry, period, held


def _held(obstacle: Span, part: Span) -> bool:
    """Whether ``obstacle`` covers ``part`` of a period it held."""
    return obstacle.first <= part.first and part.last <= obstacle.last


def prescription(
    rule: DateRule,
    base: RuleBase,
    offence: Offence,
    committed: Span,
    acts: list[Span],
    decided: date,
    suspensions: Sequence[Span] = (),
    discovered: Span | None = None,
) -> Derived | None:
    """Whether the public action for ``offence`` committed in ``committed`` was prescribed when the
    decision was made, given the acts that interrupted it and what suspended it; None when no
    period of the rule base covers the offence."""
    periods = _periods(base, offence)
    if not periods:
        return None
    start, limit = _start(committed, discovered, periods)
    hidden_limit = limit
    interruptions: list[Span] = []
    held: list[Span] = []
    for act in sorted(acts, key=lambda a: a.last):
        expiry, _, holding = _run(start, limit, periods, suspensions)
        if expiry is None or act.last >= expiry or act.last > decided:
            break
        if act.last > start:
            held += [Span(h.first, min(h.last, act.last)) for h in holding if h.first <= act.last]
            start, limit = act.last, None
            interruptions.append(act)
    expiry, period, holding = _run(start, limit, periods, suspensions)
    held += holding
    if period is None:
        return None
    title = period.title
    cited = cite(period.sources)
    if expiry is None:
        return Derived(
            Level.DISPROVED,
            Text(
                en=f"From the dates: {offence.id} — {title.en}: the public action is not prescribed.",
                fr=f"D'après les dates : {offence.title.fr} — {title.fr} : "
                   "l'action publique n'est pas prescrite.",
            ),
            f"{cited}; {rule_sources(rule)}",
        )
    prescribed = expiry <= decided
    after_en = (
        f", interrupted {len(interruptions)} time(s), last on {interruptions[-1]}"
        if interruptions
        else ", never interrupted"
    )
    after_fr = (
        f", interrompue {len(interruptions)} fois, en dernier le {interruptions[-1]}"
        if interruptions
        else ", jamais interrompue"
    )
    if hidden_limit is not None and discovered is not None:
        after_en = (
            f"; a hidden offence, the period ran from its discovery ({discovered}), "
            f"but not past {hidden_limit}" + after_en
        )
        after_fr = (
            f" ; infraction occulte ou dissimulée, le délai a couru de sa découverte ({discovered}), "
            f"sans pouvoir dépasser le {hidden_limit}" + after_fr
        )
    laws = [law for law in rule.suspensions if any(_held(during(law), h) for h in held)]
    if held:
        days = sum((h.last - h.first).days + 1 for h in held)
        named_en = "".join(f" ({law.title.en})" for law in laws)
        named_fr = "".join(f" ({law.title.fr})" for law in laws)
        after_en += f"; suspended {days} day(s) by an obstacle to prosecution{named_en}"
        after_fr += f" ; suspendue {days} jour(s) par un obstacle aux poursuites{named_fr}"
        cited = "; ".join([cited, *(cite(law.sources) for law in laws)])
    verdict_en = "prescribed" if prescribed else "not prescribed"
    verdict_fr = "prescrite" if prescribed else "non prescrite"
    return Derived(
        Level.PROVEN if prescribed else Level.DISPROVED,
        Text(
            en=(
                f"From the dates: principal act {committed}{after_en}; {title.en}; time ran out on {expiry}; "
                f"decision {decided}: the public action is {verdict_en}."
            ),
            fr=(
                f"D'après les dates : fait principal {committed}{after_fr} ; {title.fr} ; délai "
                f"expiré le {expiry} ; "
                f"décision du {decided} : l'action publique est {verdict_fr}."
            ),
        ),
        f"{cited}; {rule_sources(rule)}",
    )
