"""Benchmark: how many charges the durable backend decides reliably, run after run.

durable_rules loses facts in sessions of many charges (docs/durable.md). This bench builds a
case of N charges (the textbook useless-aid case, its accused repeated, offences and the
attribution finding varied so that the charges differ), decides it with ``verdict explain
--backend durable --format json`` in a fresh process ``--runs`` times for each N, and compares
every charge's outcome with the reference backend's. It prints, per N: the runs that gave the
reference's answer, the runs that failed (exit code and first line of stderr), the median
seconds and the peak memory of a run. ``MAX_CHARGES`` in engine/decide/durable_backend.py is set from
these figures: the largest N that passed every run, with a margin below the first N that failed.

    python bench/bench_durable_caps.py [--sizes 400,500,600,700,800] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from verdict.engine.load.paths import bundled_facts

OFFENCES = ("theft", "fraud", "murder")


def write_case(folder: Path, charges: int) -> Path:
    """The textbook useless-aid case with ``charges`` accused, each charged with one offence."""
    data: dict[str, Any] = yaml.safe_load((bundled_facts() / "textbook_useless_aid.yaml").read_text("utf-8"))
    data.pop("expect", None)
    template = next(p for p in data["parties"] if p["role"] == "accused")
    others = [p for p in data["parties"] if p["role"] != "accused"]
    accused = [f"accused_{n:04d}" for n in range(charges)]
    data["parties"] = others + [{**template, "id": a, "name": {"en": a, "fr": a}} for a in accused]
    data["charges"] = [{"accused": a, "offence": OFFENCES[n % len(OFFENCES)]} for n, a in enumerate(accused)]
    own = next(f for f in data["findings"] if f.get("accused"))
    data["findings"] = [f for f in data["findings"] if not f.get("accused")]
    for level, group in (("proven", accused[0::2]), ("disproved", accused[1::2])):
        if group:
            data["findings"].append({**own, "id": f"own_act_{level}", "level": level, "accused": group})
    path = folder / f"charges_{charges}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def decide(case: Path, backend: str) -> tuple[int, str, float, int, list[str] | None]:
    """Exit code, first line of stderr, seconds, peak RSS in MB, and the charges' outcomes."""
    command = [sys.executable, "-m", "verdict.cli.entry", "explain", str(case), "--backend", backend,
               "--format", "json"]
    env = {**os.environ, "VERDICT_CACHE": "off"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said = err.read().decode("utf-8", "replace").strip().splitlines()
        outcomes = None
        if code == 0:
            outcomes = [c["outcome"] for c in json.loads(out.read().decode("utf-8"))["charges"]]
    return code, said[0] if said else "", seconds, usage.ru_maxrss // 1024, outcomes


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sizes", default="400,500,600,700,800")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"durable backend, fresh process per run, {args.runs} runs per size:")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            case = write_case(Path(tmp), size)
            code, said, _, _, expected = decide(case, "reference")
            if expected is None:
                print(f"  {size:>5} charges: the reference backend failed: {code} {said}")
                continue
            passed, failures, seconds, memory = 0, [], [], []
            for _ in range(args.runs):
                code, said, took, peak, outcomes = decide(case, "durable")
                seconds.append(took)
                memory.append(peak)
                if outcomes == expected:
                    passed += 1
                else:
                    failures.append(f"exit {code}: {said}" if code else "a different answer")
            verdict = "all passed" if passed == args.runs else "; ".join(sorted(set(failures)))
            print(f"  {size:>5} charges: {passed}/{args.runs} runs gave the reference's answer "
                  f"({verdict}); median {statistics.median(seconds):.1f} s, peak {max(memory):,} MB",
                  flush=True)


if __name__ == "__main__":
    main()
