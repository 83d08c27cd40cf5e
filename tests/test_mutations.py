"""The two encodings of the law are independent: a mistake in one is caught by the other.

Each test applies one semantic mutation to the reference evaluator (or to the route of
an explanation) and shows that the differential comparison with the durable backend (or
the route's definition, docs/semantics.md §6) then finds a disagreement, where without the
mutation it finds none.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("durable.engine")

from generators import random_case, random_rule_base

from verdict.engine import compiled, explain, reference
from verdict.engine.durable_backend import run_durable
from verdict.engine.evaluate import evaluate
from verdict.engine.explain import _Explainer
from verdict.engine.levels import Level
from verdict.engine.model import GOAL, Case, Expr, Not, Rule, RuleBase, Stage, Unless
from verdict.engine.scenario import ChargeFacts, charge_facts
from verdict.engine.trace import ChargeResult, RuleResult

SEEDS = range(31_000, 31_012)
CASES = 8

Sample = list[tuple[RuleBase, Case, Stage]]


@pytest.fixture(scope="module")
def sample() -> Sample:
    """Generated rule bases, each with cases at random stages."""
    out: Sample = []
    for seed in SEEDS:
        rng = random.Random(seed)
        base = random_rule_base(rng, name=f"mutation_{seed}")
        stages = list(base.stages.values())
        out += [(base, random_case(rng, base, name=f"case_{i}"), rng.choice(stages)) for i in range(CASES)]
    return out


@pytest.fixture(autouse=True)
def fresh_programs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Reference programs compiled anew under each mutation (durable's stay compiled)."""
    monkeypatch.setattr(compiled, "_CACHE", OrderedDict())
    yield


def differential(sample: Sample) -> int:
    """How many cases of ``sample`` the durable and reference backends decide differently."""
    found = 0
    for base, case, stage in sample:
        scenario = charge_facts(case, base)
        program = reference.compile_program(base)
        if run_durable(base, scenario, stage) != tuple(program.run(f, stage) for f in scenario):
            found += 1
    return found


def _rank(result: ChargeResult, required: Level, index: int, rule: Rule) -> tuple[bool, int, int, int]:
    res = result.rules[rule.id]
    met = sum(level >= required for _, level in res.conditions)
    return (res.level >= required, met, res.level, -index)


def route_errors(sample: Sample) -> int:
    """How many charges are explained by another route than docs/semantics.md §6 names."""
    found = 0
    for base, case, stage in sample:
        trace = evaluate(base, case, stage.id, backend="durable")
        for result, charge in zip(trace.charges, explain.explain(trace, base, case).charges, strict=True):
            rules = [r for r in base.rules_for(GOAL) if r.id in result.rules]
            if not rules:
                continue
            # a rule that reaches the level; then the most conditions met; the highest level; the first
            expected = max(enumerate(rules), key=lambda ir: _rank(result, stage.required, *ir))[1]
            if charge.route is None or charge.route.id != expected.id:
                found += 1
    return found


def test_unmutated_the_checks_find_nothing(sample: Sample) -> None:
    assert differential(sample) == 0
    assert route_errors(sample) == 0


# ---------------------------------------------------------------- mutations


def _mutate_expr(monkeypatch: pytest.MonkeyPatch, change: Callable[[Expr], Expr | None]) -> None:
    """Compile expressions after ``change`` (which returns a replacement, or None)."""
    real = reference.compile_expr

    def mutated(expr: Expr) -> reference.Fn:
        other = change(expr)
        return real(expr) if other is None else mutated(other)

    monkeypatch.setattr(reference, "compile_expr", mutated)


def test_all_as_max_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reference, "min", max, raising=False)  # a conjunction as its strongest part
    assert differential(sample) > 0


def test_any_as_min_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reference, "max", min, raising=False)  # a disjunction as its weakest part
    assert differential(sample) > 0


def test_not_as_identity_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    _mutate_expr(monkeypatch, lambda e: e.not_ if isinstance(e, Not) else None)
    assert differential(sample) > 0


def test_unless_as_not_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    _mutate_expr(monkeypatch, lambda e: Not(**{"not": e.unless}) if isinstance(e, Unless) else None)
    assert differential(sample) > 0


def test_stage_threshold_off_by_one_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    real = reference.finish

    def strict(
        facts: ChargeFacts, stage: Stage, levels: dict[str, Level], rules: dict[str, RuleResult]
    ) -> Any:
        higher = stage.model_copy(update={"required": Level(min(stage.required + 1, Level.PROVEN))})
        return real(facts, higher, levels, rules)

    monkeypatch.setattr(reference, "finish", strict)
    assert differential(sample) > 0


def test_route_tie_break_reversed_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    def last_first(self: _Explainer, conclusion: str) -> Rule | None:
        rules = self.applicable(conclusion)
        if not rules:
            return None

        def rank(indexed: tuple[int, Rule]) -> tuple[bool, int, int, int]:
            index, rule = indexed
            res = self.result.rules[rule.id]
            met = sum(level >= self.required for _, level in res.conditions)
            return (res.level >= self.required, met, res.level, index)  # the rule written last

        return max(enumerate(rules), key=rank)[1]

    monkeypatch.setattr(_Explainer, "best_rule", last_first)
    assert route_errors(sample) > 0
