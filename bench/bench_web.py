"""Benchmark: the time `verdict serve` takes to answer a change on the Qosmos page.

Each request goes through the whole app in-process (Starlette's test client: routing, the
what-if, the HTML with its pictures, the template), on each backend. Prints medians and
maxima per kind of change; asserts nothing. The target is at most 100 ms a change.

    python bench/bench_web.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

from verdict.engine.evaluate import durable_available
from verdict.engine.levels import Level
from verdict.engine.loader import find_case, load_case, load_rules

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from starlette.testclient import TestClient  # noqa: E402

from verdict.web.app import create_app  # noqa: E402
from verdict.web.library import build  # noqa: E402


def timed(client: TestClient, url: str) -> tuple[float, float]:
    """Milliseconds to answer ``url``, wall-clock and CPU (of this process); the answer must be a page."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.text}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    library = build()
    entry = library.case("qosmos")
    findings = [f.id for f in case.findings if f.fact]
    causal = "&".join(
        f"set={next(f.id for f in case.findings if f.fact == fact)}=sufficient"
        for fact in ("aid_effective", "aid_used_in_principal_act")
    )
    kinds: dict[str, list[str]] = {
        "one finding set": [
            f"set={fid}={lv.name_id}" for fid in findings for lv in (Level.PLAUSIBLE, Level.PROVEN)
        ],
        "causal link set": [causal, f"{causal}&lang=fr"],
        "overlay": [f"overlay={name}" for name in entry.overlays],
        "law variant": [f"rules={name}" for name in library.laws],
        "stage": [f"stage={stage}" for stage in base.stages],
        "language": ["lang=fr", "lang=en"],
    }
    print(
        f"Qosmos: {len(case.findings)} findings, {len(case.charges)} charges; "
        f"{args.repeats} rounds per change; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    backends = ["durable", "reference"] if durable_available() else ["reference"]
    for backend in backends:
        client = TestClient(create_app(library, backend))  # type: ignore[arg-type]
        first, _ = timed(client, "/cases/qosmos")
        print(f"{backend:>9}: first page (opens the case, searches its counterfactuals): {first:.0f} ms")
        for query in {q for queries in kinds.values() for q in queries}:  # the kept parts, once
            timed(client, f"/cases/qosmos?{query}")
        every: list[tuple[float, float]] = []
        for kind, queries in kinds.items():
            samples = [timed(client, f"/cases/qosmos?{q}") for _ in range(args.repeats) for q in queries]
            every += samples
            report(backend, kind, samples)
        report(backend, "every change", every)


def report(backend: str, kind: str, samples: list[tuple[float, float]]) -> None:
    """One line: the median and maximum wall-clock time, and the median CPU time."""
    wall = [w for w, _ in samples]
    cpu = statistics.median(c for _, c in samples)
    print(
        f"{backend:>9}: {kind:<16} median {statistics.median(wall):5.1f} ms, max {max(wall):5.1f} ms, "
        f"CPU median {cpu:5.1f} ms ({len(samples)} requests)"
    )


if __name__ == "__main__":
    main()
