"""Benchmark at scale. Prints figures; asserts nothing.

1. Memory: resident memory (``/proc/self/statm``) over 100,000 scenarios in one fresh
   process per backend: the bundled rules and the Qosmos case, every finding at a
   random level; then again with a new law variant (a new rule-base object, compiled
   anew) every 1,000 scenarios.
2. A large case end to end: 500 rules and a case of 2,000 findings written as YAML and
   read back through the loader; evaluation on each backend, explanation, rendering to
   text, JSON and Markdown (medians of several runs).
3. The explanation's cost as conclusions chain deeper (one run per depth).
4. What durable_rules cannot compile: each attempt in a child process with a time limit.

    python bench/bench_scale.py [--scenarios 100000] [--runs 5] [--depths 3,4,5,6,7]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "tests")]

from bench_explain import rss_mb, runner, scenarios  # noqa: E402
from generators import write_large_case  # noqa: E402
from rich.console import Console  # noqa: E402

from verdict.engine.decide.compiled import CACHE_SIZE  # noqa: E402
from verdict.engine.decide.evaluate import durable_available, evaluate  # noqa: E402
from verdict.engine.errors import EngineError  # noqa: E402
from verdict.engine.explain.builder import explain  # noqa: E402
from verdict.engine.explain.explanation import Explanation  # noqa: E402
from verdict.engine.load.case_file import load_case  # noqa: E402
from verdict.engine.load.paths import find_case  # noqa: E402
from verdict.engine.load.rule_folder import load_rules  # noqa: E402
from verdict.engine.model.case import Case  # noqa: E402
from verdict.engine.model.rule_base import RuleBase  # noqa: E402
from verdict.render.json_doc import dumps, to_dict  # noqa: E402
from verdict.render.memo import render as render_markdown  # noqa: E402
from verdict.render.text import render as render_text  # noqa: E402

T = TypeVar("T")
LIMIT_SECONDS = 20.0


def timed(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    """The median wall time of ``work`` over ``runs`` runs, and its last result."""
    times: list[float] = []
    result: T | None = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


# ---------------------------------------------------------------- 1. memory


def memory(backend: str, count: int, every: int = 0) -> None:
    """Run ``count`` Qosmos scenarios on ``backend`` in this process; print the RSS curve.

    ``every``: a new law variant (another rule-base object, compiled anew) every so many
    scenarios; the warm-up runs as many variants as the cache of compiled programs holds.
    """
    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    inputs = scenarios(base, case, 5000)

    def variant(n: int) -> RuleBase:
        return base.model_copy(update={"name": f"{base.name}, variant {n}"}) if every else base

    os.environ["VERDICT_CACHE"] = "off"  # the cache on disk is not measured here
    for n in range(CACHE_SIZE if every else 0):  # the cache of compiled programs filled
        warm = runner(variant(-1 - n), case, backend)
        for facts in inputs[:50]:
            warm(facts)
    run = runner(base, case, backend)
    for facts in inputs[:2000]:  # compiled, caches filled, allocator warm
        run(facts)
    before = rss_mb()
    curve = []
    start = time.perf_counter()
    step = max(1, count // 10)
    for i in range(count):
        if every and i % every == 0:
            run = runner(variant(i // every), case, backend)
        run(inputs[i % len(inputs)])
        if (i + 1) % step == 0:
            curve.append(rss_mb() - before)
    seconds = time.perf_counter() - start
    points = " ".join(f"{growth:+.1f}" for growth in curve)
    law = f", a new law every {every:,}" if every else ""
    print(
        f"{backend:>9}: {count:,} scenarios{law} in {seconds:.0f} s ({seconds / count * 1e6:.0f} µs each); "
        f"RSS {before:.0f} MB, growth {rss_mb() - before:+.2f} MB; every {step:,}: {points}"
    )


def child(*args: str, timeout: float | None = None) -> str:
    """Run this script with ``args`` in a fresh process; its output, or why it has none."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"no answer after {timeout:.0f} s (stopped)"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"failed (exit {done.returncode}): {last}"
    return done.stdout.rstrip()


# ---------------------------------------------------------------- 2. the large case


def text_of(explanation: Explanation, detail: bool) -> str:
    console = Console(file=io.StringIO(), width=120, highlight=False, color_system=None)
    console.print(render_text(explanation, "en", detail))
    out: str = console.file.getvalue()  # type: ignore[attr-defined]
    return out


def large_case(runs: int, backends: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        rules_dir, case_path = write_large_case(Path(tmp))
        written = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*.yaml"))

        def load() -> tuple[RuleBase, Case]:
            base = load_rules(rules_dir)
            return base, load_case(case_path, base)

        load_s, (base, case) = timed(runs, load)
    print(
        f"large case: {len(base.rules)} rules, {len(base.predicates)} facts, "
        f"{len(base.conclusions)} conclusions; {len(case.findings):,} findings, {len(case.charges)} charges"
    )
    print(f"  generate and write YAML: {ms(written)} ({size / 1e6:.1f} MB); load: median {ms(load_s)}")
    traces = {}
    for backend in backends:
        start = time.perf_counter()
        try:
            evaluate(base, case, backend=backend)  # type: ignore[arg-type]
        except EngineError as error:  # beyond what durable_rules can hold: refused in one line
            print(f"  {backend:>9}: {error}")
            continue
        first = time.perf_counter() - start
        seconds, traces[backend] = timed(runs, lambda b=backend: evaluate(base, case, backend=b))  # type: ignore[misc]
        print(f"  {backend:>9}: first evaluation {ms(first)} (compiles), then median {ms(seconds)}")
    trace = traces["reference"]
    if len(traces) == 2:
        same = traces["durable"].decisions() == trace.decisions()
        print(f"  backends agree: {same}; outcome {trace.outcome}; charges "
              + ", ".join(f"{c.charge.key} {c.liable.name_id}" for c in trace.charges))
    explain_s, explanation = timed(max(1, runs // 2), lambda: explain(trace, base, case))
    print(f"  explain: median {ms(explain_s)}")
    renders: dict[str, Callable[[], Any]] = {
        "text": lambda: text_of(explanation, False),
        "text --detail": lambda: text_of(explanation, True),
        "JSON": lambda: dumps(to_dict(explanation)),
        "Markdown": lambda: render_markdown(explanation),
    }
    for name, render in renders.items():
        seconds, out = timed(runs, render)
        print(f"  render {name}: median {ms(seconds)} ({len(out) / 1e6:.2f} MB)")


# ---------------------------------------------------------------- 3. explanation by depth


def depth(layers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, case_path = write_large_case(Path(tmp), layers=layers)
        base = load_rules(rules_dir)
        case = load_case(case_path, base)
    trace = evaluate(base, case, backend="reference")
    start = time.perf_counter()
    explained = explain(trace, base, case)
    seconds = time.perf_counter() - start
    facts = sum(len(c.facts) for charge in explained.charges for c in charge.elements)
    print(f"  chains {layers} deep: explain {ms(seconds)} ({facts:,} facts cited under the routes)")


# ---------------------------------------------------------------- 4. durable_rules' limits


def compile_durable(facts: int, rules: int, per_conclusion: int, reads: int) -> None:
    from verdict.engine.decide.durable_backend import DurableProgram

    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, _ = write_large_case(
            Path(tmp), facts=facts, rules=rules, per_conclusion=per_conclusion, reads=reads
        )
        base = load_rules(rules_dir)
    start = time.perf_counter()
    try:
        program = DurableProgram(base)
    except Exception as error:
        print(f"{type(error).__module__}.{type(error).__name__}: {error}")
        return
    print(f"compiled into {len(program.definition)} durable rules in {ms(time.perf_counter() - start)}")


LIMITS = (
    ("500 rules, 320 facts (the large case above)", (320, 500, 5, 4)),
    ("500 rules, 2,000 facts", (2000, 500, 5, 4)),
    ("100 rules, 520 facts", (520, 100, 5, 4)),
    ("500 rules, 125 conclusions each reading about 45 names", (320, 500, 4, 40)),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--depths", default="3,4,5,6,7")
    parser.add_argument("--memory-of", help=argparse.SUPPRESS)
    parser.add_argument("--variant-every", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--compile", nargs=4, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        memory(args.memory_of, args.scenarios, args.variant_every)
        return
    if args.compile:
        compile_durable(*args.compile)
        return

    backends = ["durable", "reference"] if durable_available() else ["reference"]
    print(f"memory over {args.scenarios:,} Qosmos scenarios, one fresh process per backend:")
    for backend in backends:
        print(child("--memory-of", backend, "--scenarios", str(args.scenarios)))
    for backend in backends:
        print(child("--memory-of", backend, "--scenarios", str(args.scenarios), "--variant-every", "1000"))
    large_case(args.runs, backends)
    print("explanation of the large case as conclusions chain deeper:")
    for layers in (int(d) for d in args.depths.split(",") if d):
        depth(layers)
    if "durable" in backends:
        print(f"compiling into durable_rules (child process, stopped after {LIMIT_SECONDS:.0f} s):")
        for label, (facts, rules, per_conclusion, reads) in LIMITS:
            result = child("--compile", str(facts), str(rules), str(per_conclusion), str(reads),
                           timeout=LIMIT_SECONDS)
            print(f"  {label}: {result}")


if __name__ == "__main__":
    main()
