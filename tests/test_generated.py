"""The generated evaluator decides as the reference evaluator does, and is cached within a bound."""

from __future__ import annotations

import random

from generators import Scenario, random_case, random_rule_base, rule_bases, scenarios
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdict.engine.decide import compiled
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.generated import compile_generated, outcomes
from verdict.engine.decide.reference import compile_program
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import bundled_facts
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase

BASE = load_rules()


def same_liable(base: RuleBase, scenario: Scenario) -> bool:
    fast, reference = compile_generated(base), compile_program(base)
    return all(
        fast.liable(f.facts, f.charge.offence, f.kind) == reference.liable(f.facts, f.charge.offence, f.kind)
        for f in scenario
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_rule_bases_agree_with_reference(data: st.DataObject) -> None:
    base = data.draw(rule_bases())
    for scenario in data.draw(st.lists(scenarios(base, 3), min_size=8, max_size=8)):
        assert same_liable(base, scenario)


def test_seeded_rule_bases_agree_with_reference() -> None:
    checked = 0
    for seed in range(40_000, 40_120):
        rng = random.Random(seed)
        base = random_rule_base(rng, name=f"generated_{seed}")
        for index in range(10):
            scenario = charge_facts(random_case(rng, base, name=f"case_{index}"), base)
            assert same_liable(base, scenario), (seed, index)
            checked += len(scenario)
    assert checked > 1000


def test_whatif_batches_agree_with_full_evaluations() -> None:
    rng = random.Random(11)
    for path in sorted(bundled_facts().glob("*.yaml")):
        case = load_case(path, BASE)
        movable = [f.id for f in case.findings if f.fact is not None]
        if not movable:
            continue
        changes = [
            {fid: rng.randrange(6) for fid in rng.sample(movable, min(3, len(movable)))} for _ in range(40)
        ]
        for stage in BASE.stages.values():
            expected = [
                evaluate(BASE, case, stage.id, "reference", {k: Level(v) for k, v in c.items()}).outcome
                for c in changes
            ]
            assert outcomes(BASE, case, stage, changes) == expected, (path.name, stage.id)


def test_the_cache_is_bounded() -> None:
    seeds = range(compiled.CACHE_SIZE + 8)
    bases = [random_rule_base(random.Random(seed), name=f"b{seed}") for seed in seeds]
    programs = [compile_generated(base) for base in bases]
    assert len(compiled._CACHE) <= compiled.CACHE_SIZE
    assert compile_generated(bases[-1]) is programs[-1]  # the most recent are kept
    assert compile_generated(bases[0]) is not programs[0]  # the oldest were dropped, and are rebuilt


def test_whatif_batches_weigh_every_finding_on_a_moved_fact() -> None:
    """Moving findings of a fact that has several: two moved at once (the stronger counts,
    whatever their order), or one moved down while the others stay (the strongest left counts)."""
    checked = 0
    for path in sorted(bundled_facts().glob("*.yaml")):
        case = load_case(path, BASE)
        by_fact: dict[str, list[str]] = {}
        for finding in case.findings:
            if finding.fact is not None:
                by_fact.setdefault(finding.fact, []).append(finding.id)
        changes: list[dict[str, int]] = []
        for ids in by_fact.values():
            if len(ids) < 2:
                continue
            first, second = ids[0], ids[1]
            changes += [{first: 5, second: 0}, {second: 0, first: 5}]
            changes += [{second: 5, first: 0}, {first: 0, second: 5}]
            changes += [{fid: 0} for fid in ids]
        if not changes:
            continue
        for stage in BASE.stages.values():
            expected = [
                evaluate(BASE, case, stage.id, "reference", {k: Level(v) for k, v in c.items()}).outcome
                for c in changes
            ]
            assert outcomes(BASE, case, stage, changes) == expected, (path.name, stage.id)
            checked += len(changes)
    assert checked > 400
