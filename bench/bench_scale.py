"""Benchmark: memory over 100,000 scenarios in one process, and a case of 2,000 findings
under 500 rules end to end (load, evaluate on each backend, explain, render).
Prints medians; asserts nothing.

    python bench/bench_scale.py [--scenarios 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "tests")]

from bench_explain import rss_mb, runner, scenarios  # noqa: E402
from generators import write_large_case  # noqa: E402

from verdict.cli.render_json import dumps, to_dict  # noqa: E402
from verdict.cli.render_markdown import render as render_markdown  # noqa: E402
from verdict.cli.render_text import render as render_text  # noqa: E402
from verdict.engine.evaluate import durable_available, evaluate  # noqa: E402
from verdict.engine.explain import explain  # noqa: E402
from verdict.engine.loader import find_case, load_case, load_rules  # noqa: E402


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The median wall time of ``work`` over ``runs`` runs, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    backends = ["durable", "reference"] if durable_available() else ["reference"]

    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    inputs = scenarios(base, case, 5000)
    for backend in backends:
        run = runner(base, case, backend)
        for facts in inputs[:2000]:
            run(facts)
        before = rss_mb()
        start = time.perf_counter()
        for i in range(args.scenarios):
            run(inputs[i % len(inputs)])
        seconds = time.perf_counter() - start
        print(f"{backend:>9}: {args.scenarios:,} scenarios in {seconds:.1f} s, "
              f"memory growth {rss_mb() - before:+.2f} MB (RSS {rss_mb():.0f} MB)")

    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, case_path = write_large_case(Path(tmp))
        load_s, (big_base, big_case) = timed(
            args.runs, lambda: (lambda b: (b, load_case(case_path, b)))(load_rules(rules_dir))
        )
        print(f"large case: {len(big_case.findings):,} findings, {len(big_base.rules)} rules, "
              f"{len(big_base.predicates)} facts, {len(big_case.charges)} charges")
        print(f"     load: median {load_s * 1000:.0f} ms")
        traces = {}
        for backend in backends:
            seconds, traces[backend] = timed(
                args.runs, lambda b=backend: evaluate(big_base, big_case, backend=b)
            )
            print(f"{backend:>9}: evaluate median {seconds * 1000:.0f} ms (first run includes compiling)")
        if len(traces) == 2:
            same = traces["durable"].decisions() == traces["reference"].decisions()
            print(f"  backends agree: {same}")
        trace = traces["reference"]
        seconds, explanation = timed(args.runs, lambda: explain(trace, big_base, big_case))
        print(f"  explain: median {seconds * 1000:.0f} ms; outcome {explanation.outcome}")
        for name, render in (
            ("json", lambda: dumps(to_dict(explanation))),
            ("markdown", lambda: render_markdown(explanation)),
            ("text", lambda: render_text(explanation)),
        ):
            seconds, _ = timed(args.runs, render)
            print(f"   render {name}: median {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
