"""The reference evaluator: the semantics of docs/semantics.md, in plain Python.

It is the specification the durable_rules backend is tested against, and the
backend used wherever durable_rules cannot run. Expressions are compiled once per
rule base into closures, so that evaluating a scenario is a few dozen calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from verdict.engine.decide.compiled import Compiled, cached, compile_base
from verdict.engine.decide.scenario import ChargeFacts
from verdict.engine.decide.trace import ChargeResult, RuleResult
from verdict.engine.model.base import GOAL
from verdict.engine.model.expressions import All, Any_, Expr, Not
from verdict.engine.model.levels import BOTTOM, DEFAULT, TOP, Level, conj, defeat, disj, mirror
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Stage

Env = Mapping[str, int]
Fn = Callable[[Env], int]


def compile_expr(expr: Expr) -> Fn:
    """A function from the levels of all names to the level of ``expr``."""
    if isinstance(expr, str):
        return itemgetter(expr)
    if isinstance(expr, All | Any_):
        parts = [compile_expr(p) for p in (expr.all if isinstance(expr, All) else expr.any)]
        if len(parts) == 1:
            return parts[0]
        combine = min if isinstance(expr, All) else max
        return lambda env: combine([f(env) for f in parts])
    if isinstance(expr, Not):
        inner = compile_expr(expr.not_)
        return lambda env: TOP - inner(env)
    inner = compile_expr(expr.unless)
    return lambda env: defeat(inner(env))


PartsFn = Callable[[Env, list[int]], int]


def compile_parts(expr: Expr) -> PartsFn:
    """Like ``compile_expr``, and appends the level of each compound part to a list as it goes,
    children before their parent (``model.compound_parts``), for the trace."""
    if isinstance(expr, str):
        get = itemgetter(expr)
        return lambda env, out: get(env)
    if isinstance(expr, All | Any_):
        parts = [compile_parts(p) for p in (expr.all if isinstance(expr, All) else expr.any)]
        combine = min if isinstance(expr, All) else max
        bottom = TOP if isinstance(expr, All) else BOTTOM

        def fold(env: Env, out: list[int]) -> int:
            value = combine([f(env, out) for f in parts], default=bottom)
            out.append(value)
            return value

        return fold
    unary = compile_parts(expr.not_ if isinstance(expr, Not) else expr.unless)
    if isinstance(expr, Not):

        def negate(env: Env, out: list[int]) -> int:
            value = TOP - unary(env, out)
            out.append(value)
            return value

        return negate

    def unless(env: Env, out: list[int]) -> int:
        value = defeat(unary(env, out))
        out.append(value)
        return value

    return unless


def evaluate_expr(expr: Expr, env: Env) -> Level:
    """The level of ``expr`` given the level of every name (the uncompiled definition)."""
    if isinstance(expr, str):
        return Level(env[expr])
    if isinstance(expr, All):
        return conj(evaluate_expr(p, env) for p in expr.all)
    if isinstance(expr, Any_):
        return disj(evaluate_expr(p, env) for p in expr.any)
    if isinstance(expr, Not):
        return mirror(evaluate_expr(expr.not_, env))
    return defeat(evaluate_expr(expr.unless, env))


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    conditions: tuple[tuple[str, Fn], ...]
    parts: tuple[PartsFn, ...]


LEVELS: tuple[Level, ...] = tuple(Level)  # LEVELS[n] is Level(n), without the enum call


@dataclass(frozen=True)
class Program:
    """A rule base compiled for evaluation: conclusions in dependency order."""

    base: RuleBase
    compiled: Compiled
    rules: Mapping[str, _CompiledRule]
    _plans: dict[tuple[str, str], tuple[tuple[str, tuple[_CompiledRule, ...]], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def plan(self, offence: str, kind: str) -> tuple[tuple[str, tuple[_CompiledRule, ...]], ...]:
        """The steps for one kind of charge: each conclusion with only its applicable rules."""
        key = (offence, kind)
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = tuple(
                (c, tuple(self.rules[r.id] for r in rules)) for c, rules in self.compiled.plan(offence, kind)
            )
        return found

    def run(self, facts: ChargeFacts, stage: Stage) -> ChargeResult:
        """Evaluate one charge at ``stage``."""
        env: dict[str, int] = dict(facts.facts)
        results: dict[str, RuleResult] = {}
        for conclusion, rules in self.plan(facts.charge.offence, facts.kind):
            best = -1
            for compiled in rules:
                parts: list[tuple[Level, ...]] = []
                values: list[Level] = []
                for f in compiled.parts:
                    out: list[int] = []
                    values.append(LEVELS[f(env, out)])
                    parts.append(tuple(LEVELS[v] for v in out))
                levels = tuple(zip((cid for cid, _ in compiled.conditions), values, strict=True))
                level = LEVELS[min(values, default=TOP)]
                results[compiled.rule.id] = RuleResult(compiled.rule.id, level, levels, tuple(parts))
                if level > best:
                    best = level
            env[conclusion] = DEFAULT if best < 0 else best
        return finish(facts, stage, {k: LEVELS[v] for k, v in env.items()}, results)

    def liable(self, facts: Mapping[str, int], offence: str, kind: str) -> int:
        """Only the level of ``liable`` for one charge."""
        env: dict[str, int] = dict(facts)
        for conclusion, rules in self.plan(offence, kind):
            best = -1
            for compiled in rules:
                level = min([f(env) for _, f in compiled.conditions], default=TOP)
                if level > best:
                    best = level
            env[conclusion] = DEFAULT if best < 0 else best
        return env[GOAL]


def finish(
    facts: ChargeFacts,
    stage: Stage,
    levels: dict[str, Level],
    rules: dict[str, RuleResult],
) -> ChargeResult:
    """A charge's result from its levels: whether it holds at ``stage``, and the outcome."""
    liable = levels[GOAL]
    holds, outcome = stage.decide(levels, facts.offence_class)
    return ChargeResult(
        charge=facts.charge,
        kind=facts.kind,
        offence_class=facts.offence_class,
        levels=levels,
        rules=rules,
        liable=liable,
        holds=holds,
        outcome=outcome,
    )


def _build(base: RuleBase) -> Program:
    rules = {
        rule.id: _CompiledRule(
            rule,
            tuple((cid, compile_expr(e)) for cid, e in rule.conditions()),
            tuple(compile_parts(e) for _, e in rule.conditions()),
        )
        for rule in base.rules
    }
    return Program(base, compile_base(base), rules)


def compile_program(base: RuleBase) -> Program:
    """Compile ``base`` once (a bounded cache of compiled rule bases, ``compiled.cached``)."""
    return cached(base, "reference", _build)
