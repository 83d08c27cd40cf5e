"""Where French law reaches: an offence committed abroad, and the grounds that reach its accomplice."""

from __future__ import annotations

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.load.case_file import load_case
from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase


def test_an_offence_committed_in_france_needs_no_ground(base: RuleBase) -> None:
    case = load_case(bundled_facts() / "textbook_prescription.yaml", base)
    (charge,) = evaluate(base, case, backend="reference").charges
    assert charge.levels["french_law_applies"] == Level.PROVEN
    assert "not_committed_abroad" in charge.rules


def test_complicity_in_france_of_an_offence_abroad_needs_a_final_foreign_decision(base: RuleBase) -> None:
    case = load_case(bundled_facts() / "textbook_complicity_abroad.yaml", base)
    for backend in ("reference", "durable"):
        trace = evaluate(base, case, backend=backend)
        (charge,) = trace.charges
        assert charge.outcome == "non_lieu"
        assert charge.levels["french_law_applies"] < Level.SUFFICIENT
    explained = explain(evaluate(base, case, backend="reference"), base, case)
    assert [b.element for b in explained.charges[0].blocking] == ["french_law"]
    overlay = bundled_facts() / "textbook_complicity_abroad" / "overlays" / "belgian_judgment.yaml"
    judged = open_file(overlay).variant
    trace = evaluate(judged.base, judged.case, backend="reference")
    assert trace.outcome == "renvoi"
    assert trace.charges[0].rules["complicity_in_france_of_an_offence_abroad"].level >= Level.SUFFICIENT


def test_qosmos_is_reached_by_universal_jurisdiction_for_each_crime(base: RuleBase) -> None:
    case = load_case(bundled_facts() / "qosmos.yaml", base)
    trace = evaluate(base, case, backend="reference")
    grounds = {
        c.charge.offence: {
            r for r in c.rules if c.rules[r].level >= Level.SUFFICIENT and r.startswith("universal")
        }
        for c in trace.charges
    }
    assert grounds == {
        "torture": {"universal_jurisdiction_torture"},
        "crimes_against_humanity": {"universal_jurisdiction_crimes_against_humanity"},
    }
    assert all(c.levels["principal_offence_abroad"] == Level.PROVEN for c in trace.charges)
