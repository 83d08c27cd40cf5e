"""Tests that prove what they say: each mutation of the real code is caught by a test.

Every test here changes one line of the engine's own source (``tests/mutate.py``: the
function's source read from its module, one snippet replaced, compiled again in the module's
globals, and put in place of the original) and shows that a check then fails, where without the
mutation it passes:

- the decisions every backend shares (a stage's threshold, grounds and bars, which rules apply,
  a fact's level from its findings, the case's outcome) by the hand-written examples of
  ``tests/decisions.py``;
- the reference evaluator and the durable compiler by the differential comparison of the two
  on generated rule bases (a mistake in one encoding of the law is caught by the other);
- the route of an explanation by its definition (docs/semantics.md §6).
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from backends import needs_durable
from decisions import (
    CHECKS,
    Decide,
    by_durable,
    by_generated,
    by_reference,
    by_whatif,
)
from generators import TINY_CASE, random_case, random_rule_base
from mutate import mutate

from verdict.engine import model
from verdict.engine.decide import compiled, evaluate, generated, reference, scenario
from verdict.engine.decide.routes import own_facts
from verdict.engine.decide.trace import ChargeResult
from verdict.engine.errors import EngineError, VerdictError
from verdict.engine.explain import builder, route
from verdict.engine.load.case_file import load_case
from verdict.engine.model import levels
from verdict.engine.model import rules as model_rules
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE
from verdict.engine.model.case import Case
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Stage


@pytest.fixture(autouse=True)
def fresh_programs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Programs compiled anew under each mutation: the bounded cache emptied, the disk cache off
    (it is keyed by the files of the code, which a mutation in memory leaves unchanged)."""
    monkeypatch.setattr(compiled, "_CACHE", OrderedDict())
    monkeypatch.setenv("VERDICT_CACHE", "off")
    yield


def caught(check: str, decide: Decide) -> bool:
    """Whether the shared-decision check named ``check`` fails on the backend ``decide``."""
    try:
        CHECKS[check](decide)
    except AssertionError:
        return True
    return False


# ---------------------------------------------------------------- the shared decisions


class Mutant(NamedTuple):
    """One line of the real code changed, and the check that must then fail."""

    owner: Any  # a module or a class
    function: str
    old: str
    new: str
    check: str  # a check of tests/decisions.py
    decide: Decide = by_reference


SHARED: dict[str, Mutant] = {
    # the stage: its threshold, grounds and bars
    "threshold strict": Mutant(
        model.Stage, "decide",
        "levels[GOAL] >= self.required",
        "levels[GOAL] > self.required",
        "threshold",
    ),
    "threshold on the generated path": Mutant(
        generated, "charge_decider",
        "stage.settle(goal >= required",
        "stage.settle(goal > required",
        "threshold", by_generated,
    ),
    "grounds ignored": Mutant(
        model.Stage, "settle",
        "holds = liable_holds or any(",
        "holds = liable_holds and any(",
        "grounds",
    ),
    "ground's threshold strict": Mutant(
        model.Stage, "settle",
        "levels.get(g, Level.NOT_SHOWN) >= self.required",
        "levels.get(g, Level.NOT_SHOWN) > self.required",
        "grounds",
    ),
    "bar's threshold strict": Mutant(
        model.Stage, "settle",
        "levels.get(bar.when, Level.NOT_SHOWN) >= self.required",
        "levels.get(bar.when, Level.NOT_SHOWN) > self.required",
        "bars",
    ),
    "bar on a failing charge": Mutant(
        model.Stage, "settle",
        "if holds:\n",
        "if True:\n",
        "bars",
    ),
    "bar's outcome dropped": Mutant(
        model.Stage, "settle",
        "return holds, bar.outcome",
        "return holds, self.outcome(holds, offence_class)",
        "bars",
    ),
    "short of's threshold strict": Mutant(
        model.ShortOf, "reached",
        "levels.get(name, Level.NOT_SHOWN) >= self.required",
        "levels.get(name, Level.NOT_SHOWN) > self.required",
        "short_of",
    ),
    "short of ignored": Mutant(
        model.Stage, "settle",
        "if short.reached(levels) is not None:",
        "if False:",
        "short_of",
    ),
    "outside the scope's threshold strict": Mutant(
        model.Stage, "settle",
        "levels.get(OUTSIDE_SCOPE, Level.NOT_SHOWN) >= self.required",
        "levels.get(OUTSIDE_SCOPE, Level.NOT_SHOWN) > self.required",
        "outside_scope",
    ),
    "outcome by class ignored": Mutant(
        model.Stage, "outcome",
        "return self.holds[offence_class]",
        "return self.holds['crime']",
        "threshold",
    ),
    # which rules apply: the kind of accused, the offence and its attributes
    "accused kind inverted": Mutant(
        model.Rule, "applies",
        "kind not in scope.accused_kind",
        "kind in scope.accused_kind",
        "accused_kind",
    ),
    "accused kind ignored": Mutant(
        model.Rule, "applies",
        "scope.accused_kind is not None and kind",
        "False and kind",
        "accused_kind",
    ),
    "offence scope ignored": Mutant(
        model.Rule, "applies",
        "return offence in self._offences",
        "return True",
        "attribute_filters",
    ),
    "offence named": Mutant(
        model_rules, "_in_scope",
        "offence.id in scope.offence",
        "offence.id not in scope.offence",
        "attribute_filters",
    ),
    "offence excepted": Mutant(
        model_rules, "_in_scope",
        "offence.id not in scope.except_offence",
        "offence.id in scope.except_offence",
        "attribute_filters",
    ),
    "offence class": Mutant(
        model_rules, "_in_scope",
        "offence.class_ in scope.offence_class",
        "offence.class_ not in scope.offence_class",
        "attribute_filters",
    ),
    "attempt punishable": Mutant(
        model_rules, "_in_scope",
        "classes[offence.class_].attempt_is_punishable(offence) == scope.attempt_punishable",
        "classes[offence.class_].attempt_is_punishable(offence) != scope.attempt_punishable",
        "attribute_filters",
    ),
    "aid punishable": Mutant(
        model_rules, "_in_scope",
        "classes[offence.class_].aid_is_punishable(offence) == scope.aid_punishable",
        "classes[offence.class_].aid_is_punishable(offence) != scope.aid_punishable",
        "attribute_filters",
    ),
    "aggravated": Mutant(
        model_rules, "_in_scope",
        "(offence.qualifies is not None) == scope.aggravated",
        "(offence.qualifies is None) == scope.aggravated",
        "attribute_filters",
    ),
    "circumstance kind": Mutant(
        model_rules, "_in_scope",
        "offence.circumstance_kind == scope.circumstance_kind",
        "offence.circumstance_kind != scope.circumstance_kind",
        "attribute_filters",
    ),
    "a text's leave read as always": Mutant(
        model.ClassRule, "holds",
        "return declared is True",
        "return True",
        "attribute_filters",
    ),
    "never read as always": Mutant(
        model.ClassRule, "holds",
        'return self.punishable == "always"',
        "return True",
        "attribute_filters",
    ),
    "the class's law of aid read for the attempt": Mutant(
        model.OffenceClassLaw, "attempt_is_punishable",
        "self.attempt.holds(offence.attempt_punishable)",
        "self.aid.holds(offence.attempt_punishable)",
        "attribute_filters",
    ),
    # a fact's level from its findings
    "weakest finding": Mutant(
        levels, "supported",
        "max(levels, default=DEFAULT)",
        "min(levels, default=DEFAULT)",
        "strongest_finding",
    ),
    "no finding is disproved": Mutant(
        scenario, "charge_facts",
        "common.get(name, DEFAULT)",
        "common.get(name, Level.DISPROVED)",
        "strongest_finding",
    ),
    "scoped finding replaces the general ones": Mutant(
        scenario, "charge_facts",
        "max(common[name], own) if name in common else own",
        "own",
        "scoped_findings",
    ),
    "scoped findings ignored": Mutant(
        scenario, "charge_facts",
        "if name in facts:",
        "if False:",
        "scoped_findings",
    ),
    "finding's offence scope inverted": Mutant(
        model.Finding, "applies",
        "charge.offence in self.offence",
        "charge.offence not in self.offence",
        "scoped_findings",
    ),
    "finding's accused scope ignored": Mutant(
        model.Finding, "applies",
        "charge.accused in self.accused",
        "True",
        "scoped_findings", by_whatif,
    ),
    "generated: a moved finding weakens the fact": Mutant(
        generated, "outcomes",
        "if other > level:",
        "if other < level:",
        "scoped_findings", by_whatif,
    ),
    # a conclusion from its rules
    "a disproved conclusion not shown": Mutant(
        reference.Program, "run",
        "DEFAULT if best < 0 else best",
        "DEFAULT if best <= 0 else best",
        "conclusions",
    ),
    # the case's outcome
    "least severe outcome": Mutant(
        evaluate, "case_outcome",
        "next(o for o in stage.severity if o in present)",
        "next(o for o in reversed(stage.severity) if o in present)",
        "case_outcome",
    ),
    "first charge's outcome": Mutant(
        evaluate, "case_outcome",
        "present = {c.outcome for c in charges}",
        "present = {charges[0].outcome}",
        "case_outcome",
    ),
    "generated: least severe outcome": Mutant(
        generated, "outcomes",
        "if severity < worst:",
        "if severity > worst or worst == len(stage.severity):",
        "case_outcome", by_generated,
    ),
}


def test_every_shared_decision_holds_unmutated() -> None:
    for check in sorted({mutant.check for mutant in SHARED.values()}):
        for decide in (by_reference, by_generated, by_whatif):
            assert not caught(check, decide), (check, decide.__name__)


@pytest.mark.parametrize("name", sorted(SHARED))
def test_a_mutation_of_a_shared_decision_is_caught(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mutant = SHARED[name]
    mutate(monkeypatch, mutant.owner, mutant.function, mutant.old, mutant.new)
    assert caught(mutant.check, mutant.decide), f"{name}: unnoticed by check_{mutant.check}"


@needs_durable
@pytest.mark.parametrize(
    ("old", "new", "check"),
    [
        ('((True, "$gte"), (False, "$lt"))', '((True, "$gt"), (False, "$lte"))', "threshold"),
        ("self._select(_lvl(conclusion), rules, False, within, conclusion)",
         "self._select(_lvl(conclusion), rules[:1], False, within, conclusion)", "accused_kind"),
    ],
)
def test_a_mutation_of_the_durable_compiler_fails_a_shared_decision(
    old: str, new: str, check: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.engine.decide import durable_backend

    assert not caught(check, by_durable)
    mutate(monkeypatch, durable_backend.DurableProgram, "_compile", old, new)
    assert caught(check, by_durable)


# ---------------------------------------------------------------- the two encodings of the law

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


def differential(sample: Sample) -> int:
    """How many cases of ``sample`` the durable and reference backends decide differently (the
    durable backend's refusal of a scenario, as a defect of its own, counts as a difference)."""
    from verdict.engine.decide.durable_backend import run_durable

    found = 0
    for base, case, stage in sample:
        facts = scenario.charge_facts(case, base)
        program = reference.compile_program(base)
        try:
            durable = run_durable(base, facts, stage)
        except EngineError:
            found += 1
            continue
        if durable != tuple(program.run(f, stage) for f in facts):
            found += 1
    return found


Argued = dict[str, int]


def _argued(base: RuleBase, case: Case, result: ChargeResult, rules: list[Rule]) -> Argued:
    """For each route the case argues, 2 if it asserts it (a finding above ``disproved`` on a fact
    only that route reads), 1 if it only argues against it; the order of findings plays no part."""
    if len(rules) < 2:
        return {}

    def applicable(name: str) -> list[Rule]:
        return [r for r in base.rules_for(name) if r.id in result.rules]

    out: dict[str, int] = {}
    for rule_id, facts in own_facts(rules, base, applicable).items():
        found = [f for f in case.findings if f.fact in facts and f.applies(result.charge)]
        if found:
            out[rule_id] = 2 if any(f.level > Level.DISPROVED for f in found) else 1
    return out


def _rank(result: ChargeResult, required: Level, argued: Argued, index: int, rule: Rule) -> tuple[int, ...]:
    """A rule that reaches the level; the route argued most; the most conditions met; the highest
    level; the rule written first."""
    res = result.rules[rule.id]
    met = sum(level >= required for _, level in res.conditions)
    return (res.level >= required, argued.get(rule.id, 0), met, res.level, -index)


def route_errors(sample: Sample) -> int:
    """How many charges are explained by another route than docs/semantics.md §6 names."""
    found = 0
    for base, case, stage in sample:
        trace = evaluate.evaluate(base, case, stage.id, backend="reference")
        for result, charge in zip(trace.charges, builder.explain(trace, base, case).charges, strict=True):
            rules = [r for r in base.rules_for(GOAL) if r.id in result.rules]
            if not rules or result.outcome == OUTSIDE_SCOPE:  # a charge not decided has no route
                continue
            argued = _argued(base, case, result, rules)
            ranked = [(_rank(result, stage.required, argued, i, r), r) for i, r in enumerate(rules)]
            expected = max(ranked, key=lambda pair: pair[0])[1]
            if charge.route is None or charge.route.id != expected.id:
                found += 1
    return found


@needs_durable
def test_unmutated_the_backends_agree(sample: Sample) -> None:
    assert differential(sample) == 0


def test_unmutated_every_route_is_the_one_defined(sample: Sample) -> None:
    assert route_errors(sample) == 0


REFERENCE: dict[str, tuple[Any, str, str, str]] = {
    "all as its strongest part": (reference, "compile_parts", "combine = min if", "combine = max if"),
    "any as its weakest part": (reference, "compile_parts", "else max\n", "else min\n"),
    "not as the identity": (reference, "compile_parts", "value = TOP - unary(env, out)",
                            "value = unary(env, out)"),
    "unless as not": (reference, "compile_parts", "value = defeat(unary(env, out))",
                      "value = TOP - unary(env, out)"),
    "a conclusion as its weakest rule": (reference.Program, "run", "if level > best:", "if level < best:"),
    "a rule as its strongest element": (reference.Program, "run",
                                        "LEVELS[min(values, default=TOP)]",
                                        "LEVELS[max(values, default=TOP)]"),
}
DURABLE: dict[str, tuple[Any, str, str, str]] = {
    "a rule without conditions not shown": ("DurableProgram", "_rule", "_Conclude(self, ref, TOP)",
                                            "_Conclude(self, ref, DEFAULT)"),
    "unless's range closed short": ("_range", "", '{"$lte": {"v": hi}}', '{"$lt": {"v": hi}}'),
}


@needs_durable
@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_a_mutation_of_the_reference_evaluator_is_caught(
    name: str, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    mutate(monkeypatch, *REFERENCE[name])
    assert differential(sample) > 0


@needs_durable
@pytest.mark.parametrize("name", sorted(DURABLE))
def test_a_mutation_of_the_durable_compiler_is_caught(
    name: str, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.engine.decide import durable_backend

    owner, function, old, new = DURABLE[name]
    if function:
        mutate(monkeypatch, getattr(durable_backend, owner), function, old, new)
    else:
        mutate(monkeypatch, durable_backend, owner, old, new)
    assert differential(sample) > 0


def test_route_tie_break_reversed_is_caught(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    mutate(monkeypatch, route, "route_rule", "met, res.level, -position)", "met, res.level, position)")
    assert route_errors(sample) > 0



# ---------------------------------------------------------------- the contradiction rule


def refused(base: RuleBase, tmp_path: Path, one: str, other: str) -> bool:
    """Whether a case stating one fact at ``one`` in a finding and ``other`` in another is refused
    as a contradiction when it is read."""
    second = f"  - {{id: other, fact: principal_act_committed, level: {other}}}\n"
    text = TINY_CASE.replace("level: proven}\n", f"level: {one}}}\n{second}")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_case(path, base)
    except VerdictError as err:
        assert "contradiction" in str(err), err
        return True
    return False


def contradictions(base: RuleBase, tmp_path: Path) -> tuple[bool, bool, bool]:
    """At the edges of the rule: sufficient against disproved (refused), serious against
    disproved and sufficient against not_shown (both allowed)."""
    return (
        refused(base, tmp_path, "sufficient", "disproved"),
        refused(base, tmp_path, "serious", "disproved"),
        refused(base, tmp_path, "sufficient", "not_shown"),
    )


@pytest.mark.parametrize(
    ("function", "old", "new"),
    [
        ("establishes", "level >= Level.SUFFICIENT", "level > Level.SUFFICIENT"),
        ("establishes", "level >= Level.SUFFICIENT", "level >= Level.SERIOUS"),
        ("disproves", "level == BOTTOM", "level <= DEFAULT"),
        ("disproves", "level == BOTTOM", "level < BOTTOM"),
    ],
)
def test_a_mutation_of_the_contradiction_rule_is_caught(
    function: str, old: str, new: str, base: RuleBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert contradictions(base, tmp_path) == (True, False, False)
    mutate(monkeypatch, levels, function, old, new)
    assert contradictions(base, tmp_path) != (True, False, False)
