"""The building blocks of the model: identifiers, texts in two languages, citations, dates,
levels as a field, and the base class of every model (plain, frozen data).

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from verdict.engine.model.dates import check_day, check_span, span
from verdict.engine.model.levels import LEVEL_NAMES, Level, levels_hint
from verdict.messages import Message

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
