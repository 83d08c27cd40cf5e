"""The compiled form of a rule base: built once per rule base, read by every consumer.

It holds what the evaluators, the explanation and the counterfactual search all need
and must agree on:

- the **dependency order** of the conclusions (stdlib ``graphlib``, no recursion, so
  chains of any length compile);
- the **plan** of each kind of charge, (offence, kind of accused): for every
  conclusion in that order, the rules that apply (through ``Rule.applies``);
- each condition in **threshold form**: for a level ``k``, "the condition is at least
  (or at most) ``k``" as a formula over "name between lo and hi", and the disjoint
  boxes of input levels on which the condition is exactly ``k``.

``through`` is the one place where the inverse of ``not`` and ``unless`` is written
(docs/semantics.md §3): what ``L(not a) >= k`` asks of ``a``, and so on.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import Literal, TypeVar, Union

from verdict.engine.errors import EngineError
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless, names_in
from verdict.engine.model.levels import BOTTOM, DEFAULT, TOP
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.messages import Join, Message

T = TypeVar("T")
Direction = Literal["at_least", "at_most"]
"""Which side of a bound a level must be on: ``>= bound`` or ``<= bound``."""


def flip(direction: Direction) -> Direction:
    """The other direction."""
    return "at_most" if direction == "at_least" else "at_least"


def through(expr: Not | Unless, direction: Direction, bound: int) -> tuple[Direction, int]:
    """What ``L(expr) direction bound`` asks of the part under ``not``/``unless``.

    ``L(not a) >= k`` exactly when ``L(a) <= 5 - k``; ``L(unless a) >= k`` exactly when
    ``L(a) <= max(not_shown, 5 - k)`` (an unraised defence leaves it proven);
    ``L(not a) <= j`` exactly when ``L(a) >= 5 - j``; ``L(unless a) <= j`` exactly when
    ``L(a) >= max(plausible, 5 - j)``, for ``j`` below proven (``<= proven`` always holds).
    """
    mirrored = TOP - bound
    if isinstance(expr, Not):
        return flip(direction), mirrored
    if direction == "at_least":
        return "at_most", max(DEFAULT, mirrored)
    if bound >= TOP:
        return "at_least", BOTTOM
    return "at_least", max(DEFAULT + 1, mirrored)


# ---------------------------------------------------------------- threshold form

Atom = tuple[str, int, int]
"""``lo <= L(name) <= hi``."""
Formula = Union[bool, Atom, tuple[str, tuple["Formula", ...]]]  # noqa: UP007 (a recursive alias)
"""True, False, an atom, or ``("and"|"or", parts)``."""
Box = tuple[tuple[str, int, int], ...]
"""Input levels on which a condition has one level: each name with its range, sorted."""


def _parts(expr: All | Any_) -> list[Expr]:
    return expr.all if isinstance(expr, All) else expr.any


def threshold(expr: Expr, direction: Direction, bound: int) -> Formula:
    """``L(expr) >= bound`` (``at_least``) or ``L(expr) <= bound`` (``at_most``) as a formula."""
    if (direction == "at_least" and bound <= BOTTOM) or (direction == "at_most" and bound >= TOP):
        return True
    if (direction == "at_least" and bound > TOP) or (direction == "at_most" and bound < BOTTOM):
        return False
    if isinstance(expr, str):
        return (expr, bound, TOP) if direction == "at_least" else (expr, BOTTOM, bound)
    if isinstance(expr, All | Any_):
        conjunctive = isinstance(expr, All) == (direction == "at_least")
        return ("and" if conjunctive else "or", tuple(threshold(p, direction, bound) for p in _parts(expr)))
    inner = expr.not_ if isinstance(expr, Not) else expr.unless
    return threshold(inner, *through(expr, direction, bound))


def _decide(formula: Formula, box: dict[str, tuple[int, int]]) -> bool | Atom:
    """True or False if ``formula`` is decided on ``box``, else an atom it still depends on."""
    if isinstance(formula, bool):
        return formula
    if len(formula) == 3:
        name, lo, hi = formula
        blo, bhi = box[name]
        if lo <= blo and bhi <= hi:
            return True
        if bhi < lo or blo > hi:
            return False
        return formula
    op, parts = formula
    open_atom: Atom | None = None
    for part in parts:
        found = _decide(part, box)
        if found is (op == "or"):
            return found
        if not isinstance(found, bool) and open_atom is None:
            open_atom = found
    return op == "and" if open_atom is None else open_atom


def boxes(formula: Formula, names: Sequence[str]) -> list[Box]:
    """Disjoint boxes of levels of ``names`` whose union is where ``formula`` holds."""
    out: list[Box] = []
    todo: list[dict[str, tuple[int, int]]] = [{n: (BOTTOM, TOP) for n in names}]
    while todo:
        box = todo.pop()
        found = _decide(formula, box)
        if found is True:
            out.append(tuple(sorted((n, lo, hi) for n, (lo, hi) in box.items())))
        elif found is not False:
            name, lo, hi = found
            blo, bhi = box[name]
            cut = lo if blo < lo else hi + 1  # split where the atom starts or stops holding
            todo.append({**box, name: (cut, bhi)})
            todo.append({**box, name: (blo, cut - 1)})
    return out


def ways(expr: Expr, level: int) -> list[Box]:
    """The disjoint ways for ``expr`` to be exactly ``level``: boxes of the names it reads."""
    exact: Formula = ("and", (threshold(expr, "at_least", level), threshold(expr, "at_most", level)))
    return boxes(exact, names_in(expr))


# ---------------------------------------------------------------- the compiled rule base

Plan = tuple[tuple[str, tuple[Rule, ...]], ...]
"""Each conclusion in dependency order, with the rules that apply to one kind of charge."""


def dependency_order(base: RuleBase) -> tuple[str, ...]:
    """Every conclusion after the conclusions it reads (graphlib; the loader refuses cycles)."""
    graph: dict[str, list[str]] = {}
    for rule in base.rules:
        reads = graph.setdefault(rule.concludes, [])
        for _, expr in rule.conditions():
            reads.extend(n for n in names_in(expr) if n not in reads)
    conclusions = set(graph)
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for conclusion, reads in graph.items():  # in the order the rules are written
        sorter.add(conclusion, *(n for n in reads if n in conclusions))
    try:
        return tuple(sorter.static_order())
    except CycleError as error:
        chain = Join(error.args[1], "join.arrow")
        raise EngineError(Message("rules.conclusions_circle", chain=chain)) from error


def applies(rule: Rule, offence: str, kind: str) -> bool:
    """Whether ``rule`` is about a charge of ``offence`` against a ``kind`` of person."""
    return rule.applies(offence, kind)


@dataclass(eq=False)
class Compiled:
    """A rule base in the form every evaluator, explainer and search reads."""

    base: RuleBase
    order: tuple[str, ...]
    reads: dict[str, tuple[str, ...]]
    _plans: dict[tuple[str, str], Plan] = field(default_factory=dict, repr=False)

    def plan(self, offence: str, kind: str) -> Plan:
        """Each conclusion in order with its rules that apply to ``(offence, kind)``."""
        key = (offence, kind)
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = tuple(
                (c, tuple(r for r in self.base.rules_for(c) if applies(r, offence, kind))) for c in self.order
            )
        return found

    def applicable(self, conclusion: str, offence: str, kind: str) -> tuple[Rule, ...]:
        """The rules concluding ``conclusion`` that apply to ``(offence, kind)``."""
        return dict(self.plan(offence, kind))[conclusion]


CACHE_SIZE = 32
"""Compiled programs kept at most, the least recently used dropped first."""

_CACHE: OrderedDict[tuple[int, str], tuple[RuleBase, object]] = OrderedDict()


def cached(base: RuleBase, kind: str, build: Callable[[RuleBase], T]) -> T:
    """The ``kind`` of compiled program of ``base``, built by ``build(base)`` when not cached.

    At most ``CACHE_SIZE`` programs are kept, the least recently used dropped first (and
    closed, if it has a ``close``); an entry holds its rule base, so its key (the rule base's
    ``id``) cannot be reused while it is cached.
    """
    key = (id(base), kind)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] is base:
        _CACHE.move_to_end(key)
        return entry[1]  # type: ignore[return-value]
    program = build(base)
    _CACHE[key] = (base, program)
    while len(_CACHE) > CACHE_SIZE:
        _, (_, dropped) = _CACHE.popitem(last=False)
        close = getattr(dropped, "close", None)
        if close is not None:  # a program holding memory outside Python (durable_rules)
            close()
    return program


def _build(base: RuleBase) -> Compiled:
    order = dependency_order(base)
    reads: dict[str, list[str]] = {}
    for rule in base.rules:
        names = reads.setdefault(rule.concludes, [])
        for _, expr in rule.conditions():
            names.extend(n for n in names_in(expr) if n not in names)
    return Compiled(base, order, {c: tuple(n) for c, n in reads.items()})


def compile_base(base: RuleBase) -> Compiled:
    """The compiled form of ``base``, built once and shared (bounded cache)."""
    return cached(base, "compiled", _build)


__all__ = [
    "Box",
    "Compiled",
    "Direction",
    "Formula",
    "applies",
    "boxes",
    "cached",
    "compile_base",
    "dependency_order",
    "flip",
    "threshold",
    "through",
    "ways",
]
