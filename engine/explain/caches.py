"""What building explanations keeps from one call to the next: the structure of each rule base
it reads (``_shape``, in the bounded cache of compiled forms) and, for the last few cases, what
does not change between what-ifs of one case under one rule base (``_memo``)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from verdict.engine.decide.compiled import Direction, cached
from verdict.engine.explain.explanation import FactUse, FindingRef, Weak
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import Case
from verdict.engine.model.expressions import Expr, Not, compound_parts, names_in
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule


@dataclass(frozen=True)
class _Shape:
    """What the explanation reads of a rule base's structure, built once per rule base: each
    rule's conditions, the compound parts of each in the trace's order, the names rules read."""

    conditions: dict[str, list[tuple[str, Expr]]]
    parts: dict[str, list[list[int]]]
    """The ``id`` of each compound part of each condition, in the trace's order."""
    read: frozenset[str]
    kinds: dict[str, dict[str, _Kind]]
    """Each condition of each rule: its title, sources, whether it is an element, its burden
    and, for an exception, the expression whose level is the defence's own."""
    noted: tuple[Rule, ...]
    """The rules with a note whose conclusion no rule reads (the notes a failing charge may carry)."""
    where: dict[int, tuple[str, int, int]]
    """Each compound part (by ``id``): its rule, its condition's place and its own place in the
    trace's record of the rule's parts."""


@dataclass(frozen=True)
class _Kind:
    title: Text
    sources: tuple[Text, ...]
    element: bool
    burden: str | None
    inner: Expr | None


def _kinds(rule: Rule, conditions: list[tuple[str, Expr]]) -> dict[str, _Kind]:
    """What the explanation shows of each condition of ``rule`` (``conditions``: the shape's own
    expressions, whose compound parts the trace's levels are keyed by)."""
    exprs = dict(conditions)
    out = {e.id: _Kind(e.title, tuple(e.sources), True, None, None) for e in rule.elements}
    for x in rule.exceptions:
        expr = exprs[x.id]
        inner = expr.not_ if isinstance(expr, Not) else expr.unless  # type: ignore[union-attr]
        out.setdefault(x.id, _Kind(x.title, tuple(x.sources), False, x.burden, inner))
    return out


def _build_shape(base: RuleBase) -> _Shape:
    conditions = {r.id: r.conditions() for r in base.rules}
    parts = {rid: [[id(p) for p in compound_parts(e)] for _, e in conds] for rid, conds in conditions.items()}
    read = frozenset(name for conds in conditions.values() for _, e in conds for name in names_in(e))
    kinds = {r.id: _kinds(r, conditions[r.id]) for r in base.rules}
    unread = {GOAL, OUTSIDE_SCOPE} | read
    noted = tuple(r for r in base.rules if r.note is not None and r.concludes not in unread)
    where = {
        pid: (rid, ci, pi)
        for rid, ids in parts.items()
        for ci, cond in enumerate(ids)
        for pi, pid in enumerate(cond)
    }
    return _Shape(conditions, parts, read, kinds, noted, where)


def _shape(base: RuleBase) -> _Shape:
    """The structure of ``base`` the explanation reads (the bounded cache of compiled forms)."""
    return cached(base, "explain", _build_shape)


@dataclass
class _Memo:
    """What does not change between what-ifs of one case under one rule base: the findings'
    index and references, the findings on each fact for each charge, the facts each condition
    reads for each charge. Kept for the last few cases explained."""

    base: RuleBase
    case: Case
    index: Bearing
    refs: dict[int, FindingRef] = field(default_factory=dict)
    findings: dict[tuple[str, str, bool], tuple[FindingRef, ...]] = field(default_factory=dict)
    under: dict[tuple[str, str, str], tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    context: tuple[FindingRef, ...] | None = None
    applicable: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)
    uses: dict[tuple[str, str, bool, Level, str], FactUse] = field(default_factory=dict)
    argued: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    weak: dict[tuple[str, str, Level, Direction, Level], Weak] = field(default_factory=dict)
    courts: dict[tuple[tuple[str, bool], ...], dict[str, str | None]] = field(default_factory=dict)


MEMOS = 16
"""Cases whose memo is kept at most, the least recently used dropped first."""

_MEMOS: OrderedDict[tuple[int, int], _Memo] = OrderedDict()


def _memo(base: RuleBase, case: Case) -> _Memo:
    """The memo of ``case`` under ``base`` (each held by its entry, so ids are not reused)."""
    key = (id(base), id(case))
    found = _MEMOS.get(key)
    if found is not None and found.base is base and found.case is case:
        _MEMOS.move_to_end(key)
        return found
    found = _MEMOS[key] = _Memo(base, case, Bearing(case.findings))
    while len(_MEMOS) > MEMOS:
        _MEMOS.popitem(last=False)
    return found
