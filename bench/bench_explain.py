"""Benchmark: `verdict explain` as a cold process, scenarios per second on each backend,
and memory growth over many scenarios. Prints medians; asserts nothing.

    python bench/bench_explain.py [--runs 11] [--scenarios 5000] [--memory 50000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from verdict.engine.decide.evaluate import durable_available
from verdict.engine.decide.scenario import ChargeFacts, charge_facts
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import stage_of
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 1e6


def cold_start(runs: int) -> list[float]:
    """Wall time of `verdict explain qosmos` in a fresh process, once per run."""
    verdict = Path(sys.executable).with_name("verdict")
    command = [str(verdict)] if verdict.exists() else [sys.executable, "-m", "verdict.cli.app"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*command, "explain", "qosmos"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def scenarios(base: RuleBase, case: Case, count: int, seed: int = 1) -> list[tuple[ChargeFacts, ...]]:
    """``count`` variants of ``case``: each finding at a random level."""
    rng = random.Random(seed)
    levels = list(Level)
    ids = [f.id for f in case.findings if f.fact]
    return [charge_facts(case, base, {i: rng.choice(levels) for i in ids}) for _ in range(count)]


def runner(base: RuleBase, case: Case, backend: str) -> Callable[[tuple[ChargeFacts, ...]], object]:
    """A function evaluating one scenario on ``backend``."""
    stage = stage_of(case, base)
    if backend == "durable":
        from verdict.engine.decide.durable_backend import run_durable

        return lambda facts: run_durable(base, facts, stage)
    from verdict.engine.decide.reference import compile_program

    program = compile_program(base)
    return lambda facts: tuple(program.run(f, stage) for f in facts)


def throughput(
    run: Callable[[tuple[ChargeFacts, ...]], object], inputs: list[tuple[ChargeFacts, ...]]
) -> float:
    """Scenarios per second over ``inputs``."""
    start = time.perf_counter()
    for facts in inputs:
        run(facts)
    return len(inputs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--scenarios", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--memory", type=int, default=50_000)
    args = parser.parse_args()

    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    backends = ["durable", "reference"] if durable_available() else ["reference"]
    print(
        f"rule base: {len(base.rules)} rules, {len(base.predicates)} facts; "
        f"case: {len(case.charges)} charges, {len(case.findings)} findings"
    )

    times = cold_start(args.runs)
    print(
        f"cold `verdict explain qosmos`: median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs)"
    )

    inputs = scenarios(base, case, args.scenarios)
    rates = {}
    for backend in backends:
        run = runner(base, case, backend)
        run(inputs[0])  # compile once, outside the measure
        samples = [throughput(run, inputs) for _ in range(args.repeats)]
        rates[backend] = statistics.median(samples)
        print(
            f"{backend:>9}: median {rates[backend]:,.0f} scenarios/s "
            f"({1e6 / rates[backend]:.0f} µs each, {args.repeats} runs of {len(inputs):,})"
        )
    if len(rates) == 2:
        print(f"reference / durable speed ratio: {rates['reference'] / rates['durable']:.1f}")

    for backend in backends:
        run = runner(base, case, backend)
        warm = inputs[: min(2000, len(inputs))]
        for facts in warm:
            run(facts)
        before = rss_mb()
        for i in range(args.memory):
            run(inputs[i % len(inputs)])
        growth = rss_mb() - before
        print(f"{backend:>9}: memory growth over {args.memory:,} scenarios: {growth:+.2f} MB")


if __name__ == "__main__":
    main()
