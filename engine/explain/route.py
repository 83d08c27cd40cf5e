"""Which rule an explanation follows to a conclusion (its route), and the order in which the
law examines the conditions of that rule that fail (docs/semantics.md §6)."""

from __future__ import annotations

from collections.abc import Callable

from verdict.engine.decide.trace import ChargeResult
from verdict.engine.explain.explanation import Condition
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import Case
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule


def applicable(base: RuleBase, result: ChargeResult, conclusion: str) -> list[Rule]:
    """The rules concluding ``conclusion`` that the trace applied to the charge of ``result``."""
    return [r for r in base.rules_for(conclusion) if r.id in result.rules]


def route_rule(
    base: RuleBase,
    case: Case,
    result: ChargeResult,
    conclusion: str,
    required: Level,
    index: Bearing | None = None,
    rules_for: Callable[[str], list[Rule]] | None = None,
    argued: dict[str, int] | None = None,
) -> Rule | None:
    """The applicable rule to explain ``conclusion`` by (docs/semantics.md §6, "Route"): one that
    reaches ``required``, else the one the case argues most, then the one meeting most
    conditions, then the strongest, then the first written (never the order of the findings)."""
    found = rules_for or (lambda name: applicable(base, result, name))
    rules = found(conclusion)
    if not rules:
        return None
    if argued is None:
        argued = _argued(base, case, result, rules, index or Bearing(case.findings), found)

    def rank(indexed: tuple[int, Rule]) -> tuple[bool, int, int, int, int]:
        position, rule = indexed
        res = result.rules[rule.id]
        met = sum(level >= required for _, level in res.conditions)
        return (res.level >= required, argued.get(rule.id, 0), met, res.level, -position)

    return max(enumerate(rules), key=rank)[1]


def _argued(
    base: RuleBase,
    case: Case,
    result: ChargeResult,
    rules: list[Rule],
    index: Bearing,
    rules_for: Callable[[str], list[Rule]],
) -> dict[str, int]:
    """How the case argues each route among ``rules``, by its findings on facts only that route
    reads: 2 when one is above ``disproved`` (it asserts the route), 1 when all are ``disproved``
    (it argues against it), absent when there is none. The order of the findings plays no part
    (docs/semantics.md §7)."""
    from verdict.engine.decide.routes import own_facts

    if len(rules) < 2:
        return {}
    out: dict[str, int] = {}
    for rule_id, facts in own_facts(rules, base, rules_for).items():
        found = [f for fact in facts for f in index.on(fact, result.charge)]
        if found:
            out[rule_id] = 2 if any(f.level > Level.DISPROVED for f in found) else 1
    return out


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
    ids = [*(e.id for e in rule.elements), *(x.id for x in rule.exceptions)]
    written = {cid: i for i, cid in enumerate(ids)}
    return sorted(failing, key=lambda c: (depth[c.id], c.level, written.get(c.id, len(written))))
