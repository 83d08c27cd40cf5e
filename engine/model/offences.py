"""Offences, their courts, the facts derived from dates, prescription.

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from verdict.engine.model.base import (
    AccusedAs,
    CircumstanceKind,
    Identifier,
    IdList,
    InForce,
    OffenceClass,
    Sources,
    Strict,
    Text,
)
from verdict.messages import Message


class Offence(Strict):
    """A principal offence: its class, whether its attempt and aid are punishable, its court.

    An aggravated form names the base offence it ``qualifies`` and its aggravating
    circumstance. Every offence says whether it is ``intentional`` (121-3 al. 1: no crime or
    délit without the intent to commit it, unless the law provides for recklessness or
    negligence); a non-intentional délit of deliberate endangering (121-3 al. 2, 223-1) says
    it is ``deliberate``: the breach is knowing, and complicity in it is punishable. A charge
    of it makes the accused an accomplice, unless ``accused_as`` is ``author``: an offence
    that punishes the instigator himself, with elements of its own
    (221-5-1). Whether its attempt is punishable and whether aid in it makes an accomplice
    follow the law of its class (``OffenceClassLaw``, in the rules): the offence says so itself
    only where that law leaves it to a text, which it cites (``attempt_source``, ``aid_source``).
    """

    id: Identifier
    title: Text
    class_: OffenceClass = Field(alias="class")
    intentional: bool
    deliberate: bool = False
    accused_as: AccusedAs = "accomplice"
    contravention_class: Annotated[int, Field(ge=1, le=5, strict=True)] | None = None
    attempt_punishable: bool | None = None
    attempt_source: str | None = None
    aid_punishable: bool | None = None
    aid_source: str | None = None
    qualifies: Identifier | None = None
    circumstance: Text | None = None
    circumstance_kind: CircumstanceKind | None = None
    court: Identifier | None = None
    penalty: str | None = None
    sources: Sources = Field(min_length=1)
    note: str | None = None
    in_force: InForce | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Offence:
        cls = self.class_
        if (self.contravention_class is None) == (cls == "contravention"):
            raise ValueError(Message("offence.contravention_class"))
        if self.deliberate and self.intentional:
            raise ValueError(Message("offence.deliberate_not_intentional"))
        if not (self.qualifies is None) == (self.circumstance is None) == (self.circumstance_kind is None):
            raise ValueError(Message("offence.aggravated_form"))
        return self


Punishable = Literal["always", "never", "by_text"]


class ClassRule(Strict):
    """What the law says of one way of taking part in the offences of a class: it is
    punishable ``always``, ``never``, or only where a text says so (``by_text``: the offence
    then says it is, and cites the text); with the article that says it."""

    punishable: Punishable
    source: str = Field(min_length=1)

    def holds(self, declared: bool | None) -> bool:
        """Whether it is punishable for an offence that declares ``declared``."""
        if self.punishable == "by_text":
            return declared is True
        return self.punishable == "always"

    def refuses(self, declared: bool | None, cited: str | None) -> str | None:
        """Why an offence that declares ``declared`` (citing ``cited``) contradicts this law:
        the message's id, or ``None``."""
        if self.punishable == "always" and declared is False:
            return "always"
        if self.punishable == "never" and declared is True:
            return "never"
        if self.punishable == "by_text" and declared is True and not cited:
            return "by_text"
        return None


class OffenceClassLaw(Strict):
    """A class of offences and what the law says of it: whether an attempt at one of its
    offences is punishable (``attempt``) and whether aid or assistance in it makes an
    accomplice (``aid``)."""

    id: OffenceClass
    title: Text
    attempt: ClassRule
    aid: ClassRule

    def attempt_is_punishable(self, offence: Offence) -> bool:
        """Whether an attempt at ``offence`` (of this class) is punishable."""
        return self.attempt.holds(offence.attempt_punishable)

    def aid_is_punishable(self, offence: Offence) -> bool:
        """Whether aid or assistance in ``offence`` (of this class) makes an accomplice."""
        return self.aid.holds(offence.aid_punishable)


class CourtLaw(Strict):
    """A court of trial: its title, as a sentence names it (``named``, with its article), the
    classes of offences it ``tries`` and those it tries ``by_default`` (an offence of the class
    goes to it unless the offence names its ``court``); in force from or until a date, and
    which court takes its cases outside those dates or when one accused's connected crimes
    also go to another court."""

    id: Identifier
    title: Text
    named: Text
    tries: list[OffenceClass] = Field(min_length=1)
    by_default: list[OffenceClass] = []
    in_force: InForce | None = None
    otherwise: Identifier | None = None
    yields_to: Identifier | None = None
    sources: Sources = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _coherent(self) -> CourtLaw:
        if (self.in_force is None) != (self.otherwise is None):
            raise ValueError(Message("dates.court_otherwise"))
        if not set(self.by_default) <= set(self.tries):
            raise ValueError(Message("court.default_not_tried"))
        return self


class Committal(Strict):
    """An outcome that sends a charge for trial (a committal): its title; the court is the
    charge's."""

    id: Identifier
    title: Text
    sources: Sources = Field(min_length=1)


DateRuleKind = Literal["timing", "prescription", "in_force", "text"]


Relation = Literal["before", "not_after"]
TextDate = Literal["offence", "decision"]
"""Which date decides whether a text applies: the offence's (the substance, Code pénal
112-1) or the decision's (competence and procedure, 112-2 1° and 2°)."""


class Suspension(Strict):
    """A statute that suspended every period of prescription running during ``during``
    (an obstacle in law, CPP 9-3): the days it lasted do not count, those already run do."""

    id: Identifier
    title: Text
    during: InForce
    sources: Sources = Field(min_length=1)

    @model_validator(mode="after")
    def _bounded(self) -> Suspension:
        if self.during.from_ is None or self.during.until is None:
            raise ValueError(Message("dates.suspension_bounds"))
        return self


class DateRule(Strict):
    """A fact the engine derives from the dates a case states (docs/semantics.md §8).

    ``timing``: the dated findings on ``acts`` against the principal act's dates
    (``offence``): ``before`` it began, or ``not_after`` it ended. ``prescription``: the
    public action prescribed at the decision's date, from the principal act's last day
    (or, for a hidden offence, from the day a finding on ``discovered`` dates, within the
    period's ``hidden_limit``), interrupted by dated findings on ``acts``, not running
    during the spans of findings on ``suspended_by`` nor of the statutes in ``suspensions``.
    ``in_force``: the text defining the offence not in force when the act was committed, or
    repealed by the decision's date. ``text``: a text (a version of an article) in force, by
    its ``in_force``, at the date ``at`` names: the principal act's last day or the
    decision's; rules whose law changed on a date read the fact it derives.
    """

    id: Identifier
    title: Text
    kind: DateRuleKind
    derives: Identifier
    offence: IdList = Field(min_length=1)
    acts: IdList = []
    suspended_by: IdList = []
    suspensions: list[Suspension] = []
    discovered: IdList = []
    relation: Relation | None = None
    in_force: InForce | None = None
    at: TextDate | None = None
    sources: Sources = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> DateRule:
        if (self.kind == "text") != (self.in_force is not None and self.at is not None):
            raise ValueError(Message("dates.text_in_force"))
        if (self.kind == "timing") != (self.relation is not None):
            raise ValueError(Message("dates.timing_relation"))
        if self.kind == "timing" and not self.acts:
            raise ValueError(Message("dates.timing_acts"))
        if self.kind != "prescription" and (self.suspended_by or self.suspensions or self.discovered):
            raise ValueError(Message("dates.prescription_only"))
        return self


class Prescription(Strict):
    """A period of prescription of the public action, by offence or by class, in force between dates."""

    id: Identifier
    title: Text
    class_: OffenceClass | None = Field(default=None, alias="class")
    offence: IdList | None = None
    years: Annotated[int, Field(ge=1, le=100, strict=True)] | None = None
    imprescriptible: bool = False
    hidden_limit: Annotated[int, Field(ge=1, le=100, strict=True)] | None = None
    """For a hidden offence the period runs from its discovery, but ends no later than this
    many years after the offence was committed (CPP 9-1); without it, from the offence."""
    in_force: InForce | None = None
    sources: Sources = Field(min_length=1)

    def applies(self, offence: Offence) -> bool:
        """Whether this period is written for ``offence`` (by name, or by class)."""
        if self.offence is not None:
            return offence.id in self.offence
        return self.class_ == offence.class_

    @model_validator(mode="after")
    def _coherent(self) -> Prescription:
        if (self.years is None) == (not self.imprescriptible):
            raise ValueError(Message("dates.prescription_years"))
        if self.hidden_limit is not None and (self.years is None or self.hidden_limit < self.years):
            raise ValueError(Message("dates.hidden_limit"))
        if (self.class_ is None) == (self.offence is None):
            raise ValueError(Message("dates.prescription_scope"))
        return self
