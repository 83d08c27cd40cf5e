"""Benchmark: how many charges the durable backend decides reliably, run after run.

durable_rules loses facts in sessions of many charges (docs/durable.md). This bench builds a
case of N charges (the textbook useless-aid case, its accused repeated, offences and the
attribution finding varied so that the charges differ), decides it with ``verdict explain
--backend durable --format json`` in a fresh process, the backend's caps lifted, ``--runs``
times for each N, and compares
every charge's outcome with the reference backend's. It prints, per N: the runs that gave the
reference's answer, the runs that failed (exit code and first line of stderr), the median
seconds and the peak memory of a run. ``MAX_CHARGES`` in engine/decide/durable_backend.py is set from
these figures: the largest N that passed every run, with a margin below the first N that failed.

With ``--rules``, the same for the number of durable rules one ruleset holds: a generated rule
folder of R rules (``tests/generators.py``, the large case's shape: 320 facts, conclusions of 5
rules each) compiles into some durable rules, counted in a child process; its generated case (4
charges, or ``--charges``, and 500 findings) is decided ``--runs`` times with ``--backend
durable`` in a fresh process whose cap on durable rules is lifted to durable_rules' own limit
(4,096), and that on charges times durable rules (``MAX_SESSION``) removed, and compared with
the reference backend. ``MAX_RULES`` and ``MAX_SESSION`` are set from these figures.

    python bench/bench_durable_caps.py [--sizes 400,500,600,700,800] [--runs 3]
    python bench/bench_durable_caps.py --rules [--rule-sizes 100,140,170,185,190,195] [--charges 4] [--runs 3]
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


DURABLE_OWN_LIMIT = 4096
"""Rules durable_rules 2.0.28 takes in one ruleset (it refuses more with its error 106)."""


def decide(
    case: Path, backend: str, rules: Path | None = None
) -> tuple[int, str, float, int, list[str] | None]:
    """Exit code, first line of stderr, seconds, peak RSS in MB, and the charges' outcomes, the
    durable backend's caps lifted (``uncapped``); with ``rules``, that rule folder."""
    command = [sys.executable, __file__, "--uncapped", "explain", str(case), "--backend", backend, "--format",
               "json"]
    if rules is not None:
        command += ["--rules", str(rules)]
    env = {**os.environ, "VERDICT_CACHE": "off"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said = [  # the error, not a warning before it
            line for line in err.read().decode("utf-8", "replace").strip().splitlines()
            if not line.startswith("warning")
        ]
        outcomes = None
        if code == 0:
            outcomes = [c["outcome"] for c in json.loads(out.read().decode("utf-8"))["charges"]]
    return code, said[0] if said else "", seconds, usage.ru_maxrss // 1024, outcomes


def uncapped(argv: list[str]) -> None:
    """Run ``verdict ARGV`` with the durable backend's caps lifted: those on charges and on charges
    times rules removed, that on durable rules raised to durable_rules' own limit."""
    from verdict.cli.entry import run
    from verdict.engine.decide import durable_backend

    durable_backend.MAX_RULES = DURABLE_OWN_LIMIT
    durable_backend.MAX_CHARGES = 10**9
    durable_backend.MAX_SESSION = 10**12  # measured, not refused
    sys.argv = ["verdict", *argv]
    run()


def count(rules: Path) -> str:
    """The durable rules the folder ``rules`` compiles into (this process; run it in a child)."""
    from verdict.engine.decide import durable_backend
    from verdict.engine.load.rule_folder import load_rules

    durable_backend.MAX_RULES = 10**9  # counted, not refused
    try:
        return str(len(durable_backend.DurableProgram(load_rules(rules)).definition))
    except Exception as error:  # durable_rules' own refusal: say which
        return f"{type(error).__name__}: {error}"


def more_charges(case: Path, charges: int) -> None:
    """Give the generated case ``charges`` charges: more accused, of both kinds, charged in turn with
    each of its offences."""
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    offences = sorted({c["offence"] for c in data["charges"]})
    for n in range(charges - len(data["charges"])):
        kind = ("natural_person", "legal_person")[n % 2]
        data["parties"].append({"id": f"accused_{n:04d}", "name": f"Accused {n}", "kind": kind})
        data["charges"].append({"accused": f"accused_{n:04d}", "offence": offences[n % len(offences)]})
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def trials(case: Path, expected: list[str], runs: int, rules: Path | None = None) -> str:
    """``runs`` fresh durable runs of ``case``: how many gave the reference's answer, why the others
    did not, the median time and the peak memory."""
    passed, failures, seconds, memory = 0, [], [], []
    for _ in range(runs):
        code, said, took, peak, outcomes = decide(case, "durable", rules)
        seconds.append(took)
        memory.append(peak)
        if outcomes == expected:
            passed += 1
        else:
            failures.append(f"exit {code}: {said}" if code else "a different answer")
    verdict = "all passed" if passed == runs else "; ".join(sorted(set(failures)))
    return (f"{passed}/{runs} runs gave the reference's answer ({verdict}); "
            f"median {statistics.median(seconds):.1f} s, peak {max(memory):,} MB")


def rule_sizes(sizes: list[int], runs: int, charges: int) -> None:
    """Per generated rule folder: its durable rules, and the runs that gave the reference's answer
    on its case with ``charges`` charges."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from generators import write_large_case

    from verdict.engine.decide.durable_backend import MAX_RULES

    print(f"durable backend, rules in one ruleset (MAX_RULES is {MAX_RULES:,}), a case of {charges} charges, "
          f"fresh process per run, {runs} runs per size:")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            rules, case = write_large_case(Path(tmp), rules=size, findings=500)
            if charges > 4:
                more_charges(case, charges)
            counted = subprocess.run([sys.executable, __file__, "--count", str(rules)], capture_output=True,
                                     text=True, timeout=600).stdout.strip()
            label = f"  {size:>4} rules" + (f", {counted} durable rules" if counted.isdigit() else "")
            if not counted.isdigit():
                print(f"{label}: not compiled ({counted})", flush=True)
                continue
            code, said, _, _, expected = decide(case, "reference", rules)
            if expected is None:
                print(f"{label}: the reference backend failed: {code} {said}", flush=True)
                continue
            print(f"{label}: {trials(case, expected, runs, rules)}", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--uncapped"]:
        uncapped(sys.argv[2:])
        return
    if sys.argv[1:2] == ["--count"]:
        print(count(Path(sys.argv[2])))
        return
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sizes", default="400,500,600,700,800")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rules", action="store_true", help="measure the rules of one ruleset instead")
    parser.add_argument("--charges", type=int, default=4, help="charges of the case, with --rules")
    parser.add_argument("--rule-sizes", default="100,140,170,185,190,195", help="rules of generated folders")
    args = parser.parse_args()
    if args.rules:
        rule_sizes([int(s) for s in args.rule_sizes.split(",")], args.runs, args.charges)
        return
    print(f"durable backend, its caps lifted, fresh process per run, {args.runs} runs per size:")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            case = write_case(Path(tmp), size)
            code, said, _, _, expected = decide(case, "reference")
            if expected is None:
                print(f"  {size:>5} charges: the reference backend failed: {code} {said}")
                continue
            print(f"  {size:>5} charges: {trials(case, expected, args.runs)}", flush=True)


if __name__ == "__main__":
    main()
