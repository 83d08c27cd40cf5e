"""Conditions of rules: a predicate, all, any, not, unless; parsing and walking them.

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import (
    BeforeValidator,
    Field,
)

from verdict.engine.model.base import Identifier, Strict
from verdict.messages import Message


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
