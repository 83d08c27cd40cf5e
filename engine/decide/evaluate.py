"""Evaluating a case: choose a backend, run every charge, decide the case's outcome."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Literal

from verdict.engine.decide.scenario import charge_facts
from verdict.engine.decide.trace import ChargeResult, Trace
from verdict.engine.errors import VerdictError
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law, stage_of
from verdict.engine.model.dated import dated
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Message

Backend = Literal["durable", "reference"]
BACKENDS: tuple[str, ...] = ("durable", "reference")


def durable_available() -> bool:
    """Whether durable_rules can be imported here (not on Python 3.13 and later)."""
    if sys.version_info >= (3, 13):
        return False
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True


def default_backend() -> Backend:
    """durable_rules wherever it imports, else the reference evaluator."""
    return "durable" if durable_available() else "reference"


def case_outcome(stage: Stage, charges: tuple[ChargeResult, ...]) -> str:
    """The case's outcome: the most severe outcome of any charge, in the stage's order."""
    present = {c.outcome for c in charges}
    return next(o for o in stage.severity if o in present)


def evaluate(
    base: RuleBase,
    case: Case,
    stage: str | None = None,
    backend: Backend | None = None,
    levels: Mapping[str, Level] | None = None,
) -> Trace:
    """Evaluate ``case`` under ``base`` at ``stage``; ``levels`` overrides findings by id."""
    chosen = backend or default_backend()
    base = case_law(base, case)
    case = dated(case, base)
    the_stage = stage_of(case, base, stage)
    scenario = charge_facts(case, base, levels)
    if chosen == "durable":
        if not durable_available():
            raise VerdictError(Message("backend.durable_missing"))
        from verdict.engine.decide.durable_backend import run_durable

        results = run_durable(base, scenario, the_stage)
    elif chosen == "reference":
        from verdict.engine.decide.reference import compile_program

        program = compile_program(base)
        results = tuple(program.run(facts, the_stage) for facts in scenario)
    else:
        raise VerdictError(Message("backend.unknown", backend=f"'{chosen}'"))
    return Trace(
        case=case.case,
        stage=the_stage.id,
        required=the_stage.required,
        backend=chosen,
        rule_base=base.name,
        charges=results,
        outcome=case_outcome(the_stage, results),
    )
