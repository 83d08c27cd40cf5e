"""The durable and reference backends agree on hundreds of generated rule bases.

Every rule base and its cases come from one seed (``generators.random_rule_base`` and
``random_case``), so a disagreement is reported as a seed that ``check_base`` replays in
any process. durable_rules never frees a compiled ruleset, so the rule bases are checked
in worker processes that each compile at most ``PER_PROCESS`` of them and are then
replaced.
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing
import os
import random
from dataclasses import dataclass, field

import pytest

pytest.importorskip("durable.engine")

from generators import random_case, random_rule_base

from verdict.engine.decide.durable_backend import compile_durable, run_durable
from verdict.engine.decide.evaluate import case_outcome, evaluate
from verdict.engine.decide.reference import compile_program, evaluate_expr
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.decide.trace import ChargeResult, Trace
from verdict.engine.errors import EngineError
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.graph import dependencies, evaluation_order
from verdict.engine.model.levels import DEFAULT, conj
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage

BASES = 240
CASES_PER_BASE = 50
PER_PROCESS = 25
WORKERS = 2
FIRST_SEED = 20_240_000
WAIT = 120.0  # seconds to wait for one rule base's report before calling the worker lost


@dataclass
class Report:
    """What checking one rule base found, as sent back by a worker process."""

    seed: int
    pid: int
    cases: int = 0
    charges: int = 0
    held: int = 0
    features: set[str] = field(default_factory=set)
    disagreements: list[str] = field(default_factory=list)


def _depth(expr: Expr) -> int:
    if isinstance(expr, str):
        return 0
    if isinstance(expr, All | Any_):
        return 1 + max(_depth(p) for p in (expr.all if isinstance(expr, All) else expr.any))
    return 1 + _depth(expr.not_ if isinstance(expr, Not) else expr.unless)


def _kinds(expr: Expr) -> set[str]:
    if isinstance(expr, str):
        return set()
    if isinstance(expr, All):
        return {"all"}.union(*(_kinds(p) for p in expr.all))
    if isinstance(expr, Any_):
        return {"any"}.union(*(_kinds(p) for p in expr.any))
    if isinstance(expr, Not):
        return {"not"} | _kinds(expr.not_)
    assert isinstance(expr, Unless)
    return {"unless"} | _kinds(expr.unless)


def _chain(base: RuleBase) -> int:
    """The longest chain of conclusions, each read by the next, ending in ``liable``."""
    deps = dependencies(base)
    length: dict[str, int] = {}
    for conclusion in evaluation_order(base):
        length[conclusion] = 1 + max((length[n] for n in deps[conclusion] if n in deps), default=0)
    return length[GOAL]


def features(base: RuleBase) -> set[str]:
    """The constructs ``base`` uses, to show that the generated rule bases vary."""
    found: set[str] = set()
    for rule in base.rules:
        for _, expr in rule.conditions():
            found |= _kinds(expr)
            if _depth(expr) >= 3:
                found.add("nested")
        found.update(f"burden:{x.burden}" for x in rule.exceptions)
        if len(rule.conditions()) > 16 and any(
            rule.applies(o, k) for o in base.offences for k in ("natural_person", "legal_person")
        ):
            found.add("wide")  # a rule about some charge: durable compiles it, split
        scope = rule.applies_to
        if scope is not None:
            found.update(
                name
                for name, value in (
                    ("scope:offence", scope.offence),
                    ("scope:except_offence", scope.except_offence),
                    ("scope:kind", scope.accused_kind),
                    ("scope:attribute", scope.offence_class or scope.circumstance_kind),
                    ("scope:attribute", scope.attempt_punishable),
                    ("scope:attribute", scope.aid_punishable),
                    ("scope:attribute", scope.aggravated),
                )
                if value is not None
            )
        if any(e.presupposes for e in rule.elements):
            found.add("presupposes")
    if any(o.class_ == "contravention" for o in base.offences.values()):
        found.add("contravention")
    stage = next(iter(base.stages.values()))
    found.update(name for name, present in (("grounds", stage.grounds), ("bars", stage.bars)) if present)
    if any(len(base.rules_for(c)) > 1 for c in base.conclusions):
        found.add("several_rules")
    if _chain(base) >= 3:
        found.add("chain")
    return found


def first_difference(durable: tuple[ChargeResult, ...], reference: tuple[ChargeResult, ...]) -> str:
    """The first row where two evaluations of one scenario differ, in a few words."""

    def trace(charges: tuple[ChargeResult, ...]) -> Trace:
        return Trace("case", "stage", charges[0].liable, "any", "base", charges, "outcome")

    if len(durable) != len(reference):
        return f"{len(durable)} charges against {len(reference)}"
    for d, r in zip(trace(durable).decisions(), trace(reference).decisions(), strict=False):
        if d != r:
            return f"durable {d} but reference {r}"
    return "same decisions, different results: " + next(
        f"{a.charge.key}: {a!r} != {b!r}" for a, b in zip(durable, reference, strict=True) if a != b
    )


def off_definition(base: RuleBase, result: ChargeResult, stage: Stage) -> str | None:
    """Where ``result`` departs from the uncompiled definition (``evaluate_expr``), if anywhere.

    Both backends evaluate conditions with the same compiled expressions; this checks
    those too, from the levels the result reports.
    """
    charge = result.charge
    applying = [r for r in base.rules if r.applies(charge.offence, result.kind)]
    if set(result.rules) != {r.id for r in applying}:
        return f"{charge.key}: rules applied {sorted(result.rules)}"
    for rule in applying:
        found = result.rules[rule.id]
        expected = tuple((cid, evaluate_expr(expr, result.levels)) for cid, expr in rule.conditions())
        if found.conditions != expected or found.level != conj(level for _, level in expected):
            return f"{charge.key}: rule {rule.id} gives {found} instead of {expected}"
    for conclusion in base.conclusions:
        levels = [result.rules[r.id].level for r in base.rules_for(conclusion) if r.id in result.rules]
        if result.levels[conclusion] != max(levels, default=DEFAULT):
            return f"{charge.key}: {conclusion} is {result.levels[conclusion].name_id}"
    grounded = any(result.levels.get(g, DEFAULT) >= stage.required for g in stage.grounds)
    undecided = result.levels.get(OUTSIDE_SCOPE, DEFAULT) >= stage.required  # outside the law encoded
    holds = not undecided and (result.liable >= stage.required or grounded)
    if result.liable != result.levels[GOAL] or result.holds != holds:
        return f"{charge.key}: liable {result.liable.name_id}, holds {result.holds}"
    return None


def check_base(seed: int) -> Report:
    """Draw the rule base and cases of ``seed``; evaluate every case on both backends."""
    rng = random.Random(seed)
    base = random_rule_base(rng, name=f"generated_{seed}")
    report = Report(seed, os.getpid(), features=features(base))
    try:
        program = compile_durable(base)
    except EngineError as error:
        report.disagreements.append(f"seed {seed}: durable refused the rule base: {error}")
        return report
    if any("_part" in name for name in program.definition):
        report.features.add("split")
    reference = compile_program(base)
    stages = list(base.stages.values())
    for index in range(CASES_PER_BASE):
        case = random_case(rng, base, name=f"case_{index}")
        stage = rng.choice(stages)
        order = rng.getrandbits(32)
        where = f"seed {seed}, case {index}, stage {stage.id}, fact order {order}"
        scenario = charge_facts(case, base)
        expected = tuple(reference.run(facts, stage) for facts in scenario)
        for result in expected:
            wrong = off_definition(base, result, stage)
            if wrong is not None:
                report.disagreements.append(f"{where}: the reference departs from its definition: {wrong}")
        try:
            found = run_durable(base, scenario, stage, shuffle=random.Random(order))
            if found != expected:
                report.disagreements.append(f"{where}: {first_difference(found, expected)}")
            elif case_outcome(stage, found) != case_outcome(stage, expected):
                report.disagreements.append(f"{where}: the case outcomes differ")
            if index % 5 == 0:  # the public path too: findings to charges to a Trace
                traces = {b: evaluate(base, case, stage.id, backend=b) for b in ("durable", "reference")}
                same = dataclasses.replace(traces["durable"], backend="reference") == traces["reference"]
                if not same or traces["durable"].decisions() != traces["reference"].decisions():
                    report.disagreements.append(f"{where}: evaluate() gives different traces")
        except EngineError as error:
            report.disagreements.append(f"{where}: durable raised {error}")
        report.cases += 1
        report.charges += len(expected)
        report.held += sum(r.holds for r in expected)
        if len(scenario) > 1 and len({(f.charge.offence, f.kind) for f in scenario}) > 1:
            report.features.add("mixed_charges")
        if any(f.offence or f.accused for f in case.findings):
            report.features.add("scoped_findings")
    return report


def test_durable_agrees_with_reference_on_generated_rule_bases() -> None:
    seeds = list(range(FIRST_SEED, FIRST_SEED + BASES))
    reports: list[Report] = []
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS, maxtasksperchild=PER_PROCESS) as pool:
        results = pool.imap_unordered(check_base, seeds, chunksize=1)
        for _ in seeds:
            try:
                reports.append(results.next(timeout=WAIT))
            except multiprocessing.TimeoutError:
                missing = sorted(set(seeds) - {r.seed for r in reports})
                pytest.fail(f"a worker process was lost (crashed?); seeds not reported: {missing[:10]}")

    disagreements = [d for r in reports for d in r.disagreements]
    assert disagreements == [], f"{len(disagreements)} disagreements, first: {disagreements[:5]}"
    assert sorted(r.seed for r in reports) == seeds
    assert len(reports) >= 200
    cases = sum(r.cases for r in reports)
    assert cases >= 10_000
    # each process compiled a bounded number of rulesets, then was replaced
    per_process = collections.Counter(r.pid for r in reports)
    assert max(per_process.values()) <= PER_PROCESS
    assert len(per_process) >= BASES // PER_PROCESS
    # the inputs varied: every construct in many rule bases, charges that hold and that fail
    seen = collections.Counter(f for r in reports for f in r.features)
    for feature in ("all", "any", "not", "unless", "nested", "burden:prosecution", "burden:defence",
                    "scope:offence", "scope:except_offence", "scope:kind", "several_rules", "chain",
                    "mixed_charges", "scoped_findings"):
        assert seen[feature] >= BASES // 4, (feature, seen[feature])
    for feature in ("scope:attribute", "presupposes", "contravention", "grounds", "bars"):
        assert seen[feature] >= BASES // 10, (feature, seen[feature])
    assert seen["wide"] >= 10
    assert seen["split"] >= seen["wide"]
    charges, held = sum(r.charges for r in reports), sum(r.held for r in reports)
    assert 0.2 * charges < held < 0.8 * charges
