"""Which routes to a conclusion a case argues: the facts only one route reads, and whether the
case states any of them (docs/semantics.md §6, "Route")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from verdict.engine.model.expressions import All, Any_, Expr, Not
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule

Applicable = Callable[[str], Sequence[Rule]]
"""The rules concluding a name that apply to the charge at hand."""


def walk(expr: Expr, defences: bool = False) -> Iterator[str]:
    """The names under ``expr``; under ``not`` and ``unless`` only when ``defences``."""
    if isinstance(expr, str):
        yield expr
    elif isinstance(expr, All | Any_):
        for part in expr.all if isinstance(expr, All) else expr.any:
            yield from walk(part, defences)
    elif defences:
        yield from walk(expr.not_ if isinstance(expr, Not) else expr.unless, defences)


def facts_under(
    expr: Expr, base: RuleBase, applicable: Applicable, defences: bool = False, seen: set[str] | None = None
) -> list[str]:
    """The facts under ``expr`` through the applicable rules' elements (their exceptions, and the
    parts under a negation, too when ``defences``), in order of first appearance."""
    seen = set() if seen is None else seen
    out: dict[str, None] = {}
    for name in walk(expr, defences):
        if name in base.predicates:
            out[name] = None
        elif name not in seen:
            seen.add(name)
            for rule in applicable(name):
                conditions = rule.conditions() if defences else [(e.id, e.when) for e in rule.elements]
                for _, cexpr in conditions:
                    out.update(dict.fromkeys(facts_under(cexpr, base, applicable, defences, seen)))
    return list(out)


def own_facts(routes: Sequence[Rule], base: RuleBase, applicable: Applicable) -> dict[str, list[str]]:
    """For each route (by rule id), the facts its elements read and no other route's do:
    stating one of them is arguing that route."""
    under = {r.id: [facts_under(e.when, base, applicable) for e in r.elements] for r in routes}
    out: dict[str, list[str]] = {}
    for route in routes:
        others = {f for r in routes if r is not route for fs in under[r.id] for f in fs}
        out[route.id] = list(dict.fromkeys(f for fs in under[route.id] for f in fs if f not in others))
    return out


__all__ = ["Applicable", "facts_under", "own_facts", "walk"]
