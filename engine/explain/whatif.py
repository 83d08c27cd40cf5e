"""A what-if: the same case decided twice, and what changed between the two decisions.

The baseline and the variant are each evaluated and explained as ``explain`` does; this
module then lines them up: each charge's outcome before and after, each element of the
charge's route whose level (or whether it holds) changed, and beneath it the facts and
findings that moved and the rules that differ between the two rule bases. It also keeps
the elements whose level did not move although facts beneath them did (a fact raised that
is not the weakest link), and what still blocks each charge after the change, so that a
what-if always says why its outcome did or did not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from verdict.engine.decide.evaluate import Backend, evaluate
from verdict.engine.decide.trace import ChargeResult, Trace
from verdict.engine.explain.builder import explain
from verdict.engine.explain.explanation import (
    Blocking,
    ChargeExplanation,
    Condition,
    Explanation,
    Status,
)
from verdict.engine.explain.names import Names, names
from verdict.engine.load.changes import FindingChange, Variant
from verdict.engine.model.base import Text
from verdict.engine.model.case import Case
from verdict.engine.model.expressions import Expr, names_in
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase


@dataclass(frozen=True)
class RuleDiff:
    """How the variant's rule base differs from the baseline's, by rule id."""

    before: str
    after: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    before_title: Text | None = None
    after_title: Text | None = None

    @property
    def differs(self) -> bool:
        """Whether any rule was added, removed or changed."""
        return bool(self.added or self.removed or self.changed)

    @property
    def ids(self) -> frozenset[str]:
        """Every rule id that differs."""
        return frozenset((*self.added, *self.removed, *self.changed))


def rule_diff(before: RuleBase, after: RuleBase) -> RuleDiff:
    """The rules added, removed and changed from ``before`` to ``after``."""
    old = {r.id: r for r in before.rules}
    new = {r.id: r for r in after.rules}
    return RuleDiff(
        before=before.name,
        after=after.name,
        before_title=before.title,
        after_title=after.title,
        added=tuple(r for r in new if r not in old),
        removed=tuple(r for r in old if r not in new),
        changed=tuple(r for r in new if r in old and new[r] != old[r]),
    )


@dataclass(frozen=True)
class FactShift:
    """A fact whose level moved for one charge, and the changed findings bearing on it."""

    fact: str
    before: Level | None
    after: Level | None
    findings: tuple[str, ...]


@dataclass(frozen=True)
class ElementShift:
    """An element of a route whose level changed, or that now holds or fails."""

    rule: str
    element: str
    title: Text
    before: Level | None
    after: Level | None
    required_before: Level
    required_after: Level
    held: bool | None
    holds: bool | None
    facts: tuple[FactShift, ...]
    rules: tuple[str, ...]
    kind: Literal["element", "exception"] = "element"
    status_before: Status | None = None
    status_after: Status | None = None
    """The condition's status on each side (``explain.Status``), ``None`` where it is not decided."""
    own_before: Level | None = None
    own_after: Level | None = None
    """For an exception, the level of the defence's own facts on each side (not of its effect)."""


@dataclass(frozen=True)
class ChargeShift:
    """One charge in both decisions (``None`` on the side where it is not charged)."""

    offence: str
    offence_title: Text
    accused: str
    accused_name: Text
    before: str | None
    after: str | None
    level_before: Level | None
    level_after: Level | None
    route_before: str | None
    route_after: str | None
    elements: tuple[ElementShift, ...]
    offence_class: str | None = None
    accused_as: str = "accomplice"
    unmoved: tuple[ElementShift, ...] = ()
    """Elements whose level and standing stayed, although facts beneath them moved."""
    blocking_before: tuple[Blocking, ...] = ()
    blocking_after: tuple[Blocking, ...] = ()
    """What still blocks the charge after the change, and the facts that hold it back."""
    title: Text | None = None
    """The charge as the decision names it, when the case says."""

    @property
    def changed(self) -> bool:
        """Whether the outcome of this charge changed."""
        return self.before != self.after


@dataclass(frozen=True)
class WhatIf:
    """A baseline and a variant decision, with every difference that matters."""

    title: Text | None
    rationale: Text | None
    sources: tuple[Text, ...]
    baseline: Explanation
    variant: Explanation
    findings: tuple[FindingChange, ...]
    rules: RuleDiff
    charges: tuple[ChargeShift, ...]
    names: Names | None = None
    """The titles of the facts, rules and conditions the what-if names, from both sides."""


@dataclass(frozen=True)
class Side:
    """One side of a what-if: a variant's rule base and case, decided and explained."""

    base: RuleBase
    case: Case
    trace: Trace
    explanation: Explanation

    def result(self, key: tuple[str, str]) -> ChargeResult | None:
        """The decided charge ``(offence, accused)``, or None if this side has no such charge."""
        try:
            return self.trace.charge(*key)
        except KeyError:
            return None

    def charge(self, key: tuple[str, str]) -> ChargeExplanation | None:
        """The explained charge ``(offence, accused)``, or None if this side has no such charge."""
        return next((c for c in self.explanation.charges if (c.offence, c.accused) == key), None)


def _beneath(expr: Expr, bases: Iterable[RuleBase]) -> tuple[list[str], list[str]]:
    """The facts an expression reads, directly or through rules, and those rules' ids."""
    bases = tuple(bases)
    facts: dict[str, None] = {}
    rules: dict[str, None] = {}
    todo = list(names_in(expr))
    seen: set[str] = set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if any(name in b.predicates for b in bases):
            facts[name] = None
        for base in bases:
            for rule in base.rules_for(name):
                rules[rule.id] = None
                for _, cond in rule.conditions():
                    todo.extend(names_in(cond))
    return list(facts), list(rules)


def _route_conditions(explained: ChargeExplanation | None, rule_id: str) -> dict[str, Condition]:
    """The conditions the explanation gives ``rule_id``, when it is the charge's route."""
    if explained is None or explained.route is None or explained.route.id != rule_id:
        return {}
    return {c.id: c for c in explained.elements}


def _status(holds: bool | None) -> Status | None:
    """An element's status from whether it holds, for a rule that is not the charge's route."""
    return None if holds is None else "holds" if holds else "fails"


def _element_shifts(
    key: tuple[str, str], a: Side, b: Side, diff: RuleDiff, findings: tuple[FindingChange, ...]
) -> tuple[tuple[ElementShift, ...], tuple[ElementShift, ...]]:
    """The elements that moved, and those that stayed although facts beneath them moved."""
    res_a, res_b = a.result(key), b.result(key)
    exp_a, exp_b = a.charge(key), b.charge(key)
    routes = list(dict.fromkeys(e.route.id for e in (exp_a, exp_b) if e is not None and e.route))
    req_a = a.base.stages[a.trace.stage].required
    req_b = b.base.stages[b.trace.stage].required
    out: list[ElementShift] = []
    unmoved: list[ElementShift] = []
    for rule_id in routes:
        rule_a = next((r for r in a.base.rules if r.id == rule_id), None)
        rule_b = next((r for r in b.base.rules if r.id == rule_id), None)
        lv_a = dict(res_a.rules[rule_id].conditions) if res_a and rule_id in res_a.rules else {}
        lv_b = dict(res_b.rules[rule_id].conditions) if res_b and rule_id in res_b.rules else {}
        exprs = dict(rule_a.conditions()) if rule_a else {}
        exprs.update(dict(rule_b.conditions()) if rule_b else {})
        titles = {e.id: e.title for r in (rule_a, rule_b) if r for e in r.elements}
        titles.update({x.id: x.title for r in (rule_a, rule_b) if r for x in r.exceptions})
        exceptions = {x.id for r in (rule_a, rule_b) if r for x in r.exceptions}
        cond_a = _route_conditions(exp_a, rule_id)
        cond_b = _route_conditions(exp_b, rule_id)
        for cid, expr in exprs.items():
            before, after = lv_a.get(cid), lv_b.get(cid)
            ca, cb = cond_a.get(cid), cond_b.get(cid)
            held = ca.holds if ca else None if before is None else before >= req_a
            holds = cb.holds if cb else None if after is None else after >= req_b
            status_a = ca.status if ca else _status(held)
            status_b = cb.status if cb else _status(holds)
            own_a, own_b = (ca.own_level if ca else None), (cb.own_level if cb else None)
            stayed = before == after and held == holds and status_a == status_b and own_a == own_b
            facts, under = _beneath(expr, (a.base, b.base))
            shifts = []
            for fact in facts if res_a and res_b else []:  # a new or dropped charge: no fact moved
                fa = res_a.levels.get(fact) if res_a else None
                fb = res_b.levels.get(fact) if res_b else None
                if fa != fb:
                    # a whole fact set: name the one finding that replaced the others
                    named = [f for f in findings if f.fact == fact and not (f.whole_fact and f.after is None)]
                    moved = tuple(dict.fromkeys(f.finding for f in named))
                    shifts.append(FactShift(fact, fa, fb, moved))
            differing = tuple(r for r in dict.fromkeys([rule_id, *under]) if r in diff.ids)
            if stayed and not shifts:
                continue
            shift = ElementShift(
                rule_id,
                cid,
                titles[cid],
                before,
                after,
                req_a,
                req_b,
                held,
                holds,
                tuple(shifts),
                differing,
                "exception" if cid in exceptions else "element",
                status_a,
                status_b,
                own_a,
                own_b,
            )
            (unmoved if stayed else out).append(shift)
    return tuple(out), tuple(unmoved)


def compare(
    a: Side, b: Side, diff: RuleDiff, findings: tuple[FindingChange, ...]
) -> tuple[ChargeShift, ...]:
    """Each charge of either side, with its outcome before and after and its changed elements."""
    both = (*a.explanation.charges, *b.explanation.charges)
    keys = list(dict.fromkeys((c.offence, c.accused) for c in both))
    out = []
    for key in keys:
        exp_a, exp_b = a.charge(key), b.charge(key)
        some = exp_b or exp_a
        assert some is not None
        moved, unmoved = _element_shifts(key, a, b, diff, findings)
        out.append(
            ChargeShift(
                offence=key[0],
                offence_title=some.offence_title,
                accused=key[1],
                accused_name=some.accused_name,
                before=exp_a.outcome if exp_a else None,
                after=exp_b.outcome if exp_b else None,
                level_before=exp_a.level if exp_a else None,
                level_after=exp_b.level if exp_b else None,
                route_before=exp_a.route.id if exp_a and exp_a.route else None,
                route_after=exp_b.route.id if exp_b and exp_b.route else None,
                elements=moved,
                offence_class=some.offence_class,
                accused_as=some.accused_as,
                unmoved=unmoved,
                blocking_before=exp_a.blocking if exp_a else (),
                blocking_after=exp_b.blocking if exp_b else (),
                title=some.title,
            )
        )
    return tuple(out)


def side(variant: Variant, backend: Backend | None = None) -> Side:
    """``variant`` decided at its case's stage and explained: one side of a what-if."""
    trace = evaluate(variant.base, variant.case, None, backend)
    return Side(variant.base, variant.case, trace, explain(trace, variant.base, variant.case))


def what_if(
    baseline: Variant, variant: Variant, backend: Backend | None = None, before: Side | None = None
) -> WhatIf:
    """Decide ``baseline`` and ``variant`` (each at its case's stage) and line them up; ``before``,
    when given, is ``side(baseline, backend)`` already made (it depends only on the baseline)."""
    a = side(baseline, backend) if before is None else before
    b = side(variant, backend)
    diff = rule_diff(baseline.base, variant.base)
    return WhatIf(
        title=variant.title,
        rationale=variant.rationale,
        sources=variant.sources,
        baseline=a.explanation,
        variant=b.explanation,
        findings=variant.findings,
        rules=diff,
        charges=compare(a, b, diff, variant.findings),
        names=names(variant.base, variant.case).merged(names(baseline.base, baseline.case)),
    )
