"""The law a case is decided under: the rule base with the case's own offences, and its stage.
"""

from __future__ import annotations

from verdict.engine.errors import VerdictError
from verdict.engine.model.case import Case
from verdict.engine.model.hints import stages_hint
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Message


def base_offence(offences: dict[str, Offence], offence_id: str) -> Offence:
    """The simple offence an aggravated form qualifies (the offence itself when it is simple)."""
    offence = offences[offence_id]
    while offence.qualifies is not None:
        offence = offences[offence.qualifies]
    return offence


_CASE_LAW: dict[tuple[int, str], tuple[RuleBase, RuleBase]] = {}


_CASE_LAW_SIZE = 64


def case_law(base: RuleBase, case: Case) -> RuleBase:
    """The rule base a case is decided under: ``base`` with the offences the case declares."""
    if not case.offences:
        return base
    key = (id(base), repr(case.offences))
    cached = _CASE_LAW.get(key)
    if cached is not None and cached[0] is base:
        return cached[1]
    if len(_CASE_LAW) >= _CASE_LAW_SIZE:
        _CASE_LAW.pop(next(iter(_CASE_LAW)))
    extended = base.with_offences(case.offences)
    _CASE_LAW[key] = (base, extended)
    return extended


def stage_of(case: Case, base: RuleBase, stage: str | None = None) -> Stage:
    """The stage to judge ``case`` at: ``stage`` if given, else the case's, else the default."""
    stage_id = stage if stage is not None else case.stage or base.default_stage
    if stage_id not in base.stages:
        hint = stages_hint(stage_id, base.stages)
        raise VerdictError(Message("stage.unknown", stage=f"'{stage_id}'", hint=hint))
    return base.stages[stage_id]
