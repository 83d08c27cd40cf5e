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
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from verdict.engine.decide.compiled import through
from verdict.engine.decide.evaluate import Backend, case_outcome, evaluate
from verdict.engine.decide.generated import Generated, compile_generated
from verdict.engine.decide.reference import Program, compile_program, evaluate_expr
from verdict.engine.decide.scenario import ChargeFacts, charge_facts
from verdict.engine.decide.trace import Trace
from verdict.engine.errors import EngineError, VerdictError
from verdict.engine.explain.explanation import Names, names, route_rule
from verdict.engine.model.base import GOAL, Text
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law, stage_of
from verdict.engine.model.dated import dated, is_derived
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import BOTTOM, DEFAULT, TOP, Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Join, Message

Combo = dict[str, int]
"""For one charge: fact -> the level it is moved to."""
MoveKey = tuple[str, int]
"""A finding and the level it is moved to."""


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


# ---------------------------------------------------------------- thresholds


@dataclass
class _Reach:
    """The thresholds at which each fact matters for one charge, and with which polarity."""

    cuts: dict[str, set[int]] = field(default_factory=dict)
    signs: dict[str, set[int]] = field(default_factory=dict)

    def add(self, fact: str, threshold: int, sign: int) -> None:
        self.cuts.setdefault(fact, set()).add(threshold)
        self.signs.setdefault(fact, set()).add(sign)

    @property
    def monotone(self) -> bool:
        """Whether every fact is read with one polarity only (so ``liable`` is monotone in it)."""
        return all(len(s) == 1 for s in self.signs.values())


def _parts(expr: All | Any_) -> list[Expr]:
    return expr.all if isinstance(expr, All) else expr.any


def _under(expr: Not | Unless, t: int) -> tuple[Expr, int]:
    """``L(expr) >= t`` holds exactly when ``L(part) >= u`` does not: the part and ``u``."""
    _, bound = through(expr, "at_least", t)
    return (expr.not_ if isinstance(expr, Not) else expr.unless), bound + 1


def reach(base: RuleBase, offence: str, kind: str, required: int) -> _Reach:
    """The facts that can move ``liable`` across ``required`` for a charge, with their thresholds."""
    found = _Reach()
    seen: set[tuple[str, int, int]] = set()

    def walk(expr: Expr, t: int, sign: int) -> None:
        if t <= 0 or t > TOP:
            return  # "x >= t" is then always true, or never
        if isinstance(expr, str):
            if expr in base.predicates:
                found.add(expr, t, sign)
            elif (expr, t, sign) not in seen:
                seen.add((expr, t, sign))
                for rule in base.rules_for(expr):
                    if rule.applies(offence, kind):
                        for _, cond in rule.conditions():
                            walk(cond, t, sign)
        elif isinstance(expr, All | Any_):
            for part in _parts(expr):
                walk(part, t, sign)
        else:
            walk(*_under(expr, t), -sign)

    walk(GOAL, required, 1)
    return found


# ---------------------------------------------------------------- one charge


@dataclass(frozen=True)
class _Charge:
    """One charge as the search sees it: its levels, its findings, and what it must reach."""

    facts: ChargeFacts
    holds: bool
    env: Mapping[str, int]
    movable: Mapping[str, tuple[tuple[str, int], ...]]
    fixed: Mapping[str, int]
    required: int
    fixed_low: Mapping[str, int] = field(default_factory=dict)

    def contradicts(self, targets: Mapping[str, int]) -> bool:
        """Whether moving findings to ``targets`` leaves a fact both disproved and established
        for this charge (docs/semantics.md §2), which a case may not do."""
        for fact, bearing in self.movable.items():
            if not any(fid in targets for fid, _ in bearing):
                continue
            levels = [targets.get(fid, lv) for fid, lv in bearing]
            low = min(min(levels), self.fixed_low.get(fact, TOP))
            high = max(max(levels), self.fixed.get(fact, BOTTOM))
            if low == BOTTOM and high >= Level.SUFFICIENT:
                return True
        return False

    def repairs(self, targets: Mapping[str, int]) -> list[dict[str, int]]:
        """The least further moves that end the first contradiction ``targets`` leaves for this
        charge: the unmoved findings that establish the fact brought down to ``serious``, or
        the unmoved ones that disprove it brought up to ``not_shown``; none when ``targets``
        leaves no contradiction, or when only moving its own moves or fixed findings would."""
        for fact, bearing in self.movable.items():
            if not any(fid in targets for fid, _ in bearing):
                continue
            now = {fid: targets.get(fid, lv) for fid, lv in bearing}
            low = min([*now.values(), self.fixed_low.get(fact, TOP)])
            high = max([*now.values(), self.fixed.get(fact, BOTTOM)])
            if low != BOTTOM or high < Level.SUFFICIENT:
                continue
            establish = [fid for fid, lv in now.items() if lv >= Level.SUFFICIENT]
            disprove = [fid for fid, lv in now.items() if lv == BOTTOM]
            ways = []
            if self.fixed.get(fact, BOTTOM) < Level.SUFFICIENT and not any(f in targets for f in establish):
                ways.append(dict.fromkeys(establish, int(Level.SERIOUS)))
            if self.fixed_low.get(fact, TOP) > BOTTOM and not any(f in targets for f in disprove):
                ways.append(dict.fromkeys(disprove, int(Level.NOT_SHOWN)))
            return ways
        return []

    def cost(self, fact: str, target: int) -> int | None:
        """How many findings a move of ``fact`` to ``target`` takes; None if it cannot be made."""
        level = self.facts.facts[fact]
        bearing = self.movable.get(fact, ())
        if target > level:
            return 1 if bearing else None
        if self.fixed.get(fact, -1) > target:
            return None
        return sum(lv > target for _, lv in bearing) or None

    def level(self, fact: str, targets: Mapping[str, int]) -> int:
        """The level of ``fact`` once the findings in ``targets`` are moved."""
        levels = [targets.get(fid, lv) for fid, lv in self.movable.get(fact, ())]
        if fact in self.fixed:
            levels.append(self.fixed[fact])
        return max(levels, default=Level.NOT_SHOWN)


def _direction(level: int, target: int) -> int:
    return 1 if target > level else -1


def _leq(small: Combo, big: Combo, levels: Mapping[str, int]) -> bool:
    """Whether ``small`` moves a subset of ``big``'s facts, each no further and the same way."""
    for fact, target in small.items():
        other = big.get(fact)
        if other is None:
            return False
        now = levels[fact]
        if not (min(now, other) <= target <= max(now, other)):
            return False
    return True


def _minimal(combos: Iterable[Combo], levels: Mapping[str, int], cost: _Cost) -> list[Combo]:
    unique = {tuple(sorted(c.items())): c for c in combos}
    ordered = sorted(unique.values(), key=lambda c: (cost(c), len(c), sorted(c.items())))
    kept: list[Combo] = []
    for combo in ordered:
        if not any(_leq(k, combo, levels) for k in kept):
            kept.append(combo)
    return kept


class _Cost:
    """The number of findings a combination of fact moves takes, for one charge."""

    def __init__(self, charge: _Charge) -> None:
        self.charge = charge

    def move(self, fact: str, target: int) -> int | None:
        return self.charge.cost(fact, target)

    def __call__(self, combo: Combo) -> int:
        return sum(self.charge.cost(f, t) or 0 for f, t in combo.items())


class _Planner:
    """Bottom-up minimal repairs for a monotone charge: what must move for ``expr >= t`` (or < t)."""

    def __init__(self, base: RuleBase, charge: _Charge, budget: int) -> None:
        self.base, self.charge, self.budget = base, charge, budget
        self.levels = charge.facts.facts
        self.cost = _Cost(charge)
        self.memo: dict[tuple[str, int, bool], list[Combo]] = {}
        offence, kind = charge.facts.charge.offence, charge.facts.kind
        self.applicable = {
            name: [r for r in base.rules_for(name) if r.applies(offence, kind)] for name in base.conclusions
        }

    def need(self, expr: Expr, t: int, want: bool) -> list[Combo]:
        """The minimal fact moves that make ``expr >= t`` equal to ``want``."""
        if t <= 0 or t > TOP:
            return [{}] if want == (t <= 0) else []
        if (evaluate_expr(expr, self.charge.env) >= t) == want:
            return [{}]
        if isinstance(expr, str):
            if expr in self.base.predicates:
                target = t if want else t - 1
                cost = self.cost.move(expr, target)
                return [{expr: target}] if cost is not None and cost <= self.budget else []
            key = (expr, t, want)
            if key not in self.memo:
                rules = self.applicable.get(expr, [])
                per_rule = [[self.need(c, t, want) for _, c in r.conditions()] for r in rules]
                if not rules:  # no rule applies: the conclusion is not_shown whatever the facts
                    self.memo[key] = []
                elif want:
                    self.memo[key] = self.either(self.both(parts) for parts in per_rule)
                else:
                    self.memo[key] = self.both(self.either(parts) for parts in per_rule)
            return self.memo[key]
        if isinstance(expr, All | Any_):
            parts = [self.need(p, t, want) for p in _parts(expr)]
            conjunctive = isinstance(expr, All) == want
            return self.both(parts) if conjunctive else self.either(parts)
        return self.need(*_under(expr, t), not want)

    def merge(self, a: Combo, b: Combo) -> Combo | None:
        out = dict(a)
        for fact, target in b.items():
            if fact in out and out[fact] != target:
                now = self.levels[fact]
                if _direction(now, out[fact]) != _direction(now, target):
                    return None
                target = max(out[fact], target) if target > now else min(out[fact], target)
            out[fact] = target
        return out if self.cost(out) <= self.budget else None

    def both(self, lists: Iterable[list[Combo]]) -> list[Combo]:
        result: list[Combo] = [{}]
        for options in lists:
            merged = (self.merge(a, b) for a in result for b in options)
            result = _minimal((m for m in merged if m is not None), self.levels, self.cost)
            if not result:
                return []
        return result

    def either(self, lists: Iterable[list[Combo]]) -> list[Combo]:
        return _minimal(itertools.chain.from_iterable(lists), self.levels, self.cost)


def _targets(level: int, cuts: Iterable[int], signs: set[int], raise_goal: bool) -> list[int]:
    """The smallest moves of a fact across each threshold, in the directions that can help."""
    up_helps = {1 if raise_goal else -1}
    out = []
    for t in sorted(cuts):
        if t > level and (len(signs) > 1 or signs == up_helps):
            out.append(t)
        if t <= level and (len(signs) > 1 or signs != up_helps):
            out.append(t - 1)
    return sorted(set(out), key=lambda x: (abs(x - level), x))


def _enumerate(
    program: Generated, charge: _Charge, found: _Reach, budget: int, limit: _Limit
) -> list[Combo]:
    """Threshold moves tried by increasing size: for rule bases that read a fact both ways."""
    offence, kind = charge.facts.charge.offence, charge.facts.kind
    levels = charge.facts.facts
    options: list[tuple[str, int, int]] = []
    for fact, cuts in sorted(found.cuts.items()):
        for target in _targets(levels[fact], cuts, found.signs[fact], not charge.holds):
            cost = charge.cost(fact, target)
            if cost is not None and cost <= budget:
                options.append((fact, target, cost))
    flips: list[Combo] = []
    facts = sorted({f for f, _, _ in options})
    by_fact = {f: [(t, c) for g, t, c in options if g == f] for f in facts}
    for size in range(1, budget + 1):
        for chosen in itertools.combinations(facts, size):
            for picks in itertools.product(*(by_fact[f] for f in chosen)):
                if sum(c for _, c in picks) > budget:
                    continue
                combo = {f: t for f, (t, _) in zip(chosen, picks, strict=True)}
                if any(_leq(k, combo, levels) for k in flips):
                    continue
                env = dict(charge.env)
                env.update(combo)
                limit.spend(1)
                if (program.liable(env, offence, kind) >= charge.required) != charge.holds:
                    flips.append(combo)
    return flips


# ---------------------------------------------------------------- the whole case


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
            low = [fid for fid, lv in bearing if lv == BOTTOM] if target >= Level.SUFFICIENT else []
            per_fact.append([[(fid, target), *((o, DEFAULT) for o in low if o != fid)] for fid, _ in bearing])
        else:
            per_fact.append([[(fid, target) for fid, lv in bearing if lv > target]])
    for pick in itertools.product(*per_fact):
        yield frozenset(itertools.chain.from_iterable(pick))


def _smaller(small: frozenset[MoveKey], big: frozenset[MoveKey], before: Mapping[str, int]) -> bool:
    """Whether ``small`` moves a subset of ``big``'s findings, each no further the same way."""
    return _leq(dict(small), dict(big), before)


MAX_CANDIDATES = 200_000
"""Candidate change sets a search examines at most (Qosmos at judgment, 6 changes: 6,912)."""


class _Limit:
    """The search's bound: past ``MAX_CANDIDATES`` it stops with one line saying so."""

    def __init__(self) -> None:
        self.left = MAX_CANDIDATES

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise VerdictError(Message("search.stopped", limit=MAX_CANDIDATES))


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


# ---------------------------------------------------------------- confirmed and labelled


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
                    moved[fact] = max(levels.get(fid, level) for fid, level in bearing[fact])
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
