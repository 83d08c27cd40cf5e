"""Exhaustive sweeps: every combination of k chosen findings, each at its level or flipped.

A finding is *flipped* across the stage's threshold: one at or above the required level
drops just below it, one below rises to it. The 2^k scenarios are decided on the fast path
(the generated evaluator, ``generated.py``, proven equal to the reference) or, for small k,
by full evaluations on any backend; ``jobs`` worker processes split the range (the GIL
makes threads useless here, and durable_rules' C core holds it too).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from verdict.engine.decide.evaluate import Backend, case_outcome, evaluate
from verdict.engine.decide.generated import charge_decider, compile_generated
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.errors import VerdictError
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law, stage_of
from verdict.engine.model.dated import dated
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.stages import Stage
from verdict.messages import Message


def flipped(level: int, required: int) -> Level:
    """``level`` moved across ``required``: just below it if it reached it, else up to it."""
    return Level(required - 1 if level >= required else required)


@dataclass(frozen=True)
class SweepResult:
    """How many scenarios led to each case outcome, and how many changed it."""

    scenarios: int
    outcomes: dict[str, int]
    changed: int
    backend: str
    jobs: int


@dataclass(frozen=True)
class _Plan:
    """Everything a worker needs, in plain picklable data."""

    base: RuleBase
    case: Case
    stage: str
    findings: tuple[str, ...]
    backend: str


def _levels(plan: _Plan, mask: int, required: int) -> dict[str, Level]:
    originals = {f.id: f.level for f in plan.case.findings}
    return {
        fid: flipped(originals[fid], required) if mask >> i & 1 else originals[fid]
        for i, fid in enumerate(plan.findings)
    }


def _fast_chunk(plan: _Plan, start: int, stop: int) -> Counter[str]:
    """Decide scenarios ``start``..``stop`` on the compiled fast path."""
    stage: Stage = plan.base.stages[plan.stage]
    program = compile_generated(plan.base)
    required = int(stage.required)
    rank = {o: i for i, o in enumerate(stage.severity)}
    index = {fid: i for i, fid in enumerate(plan.findings)}
    charges = []
    for facts in charge_facts(plan.case, plan.base):
        fixed: dict[str, int] = {}
        chosen: dict[str, list[tuple[int, int, int]]] = {}
        for f in plan.case.findings:
            if f.fact is None or not f.applies(facts.charge):
                continue
            if f.id in index:
                other = int(flipped(f.level, required))
                chosen.setdefault(f.fact, []).append((index[f.id], int(f.level), other))
            else:
                fixed[f.fact] = max(fixed.get(f.fact, -1), int(f.level))
        env: dict[str, int] = {name: int(level) for name, level in facts.facts.items()}
        decide = charge_decider(program, stage, facts.charge.offence, facts.kind, facts.offence_class, rank)
        charges.append((decide, env, fixed, chosen))
    counts: Counter[str] = Counter()
    for mask in range(start, stop):
        worst = len(stage.severity)
        for decide, env, fixed, chosen in charges:
            for fact, options in chosen.items():
                best = fixed.get(fact, -1)
                for i, original, other in options:
                    best = max(best, other if mask >> i & 1 else original)
                env[fact] = best
            worst = min(worst, decide(env))
        counts[stage.severity[worst]] += 1
    return counts


def _full_chunk(plan: _Plan, start: int, stop: int) -> Counter[str]:
    """Decide scenarios ``start``..``stop`` by full evaluations on the plan's backend."""
    required = int(plan.base.stages[plan.stage].required)
    counts: Counter[str] = Counter()
    backend: Backend = "durable" if plan.backend == "durable" else "reference"
    for mask in range(start, stop):
        trace = evaluate(plan.base, plan.case, plan.stage, backend, levels=_levels(plan, mask, required))
        counts[trace.outcome] += 1
    return counts


def _run(args: tuple[_Plan, int, int, bool]) -> Counter[str]:
    plan, start, stop, fast = args
    return _fast_chunk(plan, start, stop) if fast else _full_chunk(plan, start, stop)


def sweep(
    base: RuleBase,
    case: Case,
    findings: Sequence[str],
    stage: str | None = None,
    backend: str = "reference",
    fast: bool = True,
    jobs: int = 1,
) -> SweepResult:
    """Decide all 2^k scenarios of ``findings`` (each at its level or flipped) and count outcomes.

    ``fast`` uses the generated evaluator (``backend`` must then be ``reference``);
    otherwise each scenario is a full evaluation on ``backend``.
    """
    base = case_law(base, case)
    case = dated(case, base)
    the_stage = stage_of(case, base, stage)
    known = {f.id for f in case.findings}
    for fid in findings:
        if fid not in known:
            raise VerdictError(Message("sweep.unknown_finding", finding=f"'{fid}'", hint=suggest(fid, known)))
    if fast and backend != "reference":
        raise VerdictError(Message("sweep.fast_reference_only"))
    plan = _Plan(base, case, the_stage.id, tuple(findings), backend)
    total = 1 << len(findings)
    jobs = max(1, min(jobs, total))
    bounds = [total * j // jobs for j in range(jobs + 1)]
    tasks = [(plan, bounds[j], bounds[j + 1], fast) for j in range(jobs)]
    counts: Counter[str] = Counter()
    if jobs == 1:
        counts = _run(tasks[0])
    else:
        # the fast path touches no native code: forking is safe and saves each worker's start-up;
        # full evaluations may run durable_rules, whose state must not be inherited
        forking = fast and "fork" in multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if forking else "spawn")
        with context.Pool(jobs) as pool:
            for part in pool.map(_run, tasks):
                counts.update(part)
    baseline = case_outcome(the_stage, evaluate(base, case, the_stage.id, "reference").charges)
    return SweepResult(
        scenarios=total,
        outcomes=dict(sorted(counts.items())),
        changed=total - counts.get(baseline, 0),
        backend=backend,
        jobs=jobs,
    )
