"""``presupposes:`` orders the failing elements an explanation reports, and never changes a level
(docs/rules.md, docs/semantics.md §6): checked on generated rule bases."""

from __future__ import annotations

import random

from generators import random_case, random_rule_base, rule_bases, scenarios
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.reference import compile_program
from verdict.engine.explain.builder import explain
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule


def without_presuppositions(base: RuleBase) -> RuleBase:
    """``base`` with every ``presupposes:`` emptied (the rules stay bound to their offences)."""

    def bare(rule: Rule) -> Rule:
        elements = [e.model_copy(update={"presupposes": []}) for e in rule.elements]
        return rule.model_copy(update={"elements": elements})

    return base.model_copy(update={"rules": tuple(bare(r) for r in base.rules)})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_presupposes_never_changes_a_level(data: st.DataObject) -> None:
    base = data.draw(rule_bases())
    bare = without_presuppositions(base)
    with_, without = compile_program(base), compile_program(bare)
    for scenario in data.draw(st.lists(scenarios(base, 3), min_size=4, max_size=4)):
        for stage in base.stages.values():
            assert [with_.run(f, stage) for f in scenario] == [without.run(f, stage) for f in scenario]


def presupposed(rule: Rule) -> dict[str, set[str]]:
    """For each element of ``rule``, every condition it presupposes, directly or not."""
    direct = {e.id: set(e.presupposes) for e in rule.elements}
    closure = {name: set(found) for name, found in direct.items()}
    for _ in direct:
        for found in closure.values():
            found |= {q for p in list(found) for q in closure.get(p, set())}
    return closure


def test_a_presupposed_failing_element_is_reported_first() -> None:
    """Of two failing conditions of the route, the one the other presupposes comes first."""
    checked = 0
    for seed in range(52_000, 52_060):
        rng = random.Random(seed)
        base = random_rule_base(rng, name=f"presupposes_{seed}")
        rules = {r.id: r for r in base.rules}
        for index in range(5):
            case = random_case(rng, base, name=f"case_{index}")
            for stage in base.stages.values():
                trace = evaluate(base, case, stage.id, backend="reference")
                for charge in explain(trace, base, case).charges:
                    if charge.route is None:
                        continue
                    order = [b.element for b in charge.blocking]
                    route = rules[charge.route.id]
                    direct = {e.id: set(e.presupposes) for e in route.elements}
                    before = presupposed(route)
                    for element in order:
                        for other in direct.get(element, set()) & set(order):
                            if element not in before.get(other, set()):  # not a circle
                                assert order.index(other) < order.index(element), (seed, order)
                                checked += 1
    assert checked >= 50  # the generated rule bases do put presupposed elements to the test
