"""Benchmark: the three engines side by side, the deep counterfactual search, and cold starts.

Prints, in one run (medians; asserts nothing):

1. scenarios a second on the same Qosmos what-ifs (``{finding: level}`` overrides, as
   ``whatif --set`` takes) for the public reference ``evaluate()``, the durable backend and
   the generated evaluator (``generated.outcomes``), with their ratios, after checking that
   all three give the same outcome for every scenario; target for the generated path
   ≥ 150,000 a second;
2. ``verdict counterfactuals qosmos --stage judgment --max-changes 6`` as a cold process;
   target ≤ 2 s;
3. cold ``verdict explain qosmos`` and ``verdict --help`` beside the import floor
   (``import typer, rich.console``), with a cache folder of their own (engine/io/cache.py):
   the first ``explain`` fills it, the median is taken over the runs after; targets
   ≤ 0.20 s, ≤ 2.5 × the floor, and ≤ 0.12 s. Run it from a regular install (``pip install .``):
   an editable install compiles the package's modules at every start.

    python bench/bench_engines.py [--scenarios 2000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from verdict.engine.decide.evaluate import durable_available, evaluate
from verdict.engine.decide.generated import outcomes
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.case_law import stage_of
from verdict.engine.model.levels import Level


def per_second(count: int, run: Callable[[], object], repeats: int = 3) -> float:
    """Scenarios a second: the median of ``repeats`` timed runs of ``count`` scenarios."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def cold(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """The median wall time of ``command`` as a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    stage = stage_of(case, base, None)
    rng = random.Random(1)
    movable = [f.id for f in case.findings if f.fact is not None]
    changes = [
        {fid: rng.randrange(6) for fid in rng.sample(movable, rng.randint(1, 4))}
        for _ in range(args.scenarios)
    ]
    levels = [{fid: Level(v) for fid, v in change.items()} for change in changes]

    print(f"1. {len(changes)} Qosmos what-ifs at {stage.id}, {len(case.charges)} charges each")
    fast = outcomes(base, case, stage, changes)
    backends = ["reference", "durable"] if durable_available() else ["reference"]
    for backend in backends:
        found = [evaluate(base, case, stage.id, backend, lv).outcome for lv in levels]  # type: ignore[arg-type]
        same = sum(a == b for a, b in zip(found, fast, strict=True))
        print(f"   {backend} and generated agree on {same} of {len(changes)} scenarios")
    rates = {
        backend: per_second(
            len(levels),
            lambda backend=backend: [evaluate(base, case, stage.id, backend, lv) for lv in levels],  # type: ignore[misc]
        )
        for backend in backends
    }
    rates["generated"] = per_second(len(changes), lambda: outcomes(base, case, stage, changes))
    for name, rate in rates.items():
        ratio = rate / rates["reference"]
        print(f"   {name:<10} {rate:>12,.0f} scenarios/s  {1e6 / rate:>9.1f} µs  ×{ratio:,.2f} the reference")
    if "durable" in rates:
        print(f"   generated / durable: ×{rates['generated'] / rates['durable']:,.0f}")

    verdict = Path(sys.executable).with_name("verdict")
    command = [str(verdict)] if verdict.exists() else [sys.executable, "-m", "verdict.cli.app"]
    deep = [*command, "counterfactuals", "qosmos", "--stage", "judgment", "--max-changes", "6"]
    print(f"2. {' '.join(deep[1:])}: {cold(deep, max(3, args.runs // 2)):.2f} s (target ≤ 2 s)")

    floor = cold([sys.executable, "-c", "import typer, rich.console"], args.runs)
    with tempfile.TemporaryDirectory() as folder:  # a cache of its own, empty at first
        env = {**os.environ, "VERDICT_CACHE": folder}
        first = cold([*command, "explain", "qosmos"], 1, env)
        explain_s = cold([*command, "explain", "qosmos"], args.runs, env)
        help_s = cold([*command, "--help"], args.runs, env)
    from verdict import cli as package

    editable = "site-packages" not in str(Path(package.__file__ or "").resolve())
    where = "editable install: modules compiled at each start" if editable else "installed package"
    print(f"3. import typer, rich.console: {floor:.3f} s ({where})")
    print(f"   verdict explain qosmos, first run (empty cache): {first:.3f} s")
    print(
        f"   verdict explain qosmos: {explain_s:.3f} s, ×{explain_s / floor:.2f} the floor "
        "(targets ≤ 0.20 s, ≤ ×2.5)"
    )
    print(f"   verdict --help: {help_s:.3f} s (target ≤ 0.12 s)")

if __name__ == "__main__":
    main()
