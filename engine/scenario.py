"""From a case's findings to the level of every fact, charge by charge.

A fact is shown as strongly as the strongest finding that bears on it (within the
finding's scope); a fact no finding bears on is ``not_shown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .levels import Level, supported
from .model import Case, Charge, RuleBase


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
    result = []
    for charge in case.charges:
        bearing: dict[str, list[Level]] = {}
        for finding in case.findings:
            if finding.fact is not None and finding.applies(charge):
                bearing.setdefault(finding.fact, []).append(levels.get(finding.id, finding.level))
        facts = {name: supported(bearing.get(name, ())) for name in base.predicates}
        result.append(
            ChargeFacts(
                charge=charge,
                kind=case.party(charge.accused).kind,
                offence_class=base.offences[charge.offence].class_,
                facts=facts,
            )
        )
    return tuple(result)
