"""The route an explanation follows is the one the case argues (docs/semantics.md §6, "Route")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.load.case_file import load_case
from verdict.engine.model.rule_base import RuleBase

BACKENDS = ["reference", "durable"]


def route_of(
    tmp_path: Path, base: RuleBase, findings: list[tuple[str, str]], stage: str, backend: str
) -> str:
    """The route of the one charge of a theft case with ``findings`` (fact, level), in this order."""
    data: dict[str, Any] = {
        "case": "route",
        "title": {"en": "Route", "fr": "Voie"},
        "court": "Textbook problem",
        "date": "2024",
        "sources": ["Code pénal, art. 121-7"],
        "stage": stage,
        "parties": [{"id": "a", "name": "A", "kind": "natural_person"}],
        "charges": [{"accused": "a", "offence": "theft"}],
        "findings": [{"id": f"f{i}", "fact": f, "level": level} for i, (f, level) in enumerate(findings)],
    }
    path = tmp_path / "route.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    case = load_case(path, base)
    explained = explain(evaluate(base, case, None, backend), base, case)  # type: ignore[arg-type]
    route = explained.charges[0].route
    assert route is not None
    return route.id


WEAK_AID = [
    ("principal_act_committed", "proven"),
    ("positive_act_of_aid", "not_shown"),
    ("aid_prior_or_concomitant", "serious"),
    ("aid_effective", "proven"),
    ("aid_used_in_principal_act", "disproved"),
    ("knew_principal_offence", "sufficient"),
    ("personally_took_part", "not_shown"),
]
"""A case that argues aid and fails on it: by level alone, the unargued instigation route
(its elements merely unshown) would rank above it."""

NO_INSTIGATION = [("provocation", "disproved"), ("instructions_given", "disproved")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_argued_route_stays_over_an_unargued_one(tmp_path: Path, base: RuleBase, backend: str) -> None:
    assert route_of(tmp_path, base, WEAK_AID, "end_of_investigation", backend) == "complicity_by_aid"


@pytest.mark.parametrize("backend", BACKENDS)
def test_ruling_out_the_other_route_keeps_the_route(tmp_path: Path, base: RuleBase, backend: str) -> None:
    for findings in (WEAK_AID + NO_INSTIGATION, NO_INSTIGATION + WEAK_AID):
        assert route_of(tmp_path, base, findings, "end_of_investigation", backend) == "complicity_by_aid"


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_instigation_case_is_explained_so(tmp_path: Path, base: RuleBase, backend: str) -> None:
    findings = [("principal_act_committed", "proven"), ("provocation", "plausible")]
    assert route_of(tmp_path, base, findings, "judgment", backend) == "complicity_by_instigation"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_case_that_denies_both_routes_follows_the_rules_order(
    tmp_path: Path, base: RuleBase, backend: str
) -> None:
    """Mere presence and no provocation: both routes argued against, equally far; the order of
    the findings changes nothing (docs/semantics.md §7), the rule written first is followed."""
    common = [("principal_act_committed", "proven"), ("knew_principal_offence", "proven")]
    aid, instigation = ("positive_act_of_aid", "disproved"), ("provocation", "disproved")
    one = route_of(tmp_path, base, [*common, aid, instigation], "judgment", backend)
    other = route_of(tmp_path, base, [*common, instigation, aid], "judgment", backend)
    assert one == other == "complicity_by_aid"
