"""A case: parties, charges, findings, and what the court decided (for tests).

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
)

from verdict.engine.model.base import (
    DateText,
    Identifier,
    IdList,
    LevelField,
    PartyKind,
    Prose,
    Sources,
    SpanText,
    Strict,
    Text,
    Voice,
)
from verdict.engine.model.dates import Span, span
from verdict.engine.model.offences import Offence


class Party(Strict):
    """A person in the case: natural or legal."""

    id: Identifier
    name: Prose
    kind: PartyKind
    role: str | None = None


class Charge(Strict):
    """One accusation: an accused, and the principal offence they are said to be party to."""

    accused: Identifier
    offence: Identifier
    title: Prose | None = None
    """The charge as the decision names it («complicité d'actes de torture»), where it names it
    otherwise than «complicity in» the offence's title."""

    @property
    def key(self) -> str:
        """A stable name for the charge, ``offence/accused``."""
        return f"{self.offence}/{self.accused}"


def _undecided(value: Any) -> Any:
    """``undecided: true`` is an undecided point without words of its own."""
    return {} if value is True else value


class Undecided(Strict):
    """A point the decision did not decide: the court's words saying so (where it said so),
    and why the case takes the finding's level anyway for the reasoning."""

    quote: str | None = None
    section: Prose | None = None
    note: Prose | None = None


class Finding(Strict):
    """What the court found on one question, how firmly, and in which words.

    ``undecided`` marks a point the decision left open: the finding's level is then taken
    for the reasoning, not held by the court.
    """

    id: Identifier
    fact: Identifier | None = None
    level: LevelField
    offence: IdList | None = None
    accused: IdList | None = None
    date: SpanText | None = None
    quote: str | None = None
    section: Prose | None = None
    source: str | None = None
    summary: Prose | None = None
    voice: Voice | None = None
    speaker: Prose | None = None
    weighs_against: Identifier | None = None
    undecided: Annotated[Undecided | None, BeforeValidator(_undecided)] = None

    def applies(self, charge: Charge) -> bool:
        """Whether this finding is about ``charge`` (by its offence and accused scope)."""
        return (self.offence is None or charge.offence in self.offence) and (
            self.accused is None or charge.accused in self.accused
        )


class ChargeExpectation(Strict):
    """What the court decided on one charge (for tests only)."""

    offence: Identifier
    accused: Identifier
    outcome: Identifier
    blocking: IdList | None = None
    primary: Identifier | None = None
    holds: IdList | None = None
    notes: IdList | None = None
    court: Identifier | None = None


class Expectation(Strict):
    """What the court decided at one stage (for tests only; the engine never reads it)."""

    stage: Identifier | None = None
    outcome: Identifier
    charges: list[ChargeExpectation] = []
    why: Prose | None = None


WARNING_CODES: tuple[str, ...] = (
    "outside_scope",
    "no_route",
    "no_route_argued",
    "unstated_element",
    "half_stated",
    "other_way_unstated",
    "unread_fact",
    "scope_matches_no_charge",
)
"""Every warning ``verdict check`` gives, by the code an ``allow:`` entry names it with
(engine/explain/case_warnings.py finds them)."""


class Allowance(Strict):
    """A warning of ``verdict check`` the case's author has read and answers: which, where, why."""

    warning: Identifier
    at: str | None = None
    reason: Prose


class Case(Strict):
    """A case: who is charged with what, and what the court found."""

    case: Identifier
    title: Text
    court: Prose
    date: DateText
    decision: Prose | None = None
    judge_gender: Literal["feminine", "masculine"] | None = None
    """The judge's grammatical gender in French, where the case says («la juge», «le juge»)."""
    sources: Sources = Field(min_length=1)
    stage: Identifier | None = None
    notes: Prose | None = None
    offences: list[Offence] = []
    parties: list[Party] = Field(min_length=1)
    charges: list[Charge] = Field(min_length=1)
    findings: list[Finding] = []
    expect: list[Expectation] = []
    allow: list[Allowance] = []
    source_text: str | None = None

    def party(self, party_id: str) -> Party:
        """The party named ``party_id``."""
        return next(p for p in self.parties if p.id == party_id)

    @property
    def decided_on(self) -> Span:
        """The days the decision's date may be."""
        return span(self.date)
