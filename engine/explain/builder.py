"""Building the explanation of an evaluation (``explanation.py``) from its trace.

Every level is read from the trace of whichever backend ran, compound parts of conditions
included: nothing is evaluated again. The route and the order of the failing conditions are
chosen as ``route.py`` defines them.
"""

from __future__ import annotations

from typing import Literal

from verdict.engine.decide.compiled import Direction, through
from verdict.engine.decide.trace import ChargeResult, Trace
from verdict.engine.errors import EngineError
from verdict.engine.explain.caches import _memo, _shape
from verdict.engine.explain.explanation import (
    Blocking,
    ChargeExplanation,
    Condition,
    Explanation,
    FactUse,
    FindingRef,
    Procedure,
    RuleRef,
    StageRef,
    Status,
    Weak,
)
from verdict.engine.explain.route import _argued, applicable, legal_order, route_rule
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE
from verdict.engine.model.case import Case, Finding
from verdict.engine.model.case_law import case_law
from verdict.engine.model.dated import dated, trial_courts
from verdict.engine.model.expressions import All, Any_, Expr, Not
from verdict.engine.model.levels import DEFAULT, TOP, Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Stage
from verdict.messages import Message


def _finding_ref(f: Finding) -> FindingRef:
    return FindingRef(
        f.id, f.fact, f.level, f.date, f.quote, f.section, f.summary, f.source, f.weighs_against,
        f.voice, f.speaker, f.undecided,
    )


def _distinct(weak: list[Weak]) -> list[Weak]:
    """``weak`` without repeats, in order (equal weak facts are one object: ``_Memo.weak``)."""
    return list({id(w): w for w in weak}.values())


class _Explainer:
    """Builds the explanation of one charge from its result and the rule structure."""

    def __init__(
        self, base: RuleBase, case: Case, result: ChargeResult, stage: Stage, court: str | None = None
    ) -> None:
        self.base, self.case, self.result, self.stage = base, case, result, stage
        self.key = result.charge.key
        self.court = court
        self.required = stage.required
        self.memo = _memo(base, case)
        self.levels = result.levels
        self.shape = _shape(base)
        self._weak_cache: dict[tuple[str, Level, Direction], list[Weak]] = {}
        self._condition_weak: dict[tuple[str, str], list[Weak]] = {}
        self._read: set[str] = set()

    def rule_conditions(self, rule: Rule) -> list[tuple[str, Expr]]:
        """``rule``'s conditions, whose compound parts ``level_of`` reads in the trace (which
        records, for each rule applied, the level of each part: checked once per charge)."""
        found = self.shape.conditions[rule.id]
        if rule.id not in self._read:
            self._read.add(rule.id)
            recorded = self.result.rules[rule.id].parts if rule.id in self.result.rules else ()
            for (cid, _), parts, levels in zip(found, self.shape.parts[rule.id], recorded, strict=False):
                if len(parts) != len(levels):
                    lacks = Message("trace.rule_lacks_levels", rule=f"'{rule.id}'", condition=f"'{cid}'")
                    raise EngineError(lacks)
        return found

    def level_of(self, expr: Expr) -> Level:
        """The level of ``expr``, a fact, a conclusion or a compound part of a condition read
        through ``rule_conditions``, as the trace records it."""
        if isinstance(expr, str):
            return self.levels[expr]
        where = self.shape.where.get(id(expr))
        if where is None or where[0] not in self._read or where[0] not in self.result.rules:
            raise EngineError(Message("trace.part_lacks_level", part=repr(expr)))
        rule, condition, part = where
        recorded = self.result.rules[rule].parts
        if condition >= len(recorded):
            raise EngineError(Message("trace.part_lacks_level", part=repr(expr)))
        return recorded[condition][part]

    def findings(self, fact: str, against: bool = False) -> tuple[FindingRef, ...]:
        """The findings bearing on ``fact`` (or, with ``against``, cited against it), strongest first."""
        memo = self.memo
        key = (self.key, fact, against)
        cached_refs = memo.findings.get(key)
        if cached_refs is None:
            found = memo.index.on(fact, self.result.charge, against)
            found.sort(key=lambda f: (-f.level, f.id))
            refs = memo.refs
            cached_refs = memo.findings[key] = tuple(
                refs.get(id(f)) or refs.setdefault(id(f), _finding_ref(f)) for f in found
            )
        return cached_refs

    def applicable(self, conclusion: str) -> list[Rule]:
        """The rules concluding ``conclusion`` that apply to the charge (the same for every what-if)."""
        key = (self.key, conclusion)
        found = self.memo.applicable.get(key)
        if found is None:
            found = self.memo.applicable[key] = applicable(self.base, self.result, conclusion)
        return found

    def best_rule(self, conclusion: str) -> Rule | None:
        """The applicable rule to explain ``conclusion`` by (docs/semantics.md §6, "Route")."""
        key = (self.key, conclusion)
        argued = self.memo.argued.get(key)
        if argued is None:  # which routes the case argues is the same for every what-if of it
            rules = self.applicable(conclusion)
            argued = _argued(self.base, self.case, self.result, rules, self.memo.index, self.applicable)
            self.memo.argued[key] = argued
        return route_rule(
            self.base,
            self.case,
            self.result,
            conclusion,
            self.required,
            self.memo.index,
            self.applicable,
            argued,
        )

    def facts_under(self, rule: Rule, cid: str, expr: Expr) -> tuple[tuple[str, bool], ...]:
        """The facts condition ``cid`` of ``rule`` reads, directly or through the rules that apply
        to the charge, each with whether it counts against it (under an odd number of negations),
        in the order first met; the same for every what-if of a case, so kept with the case."""
        key = (self.key, rule.id, cid)
        found = self.memo.under.get(key)
        if found is None:
            out: dict[str, bool] = {}
            self._walk(expr, False, out, set())
            found = self.memo.under[key] = tuple(out.items())
        return found

    def _walk(self, expr: Expr, against: bool, out: dict[str, bool], seen: set[tuple[str, bool]]) -> None:
        if isinstance(expr, str):
            if expr in self.base.predicates:
                out.setdefault(expr, against)
                return
            if (expr, against) in seen:  # a conclusion read twice is walked once
                return
            seen.add((expr, against))
            for rule in self.applicable(expr):
                for _, cexpr in self.rule_conditions(rule):
                    self._walk(cexpr, against, out, seen)
        elif isinstance(expr, All | Any_):
            for part in expr.all if isinstance(expr, All) else expr.any:
                self._walk(part, against, out, seen)
        else:
            self._walk(expr.not_ if isinstance(expr, Not) else expr.unless, not against, out, seen)

    def uses(self, rule: Rule, cid: str, expr: Expr, weak: set[str]) -> dict[str, FactUse]:
        """The facts under condition ``cid``, each with its level and how it bears on it."""
        out: dict[str, FactUse] = {}
        made = self.memo.uses
        charge = self.key
        for fact, against in self.facts_under(rule, cid, expr):
            level = self.levels[fact]
            status: Literal["supports", "blocks", "neutral"] = "neutral"
            if fact in weak:
                status = "blocks"
            elif against or level >= self.required:
                status = "supports"
            key = (charge, fact, against, level, status)
            use = made.get(key)
            if use is None:  # the same use recurs across what-ifs of a case: made once
                use = made[key] = FactUse(
                    fact,
                    self.base.predicates[fact].title,
                    level,
                    against,
                    status,
                    self.findings(fact),
                    self.findings(fact, against=True),
                )
            out[fact] = use
        return out

    def weak(self, expr: Expr, bound: Level, direction: Direction) -> list[Weak]:
        """The facts that keep ``expr`` from being ``direction`` ``bound``."""
        level = self.level_of(expr)
        if level >= bound if direction == "at_least" else level <= bound:
            return []
        if isinstance(expr, str):
            if expr in self.base.predicates:
                key_weak = (self.key, expr, level, direction, bound)
                made = self.memo.weak.get(key_weak)
                if made is None:  # the same weak fact recurs across what-ifs of a case: made once
                    ids = tuple(f.id for f in self.findings(expr))
                    made = self.memo.weak[key_weak] = Weak(
                        expr, self.base.predicates[expr].title, level, direction, bound, ids
                    )
                return [made]
            key = (expr, bound, direction)
            if key not in self._weak_cache:  # conclusions read by many rules are walked once
                out: list[Weak] = []
                for rule in self.applicable(expr):
                    rule_level = self.result.rules[rule.id].level
                    if rule_level < bound if direction == "at_least" else rule_level > bound:
                        for _, cexpr in self.rule_conditions(rule):
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
        return RuleRef(rule.id, rule.title, tuple(rule.sources), level, rule.note, level >= self.required)

    def condition_weak(self, rule: Rule, cid: str, expr: Expr) -> list[Weak]:
        """The facts that keep condition ``cid`` of ``rule`` from the stage's level (walked once
        per charge: the conditions and the blockers both read it)."""
        key = (rule.id, cid)
        found = self._condition_weak.get(key)
        if found is None:
            found = self._condition_weak[key] = self.weak(expr, self.required, "at_least")
        return found

    def conditions(self, rule: Rule) -> tuple[Condition, ...]:
        levels = dict(self.result.rules[rule.id].conditions)
        kinds = self.shape.kinds[rule.id]
        out = []
        for cid, expr in self.rule_conditions(rule):
            kind = kinds[cid]
            weak = {w.fact for w in self.condition_weak(rule, cid, expr)}
            used = self.uses(rule, cid, expr, weak)
            level = levels[cid]
            holds = level >= self.required
            status: Status = "holds" if holds else "fails"
            own: Level | None = None
            if kind.inner is not None:
                own = self.level_of(kind.inner)
                raised = own > DEFAULT
                if holds:
                    status = "rebutted" if raised else "not_raised"
                else:
                    status = "established" if raised else "not_excluded"
            out.append(
                Condition(
                    cid,
                    kind.title,
                    "element" if kind.element else "exception",
                    kind.burden,
                    level,
                    self.required,
                    holds,
                    kind.sources,
                    tuple(used.values()),
                    status,
                    own,
                )
            )
        return tuple(out)

    def explain(self) -> ChargeExplanation:
        charge = self.result.charge
        offence = self.base.offences[charge.offence]
        party = self.case.party(charge.accused)
        scope = self.scope()
        route = None if scope else self.best_rule(GOAL)
        elements = self.conditions(route) if route else ()
        blocking: list[Blocking] = []
        if route is not None:
            exprs = dict(self.rule_conditions(route))
            failing = legal_order(route, [c for c in elements if not c.holds])
            blocking = [
                Blocking(
                    c.id,
                    c.level,
                    self.required,
                    tuple(self.condition_weak(route, c.id, exprs[c.id])),
                    primary=index == 0,
                    title=c.title,
                )
                for index, c in enumerate(failing)
            ]
        others = [] if scope else [r for r in self.applicable(GOAL) if r is not route]
        alternatives = tuple(self.rule_ref(r) for r in others)
        applied = self.result.rules
        notes = () if self.result.holds or scope else tuple(
            self.rule_ref(r)
            for r in self.shape.noted
            if r.id in applied and applied[r.id].level >= self.required
        )
        court = self.court or self.base.trial_court(offence)
        law = None if court is None else self.base.courts.get(court)
        committal = self.base.committals.get(self.result.outcome)
        return ChargeExplanation(
            offence=charge.offence,
            offence_title=offence.title,
            offence_class=offence.class_,
            offence_sources=tuple(offence.sources),
            accused=charge.accused,
            accused_name=party.name,
            accused_kind=party.kind,
            court=court,
            outcome=self.result.outcome,
            holds=self.result.holds,
            level=self.result.liable,
            required=self.required,
            route=self.rule_ref(route) if route else None,
            elements=elements,
            blocking=tuple(blocking),
            alternatives=alternatives,
            notes=scope or notes,
            procedure=() if scope else self.procedure(),
            judgment=self.required >= TOP,
            accused_as=offence.accused_as,
            scope=scope,
            title=charge.title,
            court_named=None if law is None else law.named,
            committal=committal.title if committal is not None and law is not None else None,
        )

    def scope(self) -> tuple[RuleRef, ...]:
        """The rules that put the charge outside the rule base's scope, when its outcome says so."""
        if self.result.outcome != OUTSIDE_SCOPE:
            return ()
        return tuple(
            self.rule_ref(r)
            for r in self.applicable(OUTSIDE_SCOPE)
            if self.result.rules[r.id].level >= self.required
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
        if not result.holds:
            for short in stage.short_of:
                name = short.reached(levels)
                if name is not None and result.outcome == short.outcome:
                    level = levels.get(name, DEFAULT)
                    sources = tuple(short.sources)
                    by = None
                    if name != GOAL:
                        rule = self.best_rule(name)
                        by = rule.title if rule else self.base.predicates[name].title
                    used.append(
                        Procedure(short.id, "ground", short.title, sources, level, short.outcome, True, by)
                    )
                    break
        for bar in stage.bars:
            level = levels.get(bar.when, DEFAULT)
            if result.holds and result.outcome == bar.outcome and level >= self.required:
                used.append(Procedure(bar.id, "bar", bar.title, tuple(bar.sources), level, bar.outcome))
                break
        return tuple(used)


def _context(base: RuleBase, case: Case) -> tuple[FindingRef, ...]:
    """The findings on no fact (the case's context), by id, once per case."""
    memo = _memo(base, case)
    if memo.context is None:
        ordered = sorted(case.findings, key=lambda f: f.id)
        memo.context = tuple(_finding_ref(f) for f in ordered if f.fact is None)
    return memo.context


def explain(trace: Trace, base: RuleBase, case: Case) -> Explanation:
    """The explanation of ``trace``, an evaluation of ``case`` under ``base``."""
    base = case_law(base, case)
    case = dated(case, base)
    stage: Stage = base.stages[trace.stage]
    memo = _memo(base, case)
    holding = tuple((r.charge, r.holds) for r in trace.charges)
    key = tuple((c.key, h) for c, h in holding)
    courts = memo.courts.get(key)
    if courts is None:  # the courts depend only on which charges hold: the same across what-ifs
        courts = memo.courts[key] = trial_courts(base, case, holding)
    charges = tuple(_Explainer(base, case, r, stage, courts[r.charge.key]).explain() for r in trace.charges)
    return Explanation(
        case=case.case,
        title=case.title,
        court=case.court,
        date=case.date,
        decision=case.decision,
        sources=tuple(case.sources),
        stage=StageRef(
            stage.id, stage.title, stage.required, stage.standard, tuple(stage.sources), stage.required >= TOP
        ),
        backend=trace.backend,
        rule_base=trace.rule_base,
        rule_base_title=base.title,
        outcome=trace.outcome,
        charges=charges,
        context=_context(base, case),
        judge_gender=case.judge_gender,
        outcome_holds=any(r.holds and r.outcome == trace.outcome for r in trace.charges),
    )
