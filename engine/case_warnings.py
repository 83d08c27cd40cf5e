"""Warnings on a valid case: what is likely wrong although the engine would answer.

A case can be well formed and still say less than its author meant: an element of the
route it argues left without any finding (``not_shown``, so the charge fails on it), one
fact of a conjunction stated and its partner not, an alternative way to a conclusion
left unstated while the one stated fails, a finding on a fact that no rule reads for the
charges it bears on, a scope that matches no charge, a charge no route of complicity
applies to. Each warning names the place in the file (when the YAML is at hand), says
what is likely wrong and the fix, in English and in French.

Everything here is read from the validated model and the compiled form of the rule base:
no fact, rule or offence is named in this module. A case silences one warning with an
``allow:`` entry that gives its reason (docs/cases.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import yamlio
from .bearing import Bearing
from .compiled import Compiled, compile_base
from .levels import Level
from .model import GOAL, Allowance, Case, Charge, Expr, Rule, RuleBase, Text, names_in
from .routes import facts_under, own_facts, walk


@dataclass(frozen=True)
class CaseWarning:
    """One warning: its code, what it is about (a charge key or a finding id), where, and the words."""

    code: str
    subject: str
    message: Text
    fix: Text
    file: str | None = None
    line: int | None = None
    column: int | None = None

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
        return Level(max((f.level for f in self.index.on(fact, self.charge)), default=Level.NOT_SHOWN))

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


MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "no_route": {
        "en": (
            "charge {key}: no rule of complicity applies to offence '{offence}' against a {kind}: the rule "
            "base will not decide it as complicity, and it fails whatever the findings",
            "check the offence charged (verdict rules shows what each rule applies to); the law may answer "
            "this person otherwise than as an accomplice",
        ),
        "fr": (
            "poursuite {key} : aucune règle de complicité ne s'applique à l'infraction '{offence}' "
            "reprochée à une personne {kind} : la base de règles ne la tranche pas comme une complicité, "
            "et elle échoue quelles que soient les constatations",
            "vérifiez l'infraction poursuivie (verdict rules montre à quoi chaque règle s'applique) ; "
            "le droit peut répondre à cette personne autrement que comme complice",
        ),
    },
    "no_route_argued": {
        "en": (
            "charge {key}: no finding on any route of complicity: none of {facts} is stated, so the charge "
            "fails for want of an act of complicity",
            "state what the accused did (or that he did nothing: disproved)",
        ),
        "fr": (
            "poursuite {key} : aucune constatation sur une voie de complicité : aucun des faits {facts} "
            "n'est énoncé ; la poursuite échoue faute d'acte de complicité",
            "énoncez ce que la personne poursuivie a fait (ou qu'elle n'a rien fait : disproved)",
        ),
    },
    "unstated_element": {
        "en": (
            "charge {key}: element '{element}' ({title}) of the route '{route}' has no finding: none of "
            "{facts} is stated, so it is not_shown and the charge fails on it",
            "add a finding on '{first}' at the level the court found (disproved if it ruled it out).{help}"
            "{dates}",
        ),
        "fr": (
            "poursuite {key} : l'élément '{element}' ({title}) de la voie '{route}' n'a aucune "
            "constatation : aucun des faits {facts} n'est énoncé ; il est donc not_shown et la poursuite "
            "échoue sur lui",
            "ajoutez une constatation sur '{first}' au niveau retenu par la juridiction (disproved si elle "
            "l'a écarté).{help}{dates}",
        ),
    },
    "half_stated": {
        "en": (
            "charge {key}: rule '{rule}' ({title}) needs all of its facts; {given} is stated but {missing} "
            "is not, so it is not_shown and the rule fails on it",
            "state '{first}' as well, at the level the court found.{help}",
        ),
        "fr": (
            "poursuite {key} : la règle '{rule}' ({title}) exige tous ses faits ; {given} est énoncé mais "
            "non {missing}, qui est donc not_shown : la règle échoue sur lui",
            "énoncez aussi '{first}', au niveau retenu par la juridiction.{help}",
        ),
    },
    "other_way_unstated": {
        "en": (
            "charge {key}: '{conclusion}' is reached by '{failed}' or by '{other}' ({title}); the first is "
            "stated and fails ({levels}), the second has no finding",
            "if the court found it, state {facts}.{help}",
        ),
        "fr": (
            "poursuite {key} : '{conclusion}' s'établit par '{failed}' ou par '{other}' ({title}) ; la "
            "première est énoncée et échoue ({levels}), la seconde n'a aucune constatation",
            "si la juridiction l'a retenu, énoncez {facts}.{help}",
        ),
    },
    "unread_fact": {
        "en": (
            "finding '{finding}' bears on '{fact}', which no rule reads for {keys} (it is read by {readers}, "
            "which do not apply to that offence or accused): it changes nothing",
            "check the fact's name and the charge (verdict rules --search FACT shows who reads it), or drop "
            "the fact to keep the finding as context",
        ),
        "fr": (
            "la constatation '{finding}' porte sur '{fact}', qu'aucune règle ne lit pour {keys} (les règles "
            "{readers} le lisent, mais ne s'appliquent pas à cette infraction ou à cette personne) : elle ne "
            "change rien",
            "vérifiez le nom du fait et la poursuite (verdict rules --search FAIT montre qui le lit), ou "
            "retirez le fait pour garder la constatation comme contexte",
        ),
    },
    "scope_matches_no_charge": {
        "en": (
            "finding '{finding}' is scoped to offence {offence} and accused {accused}, which together match "
            "no charge: it bears on nothing",
            "widen or correct its scope (its offence and accused keys)",
        ),
        "fr": (
            "la constatation '{finding}' est limitée à l'infraction {offence} et à la personne {accused}, ce "
            "qui ne correspond à aucune poursuite : elle ne porte sur rien",
            "élargissez ou corrigez sa portée (ses clés offence et accused)",
        ),
    },
}
"""Each warning's message and fix, in English and in French, with their values by name."""

CODES: tuple[str, ...] = tuple(MESSAGES)
"""Every warning's code, as an ``allow:`` entry names it."""

DATES = {
    "en": " Finding dates are shown, never read: state the fact itself.",
    "fr": " Les dates des constatations sont affichées, jamais lues : énoncez le fait lui-même.",
}

Value = str | Callable[[str], str]
"""A value of a message: the same in both languages, or one per language."""


def _warning(code: str, subject: str, **values: Value) -> CaseWarning:
    """The warning ``code`` about ``subject``, its messages filled with ``values``."""
    texts: dict[str, tuple[str, str]] = {}
    for lang in ("en", "fr"):
        filled = {k: v(lang) if callable(v) else v for k, v in values.items()}
        message, fix = MESSAGES[code][lang]
        texts[lang] = (message.format(**filled), fix.format(**filled))
    return CaseWarning(
        code,
        subject,
        Text.model_construct(en=texts["en"][0], fr=texts["fr"][0]),
        Text.model_construct(en=texts["en"][1], fr=texts["fr"][1]),
    )


def _facts_list(names: Sequence[str], base: RuleBase) -> Callable[[str], str]:
    return lambda lang: ", ".join(f"'{n}' ({base.predicates[n].title(lang)})" for n in names)


def _help(name: str, base: RuleBase) -> Callable[[str], str]:
    help_ = base.predicates[name].help
    return lambda lang: f" {help_(lang)}" if help_ is not None else ""


def _names(names: Sequence[str] | None) -> Callable[[str], str]:
    """A scope's names, or «any» when there is no scope."""
    return lambda lang: ", ".join(names) if names else ("toute" if lang == "fr" else "any")


class _Checker:
    """Collects the warnings of one case."""

    def __init__(self, case: Case, base: RuleBase, compiled: Compiled) -> None:
        self.case, self.base, self.compiled = case, base, compiled
        self.index = Bearing(case.findings)
        self.dated = any(f.date for f in case.findings if f.fact)
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
                if facts and not any(c.stated(f) for f in facts):
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
                        dates=lambda lang: DATES[lang] if self.dated else "",
                    )
                    self.add("charges", i, warning)
                else:
                    self.inside(i, c, element.when, required, set())

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
            if name is None or name not in anywhere:
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
        """Findings scoped so that they bear on no charge."""
        for index, finding in enumerate(self.case.findings):
            if finding.offence is None and finding.accused is None:
                continue
            if any(finding.applies(ch) for ch in self.case.charges):
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
    checker = _Checker(case, base, compiled or compile_base(base))
    checker.run()
    out: list[CaseWarning] = []
    seen: set[tuple[str, str, str]] = set()
    for part, index, warning in checker.out:
        if allowed(case, warning):
            continue
        mark = (warning.code, warning.subject, warning.message.en)
        if mark in seen:
            continue
        seen.add(mark)
        line = column = None
        if isinstance(raw, Mapping):
            line, column = yamlio.where(raw.get(part), index)
        out.append(
            CaseWarning(warning.code, warning.subject, warning.message, warning.fix, file, line, column)
        )
    return out


def allowed(case: Case, warning: CaseWarning) -> bool:
    """Whether an ``allow:`` entry of the case silences ``warning``."""
    return silenced(case.allow, warning)


def silenced(allow: Sequence[Allowance], warning: CaseWarning) -> bool:
    """Whether one of ``allow`` names ``warning``: its code, and its subject unless it names none."""
    return any(a.warning == warning.code and a.at in (None, warning.subject) for a in allow)


__all__ = ["CODES", "CaseWarning", "allowed", "case_warnings", "silenced"]
