"""Counterfactuals: the smallest changes to the findings that change a charge's outcome.

On small random rule bases and cases, built directly as model objects, every reported change
set must change an outcome (soundness), none may contain a smaller one that does
(minimality), and a brute force over every combination of levels must find no minimal set
the search missed (completeness). On the Qosmos case, the search must find what the judge
said was missing: the causal link.
"""

from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.reference import compile_program
from verdict.engine.errors import VerdictError
from verdict.engine.explain.change_sets import minimal_sets
from verdict.engine.explain.counterfactuals import search
from verdict.engine.explain.reach import reach
from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL, Text
from verdict.engine.model.case import Case, Charge, Finding, Party
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Element, Predicate, Rule

MoveSet = frozenset[tuple[str, int]]
T = Text(en="t", fr="t")


@cache
def law() -> RuleBase:
    """The bundled rule base: its offences and stages serve the random rule bases."""
    return load_rules()


# ---------------------------------------------------------------- random rule bases and cases


def exprs(names: list[str], negation: bool) -> st.SearchStrategy[Expr]:
    leaf: st.SearchStrategy[Expr] = st.sampled_from(names)

    def extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        options = [
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: All(all=xs)),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: Any_(any=xs)),
        ]
        if negation:
            options.append(inner.map(lambda x: Not(**{"not": x})))
            options.append(inner.map(lambda x: Unless(unless=x)))
        return st.one_of(*options)

    return st.recursive(leaf, extend, max_leaves=5)


@st.composite
def rule_bases(draw: st.DrawFn, negation: bool = True) -> RuleBase:
    facts = [f"p{i}" for i in range(draw(st.integers(2, 4)))]
    conclusions = [f"c{i}" for i in range(draw(st.integers(0, 2)))]
    rules: list[Rule] = []
    readable = list(facts)
    for name in [*conclusions, GOAL]:
        for index in range(draw(st.integers(1, 2))):
            elements = [
                Element(id=f"e{j}", title=T, when=draw(exprs(readable, negation)))
                for j in range(draw(st.integers(1, 3)))
            ]
            scope = draw(st.sampled_from([None, {"offence": ["theft"]}, {"accused_kind": ["legal_person"]}]))
            rules.append(
                Rule.model_validate(
                    {
                        "id": f"r_{name}_{index}",
                        "title": T,
                        "sources": ["test"],
                        "concludes": name,
                        "applies_to": scope,
                        "elements": elements,
                    }
                )
            )
        readable.append(name)
    return RuleBase(
        name="random",
        predicates={f: Predicate(id=f, title=T) for f in facts},
        rules=tuple(rules),
        offences=law().offences,
        stages=law().stages,
    )


@st.composite
def cases(draw: st.DrawFn, base: RuleBase, max_findings: int = 4) -> Case:
    facts = list(base.predicates)
    count = draw(st.integers(1, max_findings))
    findings = [
        Finding(
            id=f"f{i}",
            fact=draw(st.sampled_from(facts)),
            level=draw(st.sampled_from(list(Level))),
            offence=draw(st.sampled_from([None, ["theft"]])),
        )
        for i in range(count)
    ]
    charges = [Charge(accused="ann", offence="theft")]
    if draw(st.booleans()):
        charges.append(Charge(accused="acme", offence="murder"))
    case = Case(
        case="random",
        title=T,
        court="test",
        date="2024",
        sources=["test"],
        stage=draw(st.sampled_from(sorted(base.stages))),
        parties=[
            Party(id="ann", name="Ann", kind="natural_person"),
            Party(id="acme", name="Acme", kind="legal_person"),
        ],
        charges=charges,
        findings=findings,
    )
    # a case that is contradictory as written is refused by the loader (docs/semantics.md §2)
    assume(not contradictory(case, {f.id: f.level for f in findings}))
    return case


@st.composite
def problems(draw: st.DrawFn, negation: bool = True) -> tuple[RuleBase, Case]:
    base = draw(rule_bases(negation))
    return base, draw(cases(base))


# ---------------------------------------------------------------- the oracle


def outcomes(base: RuleBase, case: Case, levels: Mapping[str, Level]) -> tuple[str, ...]:
    """Each charge's outcome by a full evaluation on the reference backend."""
    return tuple(c.outcome for c in evaluate(base, case, backend="reference", levels=levels).charges)


def changes_outcome(base: RuleBase, case: Case, moves: MoveSet, toward: str | None = None) -> bool:
    before = outcomes(base, case, {})
    after = outcomes(base, case, {f: Level(lv) for f, lv in moves})
    return any(a != b and (toward is None or b == toward) for a, b in zip(before, after, strict=True))


def smaller(small: MoveSet, big: MoveSet, before: Mapping[str, int]) -> bool:
    """``small`` moves some of ``big``'s findings, each no further and in the same direction."""
    targets = dict(big)
    return all(
        f in targets and min(before[f], targets[f]) <= lv <= max(before[f], targets[f]) for f, lv in small
    )


def proper_reductions(moves: MoveSet, before: Mapping[str, int]) -> list[MoveSet]:
    """Every change set strictly smaller than ``moves``."""
    per_move = []
    for finding, level in sorted(moves):
        start = before[finding]
        step = 1 if level > start else -1
        shorter = [(finding, lv) for lv in range(start + step, level + step, step)]
        per_move.append([None, *shorter])
    out = []
    for pick in itertools.product(*per_move):
        candidate = frozenset(m for m in pick if m is not None)
        if candidate != moves:
            out.append(candidate)
    return out


def contradictory(case: Case, levels: Mapping[str, int]) -> bool:
    """Whether moving findings to ``levels`` leaves a fact they bear on both disproved and
    established for a charge (docs/semantics.md §2)."""
    for charge in case.charges:
        for fact in {f.fact for f in case.findings if f.fact and f.id in levels}:
            bearing = [
                levels.get(f.id, f.level) for f in case.findings if f.fact == fact and f.applies(charge)
            ]
            if bearing and min(bearing) == Level.DISPROVED and max(bearing) >= Level.SUFFICIENT:
                return True
    return False


def brute_force(
    base: RuleBase, case: Case, toward: str | None = None, allowed: set[str] | None = None
) -> set[MoveSet]:
    """Every minimal change set, by trying every level for every finding (that may move)."""
    ids = [f.id for f in case.findings if f.fact is not None and (allowed is None or f.id in allowed)]
    before = {f.id: int(f.level) for f in case.findings}
    flipping: list[MoveSet] = []
    for levels in itertools.product(range(6), repeat=len(ids)):
        moves = frozenset((f, lv) for f, lv in zip(ids, levels, strict=True) if lv != before[f])
        if moves and not contradictory(case, dict(moves)) and changes_outcome(base, case, moves, toward):
            flipping.append(moves)
    return {s for s in flipping if not any(t != s and smaller(t, s, before) for t in flipping)}


# ---------------------------------------------------------------- properties

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(problems())
def test_every_reported_set_changes_an_outcome(problem: tuple[RuleBase, Case]) -> None:
    base, case = problem
    for moves in minimal_sets(base, case, max_changes=4):
        assert changes_outcome(base, case, moves), sorted(moves)


@PROPERTY
@given(problems())
def test_no_reported_set_contains_a_smaller_one_that_changes_an_outcome(
    problem: tuple[RuleBase, Case],
) -> None:
    base, case = problem
    before = {f.id: int(f.level) for f in case.findings}
    for moves in minimal_sets(base, case, max_changes=4):
        for reduced in proper_reductions(moves, before):
            admissible = reduced and not contradictory(case, dict(reduced))
            assert not (admissible and changes_outcome(base, case, reduced)), (sorted(moves), sorted(reduced))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_brute_force_finds_no_minimal_set_the_search_missed(problem: tuple[RuleBase, Case]) -> None:
    base, case = problem
    assert set(minimal_sets(base, case, max_changes=4)) == brute_force(base, case)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(negation=False))
def test_search_is_complete_toward_a_given_outcome(problem: tuple[RuleBase, Case]) -> None:
    base, case = problem
    stage = base.stages[case.stage or base.default_stage]
    for toward in stage.severity:
        assert set(minimal_sets(base, case, toward=toward, max_changes=4)) == brute_force(base, case, toward)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_search_is_complete_when_only_some_findings_may_move(
    problem: tuple[RuleBase, Case], data: st.DataObject
) -> None:
    base, case = problem
    ids = sorted(f.id for f in case.findings)
    allowed = set(data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
    found = set(minimal_sets(base, case, max_changes=4, facts=sorted(allowed)))
    assert found == brute_force(base, case, allowed=allowed)
    assert all(f in allowed for moves in found for f, _ in moves)


@settings(max_examples=80, deadline=None)
@given(problems(negation=False), st.data())
def test_without_negation_raising_a_fact_never_lowers_a_conclusion(
    problem: tuple[RuleBase, Case], data: st.DataObject
) -> None:
    base, _ = problem
    program = compile_program(base)
    facts = {p: data.draw(st.sampled_from(list(Level))) for p in base.predicates}
    raised = dict(facts)
    fact = data.draw(st.sampled_from(sorted(base.predicates)))
    raised[fact] = data.draw(st.sampled_from([lv for lv in Level if lv >= facts[fact]]))
    for offence, kind in [("theft", "natural_person"), ("murder", "legal_person")]:
        assert program.liable(raised, offence, kind) >= program.liable(facts, offence, kind)


@settings(max_examples=60, deadline=None)
@given(problems(negation=False))
def test_without_negation_every_fact_is_read_one_way(problem: tuple[RuleBase, Case]) -> None:
    base, _ = problem
    for stage in base.stages.values():
        found = reach(base, "theft", "natural_person", stage.required)
        assert found.monotone
        assert all(signs == {1} for signs in found.signs.values())


# ---------------------------------------------------------------- hand-made cases


def tiny(levels: dict[str, Level], rules: list[Rule]) -> tuple[RuleBase, Case]:
    base = RuleBase(
        name="tiny",
        predicates={p: Predicate(id=p, title=T) for p in ("a", "b", "d")},
        rules=tuple(rules),
        offences=law().offences,
        stages=law().stages,
    )
    case = Case(
        case="tiny",
        title=T,
        court="test",
        date="2024",
        sources=["test"],
        parties=[Party(id="ann", name="Ann", kind="natural_person")],
        charges=[Charge(accused="ann", offence="theft")],
        findings=[Finding(id=f"{p}{i}", fact=p, level=lv) for i, (p, lv) in enumerate(levels.items())],
    )
    return base, case


def goal(*conditions: Expr) -> Rule:
    return Rule(
        id="goal",
        title=T,
        sources=["test"],
        concludes=GOAL,
        elements=[Element(id=f"e{i}", title=T, when=c) for i, c in enumerate(conditions)],
    )


def test_a_conjunction_needs_each_missing_part_raised_to_the_stage_level() -> None:
    base, case = tiny({"a": Level.PLAUSIBLE, "b": Level.NOT_SHOWN, "d": Level.PROVEN}, [goal("a", "b", "d")])
    assert minimal_sets(base, case) == [frozenset({("a0", 4), ("b1", 4)})]


def test_lowering_a_fact_takes_every_finding_above_the_bound() -> None:
    base, case = tiny({"a": Level.PROVEN}, [goal("a")])
    strong = [*case.findings, Finding(id="a9", fact="a", level=Level.SUFFICIENT)]
    case = case.model_copy(update={"findings": strong})
    assert minimal_sets(base, case) == [frozenset({("a0", 3), ("a9", 3)})]
    assert minimal_sets(base, case, max_changes=1) == []


def test_a_defence_needs_only_to_reach_its_threshold() -> None:
    rule = goal("a", Unless(unless="b"))
    base, case = tiny({"a": Level.PROVEN, "b": Level.NOT_SHOWN}, [rule])
    # at the end of the investigation (sufficient) a plausible defence already blocks
    assert minimal_sets(base, case) == [frozenset({("b1", 2)}), frozenset({("a0", 3)})]


def test_unknown_names_and_outcomes_are_clear_errors() -> None:
    base, case = tiny({"a": Level.PLAUSIBLE}, [goal("a")])
    with pytest.raises(VerdictError, match=r"--facts: unknown finding or fact 'a1' \(did you mean"):
        minimal_sets(base, case, facts=["a1"])
    with pytest.raises(VerdictError, match="'renvoi' is not an outcome at stage 'judgment'"):
        minimal_sets(base, case, stage="judgment", toward="renvoi")


# ---------------------------------------------------------------- the Qosmos case

CAUSAL_FACTS = {"aid_effective", "aid_used_in_principal_act"}


@pytest.fixture(scope="module")
def qosmos(base: RuleBase, case_named: Callable[[str], Case]) -> tuple[RuleBase, Case]:
    return base, case_named("qosmos")


def test_qosmos_counterfactuals_raise_the_causal_link_to_sufficient(qosmos: tuple[RuleBase, Case]) -> None:
    base, case = qosmos
    found = search(base, case)
    assert found.outcome == "non_lieu"
    assert found.results
    for result in found.results:
        assert {m.fact for m in result.moves} == CAUSAL_FACTS
        assert all(m.after == Level.SUFFICIENT for m in result.moves)
        assert result.outcome == "mise_en_examen_required"  # SA Qosmos was only ever témoin assisté
        assert all(c.repairs == ("facilitation",) and not c.breaks for c in result.charges)
    low = [f for f in case.findings if f.level < Level.SUFFICIENT]
    effective = [f.id for f in low if f.fact == "aid_effective"]
    used = [f.id for f in low if f.fact == "aid_used_in_principal_act"]
    assert len(found.results) == len(effective) * len(used)
    first = found.results[0]
    # new findings on facts the court found not shown rank first, before re-weighing the
    # court's hedged («plausible») words, though those are nearer on the scale
    assert all(m.before == Level.NOT_SHOWN for m in first.moves)
    assert first.distance == 6
    hedged = [i for i, r in enumerate(found.results) if any(m.before > Level.NOT_SHOWN for m in r.moves)]
    fresh = [i for i, r in enumerate(found.results) if all(m.before <= Level.NOT_SHOWN for m in r.moves)]
    assert hedged and fresh and max(fresh) < min(hedged)


def test_qosmos_search_is_confirmed_by_the_reference_or_on_durable_when_asked(
    qosmos: tuple[RuleBase, Case],
) -> None:
    pytest.importorskip("durable.engine")
    base, case = qosmos
    found = search(base, case)
    assert found.confirmed_by == "reference"
    on_durable = search(base, case, backend="durable")
    assert on_durable.confirmed_by == "durable"
    assert on_durable.results == found.results


def test_no_counterfactual_makes_the_case_contradictory(qosmos: tuple[RuleBase, Case]) -> None:
    """A set that disproves a fact another finding establishes would be refused by ``check``."""
    base, case = qosmos
    for stage in base.stages:
        for moves in minimal_sets(base, case, stage, max_changes=2):
            assert not contradictory(case, dict(moves)), sorted(moves)


@PROPERTY
@given(problems())
def test_no_reported_set_is_contradictory(problem: tuple[RuleBase, Case]) -> None:
    base, case = problem
    for moves in minimal_sets(base, case, max_changes=4):
        assert not contradictory(case, dict(moves)), sorted(moves)


def test_from_the_causal_link_shown_toward_non_lieu_lowering_link_or_knowledge() -> None:
    opened = open_file(bundled_facts() / "qosmos" / "overlays" / "causal_link_shown.yaml")
    base, case = opened.variant.base, opened.variant.case
    found = search(base, case, toward="non_lieu", backend="reference")
    assert found.outcome == "mise_en_examen_required"
    moved = [frozenset(m.fact for m in r.moves) for r in found.results]
    assert frozenset({"aid_effective"}) in moved
    assert frozenset({"aid_used_in_principal_act"}) in moved
    assert frozenset({"knew_principal_offence"}) in moved
    knowledge = next(r for r in found.results if {m.fact for m in r.moves} == {"knew_principal_offence"})
    assert all(m.after == Level.SERIOUS for m in knowledge.moves)
    assert all(c.after == "non_lieu" and "knowledge" in c.breaks for c in knowledge.charges)
    assert knowledge.outcome == "non_lieu"


def test_restricting_the_facts_restricts_the_search(qosmos: tuple[RuleBase, Case]) -> None:
    base, case = qosmos
    assert search(base, case, facts=["aid_effective"], backend="reference").results == ()
    one = search(base, case, facts=["aid_effective", "causal_link_probes_to_crimes"], backend="reference")
    assert {m.finding for r in one.results for m in r.moves} >= {"causal_link_probes_to_crimes"}
    moved = [m for r in one.results for m in r.moves]
    assert all(m.fact == "aid_effective" or m.finding == "causal_link_probes_to_crimes" for m in moved)


def test_counterfactuals_command_json(cli: Callable[..., object]) -> None:
    import json

    run = cli("counterfactuals", "qosmos", "--format", "json", "--backend", "reference")
    assert run.code == 0, run.err  # type: ignore[attr-defined]
    data = json.loads(run.out)  # type: ignore[attr-defined]
    assert data["confirmed_by"] == "reference"
    first = data["counterfactuals"][0]
    assert {c["bears_on"] for c in first["changes"]} == CAUSAL_FACTS
    assert all(c["to"] == "sufficient" for c in first["changes"])
    assert first["outcome"] == "mise_en_examen_required"
    assert {(c["offence"], c["outcome"]) for c in first["charges"]} == {
        ("torture", "mise_en_examen_required"),
        ("crimes_against_humanity", "mise_en_examen_required"),
    }


def test_counterfactuals_command_rejects_an_unknown_outcome(cli: Callable[..., object]) -> None:
    run = cli("counterfactuals", "qosmos", "--toward", "non_lieux")
    assert run.code == 2  # type: ignore[attr-defined]
    assert "did you mean 'non_lieu'" in run.err  # type: ignore[attr-defined]


def test_bundled_overlay_folder_exists() -> None:
    assert Path(bundled_facts() / "qosmos" / "overlays").is_dir()


# ---------------------------------------------------------------- exhaustive sweeps


def test_a_sweep_on_the_fast_path_counts_what_full_evaluations_count(qosmos: tuple[RuleBase, Case]) -> None:
    from verdict.engine.decide.sweep import sweep

    base, case = qosmos
    ids = [
        "engineers_connected_to_probe_in_syria",
        "causal_link_probes_to_crimes",
        "full_knowledge_of_product_purpose",
        "probes_delivered_9_to_12",
    ]
    fast = sweep(base, case, ids)
    assert fast.scenarios == 16
    assert fast.outcomes == sweep(base, case, ids, fast=False).outcomes
    assert fast.outcomes == sweep(base, case, ids, jobs=2).outcomes
    # raising both causal-link findings meets every element (but SA Qosmos, only ever témoin
    # assisté, must first be placed under examination); lowering one knowledge or delivery
    # finding changes nothing, other findings keep those facts where they were: 4 of 16
    assert fast.outcomes == {"mise_en_examen_required": 4, "non_lieu": 12}
    assert fast.changed == 4


def test_a_search_past_its_bound_stops_with_one_line(
    qosmos: tuple[RuleBase, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.engine.explain import planner

    base, case = qosmos
    monkeypatch.setattr(planner, "MAX_CANDIDATES", 10)
    with pytest.raises(VerdictError, match="stopped after 10 candidate change sets") as stopped:
        minimal_sets(base, case, "judgment", max_changes=6)
    assert "\n" not in str(stopped.value) and "--max-changes" in str(stopped.value)


def test_the_search_reports_its_progress_over_every_set(
    base: RuleBase, case_named: Callable[[str], Case]
) -> None:
    seen: list[tuple[int, int]] = []
    found = search(base, case_named("qosmos"), max_changes=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, len(found.results)) for i in range(len(found.results))] and seen


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_a_progress_bar_is_drawn_only_on_a_terminal_and_after_a_delay(
    tty: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.cli import progress

    err = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", err)
    with progress.progress_bar("work") as tick:  # under the delay: nothing, even on a terminal
        tick(1, 10)
    assert err.getvalue() == ""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with progress.progress_bar("work") as tick:
        for done in range(10):
            tick(done, 10)
    assert bool(err.getvalue()) is tty


@pytest.mark.parametrize("name", sorted(p.stem for p in bundled_facts().glob("*.yaml")))
def test_a_sweep_on_the_fast_path_settles_grounds_and_bars_as_full_evaluations_do(
    base: RuleBase, case_named: Callable[[str], Case], name: str
) -> None:
    """Every bundled case, its first findings swept at every stage: a stage's procedural grounds
    and bars decide on the fast path exactly as in a full evaluation."""
    from verdict.engine.decide.sweep import sweep

    case = case_named(name)
    ids = [f.id for f in case.findings if f.fact is not None][:4]
    for stage in base.stages:
        fast = sweep(base, case, ids, stage=stage)
        assert fast.outcomes == sweep(base, case, ids, stage=stage, fast=False).outcomes, stage


def test_sets_a_student_would_try_first_rank_first() -> None:
    """New findings on facts the court found not shown rank before re-weighing its hedged words
    (docs/whatif.md, "Ranking"): each bundled overlay that raises a finding the court found not
    shown finds its move in a set ranked among the first, before any set that re-weighs."""
    from verdict.cli.names import bundled_overlays
    from verdict.engine.explain.counterfactuals import search
    from verdict.engine.load.overlay import open_file

    searched: dict[str, Any] = {}
    checked = 0
    for path in bundled_overlays().values():
        opened = open_file(path)
        variant = opened.variant
        if variant.base is not opened.baseline.base:
            continue  # a change of the law: no set of findings says it
        new_evidence = {
            (f.finding, f.after)
            for f in variant.findings
            if f.before is not None and f.after is not None and f.before <= Level.NOT_SHOWN < f.after
        }
        if not new_evidence:
            continue
        case = opened.baseline.case
        if case.case not in searched:
            searched[case.case] = search(opened.baseline.base, case, backend="reference")
        results = searched[case.case].results
        rank = next(
            (i for i, c in enumerate(results) if {(m.finding, m.after) for m in c.moves} & new_evidence), None
        )
        if rank is None:
            continue  # the overlay's move is not part of a minimal set
        checked += 1
        reweighs = [i for i, c in enumerate(results) if any(m.before > Level.NOT_SHOWN for m in c.moves)]
        assert all(rank < i for i in reweighs), (path.name, rank, reweighs[:3])
        assert rank < 10, (path.name, rank)
    assert checked  # the victim's testimony of the Qosmos overlays, at least
