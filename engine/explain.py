"""The explanation of an evaluation: plain data that every renderer draws from.

For each charge: the route the law offers (the rule concluding ``liable`` that came
closest), each of its conditions with its level against the stage's, the facts and
findings beneath, and for each condition that fails, the facts that keep it down
("why not"), computed from the rules' structure and the trace, never re-decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .bearing import Bearing
from .compiled import Direction, through
from .levels import DEFAULT, Level
from .loader import case_law
from .model import GOAL, All, Any_, Case, Expr, Finding, Not, Rule, RuleBase, Stage, Text, names_in
from .reference import evaluate_expr
from .trace import ChargeResult, Trace


@dataclass(frozen=True)
class FindingRef:
    """A finding of the court, as cited under a fact."""

    id: str
    fact: str | None
    level: Level
    date: str | None
    quote: str | None
    section: Text | None
    summary: Text | None
    source: str | None
    weighs_against: str | None
    voice: str | None = None
    speaker: Text | None = None


@dataclass(frozen=True)
class FactUse:
    """A fact a condition reads (directly or through the rules beneath it)."""

    fact: str
    title: Text
    level: Level
    against: bool
    status: Literal["supports", "blocks", "neutral"]
    findings: tuple[FindingRef, ...]
    contrary: tuple[FindingRef, ...] = ()


@dataclass(frozen=True)
class Weak:
    """A fact that keeps a condition from holding, and the level it would need."""

    fact: str
    title: Text
    level: Level
    direction: Direction
    bound: Level
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """An element or exception of the route rule, evaluated for one charge."""

    id: str
    title: Text
    kind: Literal["element", "exception"]
    burden: str | None
    level: Level
    required: Level
    holds: bool
    sources: tuple[Text, ...]
    facts: tuple[FactUse, ...]


@dataclass(frozen=True)
class Blocking:
    """A condition that fails, and the facts responsible."""

    element: str
    level: Level
    required: Level
    because: tuple[Weak, ...]
    primary: bool = False

    @property
    def reason(self) -> str:
        """The reason in one English sentence (renderers may phrase it in other languages)."""
        head = f"{self.element} is {self.level.name_id}; {self.required.name_id} is required"
        if not self.because:
            return head
        parts = [
            f"{w.fact} ({w.level.name_id}, needs "
            f"{'at least' if w.direction == 'at_least' else 'at most'} {w.bound.name_id})"
            for w in self.because
        ]
        return f"{head}; held back by {', '.join(parts)}"


@dataclass(frozen=True)
class RuleRef:
    """A rule named in an explanation, with its level for the charge."""

    id: str
    title: Text
    sources: tuple[Text, ...]
    level: Level
    note: Text | None = None


@dataclass(frozen=True)
class Procedure:
    """A procedural ground or bar of the stage that decided a charge's outcome."""

    id: str
    kind: Literal["ground", "bar"]
    title: Text
    sources: tuple[Text, ...]
    level: Level
    outcome: str


@dataclass(frozen=True)
class ChargeExplanation:
    """One charge: outcome, route, conditions, and what blocked it."""

    offence: str
    offence_title: Text
    offence_class: str
    offence_sources: tuple[Text, ...]
    accused: str
    accused_name: Text
    accused_kind: str
    court: str
    outcome: str
    holds: bool
    level: Level
    required: Level
    route: RuleRef | None
    elements: tuple[Condition, ...]
    blocking: tuple[Blocking, ...]
    alternatives: tuple[RuleRef, ...]
    notes: tuple[RuleRef, ...]
    procedure: tuple[Procedure, ...] = ()


@dataclass(frozen=True)
class StageRef:
    """The procedural stage the case is judged at."""

    id: str
    title: Text
    required: Level
    standard: Text
    sources: tuple[Text, ...]


@dataclass(frozen=True)
class Explanation:
    """A case evaluated and explained: what every renderer shows."""

    case: str
    title: Text
    court: Text
    date: str
    decision: Text | None
    sources: tuple[Text, ...]
    stage: StageRef
    backend: str
    rule_base: str
    rule_base_title: Text | None
    outcome: str
    charges: tuple[ChargeExplanation, ...]
    context: tuple[FindingRef, ...]


def _finding_ref(f: Finding) -> FindingRef:
    return FindingRef(
        f.id, f.fact, f.level, f.date, f.quote, f.section, f.summary, f.source, f.weighs_against,
        f.voice, f.speaker,
    )


def _distinct(weak: list[Weak]) -> list[Weak]:
    """``weak`` without repeats, in order."""
    return list(dict.fromkeys(weak))


class _Explainer:
    """Builds the explanation of one charge from its result and the rule structure."""

    def __init__(
        self, base: RuleBase, case: Case, result: ChargeResult, stage: Stage, index: Bearing | None = None
    ) -> None:
        self.base, self.case, self.result, self.stage = base, case, result, stage
        self.required = stage.required
        self.index = index or Bearing(case.findings)
        self.levels = result.levels
        self._weak_cache: dict[tuple[str, Level, Direction], list[Weak]] = {}

    def findings(self, fact: str, against: bool = False) -> tuple[FindingRef, ...]:
        """The findings bearing on ``fact`` (or, with ``against``, cited against it), strongest first."""
        found = self.index.on(fact, self.result.charge, against)
        found.sort(key=lambda f: (-f.level, f.id))
        return tuple(_finding_ref(f) for f in found)

    def applicable(self, conclusion: str) -> list[Rule]:
        return [r for r in self.base.rules_for(conclusion) if r.id in self.result.rules]

    def best_rule(self, conclusion: str) -> Rule | None:
        """The applicable rule to explain ``conclusion`` by (docs/semantics.md §6, "Route")."""
        rules = self.applicable(conclusion)
        if not rules:
            return None
        argued = self.argued(rules)

        def rank(indexed: tuple[int, Rule]) -> tuple[bool, int, int, int, int, int]:
            index, rule = indexed
            res = self.result.rules[rule.id]
            met = sum(level >= self.required for _, level in res.conditions)
            strength, first = argued.get(rule.id, (0, 0))
            return (res.level >= self.required, strength, met, res.level, -first, -index)

        return max(enumerate(rules), key=rank)[1]

    def argued(self, rules: list[Rule]) -> dict[str, tuple[int, int]]:
        """How each route among ``rules`` is argued, with the position in the file of its first
        finding on a fact only that route reads: 2 when one such finding is above ``disproved``,
        1 when all are ``disproved`` (the case argues against it), absent when there is none."""
        from .routes import own_facts

        if len(rules) < 2:
            return {}
        position = {f.id: i for i, f in enumerate(self.case.findings)}
        out: dict[str, tuple[int, int]] = {}
        for rule_id, facts in own_facts(rules, self.base, self.applicable).items():
            found = [f for fact in facts for f in self.index.on(fact, self.result.charge)]
            if found:
                strength = 2 if any(f.level > Level.DISPROVED for f in found) else 1
                out[rule_id] = (strength, min(position[f.id] for f in found))
        return out

    def uses(
        self,
        expr: Expr,
        against: bool,
        out: dict[str, FactUse],
        weak: set[str],
        seen: set[tuple[str, bool]] | None = None,
    ) -> None:
        """Collect the facts under ``expr``; ``against`` after an odd number of negations."""
        seen = set() if seen is None else seen
        if isinstance(expr, str):
            if expr in self.base.predicates:
                if expr not in out:
                    pred = self.base.predicates[expr]
                    level = self.levels[expr]
                    status: Literal["supports", "blocks", "neutral"] = "neutral"
                    if expr in weak:
                        status = "blocks"
                    elif against or level >= self.required:
                        status = "supports"
                    out[expr] = FactUse(
                        expr,
                        pred.title,
                        level,
                        against,
                        status,
                        self.findings(expr),
                        self.findings(expr, against=True),
                    )
                return
            if (expr, against) in seen:  # a conclusion read twice is walked once
                return
            seen.add((expr, against))
            for rule in self.applicable(expr):
                for _, cexpr in rule.conditions():
                    self.uses(cexpr, against, out, weak, seen)
        elif isinstance(expr, All | Any_):
            for part in expr.all if isinstance(expr, All) else expr.any:
                self.uses(part, against, out, weak, seen)
        else:
            inner = expr.not_ if isinstance(expr, Not) else expr.unless
            self.uses(inner, not against, out, weak, seen)

    def weak(self, expr: Expr, bound: Level, direction: Direction) -> list[Weak]:
        """The facts that keep ``expr`` from being ``direction`` ``bound``."""
        level = self.levels[expr] if isinstance(expr, str) else evaluate_expr(expr, self.levels)
        if level >= bound if direction == "at_least" else level <= bound:
            return []
        if isinstance(expr, str):
            if expr in self.base.predicates:
                pred = self.base.predicates[expr]
                ids = tuple(f.id for f in self.findings(expr))
                return [Weak(expr, pred.title, level, direction, bound, ids)]
            key = (expr, bound, direction)
            if key not in self._weak_cache:  # conclusions read by many rules are walked once
                out: list[Weak] = []
                for rule in self.applicable(expr):
                    rule_level = self.result.rules[rule.id].level
                    if rule_level < bound if direction == "at_least" else rule_level > bound:
                        for _, cexpr in rule.conditions():
                            out += self.weak(cexpr, bound, direction)
                self._weak_cache[key] = _distinct(out)
            return self._weak_cache[key]
        if isinstance(expr, All | Any_):
            parts = expr.all if isinstance(expr, All) else expr.any
            return _distinct([w for part in parts for w in self.weak(part, bound, direction)])
        inner = expr.not_ if isinstance(expr, Not) else expr.unless
        inner_direction, inner_bound = through(expr, direction, bound)
        return self.weak(inner, Level(inner_bound), inner_direction)

    def rule_ref(self, rule: Rule) -> RuleRef:
        level = self.result.rules[rule.id].level
        return RuleRef(rule.id, rule.title, tuple(rule.sources), level, rule.note)

    def conditions(self, rule: Rule) -> tuple[Condition, ...]:
        levels = dict(self.result.rules[rule.id].conditions)
        items: list[tuple[str, Text, Literal["element", "exception"], str | None, tuple[Text, ...], Expr]]
        items = [(e.id, e.title, "element", None, tuple(e.sources), e.when) for e in rule.elements]
        items += [
            (x.id, x.title, "exception", x.burden, tuple(x.sources), x.as_expr()) for x in rule.exceptions
        ]
        out = []
        for cid, title, kind, burden, sources, expr in items:
            weak = {w.fact for w in self.weak(expr, self.required, "at_least")}
            used: dict[str, FactUse] = {}
            self.uses(expr, False, used, weak)
            level = levels[cid]
            holds = level >= self.required
            out.append(
                Condition(
                    cid, title, kind, burden, level, self.required, holds, sources, tuple(used.values())
                )
            )
        return tuple(out)

    def explain(self) -> ChargeExplanation:
        charge = self.result.charge
        offence = self.base.offences[charge.offence]
        party = self.case.party(charge.accused)
        route = self.best_rule(GOAL)
        elements = self.conditions(route) if route else ()
        blocking: list[Blocking] = []
        if route is not None:
            exprs = dict(route.conditions())
            failing = legal_order(route, [c for c in elements if not c.holds])
            blocking = [
                Blocking(
                    c.id,
                    c.level,
                    self.required,
                    tuple(self.weak(exprs[c.id], self.required, "at_least")),
                    primary=index == 0,
                )
                for index, c in enumerate(failing)
            ]
        alternatives = tuple(self.rule_ref(r) for r in self.applicable(GOAL) if r is not route)
        read = {name for r in self.base.rules for _, e in r.conditions() for name in names_in(e)}
        notes = tuple(
            self.rule_ref(r)
            for r in self.base.rules
            if r.note is not None
            and not self.result.holds
            and r.concludes not in read | {GOAL}
            and r.id in self.result.rules
            and self.result.rules[r.id].level >= self.required
        )
        return ChargeExplanation(
            offence=charge.offence,
            offence_title=offence.title,
            offence_class=offence.class_,
            offence_sources=tuple(offence.sources),
            accused=charge.accused,
            accused_name=party.name,
            accused_kind=party.kind,
            court=offence.trial_court,
            outcome=self.result.outcome,
            holds=self.result.holds,
            level=self.result.liable,
            required=self.required,
            route=self.rule_ref(route) if route else None,
            elements=elements,
            blocking=tuple(blocking),
            alternatives=alternatives,
            notes=notes,
            procedure=self.procedure(),
        )

    def procedure(self) -> tuple[Procedure, ...]:
        """The stage's grounds that made the charge hold, or the bar that stopped it."""
        stage, levels, result = self.stage, self.levels, self.result
        used: list[Procedure] = []
        if result.liable < self.required:
            for ground in stage.grounds:
                if levels.get(ground, DEFAULT) >= self.required:
                    rule = self.best_rule(ground)
                    title = rule.title if rule else self.base.predicates[ground].title
                    sources = tuple(rule.sources) if rule else ()
                    level = levels[ground]
                    used.append(Procedure(ground, "ground", title, sources, level, result.outcome))
        for bar in stage.bars:
            level = levels.get(bar.when, DEFAULT)
            if result.holds and result.outcome == bar.outcome and level >= self.required:
                used.append(Procedure(bar.id, "bar", bar.title, tuple(bar.sources), level, bar.outcome))
                break
        return tuple(used)


def legal_order(rule: Rule, failing: list[Condition]) -> list[Condition]:
    """Failing conditions in the order the law examines them (docs/semantics.md §6, "Blocking").

    A condition that others presuppose comes before them (without an act of aid, its timing
    and its effect have nothing to bear on); among conditions of the same rank, the weakest
    first, then the order in which the rule states them.
    """
    names = {c.id for c in failing}
    presupposes = {e.id: [p for p in e.presupposes if p in names] for e in rule.elements}
    depth = dict.fromkeys(names, 0)
    for _ in failing:  # longest chain of presuppositions, by relaxation (a rule has few elements)
        for name in names:
            depth[name] = max((depth[p] + 1 for p in presupposes.get(name, [])), default=0)
    written = {cid: i for i, (cid, _) in enumerate(rule.conditions())}
    return sorted(failing, key=lambda c: (depth[c.id], c.level, written.get(c.id, len(written))))


def explain(trace: Trace, base: RuleBase, case: Case) -> Explanation:
    """The explanation of ``trace``, an evaluation of ``case`` under ``base``."""
    base = case_law(base, case)
    stage: Stage = base.stages[trace.stage]
    index = Bearing(case.findings)
    charges = tuple(_Explainer(base, case, r, stage, index).explain() for r in trace.charges)
    return Explanation(
        case=case.case,
        title=case.title,
        court=case.court,
        date=case.date,
        decision=case.decision,
        sources=tuple(case.sources),
        stage=StageRef(stage.id, stage.title, stage.required, stage.standard, tuple(stage.sources)),
        backend=trace.backend,
        rule_base=trace.rule_base,
        rule_base_title=base.title,
        outcome=trace.outcome,
        charges=charges,
        context=tuple(_finding_ref(f) for f in sorted(case.findings, key=lambda f: f.id) if f.fact is None),
    )
