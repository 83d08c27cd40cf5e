"""Which moves of a fact can change whether ``liable`` reaches a level: the thresholds of every
fact reachable from ``liable`` for one kind of charge (engine/explain/counterfactuals.py, step 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from verdict.engine.decide.compiled import through
from verdict.engine.model.base import GOAL
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.levels import TOP
from verdict.engine.model.rule_base import RuleBase

Combo = dict[str, int]
"""For one charge: fact -> the level it is moved to."""


MoveKey = tuple[str, int]
"""A finding and the level it is moved to."""


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
