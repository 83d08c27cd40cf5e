"""Warnings on a valid case: what is likely wrong although the engine would answer.

A case can be well formed and still say less than its author meant: an element of the
route it argues left without any finding (``not_shown``, so the charge fails on it), one
fact of a conjunction stated and its partner not, an alternative way to a conclusion
left unstated while the one stated fails, a finding on a fact that no rule reads for the
charges it bears on, a scope that matches no charge, a charge no route of complicity
applies to, a charge the rule base leaves undecided (``outside_scope``). Each warning names
the place in the file (when the YAML is at hand), says
what is likely wrong and the fix, in English and in French.

Everything here is read from the validated model and the compiled form of the rule base:
no fact, rule or offence is named in this module. A case silences one warning with an
``allow:`` entry that gives its reason (docs/cases.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from verdict.engine.decide.compiled import Compiled, compile_base
from verdict.engine.decide.routes import facts_under, own_facts, walk
from verdict.engine.io import yamlio
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import WARNING_CODES, Allowance, Case, Charge
from verdict.engine.model.derived import is_derived
from verdict.engine.model.expressions import Expr, names_in
from verdict.engine.model.levels import Level, supported
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.messages import Message

_IDS: dict[str, tuple[str, str]] = {
    "outside_scope": ("warning.outside_scope", "warning.outside_scope.fix"),
    "no_route": ("warning.no_route", "warning.no_route.fix"),
    "no_route_argued": ("warning.no_route_argued", "warning.no_route_argued.fix"),
    "unstated_element": ("warning.unstated_element", "warning.unstated_element.fix"),
    "half_stated": ("warning.half_stated", "warning.half_stated.fix"),
    "other_way_unstated": ("warning.other_way_unstated", "warning.other_way_unstated.fix"),
    "unread_fact": ("warning.unread_fact", "warning.unread_fact.fix"),
    "scope_matches_no_charge": ("warning.scope_matches_no_charge", "warning.scope_matches_no_charge.fix"),
}
"""Each warning's code (``WARNING_CODES``, in the same order), and the ids of its message and its
fix in the catalogue (verdict.messages)."""

CODES = WARNING_CODES
"""Every warning's code, as an ``allow:`` entry names it."""

Value = str | Text | Message
"""A value of a warning's message: the same in every language, one per language, or a message."""


@dataclass(frozen=True)
class CaseWarning:
    """One warning: its code, what it is about (a charge key or a finding id), the values of its
    message and fix (the catalogue's ``warning.CODE`` and ``warning.CODE.fix``), and where."""

    code: str
    subject: str
    values: tuple[tuple[str, Value], ...]
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def _said(self, which: int, lang: str) -> str:
        values = {k: v(lang) if isinstance(v, Text) else v for k, v in self.values}
        return Message(_IDS[self.code][which], **values).text(lang)

    def message(self, lang: str) -> str:
        """What is likely wrong, in ``lang``."""
        return self._said(0, lang)

    def fix(self, lang: str) -> str:
        """The fix, in ``lang``."""
        return self._said(1, lang)

    def place(self) -> str:
        """``file:line:column: `` as an error names its place ('' when unknown)."""
        if self.file is None:
            return ""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where + ": "

    def as_dict(self, lang: str) -> dict[str, Any]:
        """The warning as plain data (the JSON of ``verdict check``)."""
        return {
            "code": self.code,
            "subject": self.subject,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang),
            "fix": self.fix(lang),
        }


class _Charge:
    """What one charge reads: its applicable rules and which facts the case states for it."""

    def __init__(
        self, case: Case, base: RuleBase, compiled: Compiled, index: Bearing, charge: Charge
    ) -> None:
        self.charge = charge
        self.base = base
        self.kind = case.party(charge.accused).kind
        self.plan: dict[str, tuple[Rule, ...]] = dict(compiled.plan(charge.offence, self.kind))
        self.index = index

    def stated(self, fact: str) -> bool:
        """Whether some finding bears on ``fact`` for this charge (at any level)."""
        return bool(self.index.on(fact, self.charge))

    def level(self, fact: str) -> Level:
        """The fact's level for this charge: its strongest finding, ``not_shown`` without one."""
        return supported(f.level for f in self.index.on(fact, self.charge))

    def facts(self, expr: Expr) -> list[str]:
        """The facts under ``expr`` through the applicable rules' elements, in order."""
        return facts_under(expr, self.base, self.rules)

    def rules(self, name: str) -> tuple[Rule, ...]:
        """The rules concluding ``name`` that apply to this charge."""
        return self.plan.get(name, ())

    def ruled_out(self, expr: Expr) -> bool:
        """Whether the case rules ``expr`` out: some of its facts are stated, every one stated is
        disproved, and no other way to it is left wholly unstated."""
        facts = self.facts(expr)
        stated = [f for f in facts if self.stated(f)]
        if not stated or any(self.level(f) != Level.DISPROVED for f in stated):
            return False
        return not self.open_way(expr, set())

    def open_way(self, expr: Expr, seen: set[str]) -> bool:
        """Whether a conclusion under ``expr`` has an applicable rule none of whose facts is stated,
        beside another that is."""
        for name in walk(expr):
            if name in self.base.predicates or name in seen:
                continue
            seen.add(name)
            rules = self.rules(name)
            if len(rules) > 1 and any(not any(self.stated(f) for f in self.facts_of(r)) for r in rules):
                return True
            if any(self.open_way(e.when, seen) for r in rules for e in r.elements):
                return True
        return False

    def complete(self, rule: Rule) -> bool:
        """Whether every element of ``rule`` has a fact stated above ``disproved``, or reads none to
        be stated (a rule that holds by default, as ``not X`` with X unstated)."""
        parts = [self.facts(e.when) for e in rule.elements]
        return all(not facts or any(self.asserted(f) for f in facts) for facts in parts)

    def asserted(self, fact: str) -> bool:
        """Whether the case states ``fact`` above ``disproved`` for this charge."""
        return self.stated(fact) and self.level(fact) > Level.DISPROVED

    def by_default(self, expr: Expr) -> bool:
        """Whether a conclusion under ``expr`` has an applicable rule that needs nothing stated."""
        return any(
            any(not self.facts_of(r) for r in self.rules(name))
            for name in walk(expr)
            if name not in self.base.predicates
        )

    def facts_of(self, rule: Rule) -> list[str]:
        """The facts under the elements of ``rule`` (not its exceptions)."""
        out: dict[str, None] = {}
        for e in rule.elements:
            out.update(dict.fromkeys(self.facts(e.when)))
        return list(out)

    def read(self) -> set[str]:
        """Every fact some applicable rule reads, defences included."""
        out: set[str] = set()
        for rules in self.plan.values():
            for rule in rules:
                for _, expr in rule.conditions():
                    out.update(n for n in names_in(expr) if n in self.base.predicates)
        return out


def _warning(code: str, subject: str, **values: Value) -> CaseWarning:
    """The warning ``code`` about ``subject``, with the values of its message and fix."""
    return CaseWarning(code, subject, tuple(values.items()))


def _pair(make: Callable[[str], str]) -> Text:
    return Text.model_construct(en=make("en"), fr=make("fr"))


def _facts_list(names: Sequence[str], base: RuleBase) -> Text:
    return _pair(lambda lang: ", ".join(f"'{n}' ({base.predicates[n].title(lang)})" for n in names))


def _help(name: str, base: RuleBase) -> Value:
    help_ = base.predicates[name].help
    return _pair(lambda lang: f" {help_(lang)}") if help_ is not None else ""


def _names(names: Sequence[str] | None) -> Value:
    """A scope's names, or «any» when there is no scope."""
    return ", ".join(names) if names else Message("warning.any_scope")


class _Checker:
    """Collects the warnings of one case."""

    def __init__(self, case: Case, base: RuleBase, compiled: Compiled) -> None:
        self.case, self.base, self.compiled = case, base, compiled
        self.index = Bearing(case.findings)
        self.dated = any(f.date for f in case.findings if f.fact)
        self.derived = {rule.derives for rule in base.dates}
        self.out: list[tuple[str, int | None, CaseWarning]] = []  # (part, index, warning)

    def add(self, part: str, index: int | None, warning: CaseWarning) -> None:
        self.out.append((part, index, warning))

    def run(self) -> None:
        charges = [_Charge(self.case, self.base, self.compiled, self.index, ch) for ch in self.case.charges]
        for i, c in enumerate(charges):
            self.charge(i, c)
        self.unread(charges)
        self.scopes()

    def charge(self, i: int, c: _Charge) -> None:
        key, base = c.charge.key, self.base
        undecided = [r for r in c.plan.get(OUTSIDE_SCOPE, ()) if not r.conditions()]
        if undecided:  # outside what the rule base decides, at every stage: nothing else matters
            rule = undecided[0]
            self.add("charges", i, _warning("outside_scope", key, key=key, rule=rule.id, title=rule.title))
            return
        routes = c.plan.get(GOAL, ())
        if not routes:
            self.add("charges", i, _warning("no_route", key, key=key, offence=c.charge.offence, kind=c.kind))
            return
        own = own_facts(routes, base, c.rules)
        argued = [r for r in routes if any(c.stated(f) for f in own[r.id])]
        if not argued:
            leading = [
                f
                for r in routes
                for e in r.elements
                if not e.presupposes
                for f in c.facts(e.when)
                if f in own[r.id]
            ]
            names = leading or [f for r in routes for f in own[r.id]]
            self.add("charges", i, _warning("no_route_argued", key, key=key, facts=_facts_list(names, base)))
            return
        required = self.required()
        for rule in argued:
            if any(c.ruled_out(e.when) for e in rule.elements):
                continue  # the case rules this route out: what else it leaves unstated does not matter
            for element in rule.elements:
                facts = c.facts(element.when)
                if facts and not any(c.stated(f) for f in facts) and not c.by_default(element.when):
                    warning = _warning(
                        "unstated_element",
                        key,
                        key=key,
                        element=element.id,
                        title=element.title,
                        route=rule.id,
                        facts=_facts_list(facts, base),
                        first=facts[0],
                        help=_help(facts[0], base),
                        dates=self.dates_hint(facts),
                    )
                    self.add("charges", i, warning)
                else:
                    self.inside(i, c, element.when, required, set())

    def dates_hint(self, facts: Sequence[str]) -> Value:
        """What the fix of an unstated element says of dates: that the law derives one of its facts
        from the dates of the act and of the offence, or, in a dated file, that it derives none."""
        derived = [f for f in facts if f in self.derived]
        if derived:
            return Message("warning.dates_derive", fact=derived[0])
        return Message("warning.dates") if self.dated else ""

    def required(self) -> Level:
        stage = self.base.stages.get(self.case.stage or self.base.default_stage)
        return stage.required if stage is not None else Level.SUFFICIENT

    def inside(self, i: int, c: _Charge, expr: Expr, required: Level, seen: set[str]) -> None:
        """Half-stated conjunctions and unstated alternatives under a stated element."""
        key, base = c.charge.key, self.base
        for name in walk(expr):
            if name in base.predicates or name in seen:
                continue
            seen.add(name)
            rules = c.rules(name)
            if len(rules) > 1 and any(c.complete(r) for r in rules):
                continue  # one way to it is fully stated (or needs nothing): the others do not matter
            stated = [r for r in rules if any(c.stated(f) for f in c.facts_of(r))]
            for rule in stated:
                parts = [c.facts(e.when) for e in rule.elements]
                given = [f for fs in parts for f in fs if c.stated(f)]
                missing = [fs[0] for fs in parts if fs and not any(c.stated(f) for f in fs)]
                if given and missing and not any(c.ruled_out(e.when) for e in rule.elements):
                    warning = _warning(
                        "half_stated",
                        key,
                        key=key,
                        rule=rule.id,
                        title=rule.title,
                        given=_facts_list(given, base),
                        missing=_facts_list(missing, base),
                        first=missing[0],
                        help=_help(missing[0], base),
                    )
                    self.add("charges", i, warning)
                for e in rule.elements:
                    self.inside(i, c, e.when, required, seen)
            unstated = [r for r in rules if r not in stated]
            failing = [r for r in stated if all(c.level(f) < required for f in c.facts_of(r) if c.stated(f))]
            if stated and unstated and len(failing) == len(stated):
                low = [f for f in c.facts_of(failing[0]) if c.stated(f)]
                other = unstated[0]
                facts = c.facts_of(other)
                warning = _warning(
                    "other_way_unstated",
                    key,
                    key=key,
                    conclusion=name,
                    failed=failing[0].id,
                    other=other.id,
                    title=other.title,
                    levels=", ".join(f"'{n}' {c.level(n).name_id}" for n in low),
                    facts=_facts_list(facts, base),
                    help=_help(facts[0], base),
                )
                self.add("charges", i, warning)

    def unread(self, charges: Sequence[_Charge]) -> None:
        """Findings on a fact some rule reads, but no rule that applies to their charges."""
        stage_names = {n for s in self.base.stages.values() for n in s.names()}
        anywhere = {n for r in self.base.rules for _, e in r.conditions() for n in names_in(e)} | stage_names
        read = [c.read() | stage_names for c in charges]
        for index, finding in enumerate(self.case.findings):
            name = finding.fact or finding.weighs_against
            if name is None or name not in anywhere or is_derived(finding.id):
                continue
            mine = [k for k, c in enumerate(charges) if finding.applies(c.charge)]
            if not mine or any(name in read[k] for k in mine):
                continue
            readers = [r.id for r in self.base.rules if any(name in names_in(e) for _, e in r.conditions())]
            warning = _warning(
                "unread_fact",
                finding.id,
                finding=finding.id,
                fact=name,
                keys=", ".join(charges[k].charge.key for k in mine),
                readers=", ".join(readers),
            )
            self.add("findings", index, warning)

    def scopes(self) -> None:
        """Findings scoped so that they bear on no charge (acts whose dates reach every accused,
        such as those that interrupt prescription, aside)."""
        everyone = {a for rule in self.base.dates if rule.kind == "prescription" for a in rule.acts}
        for index, finding in enumerate(self.case.findings):
            if (finding.offence is None and finding.accused is None) or is_derived(finding.id):
                continue
            if any(finding.applies(ch) for ch in self.case.charges):
                continue
            if finding.fact in everyone and finding.offence is None:
                continue
            warning = _warning(
                "scope_matches_no_charge",
                finding.id,
                finding=finding.id,
                offence=_names(finding.offence),
                accused=_names(finding.accused),
            )
            self.add("findings", index, warning)


def case_warnings(
    case: Case, base: RuleBase, file: str | None = None, raw: Any = None, compiled: Compiled | None = None
) -> list[CaseWarning]:
    """The warnings of ``case`` under ``base`` (with the case's own offences), those its
    ``allow:`` silences left out; each placed in ``raw`` (the YAML read) when given."""
    from verdict.engine.model.dated import dated

    checker = _Checker(dated(case, base), base, compiled or compile_base(base))
    checker.run()
    out: list[CaseWarning] = []
    seen: set[tuple[str, str, str]] = set()
    for part, index, warning in checker.out:
        if allowed(case, warning):
            continue
        mark = (warning.code, warning.subject, warning.message("en"))
        if mark in seen:
            continue
        seen.add(mark)
        line = column = None
        if isinstance(raw, Mapping):
            line, column = yamlio.where(raw.get(part), index)
        out.append(replace(warning, file=file, line=line, column=column))
    return out


def allowed(case: Case, warning: CaseWarning) -> bool:
    """Whether an ``allow:`` entry of the case silences ``warning``."""
    return silenced(case.allow, warning)


def silenced(allow: Sequence[Allowance], warning: CaseWarning) -> bool:
    """Whether one of ``allow`` names ``warning``: its code, and its subject unless it names none."""
    return any(a.warning == warning.code and a.at in (None, warning.subject) for a in allow)


__all__ = ["CODES", "CaseWarning", "allowed", "case_warnings", "silenced"]
