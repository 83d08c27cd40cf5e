"""Benchmark: an exhaustive sweep over 2^k scenarios of a case (the bundled Qosmos case by default).

Each of k findings is either at its level or flipped across the stage's threshold. The
reference backend's fast path decides the scenarios; a smaller sweep is also run with a full
evaluation per scenario on the durable backend (where durable_rules runs).

    python bench/bench_sweep.py --k 16 --jobs 2
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from verdict.engine.decide.evaluate import durable_available
from verdict.engine.decide.sweep import SweepResult, sweep
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.case import Case
from verdict.engine.model.rule_base import RuleBase

DEFAULT_CASE = "qosmos"


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median wall time of ``repeat`` runs, and the last run's result."""
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def chosen_findings(case: Case, k: int) -> list[str]:
    """``k`` findings that bear on a fact, taken in turn from each fact so that every fact moves."""
    by_fact: dict[str, list[str]] = {}
    for f in case.findings:
        if f.fact is not None:
            by_fact.setdefault(f.fact, []).append(f.id)
    ids: list[str] = []
    while len(ids) < k and any(by_fact.values()):
        for queue in by_fact.values():
            if queue and len(ids) < k:
                ids.append(queue.pop(0))
    if len(ids) < k:
        raise SystemExit(f"the case has only {len(ids)} findings bearing on a fact")
    return ids


def bundled(case: str) -> tuple[RuleBase, Case]:
    """The bundled rule base and the case named ``case`` (a bundled case or a file)."""
    base = load_rules()
    return base, load_case(find_case(case), base)


def bench_fast(k: int, jobs: int, repeat: int, case_name: str = DEFAULT_CASE) -> tuple[float, SweepResult]:
    """Median seconds for 2^k scenarios on the fast path with ``jobs`` processes."""
    base, case = bundled(case_name)
    ids = chosen_findings(case, k)
    seconds, result = median_seconds(lambda: sweep(base, case, ids, jobs=jobs), repeat)
    assert isinstance(result, SweepResult)
    return seconds, result


def bench_full(
    k: int, backend: str, jobs: int, repeat: int, case_name: str = DEFAULT_CASE
) -> tuple[float, SweepResult]:
    """Median seconds for 2^k scenarios, each a full evaluation on ``backend``."""
    base, case = bundled(case_name)
    ids = chosen_findings(case, k)
    seconds, result = median_seconds(
        lambda: sweep(base, case, ids, backend=backend, fast=False, jobs=jobs), repeat
    )
    assert isinstance(result, SweepResult)
    return seconds, result


def report(label: str, seconds: float, result: SweepResult, target: float | None = None) -> None:
    """One line: what ran, its median, the rate, and the outcome counts."""
    rate = result.scenarios / seconds if seconds else float("inf")
    goal = "" if target is None else f"  (target ≤ {target:g} s: {'met' if seconds <= target else 'MISSED'})"
    print(
        f"{label}: {result.scenarios} scenarios, {result.jobs} process(es), {result.backend}: "
        f"median {seconds:.2f} s, {rate:,.0f} scenarios/s, outcomes {result.outcomes}{goal}"
    )


def main() -> None:
    """Run the sweep benchmarks and print their medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=16, help="findings swept on the fast path (2^k scenarios)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--durable-k", type=int, default=10, help="findings swept with full evaluations")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--case", default=DEFAULT_CASE, help="a bundled case or a case file")
    args = parser.parse_args()
    seconds, result = bench_fast(args.k, args.jobs, args.repeat, args.case)
    report(f"sweep 2^{args.k} fast path", seconds, result, 30.0)
    seconds, result = bench_fast(args.k, 1, args.repeat, args.case)
    report(f"sweep 2^{args.k} fast path", seconds, result)
    backend = "durable" if durable_available() else "reference"
    seconds, result = bench_full(args.durable_k, backend, args.jobs, args.repeat, args.case)
    report(f"sweep 2^{args.durable_k} full evaluations", seconds, result)


if __name__ == "__main__":
    main()
