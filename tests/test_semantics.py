"""Each construct of docs/semantics.md pinned on a small rule base built in memory."""

from __future__ import annotations

from typing import Any

import pytest

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.model.base import Text
from verdict.engine.model.case import Case, Charge, Finding
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Exception_, Predicate, Rule
from verdict.engine.model.stages import Stage

T = Text(en="t", fr="t")
STAGE = Stage(
    id="end_of_investigation",
    title=T,
    required=Level.SUFFICIENT,
    sources=["CPP"],
    standard=T,
    holds={"crime": "mise_en_accusation", "delit": "renvoi", "contravention": "renvoi"},
    fails="non_lieu",
    severity=["mise_en_accusation", "renvoi", "non_lieu"],
)
JUDGMENT = STAGE.model_copy(
    update={
        "id": "judgment",
        "required": Level.PROVEN,
        "holds": {"crime": "conviction", "delit": "conviction"},
        "fails": "acquittal",
        "severity": ["conviction", "acquittal"],
    }
)


def rule(rule_id: str, concludes: str, when: Any, **extra: Any) -> Rule:
    return Rule.model_validate(
        {
            "id": rule_id,
            "title": {"en": rule_id, "fr": rule_id},
            "sources": ["test"],
            "concludes": concludes,
            "elements": [{"id": "e", "title": {"en": "e", "fr": "e"}, "when": when}],
            **extra,
        }
    )


def base_with(*rules: Rule, facts: tuple[str, ...] = ("a", "b", "c")) -> RuleBase:
    return RuleBase(
        name="test",
        predicates={f: Predicate(id=f, title=T) for f in facts},
        rules=rules,
        offences={
            "crime_x": Offence.model_validate(
                {"id": "crime_x", "title": T, "class": "crime", "intentional": True, "sources": ["x"]}
            ),
            "delit_y": Offence.model_validate(
                {"id": "delit_y", "title": T, "class": "delit", "intentional": True, "sources": ["y"]}
            ),
        },
        stages={"end_of_investigation": STAGE, "judgment": JUDGMENT},
    )


def case_with(levels: dict[str, Level], offence: str = "crime_x", kind: str = "natural_person") -> Case:
    return Case.model_validate(
        {
            "case": "t",
            "title": {"en": "t", "fr": "t"},
            "court": "c",
            "date": "2000",
            "sources": ["s"],
            "parties": [{"id": "p", "name": "P", "kind": kind}],
            "charges": [{"accused": "p", "offence": offence}],
            "findings": [{"id": f"f_{k}", "fact": k, "level": v} for k, v in levels.items()],
        }
    )


def liable(base: RuleBase, levels: dict[str, Level], stage: str = "end_of_investigation", **kw: Any) -> Level:
    trace = evaluate(base, case_with(levels, **kw), stage=stage, backend="reference")
    return trace.charges[0].liable


L = Level


@pytest.mark.parametrize(
    ("when", "levels", "expected"),
    [
        ({"all": ["a", "b"]}, {"a": L.PROVEN, "b": L.PLAUSIBLE}, L.PLAUSIBLE),
        ({"any": ["a", "b"]}, {"a": L.PROVEN, "b": L.PLAUSIBLE}, L.PROVEN),
        ({"all": ["a", "b"]}, {"a": L.PROVEN}, L.NOT_SHOWN),  # b unstated: not shown
        ({"not": "a"}, {}, L.SUFFICIENT),  # the prosecution has not excluded a
        ({"not": "a"}, {"a": L.DISPROVED}, L.PROVEN),
        ({"not": "a"}, {"a": L.SERIOUS}, L.PLAUSIBLE),
        ({"unless": "a"}, {}, L.PROVEN),  # a defence never raised
        ({"unless": "a"}, {"a": L.PLAUSIBLE}, L.SERIOUS),
        ({"unless": "a"}, {"a": L.SUFFICIENT}, L.NOT_SHOWN),
        ({"all": ["a", {"any": ["b", {"not": "c"}]}]}, {"a": L.SERIOUS, "c": L.PROVEN}, L.NOT_SHOWN),
    ],
)
def test_constructs(when: Any, levels: dict[str, Level], expected: Level) -> None:
    assert liable(base_with(rule("r", "liable", when)), levels) == expected


def test_findings_on_one_fact_take_the_strongest() -> None:
    base = base_with(rule("r", "liable", "a"))
    case = case_with({}).model_copy(
        update={
            "findings": [
                Finding(id="weak", fact="a", level=L.PLAUSIBLE),
                Finding(id="strong", fact="a", level=L.SUFFICIENT),
            ]
        }
    )
    assert evaluate(base, case, backend="reference").charges[0].liable == L.SUFFICIENT


def test_scoped_finding_only_counts_for_its_offence() -> None:
    base = base_with(rule("r", "liable", "a"))
    case = case_with({}).model_copy(
        update={
            "charges": [Charge(accused="p", offence="crime_x"), Charge(accused="p", offence="delit_y")],
            "findings": [Finding(id="k", fact="a", level=L.PROVEN, offence=["crime_x"])],
        }
    )
    trace = evaluate(base, case, backend="reference")
    assert [c.liable for c in trace.charges] == [L.PROVEN, L.NOT_SHOWN]
    assert [c.outcome for c in trace.charges] == ["mise_en_accusation", "non_lieu"]
    assert trace.outcome == "mise_en_accusation"  # the most severe charge outcome


def test_alternative_rules_take_the_strongest_and_applies_to_filters() -> None:
    base = base_with(
        rule("r1", "liable", "a"),
        rule("r2", "liable", "b", applies_to={"accused_kind": "legal_person"}),
    )
    levels = {"a": L.PLAUSIBLE, "b": L.PROVEN}
    assert liable(base, levels) == L.PLAUSIBLE
    assert liable(base, levels, kind="legal_person") == L.PROVEN


def test_no_applicable_rule_is_not_shown() -> None:
    base = base_with(rule("r1", "liable", "a", applies_to={"offence": "delit_y"}))
    assert liable(base, {"a": L.PROVEN}) == L.NOT_SHOWN


def test_stage_is_only_a_threshold() -> None:
    base = base_with(rule("r", "liable", "a"))
    trace = evaluate(base, case_with({"a": L.SUFFICIENT}), backend="reference")
    assert trace.outcome == "mise_en_accusation"
    trace = evaluate(base, case_with({"a": L.SUFFICIENT}), stage="judgment", backend="reference")
    assert trace.outcome == "acquittal"
    assert trace.charges[0].liable == L.SUFFICIENT


def test_delit_is_sent_to_the_tribunal() -> None:
    base = base_with(rule("r", "liable", "a"))
    assert (
        evaluate(base, case_with({"a": L.PROVEN}, offence="delit_y"), backend="reference").outcome == "renvoi"
    )


def test_exception_burdens() -> None:
    def with_exception(burden: str) -> RuleBase:
        exception = Exception_.model_validate(
            {"id": "j", "title": T.model_dump(), "when": "b", "burden": burden, "sources": ["s"]}
        )
        return base_with(rule("r", "liable", "a").model_copy(update={"exceptions": [exception]}))

    proven = {"a": L.PROVEN}
    # nothing shown about b: the defence's exception has no effect; the prosecution's caps at sufficient
    assert liable(with_exception("defence"), proven, stage="judgment") == L.PROVEN
    assert liable(with_exception("prosecution"), proven, stage="judgment") == L.SUFFICIENT
    # a plausible defence raises a doubt: no conviction, but committal stands
    assert liable(with_exception("defence"), {**proven, "b": L.PLAUSIBLE}) == L.SERIOUS


def test_why_not_names_the_weak_facts() -> None:
    base = base_with(rule("r", "liable", {"all": ["a", {"any": ["b", "c"]}]}))
    trace = evaluate(base, case_with({"a": L.PROVEN, "b": L.PLAUSIBLE}), backend="reference")
    charge = explain(trace, base, case_with({"a": L.PROVEN, "b": L.PLAUSIBLE})).charges[0]
    (blocking,) = charge.blocking
    assert blocking.element == "e"
    assert [(w.fact, w.level, w.direction) for w in blocking.because] == [
        ("b", L.PLAUSIBLE, "at_least"),
        ("c", L.NOT_SHOWN, "at_least"),
    ]


def test_why_not_through_negation_asks_for_less() -> None:
    base = base_with(rule("r", "liable", {"not": "a"}))
    levels = {"a": L.SERIOUS}
    charge = explain(evaluate(base, case_with(levels), backend="reference"), base, case_with(levels)).charges[
        0
    ]
    (weak,) = charge.blocking[0].because
    assert (weak.fact, weak.direction, weak.bound) == ("a", "at_most", L.NOT_SHOWN)
