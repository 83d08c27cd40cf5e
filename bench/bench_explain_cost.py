"""Benchmark: what explaining costs beside evaluating, on each backend.

Seeded what-ifs of a case (each finding at a random level) are evaluated, then evaluated and
explained, in one process, on the reference and the durable backend; the explanation reads
the trace and evaluates nothing again. The passes of the two are taken in turn and the best of
each kept, so that a shared machine's load weighs on both alike. Prints the mean time per
what-if of each and their ratio; asserts nothing.

    python bench/bench_explain_cost.py [--case qosmos] [--whatifs 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from verdict.engine.decide.evaluate import durable_available, evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase


def whatifs(case: Case, count: int, seed: int = 1) -> list[dict[str, Level]]:
    """``count`` what-ifs of ``case``: each finding on a fact at a random level."""
    rng = random.Random(seed)
    ids = [f.id for f in case.findings if f.fact]
    return [{i: rng.choice(list(Level)) for i in ids} for _ in range(count)]


def timed(run: Callable[[dict[str, Level]], object], levels: list[dict[str, Level]]) -> float:
    """The mean seconds per what-if of one pass."""
    start = time.perf_counter()
    for one in levels:
        run(one)
    return (time.perf_counter() - start) / len(levels)


def side_by_side(
    first: Callable[[dict[str, Level]], object],
    second: Callable[[dict[str, Level]], object],
    levels: list[dict[str, Level]],
    repeat: int,
) -> tuple[float, float]:
    """The best pass of each of ``first`` and ``second``, their passes taken in turn, so that
    the load of a shared machine weighs on both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for index, run in enumerate((first, second)):
            best[index] = min(best[index], timed(run, levels))
    return best[0], best[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", default="qosmos")
    parser.add_argument("--whatifs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rules: RuleBase = load_rules()
    case = load_case(find_case(args.case), rules)
    base = case_law(rules, case)
    levels = whatifs(case, args.whatifs)
    backends = ["reference", *(["durable"] if durable_available() else [])]
    print(f"{args.case}: {args.whatifs} seeded what-ifs, best of {args.repeat} passes, ms per what-if")
    print(f"{'backend':<10} {'evaluate':>10} {'+explain':>10} {'ratio':>7}")
    for backend in backends:

        def evaluate_only(one: dict[str, Level], backend: str = backend) -> object:
            return evaluate(base, case, backend=backend, levels=one)  # type: ignore[arg-type]

        def evaluate_and_explain(one: dict[str, Level], backend: str = backend) -> object:
            trace = evaluate(base, case, backend=backend, levels=one)  # type: ignore[arg-type]
            return explain(trace, base, case)

        evaluate_only(levels[0])  # compile the program once, outside the timing
        alone, both = side_by_side(evaluate_only, evaluate_and_explain, levels, args.repeat)
        print(f"{backend:<10} {alone * 1e3:>10.2f} {both * 1e3:>10.2f} {both / alone:>6.2f}×")
    if "durable" not in backends:
        print("durable: not available on this Python")


if __name__ == "__main__":
    main()
