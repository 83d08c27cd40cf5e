"""The fast path: straight-line Python generated from the compiled form of a rule base.

For each kind of charge (offence, kind of accused), the plan of the compiled form
(``compiled.py``: conclusions in dependency order, the rules that apply) is written out
as one Python function from the levels of the facts to the level of ``liable``, compiled
once and kept in the bounded cache of compiled rule bases. Sweeps, the counterfactual
search and batches of what-ifs use it; the differential tests prove it equal to the
reference evaluator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from verdict.engine.decide.compiled import Compiled, cached, compile_base
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.model.base import GOAL
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law
from verdict.engine.model.dated import dated
from verdict.engine.model.expressions import All, Any_, Expr, Not
from verdict.engine.model.levels import DEFAULT, TOP
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage

Liable = Callable[[Mapping[str, int]], int]


class _Writer:
    """Straight-line statements, one temporary per operation (no calls on the hot path)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def let(self, value: str) -> str:
        name = f"t{self.count}"
        self.count += 1
        self.lines.append(f"    {name} = {value}")
        return name

    def fold(self, parts: Sequence[str], weakest: bool) -> str:
        """The weakest (or strongest) of ``parts``, pairwise."""
        found = parts[0]
        for part in parts[1:]:
            test = "<" if weakest else ">"
            found = self.let(f"{found} if {found} {test} {part} else {part}")
        return found

    def expr(self, expr: Expr, names: Mapping[str, str]) -> str:
        """A local variable holding the level of ``expr``."""
        if isinstance(expr, str):
            return names[expr]
        if isinstance(expr, All | Any_):
            parts = [self.expr(p, names) for p in (expr.all if isinstance(expr, All) else expr.any)]
            return self.fold(parts, isinstance(expr, All))
        if isinstance(expr, Not):
            return self.let(f"{TOP} - {self.expr(expr.not_, names)}")
        inner = self.expr(expr.unless, names)
        return self.let(f"{TOP} if {inner} <= {DEFAULT} else {TOP} - {inner}")


def function_source(
    compiled: Compiled, offence: str, kind: str, name: str = "liable", also: Sequence[str] = ()
) -> str:
    """The source of the function deciding ``liable`` for charges of ``(offence, kind)``; with
    ``also``, it returns ``liable`` and the level of each of those names, as a tuple."""
    base = compiled.base
    names: dict[str, str] = {}
    out = _Writer()
    reads = {n for c in compiled.order for n in compiled.reads.get(c, ())}
    for fact in (p for p in base.predicates if p in reads):
        names[fact] = out.let(f"env[{fact!r}]")
    for conclusion, rules in compiled.plan(offence, kind):
        routes = [
            out.fold([out.expr(expr, names) for _, expr in rule.conditions()], True)
            if rule.conditions()
            else str(TOP)
            for rule in rules
        ]
        names[conclusion] = out.fold(routes, False) if routes else str(DEFAULT)
    extra = [names.get(n) or out.let(f"env.get({n!r}, {DEFAULT})") for n in also]
    result = ", ".join([names[GOAL], *extra]) if also else names[GOAL]
    return "\n".join([f"def {name}(env):", *out.lines, f"    return {result}"]) + "\n"


@dataclass(eq=False)
class Generated:
    """One generated function per kind of charge, each compiled on first use."""

    compiled: Compiled
    _functions: dict[tuple[str, str, tuple[str, ...]], Any] = field(default_factory=dict)

    def function(self, offence: str, kind: str, also: tuple[str, ...] = ()) -> Any:
        """The compiled function deciding ``liable`` for ``(offence, kind)`` (and ``also``)."""
        key = (offence, kind, also)
        if key not in self._functions:
            namespace: dict[str, Any] = {}
            source = function_source(self.compiled, offence, kind, also=also)
            code = compile(source, "<verdict generated>", "exec")
            exec(code, namespace)  # our own source, generated from the validated rule base
            self._functions[key] = namespace["liable"]
        return self._functions[key]

    def liable(self, facts: Mapping[str, int], offence: str, kind: str) -> int:
        """The level of ``liable`` for one charge (the reference's ``Program.liable``)."""
        return int(self.function(offence, kind)(facts))


def compile_generated(base: RuleBase) -> Generated:
    """The generated evaluator of ``base``, built once (bounded cache, ``compiled.cached``)."""
    return cached(base, "generated", lambda b: Generated(compile_base(b)))


def charge_decider(
    fast: Generated, stage: Stage, offence: str, kind: str, offence_class: str, rank: Mapping[str, int]
) -> Callable[[Mapping[str, int]], int]:
    """The rank in the stage's severity of a charge's outcome, from its fact levels: ``liable``
    against the stage's threshold, then its procedural grounds and bars (``Stage.settle``). Every
    stage reads at least ``outside_scope`` besides ``liable`` (``Stage.names``)."""
    required = int(stage.required)
    also = tuple(stage.names())
    levels = fast.function(offence, kind, also)

    def decide(env: Mapping[str, int]) -> int:
        goal, *rest = levels(env)
        outcome = stage.settle(goal >= required, dict(zip(also, rest, strict=True)), offence_class)[1]
        return rank[outcome]

    return decide


def outcomes(base: RuleBase, case: Case, stage: Stage, overrides: Sequence[Mapping[str, int]]) -> list[str]:
    """The case's outcome under each set of ``{finding: level}`` overrides (``whatif --set``)."""
    base = case_law(base, case)
    case = dated(case, base)
    fast = compile_generated(base)
    rank = {o: i for i, o in enumerate(stage.severity)}
    charges = []
    for facts in charge_facts(case, base):
        ranked: dict[str, list[tuple[str, int]]] = {}  # each fact's findings, strongest first
        for finding in case.findings:
            if finding.fact is not None and finding.applies(facts.charge):
                ranked.setdefault(finding.fact, []).append((finding.id, int(finding.level)))
        for found in ranked.values():
            found.sort(key=lambda item: -item[1])
        on = {fid: fact for fact, found in ranked.items() for fid, _ in found}
        env = {name: int(level) for name, level in facts.facts.items()}
        decide = charge_decider(fast, stage, facts.charge.offence, facts.kind, facts.offence_class, rank)
        charges.append((env, ranked, on, decide, decide(env)))
    out: list[str] = []
    for change in overrides:
        worst = len(stage.severity)
        for env, ranked, on, decide, unchanged in charges:
            moved: dict[str, int] = {}
            for fid, level in change.items():
                fact = on.get(fid)
                if fact is not None and moved.get(fact, -1) < level:
                    moved[fact] = level
            if not moved:
                severity = unchanged
            else:
                levels = dict(env)
                for fact, level in moved.items():
                    for fid, other in ranked[fact]:
                        if fid not in change:  # the strongest finding left as it was
                            if other > level:
                                level = other
                            break
                    levels[fact] = level
                severity = decide(levels)
            if severity < worst:
                worst = severity
        out.append(stage.severity[worst])
    return out
