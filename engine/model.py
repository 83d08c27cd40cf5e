"""The validated model of a rule base and of a case, as read from YAML.

Every class here is plain, frozen data. Its meaning is in docs/rules.md (rule files)
and docs/cases.md (case files); the loader (``loader.py``) builds it and checks
the references between its parts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

from .levels import LEVEL_NAMES, Level

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
PartyKind = Literal["natural_person", "legal_person"]
OffenceClass = Literal["crime", "delit"]
Burden = Literal["prosecution", "defence"]

GOAL = "liable"
"""The conclusion a charge asks for: the charge holds when ``liable`` reaches the stage's level."""


def _level(value: Any) -> Level:
    if isinstance(value, Level):
        return value
    if isinstance(value, str) and value.lower() in LEVEL_NAMES:
        return Level.parse(value)
    raise ValueError(f"unknown evidence level {value!r}; the levels are: {', '.join(LEVEL_NAMES)}")


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
TextList = Annotated[list[str], BeforeValidator(_listify), _one_or_many({"type": "string"})]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Strict):
    """A short text in English and in French."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``fr``)."""
        return self.fr if lang == "fr" else self.en


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
                raise ValueError(f"'{key}' takes a non-empty list of conditions")
            parts = [parse_expr(v) for v in value]
            return All(all=parts) if key == "all" else Any_(any=parts)
        if key == "not":
            return Not(**{"not": parse_expr(value)})
        if key == "unless":
            return Unless(unless=parse_expr(value))
    raise ValueError(
        "a condition is a fact or conclusion name, or one of {all: [...]}, {any: [...]}, "
        f"{{not: ...}}, {{unless: ...}}; got {raw!r:.60}"
    )


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


# ---------------------------------------------------------------- rule base


class Predicate(Strict):
    """A fact a case can state: its name, its meaning, and the law that makes it matter."""

    id: Identifier
    title: Text
    help: Text | None = None
    sources: TextList = []


class Element(Strict):
    """One condition of a rule, named so that an explanation can say it holds or not."""

    id: Identifier
    title: Text
    when: Expr
    sources: TextList = []


class Exception_(Strict):
    """A justification or excuse that removes a rule's conclusion, and who must show it."""

    id: Identifier
    title: Text
    when: Expr
    burden: Burden
    sources: TextList = Field(min_length=1)

    def as_expr(self) -> Expr:
        """The exception as the element it amounts to: ``not`` or ``unless`` its condition."""
        return Not(**{"not": self.when}) if self.burden == "prosecution" else Unless(unless=self.when)


class AppliesTo(Strict):
    """Which charges a rule is about: by offence and by the kind of accused."""

    offence: IdList | None = None
    except_offence: IdList | None = None
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
    sources: TextList = Field(min_length=1)
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

    def applies(self, offence: str, kind: str) -> bool:
        """Whether the rule is about a charge of ``offence`` against a ``kind`` of person."""
        scope = self.applies_to
        if scope is None:
            return True
        return (
            (scope.offence is None or offence in scope.offence)
            and (scope.except_offence is None or offence not in scope.except_offence)
            and (scope.accused_kind is None or kind in scope.accused_kind)
        )


class Offence(Strict):
    """A principal offence a charge can name, and whether it is a crime or a délit."""

    id: Identifier
    title: Text
    class_: OffenceClass = Field(alias="class")
    sources: TextList = Field(min_length=1)


class Stage(Strict):
    """A procedural stage: the level a charge must reach there, and what follows."""

    id: Identifier
    title: Text
    required: LevelField
    sources: TextList = Field(min_length=1)
    standard: Text
    holds: dict[OffenceClass, Identifier]
    fails: Identifier
    severity: list[Identifier] = Field(min_length=1)

    def outcome(self, holds: bool, offence_class: str) -> str:
        """The outcome of one charge at this stage."""
        return self.holds[offence_class] if holds else self.fails  # type: ignore[index]

    @field_validator("holds")
    @classmethod
    def _both_classes(cls, value: dict[str, str]) -> dict[str, str]:
        missing = {"crime", "delit"} - set(value)
        if missing:
            raise ValueError(f"'holds' needs an outcome for: {', '.join(sorted(missing))}")
        return value


class Variant(Strict):
    """A rule folder that changes another: what it extends, and which rules it leaves out."""

    extends: str
    title: str | None = None
    without: list[Identifier] = []


class RuleFile(Strict):
    """One file of a rule folder (the JSON Schema of rule files is drawn from it)."""

    facts: list[Predicate] = []
    rules: list[Rule] = []
    offences: list[Offence] = []
    stages: list[Stage] = []
    variant: Variant | None = None


class RuleBase(Strict):
    """The law: facts a case may state, rules, offences and stages."""

    name: str
    predicates: dict[str, Predicate]
    rules: tuple[Rule, ...]
    offences: dict[str, Offence]
    stages: dict[str, Stage]
    default_stage: str = "end_of_investigation"

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
    name: str
    kind: PartyKind
    role: str | None = None


class Charge(Strict):
    """One accusation: an accused, and the principal offence they are said to be party to."""

    accused: Identifier
    offence: Identifier

    @property
    def key(self) -> str:
        """A stable name for the charge, ``offence/accused``."""
        return f"{self.offence}/{self.accused}"


class Finding(Strict):
    """What the court found on one question, how firmly, and in which words."""

    id: Identifier
    fact: Identifier | None = None
    level: LevelField
    offence: IdList | None = None
    accused: IdList | None = None
    date: str | None = None
    quote: str | None = None
    section: str | None = None
    source: str | None = None
    summary: str | None = None
    weighs_against: Identifier | None = None

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
    holds: IdList | None = None


class Expectation(Strict):
    """What the court decided at one stage (for tests only; the engine never reads it)."""

    stage: Identifier | None = None
    outcome: Identifier
    charges: list[ChargeExpectation] = []
    why: str | None = None


class Case(Strict):
    """A case: who is charged with what, and what the court found."""

    case: Identifier
    title: Text
    court: str
    date: str
    decision: str | None = None
    sources: TextList = Field(min_length=1)
    stage: Identifier | None = None
    notes: str | None = None
    parties: list[Party] = Field(min_length=1)
    charges: list[Charge] = Field(min_length=1)
    findings: list[Finding] = []
    expect: list[Expectation] = []

    def party(self, party_id: str) -> Party:
        """The party named ``party_id``."""
        return next(p for p in self.parties if p.id == party_id)
