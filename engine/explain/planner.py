"""For one charge, the smallest sets of threshold moves that change its outcome: built bottom-up
when every fact is read with one polarity, enumerated by size otherwise (counterfactuals, step 3).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from verdict.engine.decide.generated import Generated
from verdict.engine.decide.reference import evaluate_expr
from verdict.engine.decide.scenario import ChargeFacts
from verdict.engine.errors import VerdictError
from verdict.engine.explain.reach import Combo, _parts, _Reach, _under
from verdict.engine.model.expressions import All, Any_, Expr
from verdict.engine.model.levels import BOTTOM, TOP, Level, disproves, establishes
from verdict.engine.model.rule_base import RuleBase
from verdict.messages import Message


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
            if disproves(low) and establishes(high):
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
            if not (disproves(low) and establishes(high)):
                continue
            establish = [fid for fid, lv in now.items() if establishes(lv)]
            disprove = [fid for fid, lv in now.items() if disproves(lv)]
            ways = []
            if not establishes(self.fixed.get(fact, BOTTOM)) and not any(f in targets for f in establish):
                ways.append(dict.fromkeys(establish, int(Level.SERIOUS)))
            if not disproves(self.fixed_low.get(fact, TOP)) and not any(f in targets for f in disprove):
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
