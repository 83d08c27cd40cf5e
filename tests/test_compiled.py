"""The compiled form: threshold form and ``through`` agree with the level algebra; the
dependency order needs no recursion."""

from __future__ import annotations

import itertools
import random

from generators import TEXT, predicate, random_expr, rule, stages

from verdict.engine.decide.compiled import compile_base, dependency_order, threshold, through, ways
from verdict.engine.decide.reference import evaluate_expr
from verdict.engine.model.base import GOAL
from verdict.engine.model.expressions import Not, Unless, names_in
from verdict.engine.model.levels import Level, defeat, mirror
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase


def holds(formula: object, env: dict[str, int]) -> bool:
    if isinstance(formula, bool):
        return formula
    assert isinstance(formula, tuple)
    if len(formula) == 3:
        name, lo, hi = formula
        return bool(lo <= env[name] <= hi)
    op, parts = formula
    return (all if op == "and" else any)(holds(p, env) for p in parts)


def test_ways_partition_the_levels_exactly() -> None:
    rng = random.Random(1)
    for _ in range(150):
        expr = random_expr(rng, ["a", "b", "c"], 3)
        names = names_in(expr)
        by_level = {k: ways(expr, k) for k in Level}
        for combo in itertools.product(range(6), repeat=len(names)):
            env = dict(zip(names, combo, strict=True))
            hits = [
                k
                for k, boxes in by_level.items()
                for box in boxes
                if all(lo <= env[n] <= hi for n, lo, hi in box)
            ]
            assert hits == [evaluate_expr(expr, env)], (expr, env)
            for k in range(-1, 8):
                level = evaluate_expr(expr, env)
                assert holds(threshold(expr, "at_least", k), env) == (level >= k)
                assert holds(threshold(expr, "at_most", k), env) == (level <= k)


def test_through_is_the_inverse_of_not_and_unless() -> None:
    for expr, op in ((Not(**{"not": "a"}), mirror), (Unless(unless="a"), defeat)):
        for direction in ("at_least", "at_most"):
            for bound in Level:
                inner, b = through(expr, direction, bound)
                for a in Level:
                    outer = op(a) >= bound if direction == "at_least" else op(a) <= bound
                    assert outer == (a >= b if inner == "at_least" else a <= b), (expr, direction, bound, a)


def test_a_chain_of_thousands_of_conclusions_is_ordered() -> None:
    length = 5000
    chain = [f"c{i}" for i in range(length)]
    rules = [rule(f"r{i}", c, [chain[i + 1] if i + 1 < length else "f"]) for i, c in enumerate(chain)]
    rules.append(rule("goal", GOAL, [chain[0]]))
    base = RuleBase(
        name="chain",
        predicates={"f": predicate("f")},
        rules=tuple(reversed(rules)),
        offences={"o": Offence(id="o", title=TEXT, class_="delit", intentional=True, sources=["test"])},
        stages=stages(),
    )
    order = dependency_order(base)
    assert order.index(chain[-1]) < order.index(chain[0]) < order.index(GOAL)
    assert len(compile_base(base).plan("o", "natural_person")) == length + 1
