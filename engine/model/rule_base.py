"""A rule base: the law as one folder of rule files reads into it.

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from verdict.engine.model.base import Identifier, Prose, Strict, Text
from verdict.engine.model.offences import (
    Committal,
    CourtLaw,
    DateRule,
    Offence,
    OffenceClassLaw,
    Prescription,
)
from verdict.engine.model.rules import Predicate, Rule
from verdict.engine.model.stages import Stage


class Variant(Strict):
    """A rule folder that changes another: what it extends, and which rules it leaves out."""

    extends: str
    title: Prose | None = None
    without: list[Identifier] = []


class RuleFile(Strict):
    """One file of a rule folder (the JSON Schema of rule files is drawn from it)."""

    facts: list[Predicate] = []
    rules: list[Rule] = []
    offences: list[Offence] = []
    classes: list[OffenceClassLaw] = []
    stages: list[Stage] = []
    courts: list[CourtLaw] = []
    committals: list[Committal] = []
    dates: list[DateRule] = []
    prescription: list[Prescription] = []
    variant: Variant | None = None


class RuleBase(Strict):
    """The law: facts a case may state, rules, offences, the law of their classes, stages."""

    name: str
    title: Text | None = None
    predicates: dict[str, Predicate]
    rules: tuple[Rule, ...]
    offences: dict[str, Offence]
    classes: dict[str, OffenceClassLaw] = {}
    stages: dict[str, Stage]
    courts: dict[str, CourtLaw] = {}
    committals: dict[str, Committal] = {}
    dates: tuple[DateRule, ...] = ()
    prescription: tuple[Prescription, ...] = ()
    default_stage: str = "end_of_investigation"

    def trial_court(self, offence: Offence) -> str | None:
        """The court that tries ``offence``: the one it names, or the court that tries its class
        by default (``None`` when the rule base names none)."""
        if offence.court is not None:
            return offence.court
        return next((c.id for c in self.courts.values() if offence.class_ in c.by_default), None)

    def court_at(self, offence: Offence, day: Any) -> str | None:
        """The court that tries ``offence`` by the texts in force on ``day`` (the decision's)."""
        court = self.trial_court(offence)
        if court is None:
            return None
        seen = {court}
        law = self.courts.get(court)
        while law is not None and law.in_force is not None and law.otherwise and not law.in_force.covers(day):
            court = law.otherwise
            if court in seen:
                break
            seen.add(court)
            law = self.courts.get(court)
        return court

    def with_offences(self, extra: Sequence[Offence]) -> RuleBase:
        """This rule base with ``extra`` offences added to its catalogue, rules bound anew."""
        if not extra:
            return self
        offences = {**self.offences, **{o.id: o for o in extra}}
        return self.model_copy(
            update={"offences": offences, "rules": tuple(r.bound(offences, self.classes) for r in self.rules)}
        )

    def rules_for(self, predicate: str) -> tuple[Rule, ...]:
        """The rules that conclude ``predicate``, in the order they were written."""
        return tuple(r for r in self.rules if r.concludes == predicate)

    @property
    def conclusions(self) -> list[str]:
        """Every predicate some rule concludes, in order of first appearance."""
        return list(dict.fromkeys(r.concludes for r in self.rules))
