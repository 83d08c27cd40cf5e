"""For a whole case, the minimal change sets over findings: moves of facts turned into moves of
findings, checked on the generated evaluator, kept minimal, bounded, ranked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from verdict.engine.decide.generated import Generated, compile_generated
from verdict.engine.decide.reference import Program, compile_program
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.errors import VerdictError
from verdict.engine.explain.planner import _Charge, _enumerate, _leq, _Limit, _Planner
from verdict.engine.explain.reach import Combo, MoveKey, reach
from verdict.engine.model.base import GOAL
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law, stage_of
from verdict.engine.model.dated import dated
from verdict.engine.model.derived import is_derived
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import DEFAULT, TOP, disproves, establishes
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Join, Message


def _restrict(case: Case, base: RuleBase, names: Sequence[str] | None) -> set[str]:
    """The ids of the findings allowed to move: all with a fact, or those ``names`` pick."""
    with_fact = {f.id for f in case.findings if f.fact is not None and not is_derived(f.id)}
    if not names:
        return with_fact
    allowed: set[str] = set()
    known = [*with_fact, *base.predicates]
    for name in names:
        if name in with_fact:
            allowed.add(name)
        elif name in base.predicates:
            allowed |= {f.id for f in case.findings if f.fact == name and not is_derived(f.id)}
        else:
            raise VerdictError(Message("option.facts_unknown", name=f"'{name}'", hint=suggest(name, known)))
    return allowed


def _charges(case: Case, base: RuleBase, stage: Stage, program: Program, allowed: set[str]) -> list[_Charge]:
    out = []
    for facts in charge_facts(case, base):
        movable: dict[str, list[tuple[str, int]]] = {}
        fixed: dict[str, int] = {}
        low: dict[str, int] = {}
        for finding in case.findings:
            if finding.fact is not None and finding.applies(facts.charge):
                if finding.id in allowed:
                    movable.setdefault(finding.fact, []).append((finding.id, int(finding.level)))
                else:
                    fixed[finding.fact] = max(fixed.get(finding.fact, -1), int(finding.level))
                    low[finding.fact] = min(low.get(finding.fact, TOP), int(finding.level))
        result = program.run(facts, stage)
        out.append(
            _Charge(
                facts=facts,
                holds=result.holds,
                env={k: int(v) for k, v in result.levels.items()},
                movable={k: tuple(v) for k, v in movable.items()},
                fixed=fixed,
                fixed_low=low,
                required=int(stage.required),
            )
        )
    return out


def _expand(charge: _Charge, combo: Combo) -> Iterator[frozenset[MoveKey]]:
    """Every way of making a combination of fact moves with findings."""
    per_fact: list[list[list[MoveKey]]] = []
    for fact, target in sorted(combo.items()):
        bearing = charge.movable.get(fact, ())
        if target > charge.facts.facts[fact]:
            # raised to an established level, a fact may keep no disproved finding (§2): those
            # move up to not_shown with it
            low = [fid for fid, lv in bearing if disproves(lv)] if establishes(target) else []
            per_fact.append([[(fid, target), *((o, DEFAULT) for o in low if o != fid)] for fid, _ in bearing])
        else:
            per_fact.append([[(fid, target) for fid, lv in bearing if lv > target]])
    for pick in itertools.product(*per_fact):
        yield frozenset(itertools.chain.from_iterable(pick))


def _smaller(small: frozenset[MoveKey], big: frozenset[MoveKey], before: Mapping[str, int]) -> bool:
    """Whether ``small`` moves a subset of ``big``'s findings, each no further the same way."""
    return _leq(dict(small), dict(big), before)


def minimal_sets(
    base: RuleBase,
    case: Case,
    stage: str | None = None,
    toward: str | None = None,
    max_changes: int = 3,
    facts: Sequence[str] | None = None,
) -> list[frozenset[MoveKey]]:
    """Every minimal change set (findings and the level each moves to) up to ``max_changes``.

    It changes some charge's outcome (to ``toward`` when given), checked on the fast path.
    """
    base = case_law(base, case)
    case = dated(case, base)
    the_stage = stage_of(case, base, stage)
    if toward is not None and toward not in the_stage.severity:
        raise VerdictError(
            Message("stage.not_an_outcome_hint", outcome=f"'{toward}'", stage=f"'{the_stage.id}'",
                    hint=suggest(toward, the_stage.severity), outcomes=Join(the_stage.severity))
        )
    if max_changes < 1:
        raise VerdictError(Message("option.max_changes", least=1))
    program = compile_program(base)
    fast = compile_generated(base)
    allowed = _restrict(case, base, facts)
    charges = _charges(case, base, the_stage, program, allowed)
    before = {f.id: int(f.level) for f in case.findings}
    candidates: set[frozenset[MoveKey]] = set()
    limit = _Limit()
    for charge in charges:
        for aim in _aims(the_stage, program, charge, toward):
            offence, kind = aim.facts.charge.offence, aim.facts.kind
            found = reach(base, offence, kind, aim.required)
            if found.monotone:
                planner = _Planner(base, aim, max_changes)
                combos = [c for c in planner.need(GOAL, aim.required, not aim.holds) if c]
                for ground in _grounds(the_stage, aim.required):
                    if ground in aim.env:  # a name the rule base does not define stays not_shown
                        for want in (True, False):
                            combos += [c for c in planner.need(ground, aim.required, want) if c]
            else:
                combos = _enumerate(fast, aim, found, max_changes, limit)
            for combo in combos:
                for moves in _expand(aim, combo):
                    if len(moves) <= max_changes:
                        limit.spend(1)
                        candidates.add(moves)
    admissible = {s for moves in candidates for s in _repaired(moves, charges, max_changes)}
    flips = [s for s in admissible if _flips(fast, charges, the_stage, s, toward)]
    ordered = sorted(flips, key=lambda s: (len(s), _distance(s, before), sorted(s)))
    kept: list[frozenset[MoveKey]] = []
    by_findings: dict[frozenset[str], list[frozenset[MoveKey]]] = {}  # a smaller set moves a subset
    for moves in ordered:
        ids = sorted(f for f, _ in moves)
        subsets = (
            frozenset(c) for n in range(1, len(ids) + 1) for c in itertools.combinations(ids, n)
        )
        if not any(_smaller(k, moves, before) for sub in subsets for k in by_findings.get(sub, ())):
            kept.append(moves)
            by_findings.setdefault(frozenset(ids), []).append(moves)
    return sorted(kept, key=lambda s: rank_key(s, before))


def rank_key(moves: frozenset[MoveKey], before: Mapping[str, int]) -> tuple[int, int, int, list[MoveKey]]:
    """How a minimal set ranks (docs/whatif.md, "Ranking"): by what it asks of the evidence.

    First the sets that re-weigh fewest of the court's own graded words: a move on a finding the
    court found ``not_shown`` or ``disproved`` asks for new evidence, which a student would try
    first (the probes worked, a victim testifies); a move on a finding the court put at
    ``plausible`` or above re-weighs what the court already weighed («il est tout à fait possible
    que…»). Then fewer findings moved, then the smallest total move, then finding ids.
    """
    reweighed = sum(1 for finding, _ in moves if before[finding] > DEFAULT)
    return (reweighed, len(moves), _distance(moves, before), sorted(moves))


def _aims(stage: Stage, program: Program, charge: _Charge, toward: str | None) -> list[_Charge]:
    """The thresholds a charge's outcome turns on, each as the charge seen against it: the
    stage's required level, then the level of each of its ``short_of`` outcomes (a charge that
    fails gets another outcome there)."""
    aims = []
    flipped = stage.outcome(not charge.holds, charge.facts.offence_class)
    if toward is None or flipped == toward or stage.short_of:
        aims.append(charge)
    if stage.short_of:
        now = program.liable(charge.env, charge.facts.charge.offence, charge.facts.kind)
        for short in stage.short_of:
            level = int(short.required)
            if level != charge.required:
                aims.append(replace(charge, required=level, holds=now >= level))
    return aims


def _grounds(stage: Stage, level: int) -> list[str]:
    """The procedural grounds that count at ``level``: the stage's, or those of its ``short_of``."""
    names = list(stage.grounds) if level == int(stage.required) else []
    names += [g for s in stage.short_of if int(s.required) == level for g in s.grounds]
    return list(dict.fromkeys(names))


def _repaired(
    moves: frozenset[MoveKey], charges: list[_Charge], max_changes: int, depth: int = 3
) -> list[frozenset[MoveKey]]:
    """``moves`` if it leaves no fact both disproved and established (docs/semantics.md §2);
    else the sets of at most ``max_changes`` moves that add the least moves ending each such
    contradiction (a set that moves some facts' evidence must leave the case admissible)."""
    targets = dict(moves)
    for charge in charges:
        if charge.contradicts(targets):
            if depth == 0:
                return []
            out = []
            for extra in charge.repairs(targets):
                bigger = moves | frozenset(extra.items())
                if len(bigger) <= max_changes:
                    out += _repaired(bigger, charges, max_changes, depth - 1)
            return out
    return [moves]


def _distance(moves: frozenset[MoveKey], before: Mapping[str, int]) -> int:
    return sum(abs(level - before[f]) for f, level in moves)


def _flips(
    program: Generated, charges: list[_Charge], stage: Stage, moves: frozenset[MoveKey], toward: str | None
) -> bool:
    """Whether ``moves`` change some charge's outcome (to ``toward``), on the fast path; the
    stage's procedural grounds and bars settle the outcome as they do in a full evaluation."""
    targets = dict(moves)
    also = tuple(stage.names())
    for charge in charges:
        touched = {
            fact for fact, bearing in charge.movable.items() if any(fid in targets for fid, _ in bearing)
        }
        if not touched:
            continue
        env = dict(charge.env)
        env.update({fact: charge.level(fact, targets) for fact in touched})
        if also:
            decide = program.function(charge.facts.charge.offence, charge.facts.kind, also)
            cls = charge.facts.offence_class
            was, now = (
                stage.settle(goal >= charge.required, dict(zip(also, rest, strict=True)), cls)
                for goal, *rest in (decide(charge.env), decide(env))
            )
            if was[1] != now[1] and (toward is None or now[1] == toward):
                return True
            continue
        holds = program.liable(env, charge.facts.charge.offence, charge.facts.kind) >= charge.required
        if holds != charge.holds and (
            toward is None or stage.outcome(holds, charge.facts.offence_class) == toward
        ):
            return True
    return False
