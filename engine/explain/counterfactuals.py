"""Counterfactuals: every smallest change to the findings that changes a charge's outcome.

A *change set* moves some findings to other levels. It is a counterfactual when, with it,
some charge's outcome differs from the decided one (with ``toward``: becomes that
outcome); it is *minimal* when no smaller change set does so, where smaller means fewer
findings moved, or the same findings moved less far in the same direction.

The search follows the rules' structure instead of trying every combination:

1. For one charge, the question "does ``liable`` reach the stage's level R?" depends on a
   fact only through thresholds: R where the fact is read plainly, ``6 − t`` under
   ``not``, ``max(2, 6 − t)`` under ``unless`` (for the threshold t above it). Only the
   facts reachable from ``liable`` through rules applicable to the charge, and only moves
   that cross one of their thresholds, can matter; each such move is made as small as it
   can be (to the threshold, or just below it).
2. Raising a fact takes one finding raised (a fact is its strongest finding); lowering it
   takes every finding above the bound lowered.
3. When every fact is read with one polarity, ``liable`` is monotone in each, and the
   minimal repairs are built bottom-up: a conjunction needs a repair of each part, a
   disjunction a repair of one. Otherwise the threshold moves are enumerated by size.

Every candidate is checked on the fast path (the generated evaluator, ``generated.py``);
sets that would leave a fact both disproved and established are not admissible (§2); the
minimal ones are kept, and each is confirmed by a full evaluation on the reference backend
(or durable_rules on request). A search examines at most ``MAX_CANDIDATES`` sets.

Step 1 is in ``reach.py``, step 3 for one charge in ``planner.py``, the whole case in
``change_sets.py``; this module confirms and labels what they find.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from verdict.engine.decide.evaluate import Backend, case_outcome, evaluate
from verdict.engine.decide.reference import compile_program
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.decide.trace import Trace
from verdict.engine.errors import EngineError
from verdict.engine.explain.change_sets import _restrict, minimal_sets
from verdict.engine.explain.names import Names, names
from verdict.engine.explain.route import route_rule
from verdict.engine.model.base import GOAL, Text
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law, stage_of
from verdict.engine.model.dated import dated
from verdict.engine.model.levels import Level, supported
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Join, Message


@dataclass(frozen=True)
class Move:
    """A finding moved from one level to another."""

    finding: str
    fact: str
    before: Level
    after: Level


@dataclass(frozen=True)
class ChargeEffect:
    """What a counterfactual does to one charge, and the route elements it repairs or breaks."""

    offence: str
    accused: str
    before: str
    after: str
    repairs: tuple[str, ...]
    breaks: tuple[str, ...]


@dataclass(frozen=True)
class Counterfactual:
    """A minimal change set, the case outcome it leads to, and each charge's outcome."""

    moves: tuple[Move, ...]
    outcome: str
    charges: tuple[ChargeEffect, ...]

    @property
    def distance(self) -> int:
        """The total move on the scale: the sum of how far each finding moved."""
        return sum(abs(m.after - m.before) for m in self.moves)


@dataclass(frozen=True)
class Search:
    """The counterfactuals of one case at one stage, ranked, and how they were confirmed."""

    case: str
    title: Text
    stage: str
    required: Level
    rule_base: str
    outcome: str
    charges: tuple[tuple[str, str, str], ...]
    toward: str | None
    max_changes: int
    movable: int
    confirmed_by: str
    results: tuple[Counterfactual, ...]
    rule_base_title: Text | None = None
    names: Names | None = None
    """The titles of the facts, conditions, charges and stages the search names."""


def confirming_backend() -> Backend:
    """The backend that confirms counterfactuals unless told otherwise: the reference evaluator.

    The search runs on the generated evaluator; each set it finds is then decided again by a
    full evaluation on an independent implementation. The reference one takes a tenth of a
    millisecond a scenario where durable_rules takes more than one: ``backend="durable"``
    confirms on durable_rules instead."""
    return "reference"


class _Decider:
    """Full evaluations of a case with some findings moved, on the confirming backend.

    Each charge's fact levels are those of ``charge_facts`` with the moved findings at
    their new levels (a fact is its strongest finding), without reading every finding again.
    """

    def __init__(self, base: RuleBase, case: Case, stage: Stage, backend: Backend) -> None:
        self.base, self.case, self.stage, self.backend = base, case, stage, backend
        self.charges = []
        for facts in charge_facts(case, base):
            bearing: dict[str, list[tuple[str, Level]]] = {}
            for finding in case.findings:
                if finding.fact is not None and finding.applies(facts.charge):
                    bearing.setdefault(finding.fact, []).append((finding.id, finding.level))
            on = {fid: fact for fact, found in bearing.items() for fid, _ in found}
            self.charges.append((facts, bearing, on))

    def __call__(self, levels: Mapping[str, Level]) -> Trace:
        scenario = []
        for facts, bearing, on in self.charges:
            touched = {on[fid] for fid in levels if fid in on}
            if touched:
                moved = dict(facts.facts)
                for fact in touched:
                    moved[fact] = supported(levels.get(fid, level) for fid, level in bearing[fact])
                facts = dataclasses.replace(facts, facts=moved)
            scenario.append(facts)
        if self.backend == "durable":
            from verdict.engine.decide.durable_backend import run_durable

            results = run_durable(self.base, tuple(scenario), self.stage)
        else:
            program = compile_program(self.base)
            results = tuple(program.run(facts, self.stage) for facts in scenario)
        return Trace(
            case=self.case.case,
            stage=self.stage.id,
            required=self.stage.required,
            backend=self.backend,
            rule_base=self.base.name,
            charges=results,
            outcome=case_outcome(self.stage, results),
        )


def _routes(trace: Trace, base: RuleBase, case: Case) -> dict[tuple[str, str], str]:
    """Each charge's route (docs/semantics.md §6), as the explanation chooses it."""
    stage = base.stages[trace.stage]
    out = {}
    for result in trace.charges:
        route = route_rule(base, case, result, GOAL, stage.required)
        if route is not None:
            out[result.charge.offence, result.charge.accused] = route.id
    return out


def _elements(
    trace_a: Trace, trace_b: Trace, routes: set[str], required: Level, key: tuple[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The route elements a change repairs (now hold) and breaks (now fail) for one charge."""
    a, b = trace_a.charge(*key), trace_b.charge(*key)
    repairs: dict[str, None] = {}
    breaks: dict[str, None] = {}
    for rule_id in sorted(routes):
        before = dict(a.rules[rule_id].conditions) if rule_id in a.rules else {}
        after = dict(b.rules[rule_id].conditions) if rule_id in b.rules else {}
        for cid in after.keys() | before.keys():
            held = before.get(cid, Level.DISPROVED) >= required
            holds = after.get(cid, Level.DISPROVED) >= required
            if holds and not held:
                repairs[cid] = None
            elif held and not holds:
                breaks[cid] = None
    return tuple(sorted(repairs)), tuple(sorted(breaks))


def search(
    base: RuleBase,
    case: Case,
    stage: str | None = None,
    toward: str | None = None,
    max_changes: int = 3,
    facts: Sequence[str] | None = None,
    backend: Backend | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Search:
    """The ranked minimal counterfactuals of ``case``, each confirmed by a full evaluation.

    ``progress(done, total)`` is told how many of the sets found are confirmed so far."""
    base = case_law(base, case)
    case = dated(case, base)
    the_stage = stage_of(case, base, stage)
    sets = minimal_sets(base, case, the_stage.id, toward, max_changes, facts)
    confirm = backend or confirming_backend()
    baseline = evaluate(base, case, the_stage.id, confirm)
    decide = _Decider(base, case, the_stage, confirm)
    routes_base = {key: {route} for key, route in _routes(baseline, base, case).items()}
    findings = {f.id: f for f in case.findings}
    results = []
    for done, moves in enumerate(sets):
        if progress is not None:
            progress(done, len(sets))
        levels = {fid: Level(level) for fid, level in moves}
        trace = decide(levels)
        changed = [
            (a, b) for a, b in zip(baseline.charges, trace.charges, strict=True)
            if a.outcome != b.outcome and (toward is None or b.outcome == toward)
        ]
        if not changed:
            shown = Join([f"{f}={lv.name_id}" for f, lv in sorted(levels.items())])
            raise EngineError(Message("search.not_confirmed", backend=confirm, moves=shown))
        routes = {k: set(v) for k, v in routes_base.items()}
        for key, route in _routes(trace, base, case).items():
            routes.setdefault(key, set()).add(route)
        effects = []
        for a, b in zip(baseline.charges, trace.charges, strict=True):
            key = (a.charge.offence, a.charge.accused)
            repairs, breaks = _elements(baseline, trace, routes.get(key, set()), the_stage.required, key)
            effects.append(ChargeEffect(key[0], key[1], a.outcome, b.outcome, repairs, breaks))
        ordered = sorted(moves)
        results.append(
            Counterfactual(
                moves=tuple(
                    Move(fid, findings[fid].fact or "", findings[fid].level, Level(level))
                    for fid, level in ordered
                ),
                outcome=trace.outcome,
                charges=tuple(effects),
            )
        )
    return Search(
        case=case.case,
        title=case.title,
        stage=the_stage.id,
        required=the_stage.required,
        rule_base=base.name,
        rule_base_title=base.title,
        outcome=baseline.outcome,
        charges=tuple((c.charge.offence, c.charge.accused, c.outcome) for c in baseline.charges),
        toward=toward,
        max_changes=max_changes,
        movable=len(_restrict(case, base, facts)),
        confirmed_by=confirm,
        results=tuple(results),
        names=names(base, case),
    )
