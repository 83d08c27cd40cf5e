"""The explanation of an evaluation: plain data that every renderer draws from.

For each charge: the route the law offers (the rule concluding ``liable`` that came
closest), each of its conditions with its level against the stage's and its status (an
element holds or fails; an exception is not raised, raised and rebutted, or established),
the facts and findings beneath, and for each condition that fails, the facts that keep it
down ("why not"). Every level is read from the trace of whichever backend ran, compound
parts of conditions included: nothing is evaluated again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, get_args

from verdict.engine.decide.compiled import Direction, cached, through
from verdict.engine.decide.trace import ChargeResult, Trace
from verdict.engine.errors import EngineError
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import Case, Finding, Undecided
from verdict.engine.model.case_law import case_law
from verdict.engine.model.dated import dated, trial_courts
from verdict.engine.model.expressions import All, Any_, Expr, Not, compound_parts, names_in
from verdict.engine.model.levels import DEFAULT, TOP, Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Stage
from verdict.messages import Message

Status = Literal["holds", "fails", "not_raised", "rebutted", "established", "not_excluded"]
"""A condition's status. An element ``holds`` or ``fails``. An exception (a defence or a
cause of non-liability) is ``not_raised`` when no finding puts it above ``not_shown`` and
it leaves the charge standing; ``rebutted`` when raised, but below the level that would
defeat the charge; ``established`` when it defeats the charge; ``not_excluded`` when the
prosecution had to exclude it, did not, and the charge falls although nothing raised it."""

STATUSES: tuple[str, ...] = get_args(Status)


@dataclass(frozen=True)
class FindingRef:
    """A finding of the court, as cited under a fact."""

    id: str
    fact: str | None
    level: Level
    date: str | None
    quote: str | None
    section: Text | None
    summary: Text | None
    source: str | None
    weighs_against: str | None
    voice: str | None = None
    speaker: Text | None = None
    undecided: Undecided | None = None


@dataclass(frozen=True)
class FactUse:
    """A fact a condition reads (directly or through the rules beneath it)."""

    fact: str
    title: Text
    level: Level
    against: bool
    status: Literal["supports", "blocks", "neutral"]
    findings: tuple[FindingRef, ...]
    contrary: tuple[FindingRef, ...] = ()

    @property
    def undecided(self) -> tuple[FindingRef, ...]:
        """The findings that give the fact its level when the court did not decide the point:
        every finding at the fact's level says so (empty otherwise)."""
        top = [f for f in self.findings if f.level == self.level]
        return tuple(top) if top and all(f.undecided is not None for f in top) else ()


@dataclass(frozen=True)
class Weak:
    """A fact that keeps a condition from holding, and the level it would need."""

    fact: str
    title: Text
    level: Level
    direction: Direction
    bound: Level
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """An element or exception of the route rule, evaluated for one charge."""

    id: str
    title: Text
    kind: Literal["element", "exception"]
    burden: str | None
    level: Level
    required: Level
    holds: bool
    sources: tuple[Text, ...]
    facts: tuple[FactUse, ...]
    status: Status = "holds"
    own_level: Level | None = None

    @property
    def undecided(self) -> tuple[FindingRef, ...]:
        """The findings of points the court did not decide that this condition's level rests on:
        those under each fact it reads (not through a negation) whose level they alone give."""
        out: dict[str, FindingRef] = {}
        for use in self.facts:
            if not use.against and use.status != "neutral":
                out.update((f.id, f) for f in use.undecided)
        return tuple(out.values())


@dataclass(frozen=True)
class Blocking:
    """A condition that fails, and the facts responsible."""

    element: str
    level: Level
    required: Level
    because: tuple[Weak, ...]
    primary: bool = False
    title: Text | None = None

    @property
    def reason(self) -> str:
        """The reason in one English sentence (renderers may phrase it in other languages)."""
        head = f"{self.element} is {self.level.name_id}; {self.required.name_id} is required"
        if not self.because:
            return head
        parts = [
            f"{w.fact} ({w.level.name_id}, needs "
            f"{'at least' if w.direction == 'at_least' else 'at most'} {w.bound.name_id})"
            for w in self.because
        ]
        return f"{head}; held back by {', '.join(parts)}"


@dataclass(frozen=True)
class RuleRef:
    """A rule named in an explanation, with its level for the charge."""

    id: str
    title: Text
    sources: tuple[Text, ...]
    level: Level
    note: Text | None = None
    holds: bool = False
    """Whether the rule reaches the stage's required level for the charge."""


@dataclass(frozen=True)
class Procedure:
    """A procedural ground or bar of the stage that decided a charge's outcome."""

    id: str
    kind: Literal["ground", "bar"]
    title: Text
    sources: tuple[Text, ...]
    level: Level
    outcome: str
    short_of: bool = False
    """A ground of the stage's ``short_of``: the charge fails the stage's standard and gets this
    lesser outcome, by ``by`` (a procedural ground) or, when ``by`` is ``None``, on its evidence."""
    by: Text | None = None


@dataclass(frozen=True)
class ChargeExplanation:
    """One charge: outcome, route, conditions, and what blocked it."""

    offence: str
    offence_title: Text
    offence_class: str
    offence_sources: tuple[Text, ...]
    accused: str
    accused_name: Text
    accused_kind: str
    court: str | None
    """The court that tries the charge (its id), by the texts in force at the decision's date;
    ``None`` when the rule base names no court for its offence."""
    outcome: str
    holds: bool
    level: Level
    required: Level
    route: RuleRef | None
    elements: tuple[Condition, ...]
    blocking: tuple[Blocking, ...]
    alternatives: tuple[RuleRef, ...]
    notes: tuple[RuleRef, ...]
    procedure: tuple[Procedure, ...] = ()
    judgment: bool = False
    """Whether the charge is decided at a judgment (``StageRef.judgment``)."""
    accused_as: str = "accomplice"
    """``accomplice`` of the offence, or ``author`` of an offence that punishes the instigator."""
    scope: tuple[RuleRef, ...] = ()
    """The rules that left the charge outside what the rule base decides (its outcome is then
    ``outside_scope``): each with its note, the reason; the route, elements and notes are empty."""
    title: Text | None = None
    """The charge as the decision names it, when the case says (``Charge.title``)."""
    court_named: Text | None = None
    """The court as a sentence names it («the cour d'assises», «la cour d'assises»)."""
    committal: Text | None = None
    """The outcome's title when the outcome sends the charge for trial (a committal of the rules:
    the charge is then tried by ``court``); ``None`` otherwise."""


@dataclass(frozen=True)
class StageRef:
    """The procedural stage the case is judged at."""

    id: str
    title: Text
    required: Level
    standard: Text
    sources: tuple[Text, ...]
    judgment: bool = False
    """Whether the stage is a judgment (it requires ``proven``): before one, nothing is «proven»."""


@dataclass(frozen=True)
class Explanation:
    """A case evaluated and explained: what every renderer shows."""

    case: str
    title: Text
    court: Text
    date: str
    decision: Text | None
    sources: tuple[Text, ...]
    stage: StageRef
    backend: str
    rule_base: str
    rule_base_title: Text | None
    outcome: str
    charges: tuple[ChargeExplanation, ...]
    context: tuple[FindingRef, ...]
    judge_gender: str | None = None
    """The judge's grammatical gender, where the case says (``Case.judge_gender``)."""


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


def _finding_ref(f: Finding) -> FindingRef:
    return FindingRef(
        f.id, f.fact, f.level, f.date, f.quote, f.section, f.summary, f.source, f.weighs_against,
        f.voice, f.speaker, f.undecided,
    )


def _distinct(weak: list[Weak]) -> list[Weak]:
    """``weak`` without repeats, in order (equal weak facts are one object: ``_Memo.weak``)."""
    return list({id(w): w for w in weak}.values())


class _Explainer:
    """Builds the explanation of one charge from its result and the rule structure."""

    def __init__(
        self, base: RuleBase, case: Case, result: ChargeResult, stage: Stage, court: str | None = None
    ) -> None:
        self.base, self.case, self.result, self.stage = base, case, result, stage
        self.key = result.charge.key
        self.court = court
        self.required = stage.required
        self.memo = _memo(base, case)
        self.levels = result.levels
        self.shape = _shape(base)
        self._weak_cache: dict[tuple[str, Level, Direction], list[Weak]] = {}
        self._condition_weak: dict[tuple[str, str], list[Weak]] = {}
        self._read: set[str] = set()

    def rule_conditions(self, rule: Rule) -> list[tuple[str, Expr]]:
        """``rule``'s conditions, whose compound parts ``level_of`` reads in the trace (which
        records, for each rule applied, the level of each part: checked once per charge)."""
        found = self.shape.conditions[rule.id]
        if rule.id not in self._read:
            self._read.add(rule.id)
            recorded = self.result.rules[rule.id].parts if rule.id in self.result.rules else ()
            for (cid, _), parts, levels in zip(found, self.shape.parts[rule.id], recorded, strict=False):
                if len(parts) != len(levels):
                    lacks = Message("trace.rule_lacks_levels", rule=f"'{rule.id}'", condition=f"'{cid}'")
                    raise EngineError(lacks)
        return found

    def level_of(self, expr: Expr) -> Level:
        """The level of ``expr``, a fact, a conclusion or a compound part of a condition read
        through ``rule_conditions``, as the trace records it."""
        if isinstance(expr, str):
            return self.levels[expr]
        where = self.shape.where.get(id(expr))
        if where is None or where[0] not in self._read or where[0] not in self.result.rules:
            raise EngineError(Message("trace.part_lacks_level", part=repr(expr)))
        rule, condition, part = where
        recorded = self.result.rules[rule].parts
        if condition >= len(recorded):
            raise EngineError(Message("trace.part_lacks_level", part=repr(expr)))
        return recorded[condition][part]

    def findings(self, fact: str, against: bool = False) -> tuple[FindingRef, ...]:
        """The findings bearing on ``fact`` (or, with ``against``, cited against it), strongest first."""
        memo = self.memo
        key = (self.key, fact, against)
        cached_refs = memo.findings.get(key)
        if cached_refs is None:
            found = memo.index.on(fact, self.result.charge, against)
            found.sort(key=lambda f: (-f.level, f.id))
            refs = memo.refs
            cached_refs = memo.findings[key] = tuple(
                refs.get(id(f)) or refs.setdefault(id(f), _finding_ref(f)) for f in found
            )
        return cached_refs

    def applicable(self, conclusion: str) -> list[Rule]:
        """The rules concluding ``conclusion`` that apply to the charge (the same for every what-if)."""
        key = (self.key, conclusion)
        found = self.memo.applicable.get(key)
        if found is None:
            found = self.memo.applicable[key] = applicable(self.base, self.result, conclusion)
        return found

    def best_rule(self, conclusion: str) -> Rule | None:
        """The applicable rule to explain ``conclusion`` by (docs/semantics.md §6, "Route")."""
        key = (self.key, conclusion)
        argued = self.memo.argued.get(key)
        if argued is None:  # which routes the case argues is the same for every what-if of it
            rules = self.applicable(conclusion)
            argued = _argued(self.base, self.case, self.result, rules, self.memo.index, self.applicable)
            self.memo.argued[key] = argued
        return route_rule(
            self.base,
            self.case,
            self.result,
            conclusion,
            self.required,
            self.memo.index,
            self.applicable,
            argued,
        )

    def facts_under(self, rule: Rule, cid: str, expr: Expr) -> tuple[tuple[str, bool], ...]:
        """The facts condition ``cid`` of ``rule`` reads, directly or through the rules that apply
        to the charge, each with whether it counts against it (under an odd number of negations),
        in the order first met; the same for every what-if of a case, so kept with the case."""
        key = (self.key, rule.id, cid)
        found = self.memo.under.get(key)
        if found is None:
            out: dict[str, bool] = {}
            self._walk(expr, False, out, set())
            found = self.memo.under[key] = tuple(out.items())
        return found

    def _walk(self, expr: Expr, against: bool, out: dict[str, bool], seen: set[tuple[str, bool]]) -> None:
        if isinstance(expr, str):
            if expr in self.base.predicates:
                out.setdefault(expr, against)
                return
            if (expr, against) in seen:  # a conclusion read twice is walked once
                return
            seen.add((expr, against))
            for rule in self.applicable(expr):
                for _, cexpr in self.rule_conditions(rule):
                    self._walk(cexpr, against, out, seen)
        elif isinstance(expr, All | Any_):
            for part in expr.all if isinstance(expr, All) else expr.any:
                self._walk(part, against, out, seen)
        else:
            self._walk(expr.not_ if isinstance(expr, Not) else expr.unless, not against, out, seen)

    def uses(self, rule: Rule, cid: str, expr: Expr, weak: set[str]) -> dict[str, FactUse]:
        """The facts under condition ``cid``, each with its level and how it bears on it."""
        out: dict[str, FactUse] = {}
        made = self.memo.uses
        charge = self.key
        for fact, against in self.facts_under(rule, cid, expr):
            level = self.levels[fact]
            status: Literal["supports", "blocks", "neutral"] = "neutral"
            if fact in weak:
                status = "blocks"
            elif against or level >= self.required:
                status = "supports"
            key = (charge, fact, against, level, status)
            use = made.get(key)
            if use is None:  # the same use recurs across what-ifs of a case: made once
                use = made[key] = FactUse(
                    fact,
                    self.base.predicates[fact].title,
                    level,
                    against,
                    status,
                    self.findings(fact),
                    self.findings(fact, against=True),
                )
            out[fact] = use
        return out

    def weak(self, expr: Expr, bound: Level, direction: Direction) -> list[Weak]:
        """The facts that keep ``expr`` from being ``direction`` ``bound``."""
        level = self.level_of(expr)
        if level >= bound if direction == "at_least" else level <= bound:
            return []
        if isinstance(expr, str):
            if expr in self.base.predicates:
                key_weak = (self.key, expr, level, direction, bound)
                made = self.memo.weak.get(key_weak)
                if made is None:  # the same weak fact recurs across what-ifs of a case: made once
                    ids = tuple(f.id for f in self.findings(expr))
                    made = self.memo.weak[key_weak] = Weak(
                        expr, self.base.predicates[expr].title, level, direction, bound, ids
                    )
                return [made]
            key = (expr, bound, direction)
            if key not in self._weak_cache:  # conclusions read by many rules are walked once
                out: list[Weak] = []
                for rule in self.applicable(expr):
                    rule_level = self.result.rules[rule.id].level
                    if rule_level < bound if direction == "at_least" else rule_level > bound:
                        for _, cexpr in self.rule_conditions(rule):
                            out += self.weak(cexpr, bound, direction)
                self._weak_cache[key] = _distinct(out)
            return self._weak_cache[key]
        if isinstance(expr, All | Any_):
            parts = expr.all if isinstance(expr, All) else expr.any
            return _distinct([w for part in parts for w in self.weak(part, bound, direction)])
        inner = expr.not_ if isinstance(expr, Not) else expr.unless
        inner_direction, inner_bound = through(expr, direction, bound)
        return self.weak(inner, Level(inner_bound), inner_direction)

    def rule_ref(self, rule: Rule) -> RuleRef:
        level = self.result.rules[rule.id].level
        return RuleRef(rule.id, rule.title, tuple(rule.sources), level, rule.note, level >= self.required)

    def condition_weak(self, rule: Rule, cid: str, expr: Expr) -> list[Weak]:
        """The facts that keep condition ``cid`` of ``rule`` from the stage's level (walked once
        per charge: the conditions and the blockers both read it)."""
        key = (rule.id, cid)
        found = self._condition_weak.get(key)
        if found is None:
            found = self._condition_weak[key] = self.weak(expr, self.required, "at_least")
        return found

    def conditions(self, rule: Rule) -> tuple[Condition, ...]:
        levels = dict(self.result.rules[rule.id].conditions)
        kinds = self.shape.kinds[rule.id]
        out = []
        for cid, expr in self.rule_conditions(rule):
            kind = kinds[cid]
            weak = {w.fact for w in self.condition_weak(rule, cid, expr)}
            used = self.uses(rule, cid, expr, weak)
            level = levels[cid]
            holds = level >= self.required
            status: Status = "holds" if holds else "fails"
            own: Level | None = None
            if kind.inner is not None:
                own = self.level_of(kind.inner)
                raised = own > DEFAULT
                if holds:
                    status = "rebutted" if raised else "not_raised"
                else:
                    status = "established" if raised else "not_excluded"
            out.append(
                Condition(
                    cid,
                    kind.title,
                    "element" if kind.element else "exception",
                    kind.burden,
                    level,
                    self.required,
                    holds,
                    kind.sources,
                    tuple(used.values()),
                    status,
                    own,
                )
            )
        return tuple(out)

    def explain(self) -> ChargeExplanation:
        charge = self.result.charge
        offence = self.base.offences[charge.offence]
        party = self.case.party(charge.accused)
        scope = self.scope()
        route = None if scope else self.best_rule(GOAL)
        elements = self.conditions(route) if route else ()
        blocking: list[Blocking] = []
        if route is not None:
            exprs = dict(self.rule_conditions(route))
            failing = legal_order(route, [c for c in elements if not c.holds])
            blocking = [
                Blocking(
                    c.id,
                    c.level,
                    self.required,
                    tuple(self.condition_weak(route, c.id, exprs[c.id])),
                    primary=index == 0,
                    title=c.title,
                )
                for index, c in enumerate(failing)
            ]
        others = [] if scope else [r for r in self.applicable(GOAL) if r is not route]
        alternatives = tuple(self.rule_ref(r) for r in others)
        applied = self.result.rules
        notes = () if self.result.holds or scope else tuple(
            self.rule_ref(r)
            for r in self.shape.noted
            if r.id in applied and applied[r.id].level >= self.required
        )
        court = self.court or self.base.trial_court(offence)
        law = None if court is None else self.base.courts.get(court)
        committal = self.base.committals.get(self.result.outcome)
        return ChargeExplanation(
            offence=charge.offence,
            offence_title=offence.title,
            offence_class=offence.class_,
            offence_sources=tuple(offence.sources),
            accused=charge.accused,
            accused_name=party.name,
            accused_kind=party.kind,
            court=court,
            outcome=self.result.outcome,
            holds=self.result.holds,
            level=self.result.liable,
            required=self.required,
            route=self.rule_ref(route) if route else None,
            elements=elements,
            blocking=tuple(blocking),
            alternatives=alternatives,
            notes=scope or notes,
            procedure=() if scope else self.procedure(),
            judgment=self.required >= TOP,
            accused_as=offence.accused_as,
            scope=scope,
            title=charge.title,
            court_named=None if law is None else law.named,
            committal=committal.title if committal is not None and law is not None else None,
        )

    def scope(self) -> tuple[RuleRef, ...]:
        """The rules that put the charge outside the rule base's scope, when its outcome says so."""
        if self.result.outcome != OUTSIDE_SCOPE:
            return ()
        return tuple(
            self.rule_ref(r)
            for r in self.applicable(OUTSIDE_SCOPE)
            if self.result.rules[r.id].level >= self.required
        )

    def procedure(self) -> tuple[Procedure, ...]:
        """The stage's grounds that made the charge hold, or the bar that stopped it."""
        stage, levels, result = self.stage, self.levels, self.result
        used: list[Procedure] = []
        if result.liable < self.required:
            for ground in stage.grounds:
                if levels.get(ground, DEFAULT) >= self.required:
                    rule = self.best_rule(ground)
                    title = rule.title if rule else self.base.predicates[ground].title
                    sources = tuple(rule.sources) if rule else ()
                    level = levels[ground]
                    used.append(Procedure(ground, "ground", title, sources, level, result.outcome))
        if not result.holds:
            for short in stage.short_of:
                name = short.reached(levels)
                if name is not None and result.outcome == short.outcome:
                    level = levels.get(name, DEFAULT)
                    sources = tuple(short.sources)
                    by = None
                    if name != GOAL:
                        rule = self.best_rule(name)
                        by = rule.title if rule else self.base.predicates[name].title
                    used.append(
                        Procedure(short.id, "ground", short.title, sources, level, short.outcome, True, by)
                    )
                    break
        for bar in stage.bars:
            level = levels.get(bar.when, DEFAULT)
            if result.holds and result.outcome == bar.outcome and level >= self.required:
                used.append(Procedure(bar.id, "bar", bar.title, tuple(bar.sources), level, bar.outcome))
                break
        return tuple(used)


def applicable(base: RuleBase, result: ChargeResult, conclusion: str) -> list[Rule]:
    """The rules concluding ``conclusion`` that the trace applied to the charge of ``result``."""
    return [r for r in base.rules_for(conclusion) if r.id in result.rules]


def route_rule(
    base: RuleBase,
    case: Case,
    result: ChargeResult,
    conclusion: str,
    required: Level,
    index: Bearing | None = None,
    rules_for: Callable[[str], list[Rule]] | None = None,
    argued: dict[str, int] | None = None,
) -> Rule | None:
    """The applicable rule to explain ``conclusion`` by (docs/semantics.md §6, "Route"): one that
    reaches ``required``, else the one the case argues most, then the one meeting most
    conditions, then the strongest, then the first written (never the order of the findings)."""
    found = rules_for or (lambda name: applicable(base, result, name))
    rules = found(conclusion)
    if not rules:
        return None
    if argued is None:
        argued = _argued(base, case, result, rules, index or Bearing(case.findings), found)

    def rank(indexed: tuple[int, Rule]) -> tuple[bool, int, int, int, int]:
        position, rule = indexed
        res = result.rules[rule.id]
        met = sum(level >= required for _, level in res.conditions)
        return (res.level >= required, argued.get(rule.id, 0), met, res.level, -position)

    return max(enumerate(rules), key=rank)[1]


def _argued(
    base: RuleBase,
    case: Case,
    result: ChargeResult,
    rules: list[Rule],
    index: Bearing,
    rules_for: Callable[[str], list[Rule]],
) -> dict[str, int]:
    """How the case argues each route among ``rules``, by its findings on facts only that route
    reads: 2 when one is above ``disproved`` (it asserts the route), 1 when all are ``disproved``
    (it argues against it), absent when there is none. The order of the findings plays no part
    (docs/semantics.md §7)."""
    from verdict.engine.decide.routes import own_facts

    if len(rules) < 2:
        return {}
    out: dict[str, int] = {}
    for rule_id, facts in own_facts(rules, base, rules_for).items():
        found = [f for fact in facts for f in index.on(fact, result.charge)]
        if found:
            out[rule_id] = 2 if any(f.level > Level.DISPROVED for f in found) else 1
    return out


def legal_order(rule: Rule, failing: list[Condition]) -> list[Condition]:
    """Failing conditions in the order the law examines them (docs/semantics.md §6, "Blocking").

    A condition that others presuppose comes before them (without an act of aid, its timing
    and its effect have nothing to bear on); among conditions of the same rank, the weakest
    first, then the order in which the rule states them.
    """
    names = {c.id for c in failing}
    presupposes = {e.id: [p for p in e.presupposes if p in names] for e in rule.elements}
    depth = dict.fromkeys(names, 0)
    for _ in failing:  # longest chain of presuppositions, by relaxation (a rule has few elements)
        for name in names:
            depth[name] = max((depth[p] + 1 for p in presupposes.get(name, [])), default=0)
    ids = [*(e.id for e in rule.elements), *(x.id for x in rule.exceptions)]
    written = {cid: i for i, cid in enumerate(ids)}
    return sorted(failing, key=lambda c: (depth[c.id], c.level, written.get(c.id, len(written))))


def _context(base: RuleBase, case: Case) -> tuple[FindingRef, ...]:
    """The findings on no fact (the case's context), by id, once per case."""
    memo = _memo(base, case)
    if memo.context is None:
        ordered = sorted(case.findings, key=lambda f: f.id)
        memo.context = tuple(_finding_ref(f) for f in ordered if f.fact is None)
    return memo.context


def explain(trace: Trace, base: RuleBase, case: Case) -> Explanation:
    """The explanation of ``trace``, an evaluation of ``case`` under ``base``."""
    base = case_law(base, case)
    case = dated(case, base)
    stage: Stage = base.stages[trace.stage]
    memo = _memo(base, case)
    holding = tuple((r.charge, r.holds) for r in trace.charges)
    key = tuple((c.key, h) for c, h in holding)
    courts = memo.courts.get(key)
    if courts is None:  # the courts depend only on which charges hold: the same across what-ifs
        courts = memo.courts[key] = trial_courts(base, case, holding)
    charges = tuple(_Explainer(base, case, r, stage, courts[r.charge.key]).explain() for r in trace.charges)
    return Explanation(
        case=case.case,
        title=case.title,
        court=case.court,
        date=case.date,
        decision=case.decision,
        sources=tuple(case.sources),
        stage=StageRef(
            stage.id, stage.title, stage.required, stage.standard, tuple(stage.sources), stage.required >= TOP
        ),
        backend=trace.backend,
        rule_base=trace.rule_base,
        rule_base_title=base.title,
        outcome=trace.outcome,
        charges=charges,
        context=_context(base, case),
        judge_gender=case.judge_gender,
    )
