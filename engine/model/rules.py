"""Facts a case may state and the rules of the law: elements, exceptions, scope.

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
)

from verdict.engine.model.base import (
    OFFENCE_CLASSES,
    AccusedAs,
    Burden,
    CircumstanceKind,
    Identifier,
    IdList,
    OffenceClass,
    PartyKind,
    Sources,
    Strict,
    Text,
    _listify,
    _one_or_many,
)
from verdict.engine.model.expressions import Expr, Not, Unless
from verdict.engine.model.offences import Offence, OffenceClassLaw
from verdict.messages import Message


class Predicate(Strict):
    """A fact a case can state: its name, its meaning, and the law that makes it matter."""

    id: Identifier
    title: Text
    help: Text | None = None
    sources: Sources = []


class Element(Strict):
    """One condition of a rule, named so that an explanation can say it holds or not."""

    id: Identifier
    title: Text
    when: Expr
    sources: Sources = []
    presupposes: IdList = []


class Exception_(Strict):
    """A justification or excuse that removes a rule's conclusion, and who must show it."""

    id: Identifier
    title: Text
    when: Expr
    burden: Burden
    sources: Sources = Field(min_length=1)

    def as_expr(self) -> Expr:
        """The exception as the element it amounts to: ``not`` or ``unless`` its condition."""
        return Not(**{"not": self.when}) if self.burden == "prosecution" else Unless(unless=self.when)


class AppliesTo(Strict):
    """Which charges a rule is about: by offence, by the offence's attributes, by the kind of accused."""

    offence: IdList | None = None
    except_offence: IdList | None = None
    offence_class: (
        Annotated[
            list[OffenceClass],
            BeforeValidator(_listify),
            _one_or_many({"enum": list(OFFENCE_CLASSES)}),
        ]
        | None
    ) = None
    attempt_punishable: bool | None = None
    aid_punishable: bool | None = None
    aggravated: bool | None = None
    circumstance_kind: CircumstanceKind | None = None
    intentional: bool | None = None
    deliberate: bool | None = None
    accused_as: AccusedAs | None = None
    accused_kind: (
        Annotated[
            list[PartyKind],
            BeforeValidator(_listify),
            _one_or_many({"enum": ["natural_person", "legal_person"]}),
        ]
        | None
    ) = None


class Rule(Strict):
    """A rule of law: its conclusion holds as strongly as the weakest of its elements."""

    id: Identifier
    title: Text
    sources: Sources = Field(min_length=1)
    concludes: Identifier
    applies_to: AppliesTo | None = None
    elements: list[Element] = []
    exceptions: list[Exception_] = []
    note: Text | None = None

    def conditions(self) -> list[tuple[str, Expr]]:
        """Every element then every exception, as (id, expression)."""
        return [(e.id, e.when) for e in self.elements] + [
            (x.id, x.as_expr()) for x in self.exceptions
        ]

    _offences: frozenset[str] | None = PrivateAttr(default=None)

    def applies(self, offence: str, kind: str) -> bool:
        """Whether the rule is about a charge of ``offence`` against a ``kind`` of person."""
        scope = self.applies_to
        if scope is None:
            return True
        if scope.accused_kind is not None and kind not in scope.accused_kind:
            return False
        if self._offences is not None:
            return offence in self._offences
        if _by_attribute(scope):
            raise ValueError(Message("rules.not_bound", rule=f"'{self.id}'"))
        return (scope.offence is None or offence in scope.offence) and (
            scope.except_offence is None or offence not in scope.except_offence
        )

    def bound(self, offences: Mapping[str, Offence], classes: Mapping[str, OffenceClassLaw]) -> Rule:
        """This rule with its offence scope resolved against the catalogue ``offences`` and the
        law of their ``classes``."""
        scope = self.applies_to
        copy = self.model_copy()
        if scope is not None:
            copy._offences = frozenset(o.id for o in offences.values() if _in_scope(scope, o, classes))
        return copy


def _by_attribute(scope: AppliesTo) -> bool:
    return any(
        v is not None
        for v in (
            scope.offence_class,
            scope.attempt_punishable,
            scope.aid_punishable,
            scope.aggravated,
            scope.circumstance_kind,
            scope.intentional,
            scope.deliberate,
            scope.accused_as,
        )
    )


def _in_scope(scope: AppliesTo, offence: Offence, classes: Mapping[str, OffenceClassLaw]) -> bool:
    """Whether ``offence`` is among the offences ``scope`` names or describes, its attempt and
    aid punishable as the law of its class says."""
    return (
        (scope.offence is None or offence.id in scope.offence)
        and (scope.except_offence is None or offence.id not in scope.except_offence)
        and (scope.offence_class is None or offence.class_ in scope.offence_class)
        and (scope.attempt_punishable is None
             or classes[offence.class_].attempt_is_punishable(offence) == scope.attempt_punishable)
        and (scope.aid_punishable is None
             or classes[offence.class_].aid_is_punishable(offence) == scope.aid_punishable)
        and (scope.aggravated is None or (offence.qualifies is not None) == scope.aggravated)
        and (scope.circumstance_kind is None or offence.circumstance_kind == scope.circumstance_kind)
        and (scope.intentional is None or offence.intentional == scope.intentional)
        and (scope.deliberate is None or offence.deliberate == scope.deliberate)
        and (scope.accused_as is None or offence.accused_as == scope.accused_as)
    )
