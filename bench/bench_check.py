"""Benchmark of the checks on a large case. Prints figures; asserts nothing.

1. A case of 2,000 charges and 20,000 findings (each finding scoped to one accused, one in
   200 bearing on every charge), written as YAML: ``verdict check`` (read, validate, check
   names and contradictions) and ``verdict explain`` on the reference backend, in JSON and
   Markdown (medians of several runs, in-process).
2. A rule folder whose conclusions chain 10,000 deep: how long until it is refused.

    python bench/bench_check.py [--charges 2000] [--findings 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generators import chain_folder

from verdict.cli import app
from verdict.engine.io.yamlio import MAX_BYTES, MAX_NODES
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.graph import MAX_CHAIN

ROOT = Path(__file__).resolve().parents[1]


def write_case(path: Path, charges: int, findings: int, seed: int = 1) -> None:
    """A case of ``charges`` charges and ``findings`` findings on the bundled law's facts and offences."""
    base = load_rules()
    offences = sorted(base.offences)
    facts = sorted(base.predicates)
    levels = ["not_shown", "plausible", "serious", "sufficient", "proven"]
    per_party = min(len(offences), 5)
    parties = -(-charges // per_party)
    rng = random.Random(seed)
    lines = ["case: big", "title: {en: Big, fr: Gros}", "court: c", 'date: "2024-01-01"']
    lines += ["sources: [t]", "parties:"]
    lines += [f"  - {{id: p{i}, name: P, kind: natural_person}}" for i in range(parties)]
    lines.append("charges:")
    for n in range(charges):
        lines.append(f"  - {{accused: p{n // per_party}, offence: {offences[n % per_party]}}}")
    lines.append("findings:")
    for j in range(findings):
        scope = "" if j % 200 == 0 else f", accused: p{rng.randrange(parties)}"
        lines.append(f"  - {{id: f{j}, fact: {rng.choice(facts)}, level: {rng.choice(levels)}{scope}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(*argv: str) -> tuple[int, int]:
    """``verdict ARGV`` in this process: its exit code and the size of its output."""
    out = io.StringIO()
    sys.argv = ["verdict", *argv]
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            app.main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    return code, len(out.getvalue())


def timed(action: Callable[[], object], runs: int) -> str:
    """The median wall-clock and processor time of ``runs`` runs of ``action``, as printed."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median_wall, median_cpu = statistics.median(wall), statistics.median(cpu)
    return f"{median_wall:.2f} s wall, {median_cpu:.2f} s processor (median of {runs})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charges", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"limits: {MAX_BYTES:,} bytes and {MAX_NODES:,} values a file; chains of {MAX_CHAIN} conclusions")
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "big.yaml"
        write_case(case, args.charges, args.findings)
        size = case.stat().st_size
        print(f"case: {args.charges:,} charges, {args.findings:,} findings, {size:,} bytes")
        assert run("check", str(case))[0] == 0
        print(f"check: {timed(lambda: run('check', str(case)), args.runs)}")
        for fmt in ("json", "markdown"):
            code, length = run("explain", str(case), "--backend", "reference", "--format", fmt)
            assert code == 0
            explain = ["explain", str(case), "--backend", "reference", "--format", fmt]
            figure = timed(functools.partial(run, *explain), args.runs)
            print(f"explain --format {fmt}: {figure}; {length:,} characters")
        folder = Path(tmp) / "deep"
        chain_folder(folder, 10_000)
        code, _ = run("explain", "textbook_useless_aid", "--rules", str(folder), "--backend", "reference")
        figure = timed(lambda: run("explain", "textbook_useless_aid", "--rules", str(folder)), 1)
        print(f"a chain of 10,000 conclusions: refused (exit {code}) in {figure}")


if __name__ == "__main__":
    main()
