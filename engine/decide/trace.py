"""What an evaluation found: every level, every rule applied, every outcome.

Both backends return a ``Trace``; the differential tests compare them whole.
The explanation (``explain.py``) is built from a trace and never re-decides law.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from verdict.engine.model.case import Charge
from verdict.engine.model.levels import Level


class RuleResult(NamedTuple):
    """One rule applied to one charge: its level and the level of each condition.

    ``parts`` holds, for each condition in the same order, the level the backend gave each
    compound part of it (``all``, ``any``, ``not``, ``unless``), children before their parent
    (``model.compound_parts``): the explanation reads them instead of computing them again.
    """

    rule: str
    level: Level
    conditions: tuple[tuple[str, Level], ...]
    parts: tuple[tuple[Level, ...], ...] = ()


@dataclass(frozen=True)
class ChargeResult:
    """One charge evaluated: the level of every fact and conclusion, and the outcome."""

    charge: Charge
    kind: str
    offence_class: str
    levels: Mapping[str, Level]
    rules: Mapping[str, RuleResult]
    liable: Level
    holds: bool
    outcome: str


@dataclass(frozen=True)
class Trace:
    """A case evaluated at one stage by one backend."""

    case: str
    stage: str
    required: Level
    backend: str
    rule_base: str
    charges: tuple[ChargeResult, ...]
    outcome: str

    def charge(self, offence: str, accused: str) -> ChargeResult:
        """The result for the charge of ``offence`` against ``accused``."""
        for result in self.charges:
            if result.charge.offence == offence and result.charge.accused == accused:
                return result
        raise KeyError(f"{offence}/{accused}")

    def decisions(self) -> tuple[tuple[str, str, int, str], ...]:
        """What the law decided, without the path to it: (charge, rule-or-fact, level, outcome)."""
        rows: list[tuple[str, str, int, str]] = []
        for c in self.charges:
            rows.extend(
                (c.charge.key, name, int(level), c.outcome) for name, level in sorted(c.levels.items())
            )
            rows.extend(
                (c.charge.key, f"rule:{r.rule}", int(r.level), repr(r.conditions))
                for r in sorted(c.rules.values(), key=lambda r: r.rule)
            )
        return tuple(rows)
