"""The durable_rules backend gives exactly the reference evaluator's results."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("durable.engine")

from decisions import SCOPES, scoped_rule_base
from decisions import case as decision_case
from generators import LEVELS, TEXT, Scenario, predicate, rule, rule_bases, scenarios, stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdict.engine.decide import durable_backend
from verdict.engine.decide.durable_backend import KINDS, MAX_CLAUSES, compile_durable, run_durable
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.reference import compile_program
from verdict.engine.decide.scenario import ChargeFacts
from verdict.engine.decide.trace import ChargeResult
from verdict.engine.errors import EngineError
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL
from verdict.engine.model.case import Case, Charge
from verdict.engine.model.expressions import Any_, Not
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import AppliesTo
from verdict.engine.model.stages import Stage

BASE = load_rules()


def examples(count: int) -> settings:
    """``count`` examples, without a deadline (compiling a rule base takes a while)."""
    return settings(max_examples=count, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference(base: RuleBase, scenario: Scenario, stage: Stage) -> tuple[ChargeResult, ...]:
    program = compile_program(base)
    return tuple(program.run(facts, stage) for facts in scenario)


# ---------------------------------------------------------------- the bundled rule base


@examples(300)
@given(scenario=scenarios(BASE))
def test_bundled_rules_agree_with_reference_at_every_stage(scenario: Scenario) -> None:
    for stage in BASE.stages.values():
        assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)


def test_every_offence_and_kind_agrees_with_reference() -> None:
    rng = random.Random(7)
    for offence in BASE.offences:
        for kind in KINDS:
            for _ in range(20):
                facts = {name: Level(rng.randrange(6)) for name in BASE.predicates}
                scenario = (
                    ChargeFacts(Charge(accused="a", offence=offence), kind,
                                BASE.offences[offence].class_, facts),
                )
                for stage in BASE.stages.values():
                    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)


def synthetic_case(levels: list[Level], scoped: list[Level]) -> Case:
    """Charges for several offences against natural and legal persons, with scoped findings."""
    offences = sorted(BASE.offences)
    facts = sorted(BASE.predicates)
    findings: list[dict[str, Any]] = [
        {"id": f"f{i}", "fact": facts[i % len(facts)], "level": level.name_id}
        for i, level in enumerate(levels)
    ]
    findings += [
        {
            "id": f"s{i}",
            "fact": facts[(3 * i + 1) % len(facts)],
            "level": level.name_id,
            "offence": [offences[i % 3]],
            "accused": ["company" if i % 2 else "person"],
        }
        for i, level in enumerate(scoped)
    ]
    return Case.model_validate(
        {
            "case": "synthetic",
            "title": {"en": "Synthetic", "fr": "Synthétique"},
            "court": "test",
            "date": "2024-01-01",
            "sources": ["test"],
            "parties": [
                {"id": "person", "name": "A person", "kind": "natural_person"},
                {"id": "company", "name": "A company", "kind": "legal_person"},
            ],
            "charges": [
                {"accused": accused, "offence": offence}
                for offence in offences[:3]
                for accused in ("person", "company")
            ],
            "findings": findings,
        }
    )


@examples(40)
@given(
    levels=st.lists(LEVELS, min_size=len(BASE.predicates), max_size=2 * len(BASE.predicates)),
    scoped=st.lists(LEVELS, max_size=12),
)
def test_synthetic_case_agrees_with_reference(levels: list[Level], scoped: list[Level]) -> None:
    case = synthetic_case(levels, scoped)
    for stage in BASE.stages:
        durable = evaluate(BASE, case, stage, backend="durable")
        ref = evaluate(BASE, case, stage, backend="reference")
        assert durable.backend == "durable"
        assert durable.decisions() == ref.decisions()
        assert dataclasses.replace(durable, backend="reference") == ref


@examples(60)
@given(scenario=scenarios(BASE), seed=st.integers(0, 2**32))
def test_fact_order_does_not_matter(scenario: Scenario, seed: int) -> None:
    stage = BASE.stages[BASE.default_stage]
    plain = run_durable(BASE, scenario, stage)
    for k in range(3):
        assert run_durable(BASE, scenario, stage, shuffle=random.Random(seed + k)) == plain


def test_programs_that_fall_out_of_the_cache_free_their_ruleset_and_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from verdict.engine.decide import compiled

    monkeypatch.setattr(compiled, "CACHE_SIZE", 4)  # two rule bases: compiled form and program
    host = durable_backend._host()
    bases = [BASE.model_copy(update={"name": f"variant {n}"}) for n in range(3)]
    programs = [compile_durable(b) for b in bases]
    first = programs[0]
    assert first.handle is None and first.name not in host._ruleset_directory  # freed
    assert all(p.handle is not None for p in programs[1:])
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()
    assert first.run(scenario, stage) == run_durable(BASE, scenario, stage)  # registered again
    assert first.handle is not None
    assert len(host._ruleset_list) == len(host._ruleset_directory)  # nothing freed is left listed


def test_the_measure_counts_values_after_a_test_and_rules_fed_by_a_pattern() -> None:
    """What the caps are checked against: the values after one constant test of the pattern
    network, and the durable rules one pattern feeds."""
    a, b, c = {"t": "a"}, {"t": "b"}, {"t": "c"}
    definition: dict[str, dict[str, Any]] = {
        "r1": {"all": [{"m0": a}, {"m1": b}]},
        "r2": {"all": [{"m0": a}]},
        "r3": {"all": [{"m0": {"$and": [a, {"p": "x"}]}}, {"m1": c}]},
    }
    assert durable_backend.measure(definition) == (3, 2)  # a, b, c after the root; a alone feeds r1, r2


def test_compiled_once_for_every_stage() -> None:
    program = compile_durable(BASE)
    assert compile_durable(BASE) is program
    text = json.dumps(program.definition, default=str)
    assert "$not" not in text
    assert all(len(rule["all"]) <= MAX_CLAUSES for rule in program.definition.values())


def test_empty_scenario() -> None:
    assert run_durable(BASE, (), BASE.stages[BASE.default_stage]) == ()


def test_unknown_offence_is_an_engine_error() -> None:
    facts = {name: Level.PROVEN for name in BASE.predicates}
    scenario = (ChargeFacts(Charge(accused="a", offence="piracy"), "natural_person", "crime", facts),)
    with pytest.raises(EngineError, match="piracy"):
        run_durable(BASE, scenario, BASE.stages[BASE.default_stage])


def test_missing_fact_level_is_an_engine_error() -> None:
    facts = {name: Level.PROVEN for name in list(BASE.predicates)[1:]}
    offence = next(iter(BASE.offences))
    scenario = (ChargeFacts(Charge(accused="a", offence=offence), "natural_person", "crime", facts),)
    with pytest.raises(EngineError, match="no level"):
        run_durable(BASE, scenario, BASE.stages[BASE.default_stage])


# ---------------------------------------------------------------- engine failures


def one_scenario(seed: int = 3) -> Scenario:
    rng = random.Random(seed)
    return tuple(
        ChargeFacts(
            Charge(accused=f"p{i}", offence=offence),
            kind,
            BASE.offences[offence].class_,
            {name: Level(rng.randrange(6)) for name in BASE.predicates},
        )
        for i, (offence, kind) in enumerate([("murder", "natural_person"), ("theft", "legal_person")])
    )


def test_exception_in_an_action_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()

    def broken(*args: Any) -> None:
        raise RuntimeError("broken level algebra")

    monkeypatch.setattr(durable_backend._Conclude, "act", broken)
    with pytest.raises(EngineError, match="broken level algebra") as raised:
        run_durable(BASE, scenario, stage)
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert raised.value.exit_code == 3
    monkeypatch.undo()
    # the failed session was cleaned up: the next scenario runs normally
    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)


def test_ctrl_c_stops_a_durable_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during an action (the interrupt raised in the action's own code, where Python's
    handler raises it): the session stops at that action, and the next one runs normally. The
    interrupt is raised synchronously, so the test does not depend on when a signal is seen."""
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()
    real = durable_backend._Conclude.act
    calls = []

    def interrupted(self: Any, *args: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # what Ctrl-C's handler raises in the code that runs
        real(self, *args)

    monkeypatch.setattr(durable_backend._Conclude, "act", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_durable(BASE, scenario, stage)
    assert len(calls) == 3  # it stopped at once, not after the session's remaining rules
    monkeypatch.undo()
    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)


class RejectingEngine:
    """durable_rules' C core, except that it rejects some asserted facts as duplicates."""

    def __init__(self, real: Any, reject: Callable[[str], bool]) -> None:
        self.real = real
        self.reject = reject
        self.rejected = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def assert_fact(self, handle: int, text: str) -> tuple[int, int]:
        if self.reject(text):
            self.rejected += 1
            return (2, 0)
        result: tuple[int, int] = self.real.assert_fact(handle, text)
        return result

    def assert_facts(self, handle: int, text: str) -> tuple[int, int]:
        code, state = self.real.assert_facts(handle, text)
        if self.reject(text):
            self.rejected += 1
            return (2, state)  # as if one fact of the batch had been rejected
        return (code, state)


def test_a_lost_fact_is_retried_with_a_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()
    # the first run loses the level of ``liable``; the second (salted) run loses nothing
    fake = RejectingEngine(
        durable_backend._engine, lambda text: '"p":"liable"' in text and '"n":' not in text
    )
    monkeypatch.setattr(durable_backend, "_engine", fake)
    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)
    assert fake.rejected == len(scenario)  # once per charge, in the first run only


def test_a_fact_lost_from_the_first_batch_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()
    fake = RejectingEngine(
        durable_backend._engine, lambda text: text.startswith("[") and '"n":' not in text
    )
    monkeypatch.setattr(durable_backend, "_engine", fake)
    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)
    assert fake.rejected == 1


def test_a_fact_lost_twice_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    stage = BASE.stages[BASE.default_stage]
    scenario = one_scenario()
    fake = RejectingEngine(durable_backend._engine, lambda text: '"p":"aid_given"' in text)
    monkeypatch.setattr(durable_backend, "_engine", fake)
    with pytest.raises(EngineError, match="lost a fact"):
        run_durable(BASE, scenario, stage)
    monkeypatch.undo()
    assert run_durable(BASE, scenario, stage) == reference(BASE, scenario, stage)


# ---------------------------------------------------------------- synthetic rule bases

@examples(30)
@given(data=st.data())
def test_generated_rule_bases_agree_with_reference(data: st.DataObject) -> None:
    base = data.draw(rule_bases())
    program = compile_durable(base)
    assert "$not" not in json.dumps(program.definition, default=str)
    for scenario in data.draw(st.lists(scenarios(base, 3), min_size=12, max_size=12)):
        for stage in base.stages.values():
            assert run_durable(base, scenario, stage) == reference(base, scenario, stage)
        shuffled = run_durable(base, scenario, base.stages["s3"], shuffle=random.Random(1))
        assert shuffled == reference(base, scenario, base.stages["s3"])


# ---------------------------------------------------------------- wide rules


def wide_base(width: int) -> RuleBase:
    """``liable`` needs ``width`` facts, and ``aware`` reads all of them and ``liable``."""
    facts = [f"f{i}" for i in range(width)]
    return RuleBase(
        name=f"wide{width}",
        predicates={name: predicate(name) for name in [*facts, "spare"]},
        rules=(
            rule("many", GOAL, list(facts)),
            rule("weak", GOAL, [Any_(any=facts[:3])], applies_to=AppliesTo(accused_kind=["legal_person"])),
            rule("aware", "aware", [*facts, Not(**{"not": GOAL})]),
        ),
        offences={"o": Offence(id="o", title=TEXT, class_="delit", intentional=True, sources=["test"])},
        stages=stages(),
        default_stage="s3",
    )


WIDE = {width: wide_base(width) for width in (40, 200)}


@pytest.mark.parametrize("width", [40, 200])
def test_rules_wider_than_durable_allows_are_split(width: int) -> None:
    base = WIDE[width]
    program = compile_durable(base)
    assert all(len(r["all"]) <= MAX_CLAUSES for r in program.definition.values())
    assert any("_part" in name for name in program.definition)
    rng = random.Random(width)
    for n in range(60):
        scenario = tuple(
            ChargeFacts(
                Charge(accused=f"p{i}", offence="o"),
                KINDS[(n + i) % 2],
                "delit",
                # mostly high levels, so that ``liable`` (the weakest of all) varies
                {name: Level(rng.choice([0, 1, 2, 3, 4, 5, 5, 5, 5, 5])) for name in base.predicates},
            )
            for i in range(2)
        )
        for stage in base.stages.values():
            assert run_durable(base, scenario, stage) == reference(base, scenario, stage)


def test_a_rule_reading_too_many_facts_is_refused() -> None:
    with pytest.raises(EngineError, match="at most"):
        compile_durable(wide_base(durable_backend.MAX_READ + 1))


def test_a_rule_base_without_the_goal_is_refused() -> None:
    no_goal = RuleBase(
        name="no goal",
        predicates={"f": predicate("f")},
        rules=(rule("r", "other", ["f"]),),
        offences={"o": Offence(id="o", title=TEXT, class_="delit", intentional=True, sources=["test"])},
        stages=stages(),
        default_stage="s3",
    )
    with pytest.raises(EngineError, match=GOAL):
        compile_durable(no_goal)


def test_too_many_names_is_refused_before_durable_rules_hangs() -> None:
    names = [f"f{i}" for i in range(durable_backend.MAX_VALUES + 1)]
    base = RuleBase(
        name="huge",
        predicates={n: predicate(n) for n in names},
        rules=(rule("r", "liable", [names[0]]),),
        offences={"o": Offence(id="o", title=TEXT, class_="delit", intentional=True, sources=["test"])},
        stages=stages(),
        default_stage="s4",
    )
    with pytest.raises(EngineError, match=r"values after one test .* at most 480 \(use --backend reference"):
        compile_durable(base)


def test_too_many_charges_are_refused_before_durable_rules_loses_facts() -> None:
    facts = {name: Level.PROVEN for name in BASE.predicates}
    offence = next(iter(BASE.offences))
    kind, cls = "natural_person", BASE.offences[offence].class_
    one = ChargeFacts(Charge(accused="a", offence=offence), kind, cls, facts)
    cap = durable_backend.MAX_CHARGES
    expected = rf"^{cap + 1} charges; .* at most {cap} charges at once \(use --backend reference\)"
    with pytest.raises(EngineError, match=expected):
        run_durable(BASE, (one,) * (durable_backend.MAX_CHARGES + 1), BASE.stages[BASE.default_stage])


def test_a_rule_base_too_wide_for_durable_rules_is_refused_in_one_line() -> None:
    """Every scope of the shared decisions at once: 25 rules concluding ``liable``, each scoped to
    other offences, make one fact feed more than durable_rules' 64 tests at once. The message
    names the way out; the reference evaluator decides the same rule base."""
    base = scoped_rule_base(list(SCOPES))
    wide = decision_case([("intentional", Level.PROVEN)], [("crime_plain", "p")])
    refused = r"^the rule base is too wide for durable_rules: .*--backend reference$"
    with pytest.raises(EngineError, match=refused):
        evaluate(base, wide, "trial", backend="durable")
    assert evaluate(base, wide, "trial", backend="reference").outcome == "up"


def test_six_hundred_offences_are_decided() -> None:
    """Offences are not values of durable patterns (a charge's group is a fact): durable_rules,
    which loops forever past about 510 values after one test, is not near its limit."""
    offence = next(iter(BASE.offences.values()))
    extra = {f"o{i}": offence.model_copy(update={"id": f"o{i}"}) for i in range(600)}
    many = BASE.model_copy(update={"offences": {**BASE.offences, **extra}, "name": "many offences"})
    scenario = tuple(
        ChargeFacts(Charge(accused="a", offence=o), kind, many.offences[o].class_,
                    {name: Level((i + len(name)) % 6) for name in many.predicates})
        for i, (o, kind) in enumerate([("o599", "natural_person"), (offence.id, "legal_person")])
    )
    stage = many.stages[many.default_stage]
    assert run_durable(many, scenario, stage) == reference(many, scenario, stage)


def test_durable_decides_every_bundled_case_without_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every function of the reference evaluator raising, durable_rules decides as before."""
    import inspect

    from verdict.engine.decide import reference as reference_module
    from verdict.engine.load.case_file import load_case
    from verdict.engine.load.paths import bundled_facts

    cases = [load_case(path, BASE) for path in sorted(bundled_facts().glob("*.yaml"))]
    before = {(c.case, s): evaluate(BASE, c, s, backend="durable") for c in cases for s in BASE.stages}

    def raising(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the reference evaluator was called")

    for name, value in vars(reference_module).items():
        if inspect.isfunction(value) and value.__module__ == reference_module.__name__:
            monkeypatch.setattr(reference_module, name, raising)
    for name in ("run", "liable", "plan"):
        monkeypatch.setattr(reference_module.Program, name, raising)
    source = inspect.getsource(durable_backend)
    assert ".reference" not in {line.split()[1] for line in source.splitlines() if line.startswith("from .")}
    for (case_id, stage), trace in before.items():
        case = next(c for c in cases if c.case == case_id)
        assert evaluate(BASE, case, stage, backend="durable") == trace
    assert len(before) >= 40
