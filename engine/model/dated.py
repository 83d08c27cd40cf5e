"""Facts the law derives from the dates a case states (docs/semantics.md §8).

The rule base's ``dates:`` say which facts are derived and from which dated findings;
``prescription:`` gives the periods of prescription with the dates they were in force;
``courts:`` the courts in force between dates. ``dated(case, base)`` is the case with a
finding added for each derived fact, charge by charge: it says what the dates give and
which version of the law applied, and every backend, the explanation and the searches
read it like any other finding. A finding the case states on a derived fact wins over
the dates; a context finding then says so. Nothing here names a fact, an offence or a
court: the rule files do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from verdict.engine.model.base import Text
from verdict.engine.model.case import Case, Charge, Finding
from verdict.engine.model.dates import Span, add_years, span
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import DateRule, Offence, Prescription, Suspension
from verdict.engine.model.rule_base import RuleBase

PREFIX = "from_dates_"
"""The ids of derived findings begin with this; a case's own finding ids may not."""


def is_derived(finding_id: str) -> bool:
    """Whether a finding was derived from the dates, not stated by the case."""
    return finding_id.startswith(PREFIX)


@dataclass(frozen=True)
class _Derived:
    level: Level
    summary: Text
    source: str


def _spans(findings: Iterable[Finding]) -> list[Span]:
    return [span(f.date) for f in findings if f.date is not None and f.level >= Level.PLAUSIBLE]


def _union(spans: Sequence[Span]) -> Span | None:
    if not spans:
        return None
    return Span(min(s.first for s in spans), max(s.last for s in spans))


def _bearing(case: Case, charge: Charge, facts: Sequence[str], any_accused: bool = False) -> list[Finding]:
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


def _cite(sources: Iterable[Text]) -> str:
    """The citations alone, without the words that gloss them (they are shown in both languages)."""
    out = []
    for source in sources:
        text = source.en
        for stop in (":", " ("):
            text = text.split(stop)[0]
        out.append(text.strip())
    return "; ".join(dict.fromkeys(out))


def _sources(rule: DateRule) -> str:
    return _cite(rule.sources)


# ---------------------------------------------------------------- timing


def _timing(rule: DateRule, acts: list[Span], offence: Span) -> _Derived:
    before = rule.relation == "before"
    if before:
        certain = any(a.last < offence.first for a in acts)
        possible = any(a.first < offence.first for a in acts)
    else:
        certain = any(a.last <= offence.last for a in acts)
        possible = any(a.first <= offence.last for a in acts)
    level = Level.PROVEN if certain else Level.PLAUSIBLE if possible else Level.DISPROVED
    dated = ", ".join(str(a) for a in sorted(acts))
    word_en = {Level.PROVEN: "so", Level.PLAUSIBLE: "perhaps", Level.DISPROVED: "not"}[level]
    word_fr = {Level.PROVEN: "donc", Level.PLAUSIBLE: "peut-être", Level.DISPROVED: "non"}[level]
    when_en = "before it began" if before else "before it ended"
    when_fr = "avant son commencement" if before else "avant sa fin"
    summary = Text(
        en=f"From the dates: the acts ({dated}) against the principal act ({offence}): {word_en} {when_en}.",
        fr=f"D'après les dates : les actes ({dated}) au regard du fait principal ({offence}) : "
           f"{word_fr} {when_fr}.",
    )
    return _Derived(level, summary, _sources(rule))


# ---------------------------------------------------------------- prescription


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


def _during(law: Suspension) -> Span:
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


def _prescription(
    rule: DateRule,
    base: RuleBase,
    offence: Offence,
    committed: Span,
    acts: list[Span],
    decided: date,
    suspensions: Sequence[Span] = (),
    discovered: Span | None = None,
) -> _Derived | None:
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
    cited = _cite(period.sources)
    if expiry is None:
        return _Derived(
            Level.DISPROVED,
            Text(
                en=f"From the dates: {offence.id} — {title.en}: the public action is not prescribed.",
                fr=f"D'après les dates : {offence.title.fr} — {title.fr} : "
                   "l'action publique n'est pas prescrite.",
            ),
            f"{cited}; {_sources(rule)}",
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
    laws = [law for law in rule.suspensions if any(_held(_during(law), h) for h in held)]
    if held:
        days = sum((h.last - h.first).days + 1 for h in held)
        named_en = "".join(f" ({law.title.en})" for law in laws)
        named_fr = "".join(f" ({law.title.fr})" for law in laws)
        after_en += f"; suspended {days} day(s) by an obstacle to prosecution{named_en}"
        after_fr += f" ; suspendue {days} jour(s) par un obstacle aux poursuites{named_fr}"
        cited = "; ".join([cited, *(_cite(law.sources) for law in laws)])
    verdict_en = "prescribed" if prescribed else "not prescribed"
    verdict_fr = "prescrite" if prescribed else "non prescrite"
    return _Derived(
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
        f"{cited}; {_sources(rule)}",
    )


# ---------------------------------------------------------------- texts in force


def _in_force(rule: DateRule, offence: Offence, committed: Span, decided: date) -> _Derived | None:
    law = offence.in_force
    if law is None:
        return None
    when, quand = law.describe(), law.describe("fr")
    if not law.covers(committed.last):
        return _Derived(
            Level.PROVEN,
            Text(
                en=f"From the dates: the text defining {offence.id} ({when}) was not in force when "
                   f"the act was committed ({committed}).",
                fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
                   f"n'était pas en vigueur lors des faits ({committed}).",
            ),
            _sources(rule),
        )
    if not law.covers(decided):
        return _Derived(
            Level.PROVEN,
            Text(
                en=f"From the dates: the text defining {offence.id} ({when}) was repealed by the "
                   f"decision ({decided}).",
                fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
                   f"était abrogé à la date de la décision ({decided}).",
            ),
            _sources(rule),
        )
    return _Derived(
        Level.DISPROVED,
        Text(
            en=f"From the dates: the text defining {offence.id} ({when}) was in force at the act "
               f"({committed}) and at the decision ({decided}).",
            fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
               f"était en vigueur lors des faits ({committed}) et de la décision ({decided}).",
        ),
        _sources(rule),
    )


# ---------------------------------------------------------------- courts


def trial_courts(
    base: RuleBase, case: Case, holding: Iterable[tuple[Charge, bool]]
) -> dict[str, str | None]:
    """Each charge's court (by key): the court the texts in force at the decision's date give
    its offence; one accused's connected charges that hold go together to the court the
    others' court ``yields_to`` when it is among theirs."""
    decided = case.decided_on.last
    pairs = list(holding)
    own = {c.key: base.court_at(base.offences[c.offence], decided) for c, _ in pairs}
    out = dict(own)
    for charge, holds in pairs:
        court = own[charge.key]
        law = None if court is None else base.courts.get(court)
        if not holds or law is None or law.yields_to is None:
            continue
        theirs = {own[o.key] for o, h in pairs if h and o.accused == charge.accused}
        if law.yields_to in theirs:
            out[charge.key] = law.yields_to
    return out


def _courts(case: Case, base: RuleBase) -> list[Finding]:
    """Context findings: which court the texts in force at the decision's date give, and why."""
    decided = case.decided_on.last
    out: list[Finding] = []
    by_accused: dict[str, dict[str, None]] = {}
    for charge in case.charges:
        court = base.court_at(base.offences[charge.offence], decided)
        if court is not None:
            by_accused.setdefault(charge.accused, {})[court] = None
    for accused, courts in by_accused.items():
        for court in courts:
            law = base.courts.get(court)
            if law is None or law.yields_to is None or law.yields_to not in courts:
                continue
            mine, other = law.named, base.courts[law.yields_to].named
            out.append(
                Finding(
                    id=f"{PREFIX}connected_{accused}",
                    level=Level.PROVEN,
                    summary=Text(
                        en=f"Connected crimes of one accused ({accused}): those of {mine.en} "
                           "go with the others "
                        f"to {other.en} when both are sent for trial.",
                        fr=f"Crimes connexes d'un même accusé ({accused}) : ceux de {mine.fr} "
                           "suivent les autres "
                        f"devant {other.fr} lorsque tous sont renvoyés.",
                    ),
                    source=_cite(law.sources),
                )
            )
    seen: set[str] = set()
    for charge in case.charges:
        offence = base.offences[charge.offence]
        own = base.trial_court(offence)
        law = None if own is None else base.courts.get(own)
        if own is None or law is None or law.in_force is None or own in seen:
            continue
        seen.add(own)
        court = base.court_at(offence, decided)
        applies = court == own
        en = "in force" if applies else "not in force"
        fr = "en vigueur" if applies else "pas en vigueur"
        goes = base.courts[court].title if court in base.courts else law.title
        out.append(
            Finding(
                id=f"{PREFIX}court_{own}",
                level=Level.PROVEN,
                summary=Text(
                    en=f"Texts in force at the decision ({decided}): {law.title.en} "
                       f"({law.in_force.describe()}) {en}; "
                    f"such crimes go to the {goes.en}.",
                    fr=f"Textes en vigueur à la date de la décision ({decided}) : {law.title.fr} "
                       f"({law.in_force.describe('fr')}) "
                    f"{fr} ; ces crimes relèvent de : {goes.fr}.",
                ),
                source=_cite(law.sources),
            )
        )
    return out


# ---------------------------------------------------------------- the case with its derived findings


def _text(rule: DateRule, day: Span, which: Text) -> _Derived:
    """Whether the rule's text was in force on ``day`` (the offence's or the decision's)."""
    law = rule.in_force
    assert law is not None
    certain = law.covers(day.first) and law.covers(day.last)
    possible = (law.from_ is None or span(law.from_).first <= day.last) and (
        law.until is None or day.first <= span(law.until).last
    )
    level = Level.PROVEN if certain else Level.PLAUSIBLE if possible else Level.DISPROVED
    en = {Level.PROVEN: "in force", Level.PLAUSIBLE: "perhaps in force", Level.DISPROVED: "not in force"}
    fr = {
        Level.PROVEN: "en vigueur",
        Level.PLAUSIBLE: "peut-être en vigueur",
        Level.DISPROVED: "pas en vigueur",
    }
    return _Derived(
        level,
        Text(
            en=f"From the dates: {rule.title.en} ({law.describe()}): {en[level]} at {which.en} ({day}).",
            fr=f"D'après les dates : {rule.title.fr} ({law.describe('fr')}) : {fr[level]} à la date "
               f"{which.fr} ({day}).",
        ),
        _sources(rule),
    )


def _derive(rule: DateRule, case: Case, base: RuleBase, charge: Charge) -> _Derived | None:
    committed = _union(_spans(_bearing(case, charge, rule.offence)))
    if rule.kind == "text" and rule.at == "decision":
        return _text(rule, case.decided_on, Text(en="the decision", fr="de la décision"))
    if committed is None:
        return None
    if rule.kind == "text":
        return _text(rule, committed, Text(en="the principal act", fr="du fait principal"))
    offence = base.offences[charge.offence]
    decided = case.decided_on.last
    if rule.kind == "timing":
        acts = _spans(_bearing(case, charge, rule.acts))
        return _timing(rule, acts, committed) if acts else None
    if rule.kind == "prescription":
        # an act of prosecution or investigation interrupts for every author and accomplice,
        # even those it does not name: findings on the acts count whoever they name
        # prescription is computed only when the case dates the proceedings (at least one act):
        # a file silent on them says nothing of what interrupted the period
        acts = _spans(_bearing(case, charge, rule.acts, any_accused=True))
        if not acts:
            return None
        # an obstacle to prosecution and the discovery of the offence bear on the public
        # action for the principal act, whoever the findings name
        suspensions = _spans(_bearing(case, charge, rule.suspended_by, any_accused=True))
        suspensions += [_during(law) for law in rule.suspensions]
        discovered = _spans(_bearing(case, charge, rule.discovered, any_accused=True))
        found = min(discovered, key=lambda d: d.last) if discovered else None
        return _prescription(rule, base, offence, committed, acts, decided, suspensions, found)
    return _in_force(rule, offence, committed, decided)


def derive(case: Case, base: RuleBase) -> tuple[Finding, ...]:
    """The findings the dates of ``case`` give under ``base``, in rule then charge order."""
    out: list[Finding] = []
    for rule in base.dates:
        per_charge = []
        stated: dict[Text, list[str]] = {}
        for charge in case.charges:
            derived = _derive(rule, case, base, charge)
            own = _bearing(case, charge, [rule.derives])
            if derived is not None and own:
                stated.setdefault(derived.summary, []).extend(f.id for f in own)
                continue
            per_charge.append((charge, derived))
        for summary, ids in stated.items():
            names = ", ".join(dict.fromkeys(ids))
            out.append(
                Finding(
                    id=f"{PREFIX}{rule.id}_set_aside_{len(out) + 1}",
                    level=Level.PROVEN,
                    summary=Text(
                        en=f"{summary.en} The case's own finding ({names}) prevails over the dates.",
                        fr=f"{summary.fr} Le constat du dossier ({names}) prévaut sur les dates.",
                    ),
                    source=_sources(rule),
                )
            )
        found = [(c, d) for c, d in per_charge if d is not None]
        if not found:
            continue
        if len(found) == len(case.charges) and len({(d.level, d.summary) for _, d in found}) == 1:
            d = found[0][1]
            out.append(
                Finding(
                    id=f"{PREFIX}{rule.id}",
                    fact=rule.derives,
                    level=d.level,
                    summary=d.summary,
                    source=d.source,
                )
            )
            continue
        for index, (charge, d) in enumerate(found, 1):
            out.append(
                Finding(
                    id=f"{PREFIX}{rule.id}_{index}",
                    fact=rule.derives,
                    level=d.level,
                    summary=d.summary,
                    source=d.source,
                    offence=[charge.offence],
                    accused=[charge.accused],
                )
            )
    out.extend(_courts(case, base))
    return tuple(out)


_MEMO: dict[tuple[int, int], tuple[Case, RuleBase, Case]] = {}
_MEMO_SIZE = 64


def dated(case: Case, base: RuleBase) -> Case:
    """``case`` with the findings its dates give under ``base`` (the same case when none)."""
    key = (id(case), id(base))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is case and hit[1] is base:
        return hit[2]
    if any(is_derived(f.id) for f in case.findings):
        result = case
    else:
        extra = derive(case, base)
        result = case.model_copy(update={"findings": [*case.findings, *extra]}) if extra else case
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (case, base, result)
    return result


__all__ = ["PREFIX", "dated", "derive", "is_derived", "trial_courts"]
