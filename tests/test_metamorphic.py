"""Invariance: outcomes come from the general rules, never from names, order or wording.

Renaming every fact, conclusion, finding and party, shuffling the findings and rewriting
every quote leaves every outcome and every blocking element unchanged.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.io import yamlio
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE

CASES = sorted(p for p in bundled_facts().glob("*.yaml"))
TEXT_KEYS = {"quote", "summary", "section", "source", "why", "notes", "name"}


def rename(data: Any, names: dict[str, str], key: str | None = None, rng: random.Random | None = None) -> Any:
    """``data`` with every identifier in ``names`` replaced, and free text rewritten."""
    if isinstance(data, dict):
        return {k: rename(v, names, k, rng) for k, v in data.items()}
    if isinstance(data, list):  # a list under a text key is of names (an expectation's notes)
        return [rename(v, names, None if key in TEXT_KEYS else key, rng) for v in data]
    if isinstance(data, str):
        if key in TEXT_KEYS:
            return f"text {rng.random():.6f}" if rng else data
        return names.get(data, data)
    return data


def outcomes(rules: Path, case_path: Path, stage: str | None, back: dict[str, str]) -> Any:
    """Each charge's outcome, blocking and holding elements, with renamed names mapped ``back``."""
    accused = back
    base = load_rules(rules)
    case = load_case(case_path, base)
    trace = evaluate(base, case, stage, backend="reference")
    result: dict[str, object] = {"outcome": trace.outcome}
    for charge in explain(trace, base, case).charges:
        result[f"{charge.offence}/{accused.get(charge.accused, charge.accused)}"] = (
            charge.outcome,
            tuple(accused.get(b.element, b.element) for b in charge.blocking),
            tuple(accused.get(c.id, c.id) for c in charge.elements if c.holds),
        )
    return result


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_renaming_reordering_and_rewording_change_nothing(
    path: Path, seed: int, tmp_path_factory: Any
) -> None:
    rng = random.Random(seed)
    tmp = tmp_path_factory.mktemp("renamed")
    base = load_rules()
    raw_case = yamlio.load(path)
    names = {
        name: f"n{rng.randrange(10**9)}_{i}" for i, name in enumerate([*base.predicates, *base.conclusions])
    }
    names.pop(GOAL)  # the conclusion every charge asks for is part of the language
    names.pop(OUTSIDE_SCOPE, None)  # so is the one that leaves a charge undecided
    names.update({p["id"]: f"party_{rng.randrange(10**9)}" for p in raw_case["parties"]})
    names.update(
        {f["id"]: f"finding_{rng.randrange(10**9)}_{i}" for i, f in enumerate(raw_case.get("findings", []))}
    )
    accused_back = {v: k for k, v in names.items()}

    rules_dir = tmp / "rules"
    rules_dir.mkdir()
    for source in bundled_rules().glob("*.yaml"):
        renamed = rename(yamlio.load(source), names)
        (rules_dir / source.name).write_text(yaml.safe_dump(renamed, allow_unicode=True), encoding="utf-8")
    case = rename(raw_case, names, rng=rng)
    rng.shuffle(case["findings"]) if "findings" in case else None
    rng.shuffle(case["parties"])
    case_path = tmp / path.name
    case_path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=bool(seed % 2)), encoding="utf-8")

    stages = [e.get("stage") for e in raw_case.get("expect", [])] or [None]
    for stage in stages:
        before = outcomes(bundled_rules(), path, stage, {})
        after = outcomes(rules_dir, case_path, stage, accused_back)
        assert after == before
