"""Benchmark of the message catalogue. Prints figures; asserts nothing.

1. Loading a language: importing ``verdict.messages.en`` and ``verdict.messages.fr`` in a fresh
   interpreter (``python -X importtime``; the median of several runs), the cost an error pays
   the first time it is shown in that language. A command that succeeds loads neither
   (tests/test_messages.py).
2. Showing an error: ``VerdictError.text`` of a message with nested values (a hint, a list of
   levels with their names), in each language, once the language is loaded.

    python bench/bench_messages.py [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time


def import_us(module: str, runs: int) -> float:
    """The median time, in microseconds, of importing ``module`` alone (its own line of -X importtime)."""
    found = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import verdict.messages; import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(row for row in done.stderr.splitlines() if row.rstrip().endswith(f"| {module}"))
        found.append(float(re.split(r"[:|]", line)[1]))
    return statistics.median(found)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    from verdict.engine.errors import VerdictError
    from verdict.engine.model.hints import suggest
    from verdict.engine.model.levels import levels_hint
    from verdict.messages import Message, catalogue

    print(f"catalogue: {len(catalogue('en'))} messages in English, {len(catalogue('fr'))} ids in French")
    for lang in ("en", "fr"):
        took = import_us(f"verdict.messages.{lang}", runs)
        print(f"import verdict.messages.{lang}: {took:.0f} µs (median of {runs})")
    error = VerdictError(
        Message("value.unknown_level", value="'certan'", levels=levels_hint()), "case.yaml", 12, 49
    )
    hint = suggest("aid", ["aid_given"])
    hinted = VerdictError(Message("case.unknown_fact", name="'aid'", hint=hint), "c.yaml")
    for lang in ("en", "fr"):
        count = 2000
        start = time.perf_counter()
        for _ in range(count):
            error.text(lang)
            hinted.text(lang)
        took = (time.perf_counter() - start) / (2 * count) * 1e6
        print(f"one error shown in {lang}: {took:.1f} µs")


if __name__ == "__main__":
    main()
