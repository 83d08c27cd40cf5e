"""From a case's findings to the level of every fact, charge by charge.

A fact is shown as strongly as the strongest finding that bears on it (within the
finding's scope); a fact no finding bears on is ``not_shown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import Case, Charge
from verdict.engine.model.levels import DEFAULT, Level, supported
from verdict.engine.model.rule_base import RuleBase


@dataclass(frozen=True)
class ChargeFacts:
    """The input of one charge's evaluation: who, for what, and the level of each fact."""

    charge: Charge
    kind: str
    offence_class: str
    facts: Mapping[str, Level]


def charge_facts(
    case: Case, base: RuleBase, levels: Mapping[str, Level] | None = None
) -> tuple[ChargeFacts, ...]:
    """Each charge's fact levels; ``levels`` overrides the level of findings by id."""
    levels = levels or {}
    index = Bearing(case.findings)

    def level(i: int) -> Level:
        finding = case.findings[i]
        return levels.get(finding.id, finding.level)

    common = {name: supported(map(level, index.common(name))) for name in index.common_names()}
    everywhere = {name: common.get(name, DEFAULT) for name in base.predicates}
    result = []
    for charge in case.charges:
        facts = dict(everywhere)
        for name, scoped in index.scoped(charge).items():
            if name in facts:
                own = supported(map(level, scoped))
                facts[name] = max(common[name], own) if name in common else own
        result.append(
            ChargeFacts(
                charge=charge,
                kind=case.party(charge.accused).kind,
                offence_class=base.offences[charge.offence].class_,
                facts=facts,
            )
        )
    return tuple(result)
