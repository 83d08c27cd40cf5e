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

from collections.abc import Iterable
from datetime import date

from verdict.engine.model.base import Text
from verdict.engine.model.case import Case, Charge, Finding
from verdict.engine.model.dates import Span, span
from verdict.engine.model.derived import (
    PREFIX,
    Derived,
    bearing,
    cite,
    is_derived,
    rule_sources,
    spans,
    union,
)
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import DateRule, Offence
from verdict.engine.model.prescription import during, prescription
from verdict.engine.model.rule_base import RuleBase


def _timing(rule: DateRule, acts: list[Span], offence: Span) -> Derived:
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
    return Derived(level, summary, rule_sources(rule))


def _in_force(rule: DateRule, offence: Offence, committed: Span, decided: date) -> Derived | None:
    law = offence.in_force
    if law is None:
        return None
    when, quand = law.describe(), law.describe("fr")
    if not law.covers(committed.last):
        return Derived(
            Level.PROVEN,
            Text(
                en=f"From the dates: the text defining {offence.id} ({when}) was not in force when "
                   f"the act was committed ({committed}).",
                fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
                   f"n'était pas en vigueur lors des faits ({committed}).",
            ),
            rule_sources(rule),
        )
    if not law.covers(decided):
        return Derived(
            Level.PROVEN,
            Text(
                en=f"From the dates: the text defining {offence.id} ({when}) was repealed by the "
                   f"decision ({decided}).",
                fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
                   f"était abrogé à la date de la décision ({decided}).",
            ),
            rule_sources(rule),
        )
    return Derived(
        Level.DISPROVED,
        Text(
            en=f"From the dates: the text defining {offence.id} ({when}) was in force at the act "
               f"({committed}) and at the decision ({decided}).",
            fr=f"D'après les dates : le texte qui définit l'infraction «{offence.title.fr}» ({quand}) "
               f"était en vigueur lors des faits ({committed}) et de la décision ({decided}).",
        ),
        rule_sources(rule),
    )


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
                    source=cite(law.sources),
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
                source=cite(law.sources),
            )
        )
    return out


def _text(rule: DateRule, day: Span, which: Text) -> Derived:
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
    return Derived(
        level,
        Text(
            en=f"From the dates: {rule.title.en} ({law.describe()}): {en[level]} at {which.en} ({day}).",
            fr=f"D'après les dates : {rule.title.fr} ({law.describe('fr')}) : {fr[level]} à la date "
               f"{which.fr} ({day}).",
        ),
        rule_sources(rule),
    )


def _derive(rule: DateRule, case: Case, base: RuleBase, charge: Charge) -> Derived | None:
    committed = union(spans(bearing(case, charge, rule.offence)))
    if rule.kind == "text" and rule.at == "decision":
        return _text(rule, case.decided_on, Text(en="the decision", fr="de la décision"))
    if committed is None:
        return None
    if rule.kind == "text":
        return _text(rule, committed, Text(en="the principal act", fr="du fait principal"))
    offence = base.offences[charge.offence]
    decided = case.decided_on.last
    if rule.kind == "timing":
        acts = spans(bearing(case, charge, rule.acts))
        return _timing(rule, acts, committed) if acts else None
    if rule.kind == "prescription":
        # an act of prosecution or investigation interrupts for every author and accomplice,
        # even those it does not name: findings on the acts count whoever they name
        # prescription is computed only when the case dates the proceedings (at least one act):
        # a file silent on them says nothing of what interrupted the period
        acts = spans(bearing(case, charge, rule.acts, any_accused=True))
        if not acts:
            return None
        # an obstacle to prosecution and the discovery of the offence bear on the public
        # action for the principal act, whoever the findings name
        suspensions = spans(bearing(case, charge, rule.suspended_by, any_accused=True))
        suspensions += [during(law) for law in rule.suspensions]
        discovered = spans(bearing(case, charge, rule.discovered, any_accused=True))
        found = min(discovered, key=lambda d: d.last) if discovered else None
        return prescription(rule, base, offence, committed, acts, decided, suspensions, found)
    return _in_force(rule, offence, committed, decided)


def derive(case: Case, base: RuleBase) -> tuple[Finding, ...]:
    """The findings the dates of ``case`` give under ``base``, in rule then charge order."""
    out: list[Finding] = []
    for rule in base.dates:
        per_charge = []
        stated: dict[Text, list[str]] = {}
        for charge in case.charges:
            derived = _derive(rule, case, base, charge)
            own = bearing(case, charge, [rule.derives])
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
                    source=rule_sources(rule),
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
