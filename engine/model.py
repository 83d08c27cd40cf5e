"""The validated model of a rule base and of a case, as read from YAML.

Every class here is plain, frozen data. Its meaning is in docs/rules.md (rule files)
and docs/cases.md (case files); the loader (``loader.py``) builds it and checks
the references between its parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from verdict.messages import Message

from .dates import Span, check_day, check_span, span
from .levels import LEVEL_NAMES, Level, levels_hint

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
PartyKind = Literal["natural_person", "legal_person"]
OffenceClass = Literal["crime", "delit", "contravention"]
OFFENCE_CLASSES: tuple[str, ...] = ("crime", "delit", "contravention")
AccusedAs = Literal["accomplice", "author"]
"""What a charge of an offence makes of the accused: an accomplice of the offence someone else
committed (the default), or the author of an offence that punishes the instigator himself."""
CircumstanceKind = Literal["real", "personal"]
"""A real aggravating circumstance bears on the act (a weapon, a group); a personal one on the person."""
Voice = Literal["court", "witness", "party", "expert", "author"]
"""Whose words a finding quotes: the court's own finding, a witness's or a party's statement
that the court reports, an expert's report, or the author of the text that quotes the ruling."""
Burden = Literal["prosecution", "defence"]

GOAL = "liable"
"""The conclusion a charge asks for: the charge holds when ``liable`` reaches the stage's level."""

OUTSIDE_SCOPE = "outside_scope"
"""The conclusion (and the outcome) of a charge the rule base does not decide: when a rule
concludes it at the stage's level, the charge is neither held nor failed, whatever ``liable``."""


def _level(value: Any) -> Level:
    if isinstance(value, Level):
        return value
    if isinstance(value, str) and value.lower() in LEVEL_NAMES:
        return Level.parse(value)
    raise ValueError(Message("value.unknown_level", value=repr(value), levels=levels_hint()))


LevelField = Annotated[
    Level,
    BeforeValidator(_level),
    WithJsonSchema({"type": "string", "enum": list(LEVEL_NAMES), "description": "an evidence level"}),
]


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _one_or_many(item: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [item, {"type": "array", "items": item}]})


_ID_SCHEMA = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
IdList = Annotated[list[Identifier], BeforeValidator(_listify), _one_or_many(_ID_SCHEMA)]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Text(Strict):
    """A short text in English and in French."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``fr``)."""
        return self.fr if lang == "fr" else self.en


def _as_text(value: Any) -> Any:
    """One value for both languages, unless it is already a pair (a mapping or a Text)."""
    return value if isinstance(value, dict | Text) else {"en": value, "fr": value}


_TEXT_SCHEMA = {
    "type": "object",
    "properties": {"en": {"type": "string", "minLength": 1}, "fr": {"type": "string", "minLength": 1}},
    "required": ["en", "fr"],
    "additionalProperties": False,
}
Prose = Annotated[
    Text,
    BeforeValidator(_as_text),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, _TEXT_SCHEMA]}),
]
"""Prose written by a case's author: one string for every language, or ``{en: ..., fr: ...}``."""


def _as_sources(value: Any) -> Any:
    return [_as_text(v) for v in _listify(value)] if isinstance(value, str | list) else value


Sources = Annotated[
    list[Text],
    BeforeValidator(_as_sources),
    _one_or_many({"anyOf": [{"type": "string", "minLength": 1}, _TEXT_SCHEMA]}),
]
"""Citations: each a string (the citation as written, in every language) or ``{en: ..., fr: ...}``."""


DateText = Annotated[
    str,
    BeforeValidator(check_day),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD",
        }
    ),
]
"""One date, to the precision the source gives: ``2011``, ``2011-03`` or ``2011-03-15``."""
SpanText = Annotated[
    str,
    BeforeValidator(check_span),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
            "description": "a date (YYYY, YYYY-MM, YYYY-MM-DD) or a span of two joined by '/'",
        }
    ),
]
"""A date, or a span of two dates joined by ``/`` (``2011-02/2011-04``)."""


class InForce(Strict):
    """When a text is in force: from its first day, until its last (either open)."""

    from_: DateText | None = Field(default=None, alias="from")
    until: DateText | None = None

    def covers(self, day: Any) -> bool:
        """Whether the text is in force on ``day`` (a ``datetime.date``)."""
        return (self.from_ is None or span(self.from_).first <= day) and (
            self.until is None or day <= span(self.until).last
        )

    def describe(self, lang: str = "en") -> str:
        """``from 2023-01-01``, ``until 2017-02-28``, ``2001-01-01 – 2017-02-28`` (in ``lang``)."""
        if self.from_ and self.until:
            return f"{self.from_} – {self.until}"
        if self.from_:
            return f"depuis le {self.from_}" if lang == "fr" else f"from {self.from_}"
        return f"jusqu'au {self.until}" if lang == "fr" else f"until {self.until}"

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.from_ is None and self.until is None:
            raise ValueError(Message("dates.in_force_bounds"))
        if self.from_ and self.until and span(self.until).last < span(self.from_).first:
            raise ValueError(Message("dates.in_force_order"))
        return self


# ---------------------------------------------------------------- expressions


class All(Strict):
    """Every part must be shown: as strong as the weakest part."""

    all: list[Expr] = Field(min_length=1)


class Any_(Strict):
    """One part suffices: as strong as the strongest part."""

    any: list[Expr] = Field(min_length=1)


class Not(Strict):
    """The prosecution must exclude the part: the scale read backwards."""

    not_: Expr = Field(alias="not")


class Unless(Strict):
    """The defence must raise the part: no effect until it is at least plausible."""

    unless: Expr


def parse_expr(raw: Any) -> Any:
    """Build an expression from YAML data, with a plain message when it is malformed."""
    if isinstance(raw, All | Any_ | Not | Unless):
        return raw
    if isinstance(raw, str):
        return raw
    if isinstance(raw, dict) and len(raw) == 1:
        (key, value), = raw.items()
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ValueError(Message("rules.empty_conditions", key=f"'{key}'"))
            parts = [parse_expr(v) for v in value]
            return All(all=parts) if key == "all" else Any_(any=parts)
        if key == "not":
            return Not(**{"not": parse_expr(value)})
        if key == "unless":
            return Unless(unless=parse_expr(value))
    raise ValueError(Message("rules.bad_condition", got=f"{raw!r:.60}"))


Expr = Annotated[
    Union[Identifier, All, Any_, Not, Unless],  # noqa: UP007 (a recursive alias)
    BeforeValidator(parse_expr),
]
All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()
Unless.model_rebuild()


def names_in(expr: Expr) -> list[str]:
    """The predicate names an expression reads, in order of first appearance."""
    if isinstance(expr, str):
        return [expr]
    parts: list[Expr]
    if isinstance(expr, All):
        parts = expr.all
    elif isinstance(expr, Any_):
        parts = expr.any
    elif isinstance(expr, Not):
        parts = [expr.not_]
    else:
        parts = [expr.unless]
    seen: dict[str, None] = {}
    for part in parts:
        seen.update(dict.fromkeys(names_in(part)))
    return list(seen)


def sub_expressions(expr: Expr) -> list[Expr]:
    """The parts directly under a compound expression (none under a name)."""
    if isinstance(expr, str):
        return []
    if isinstance(expr, All):
        return list(expr.all)
    if isinstance(expr, Any_):
        return list(expr.any)
    return [expr.not_] if isinstance(expr, Not) else [expr.unless]


def compound_parts(expr: Expr) -> list[Expr]:
    """Every compound part of ``expr`` (``all``, ``any``, ``not``, ``unless``), children before
    their parent, left to right: the order in which a trace records their levels."""
    out: list[Expr] = []
    for part in sub_expressions(expr):
        out += compound_parts(part)
    if not isinstance(expr, str):
        out.append(expr)
    return out


# ---------------------------------------------------------------- rule base


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

    def bound(self, offences: Mapping[str, Offence]) -> Rule:
        """This rule with its offence scope resolved against the catalogue ``offences``."""
        scope = self.applies_to
        copy = self.model_copy()
        if scope is not None:
            copy._offences = frozenset(o.id for o in offences.values() if _in_scope(scope, o))
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
            scope.accused_as,
        )
    )


def _in_scope(scope: AppliesTo, offence: Offence) -> bool:
    """Whether ``offence`` is among the offences ``scope`` names or describes."""
    return (
        (scope.offence is None or offence.id in scope.offence)
        and (scope.except_offence is None or offence.id not in scope.except_offence)
        and (scope.offence_class is None or offence.class_ in scope.offence_class)
        and (scope.attempt_punishable is None or offence.attempt_is_punishable == scope.attempt_punishable)
        and (scope.aid_punishable is None or offence.aid_is_punishable == scope.aid_punishable)
        and (scope.aggravated is None or (offence.qualifies is not None) == scope.aggravated)
        and (scope.circumstance_kind is None or offence.circumstance_kind == scope.circumstance_kind)
        and (scope.intentional is None or offence.intentional == scope.intentional)
        and (scope.accused_as is None or offence.accused_as == scope.accused_as)
    )


class Offence(Strict):
    """A principal offence: its class, whether its attempt and aid are punishable, its court.

    An aggravated form names the base offence it ``qualifies`` and its aggravating
    circumstance. Every offence says whether it is ``intentional`` (121-3 al. 1: no crime or
    délit without the intent to commit it, unless the law provides for recklessness or
    negligence). A charge of it makes the accused an accomplice, unless ``accused_as`` is
    ``author``: an offence that punishes the instigator himself, with elements of its own
    (221-5-1). Defaults follow the Code pénal: the attempt of a crime is always
    punishable and that of a contravention never (121-4 2°), that of a délit only where a
    text says so (``attempt_source``); aid or assistance makes an accomplice of a crime or
    a délit (121-7 al. 1), of a contravention only where a text says so (``aid_source``).
    """

    id: Identifier
    title: Text
    class_: OffenceClass = Field(alias="class")
    intentional: bool
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

    @property
    def attempt_is_punishable(self) -> bool:
        """Whether an attempt at this offence is punishable (121-4 2°)."""
        if self.attempt_punishable is not None:
            return self.attempt_punishable
        return self.class_ == "crime"

    @property
    def aid_is_punishable(self) -> bool:
        """Whether aid or assistance in this offence makes an accomplice (121-7 al. 1, R. 610-2)."""
        if self.aid_punishable is not None:
            return self.aid_punishable
        return self.class_ != "contravention"

    @model_validator(mode="after")
    def _coherent(self) -> Offence:
        cls = self.class_
        if (self.contravention_class is None) == (cls == "contravention"):
            raise ValueError(Message("offence.contravention_class"))
        if cls == "crime" and self.attempt_punishable is False:
            raise ValueError(Message("offence.crime_attempt"))
        if cls == "contravention" and self.attempt_punishable:
            raise ValueError(Message("offence.contravention_attempt"))
        if cls == "delit" and self.attempt_punishable and not self.attempt_source:
            raise ValueError(Message("offence.delit_attempt_source"))
        if cls != "contravention" and self.aid_punishable is False:
            raise ValueError(Message("offence.aid_always"))
        if cls == "contravention" and self.aid_punishable and not self.aid_source:
            raise ValueError(Message("offence.contravention_aid_source"))
        if not (self.qualifies is None) == (self.circumstance is None) == (self.circumstance_kind is None):
            raise ValueError(Message("offence.aggravated_form"))
        return self


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


DateRuleKind = Literal["timing", "prescription", "in_force"]
Relation = Literal["before", "not_after"]


class DateRule(Strict):
    """A fact the engine derives from the dates a case states (docs/semantics.md §8).

    ``timing``: the dated findings on ``acts`` against the principal act's dates
    (``offence``): ``before`` it began, or ``not_after`` it ended. ``prescription``: the
    public action prescribed at the decision's date, from the principal act's last day,
    interrupted by dated findings on ``acts``. ``in_force``: the text defining the offence
    not in force when the act was committed, or repealed by the decision's date.
    """

    id: Identifier
    title: Text
    kind: DateRuleKind
    derives: Identifier
    offence: IdList = Field(min_length=1)
    acts: IdList = []
    relation: Relation | None = None
    sources: Sources = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> DateRule:
        if (self.kind == "timing") != (self.relation is not None):
            raise ValueError(Message("dates.timing_relation"))
        if self.kind == "timing" and not self.acts:
            raise ValueError(Message("dates.timing_acts"))
        return self


class Prescription(Strict):
    """A period of prescription of the public action, by offence or by class, in force between dates."""

    id: Identifier
    title: Text
    class_: OffenceClass | None = Field(default=None, alias="class")
    offence: IdList | None = None
    years: Annotated[int, Field(ge=1, le=100, strict=True)] | None = None
    imprescriptible: bool = False
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
        if (self.class_ is None) == (self.offence is None):
            raise ValueError(Message("dates.prescription_scope"))
        return self


class Bar(Strict):
    """A procedural bar: when its condition reaches the stage's level, a holding charge gets ``outcome``."""

    id: Identifier
    title: Text
    when: Identifier
    outcome: Identifier
    sources: Sources = Field(min_length=1)


class ShortOf(Strict):
    """What a charge short of a stage's level still gets: ``outcome`` when ``liable``, or one
    of the ``grounds``, reaches ``required`` (a mise en examen refused leaves a témoin
    assisté only on a ground or plausible indices, CPP 113-1, 113-2)."""

    id: Identifier
    title: Text
    outcome: Identifier
    required: LevelField
    grounds: IdList = []
    sources: Sources = Field(min_length=1)

    def reached(self, levels: Mapping[str, int]) -> str | None:
        """The name that reaches ``required`` (``liable`` first, then the grounds), or None."""
        for name in (GOAL, *self.grounds):
            if levels.get(name, Level.NOT_SHOWN) >= self.required:
                return name
        return None


class Stage(Strict):
    """A procedural stage: the level a charge must reach there, and what follows.

    A charge holds when ``liable``, or one of the stage's procedural ``grounds``, reaches
    ``required``; a holding charge whose ``bars`` condition reaches it gets the bar's outcome.
    """

    id: Identifier
    title: Text
    required: LevelField
    sources: Sources = Field(min_length=1)
    standard: Text
    holds: dict[OffenceClass, Identifier]
    fails: Identifier | dict[OffenceClass, Identifier]
    severity: list[Identifier] = Field(min_length=1)
    grounds: IdList = []
    bars: list[Bar] = []
    short_of: list[ShortOf] = []

    def outcome(self, holds: bool, offence_class: str) -> str:
        """The outcome of one charge at this stage, by the class of its offence."""
        if holds:
            return self.holds[offence_class]  # type: ignore[index]
        return self.fails if isinstance(self.fails, str) else self.fails[offence_class]  # type: ignore[index]

    def outcomes(self) -> list[str]:
        """Every outcome this stage can give."""
        fails = [self.fails] if isinstance(self.fails, str) else list(self.fails.values())
        short = [s.outcome for s in self.short_of]
        return [*self.holds.values(), *fails, *(b.outcome for b in self.bars), *short, OUTSIDE_SCOPE]

    def decide(self, levels: Mapping[str, int], offence_class: str) -> tuple[bool, str]:
        """Whether a charge holds at this stage, and its outcome, from its levels.

        A ground, bar or ``outside_scope`` the levels do not name is ``not_shown``.
        """
        return self.settle(levels[GOAL] >= self.required, levels, offence_class)

    def settle(self, liable_holds: bool, levels: Mapping[str, int], offence_class: str) -> tuple[bool, str]:
        """The charge's standing once it is known whether ``liable`` reached ``required``:
        a procedural ground may make it hold, a bar may give a holding charge another outcome;
        a charge ``outside_scope`` at the stage's level is not decided at all."""
        if levels.get(OUTSIDE_SCOPE, Level.NOT_SHOWN) >= self.required:
            return False, OUTSIDE_SCOPE
        holds = liable_holds or any(levels.get(g, Level.NOT_SHOWN) >= self.required for g in self.grounds)
        if holds:
            for bar in self.bars:
                if levels.get(bar.when, Level.NOT_SHOWN) >= self.required:
                    return holds, bar.outcome
        else:
            for short in self.short_of:
                if short.reached(levels) is not None:
                    return holds, short.outcome
        return holds, self.outcome(holds, offence_class)

    def names(self) -> list[str]:
        """The facts and conclusions the stage reads besides ``liable`` (``outside_scope`` last)."""
        short = [GOAL, *(g for s in self.short_of for g in s.grounds)] if self.short_of else []
        return list(dict.fromkeys([*self.grounds, *(b.when for b in self.bars), *short, OUTSIDE_SCOPE]))

    @field_validator("severity")
    @classmethod
    def _scope_last(cls, value: list[str]) -> list[str]:
        """``outside_scope`` is an outcome of every stage, the least severe unless placed."""
        return value if OUTSIDE_SCOPE in value else [*value, OUTSIDE_SCOPE]

    @field_validator("holds", "fails")
    @classmethod
    def _every_class(cls, value: Any) -> Any:
        if isinstance(value, dict):
            missing = set(OFFENCE_CLASSES) - set(value)
            if missing:
                listed = ", ".join(sorted(missing))
                raise ValueError(Message("stage.outcome_per_class", missing=listed))
        return value


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
    stages: list[Stage] = []
    courts: list[CourtLaw] = []
    committals: list[Committal] = []
    dates: list[DateRule] = []
    prescription: list[Prescription] = []
    variant: Variant | None = None


class RuleBase(Strict):
    """The law: facts a case may state, rules, offences and stages."""

    name: str
    title: Text | None = None
    predicates: dict[str, Predicate]
    rules: tuple[Rule, ...]
    offences: dict[str, Offence]
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
            update={"offences": offences, "rules": tuple(r.bound(offences) for r in self.rules)}
        )

    def rules_for(self, predicate: str) -> tuple[Rule, ...]:
        """The rules that conclude ``predicate``, in the order they were written."""
        return tuple(r for r in self.rules if r.concludes == predicate)

    @property
    def conclusions(self) -> list[str]:
        """Every predicate some rule concludes, in order of first appearance."""
        return list(dict.fromkeys(r.concludes for r in self.rules))


# ---------------------------------------------------------------- case


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
