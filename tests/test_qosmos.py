"""The flagship: the Paris investigating judge's non-lieu of 31 December 2020 for Qosmos.

The engine must reach the judge's outcome from the findings alone, for the judge's reason:
the causal link (facilitation) is what is missing; the principal crimes, the aid, its timing
and the company's knowledge are established.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.model.case import Case
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase

ESTABLISHED = ["principal_offence", "aid", "timing", "knowledge", "attribution", "french_law"]


@pytest.fixture(scope="module")
def qosmos(case_named: Callable[[str], Case]) -> Case:
    return case_named("qosmos")


def causal_link_findings(case: Case) -> list[str]:
    """The findings that bear on the two facts the facilitation rule reads."""
    return [f.id for f in case.findings if f.fact in ("aid_effective", "aid_used_in_principal_act")]


@pytest.mark.parametrize("backend", ["reference", "durable"])
def test_non_lieu_blocked_by_facilitation(base: RuleBase, qosmos: Case, backend: str) -> None:
    if backend == "durable":
        pytest.importorskip("durable.engine")
    trace = evaluate(base, qosmos, backend=backend)  # type: ignore[arg-type]
    assert trace.stage == "end_of_investigation"
    assert trace.outcome == "non_lieu"
    explanation = explain(trace, base, qosmos)
    assert {c.offence for c in explanation.charges} == {"torture", "crimes_against_humanity"}
    for charge in explanation.charges:
        assert charge.outcome == "non_lieu"
        assert charge.route is not None and charge.route.id == "complicity_by_aid"
        assert [b.element for b in charge.blocking] == ["facilitation"]
        held = {c.id for c in charge.elements if c.holds and c.kind == "element"}
        assert all(c.holds for c in charge.elements if c.kind == "exception")
        assert held == set(ESTABLISHED)
        facilitation = next(c for c in charge.elements if c.id == "facilitation")
        assert facilitation.level < Level.SUFFICIENT
        blocking_facts = {w.fact for w in charge.blocking[0].because}
        assert blocking_facts <= {"aid_effective", "aid_used_in_principal_act"}
        assert blocking_facts


def test_attempted_complicity_recognised_and_not_punishable(base: RuleBase, qosmos: Case) -> None:
    explanation = explain(evaluate(base, qosmos, backend="reference"), base, qosmos)
    for charge in explanation.charges:
        assert [n.id for n in charge.notes] == ["attempted_complicity"]
        assert charge.outcome == "non_lieu"


def test_raising_only_the_causal_link_meets_the_temoin_assiste_bar(base: RuleBase, qosmos: Case) -> None:
    """Every element then holds, but SA Qosmos was only ever témoin assisté (CPP 113-5, 113-8)."""
    raised = dict.fromkeys(causal_link_findings(qosmos), Level.SUFFICIENT)
    assert raised
    trace = evaluate(base, qosmos, backend="reference", levels=raised)
    assert all(c.holds and c.liable >= Level.SUFFICIENT for c in trace.charges)
    assert trace.outcome == "mise_en_examen_required"
    assert all(c.outcome == "mise_en_examen_required" for c in trace.charges)


def test_raising_the_causal_link_of_a_person_placed_under_examination_commits_for_trial(
    base: RuleBase, qosmos: Case
) -> None:
    raised = dict.fromkeys(causal_link_findings(qosmos), Level.SUFFICIENT)
    status = [f.id for f in qosmos.findings if f.fact == "only_temoin_assiste"]
    assert status, "the case states that SA Qosmos was only ever témoin assisté"
    raised.update(dict.fromkeys(status, Level.NOT_SHOWN))
    trace = evaluate(base, qosmos, backend="reference", levels=raised)
    assert trace.outcome == "mise_en_accusation"
    assert all(c.outcome == "mise_en_accusation" for c in trace.charges)


def test_raising_anything_but_the_causal_link_changes_nothing(base: RuleBase, qosmos: Case) -> None:
    others = {f.id for f in qosmos.findings if f.fact} - set(causal_link_findings(qosmos))
    trace = evaluate(base, qosmos, backend="reference", levels=dict.fromkeys(others, Level.PROVEN))
    assert trace.outcome == "non_lieu"


def test_at_mise_en_examen_qosmos_stays_temoin_assiste(base: RuleBase, qosmos: Case) -> None:
    trace = evaluate(base, qosmos, stage="mise_en_examen", backend="reference")
    assert trace.outcome == "temoin_assiste"
    assert {c.outcome for c in trace.charges} == {"temoin_assiste"}


def test_the_expectations_recorded_in_the_case_file(base: RuleBase, qosmos: Case) -> None:
    assert qosmos.expect, "the case records the court's outcome"
    for exp in qosmos.expect:
        trace = evaluate(base, qosmos, stage=exp.stage, backend="reference")
        assert trace.outcome == exp.outcome
