"""Benchmark: `verdict serve` answering what-ifs, over HTTP and in-process, in one run.

Over HTTP: a real server (`verdict serve`, uvicorn, its worker processes; ``--workers``, by
default the cores) on a free loopback port, loaded by a small asyncio HTTP/1.1 client with
keep-alive in this process (it sends no ``Accept-Encoding``: every page is sent whole). It
prints, for what-if pages of Qosmos (a finding, or two, set to a level), the throughput, the
median and 99th percentile, the errors and the share of pages the workers had kept (cache
hits) at concurrency 8 and 32: first with every what-if different (each decided anew), then
with the 294 one-finding what-ifs requested again and again; the resident memory of the
server and its workers before the second load and after it; and how long a what-if not made
before takes while a counterfactual search of a 120-charge case runs on the heavy worker.
In-process: different what-ifs, then pages kept, through the app in this process
(Starlette's test client, no worker), one at a time. Asserts nothing; the issue's targets
are printed beside the figures.

    python bench/bench_web.py [--requests 1200] [--workers N] [--backend reference]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

import yaml

from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.levels import Level
from verdict.web.site import CACHE_HEADER

TARGETS = {
    "c8": "≥ 60/s, p99 ≤ 500 ms, no error",
    "c32": "no error, p99 ≤ 2 s",
    "rss": "within 25 % of before",
    "beside": "≤ 1 s",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and every process below it, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by ``pid`` itself and by its child processes alive
    now (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(p: int) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return used(pid), sum(used(k) for k in kids)


class Connection:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port: int, kept: dict[str, int] | None = None) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.kept: dict[str, int] = {} if kept is None else kept
        """How many answers said their page was kept by the worker (``hit``) or made (``miss``)."""

    async def get(self, path: str) -> int:
        """GET ``path``; the status (the body is read and dropped; its cache header counted)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
            elif name.lower() == CACHE_HEADER.lower():
                self.kept[value.strip()] = self.kept.get(value.strip(), 0) + 1
        await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status


async def load(
    port: int, paths: list[str], concurrency: int, failed: set[str] | None = None
) -> tuple[float, list[float], dict[int, int], dict[str, int]]:
    """Every path requested by ``concurrency`` clients: seconds taken, each request's ms, statuses
    (the paths not answered 200 are added to ``failed``), and the answers' cache headers counted
    (``hit``: a page the worker kept; ``miss``: made for the request)."""
    queue = list(reversed(paths))
    times: list[float] = []
    statuses: dict[int, int] = {}
    kept: dict[str, int] = {}

    async def client() -> None:
        connection = Connection(port, kept)
        while queue:
            path = queue.pop()
            start = time.perf_counter()
            try:
                status = await connection.get(path)
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                status, connection = 0, Connection(port, kept)
            times.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200 and failed is not None:
                failed.add(path)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - start, times, statuses, kept


def measured(pid: int, since: tuple[float, float, float] | None = None) -> tuple[float, float, float]:
    """CPU seconds of the server, its workers and this process; with ``since``, used since then."""
    server, workers = cpu_seconds(pid)
    now = (server, workers, time.process_time())
    return now if since is None else (now[0] - since[0], now[1] - since[1], now[2] - since[2])


def p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98] if len(times) >= 2 else times[0]


def report(
    label: str,
    seconds: float,
    times: list[float],
    statuses: dict[int, int],
    target: str,
    cpu: tuple[float, float, float] | None = None,
    kept: dict[str, int] | None = None,
) -> None:
    """One line of figures; with ``cpu``, the CPU milliseconds a request cost the server's own
    process, its workers and this client (figures that do not depend on the machine's load)."""
    errors = sum(n for status, n in statuses.items() if status != 200)
    if cpu is not None:
        n = len(times)
        print(
            f"  {label}: CPU per request: server {1000 * cpu[0] / n:.1f} ms, "
            f"workers {1000 * cpu[1] / n:.1f} ms, this client {1000 * cpu[2] / n:.1f} ms"
        )
    print(
        f"  {label}: {len(times) / seconds:6.1f} requests/s, median {statistics.median(times):6.1f} ms, "
        f"p99 {p99(times):7.1f} ms, max {max(times):7.1f} ms, errors {errors} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))})   [target: {target}]"
    )
    if kept:
        hits, total = kept.get("hit", 0), sum(kept.values())
        share = f"{hits} of {total} ({100 * hits / total:.0f} %)"
        print(f"  {label}: pages kept by the workers (cache hits): {share}")


def whatif_paths(count: int) -> list[str]:
    """What-if pages of Qosmos: each fact-bearing finding set to each level, in turn."""
    case = load_case(find_case("qosmos"), load_rules())
    findings = [f.id for f in case.findings if f.fact]
    every = [f"/cases/qosmos?set={fid}={lv.name_id}" for fid in findings for lv in Level]
    return [every[i % len(every)] for i in range(count)]


def distinct_paths(count: int) -> list[str]:
    """``count`` different what-if pages of Qosmos: each finding set to each level, then pairs of
    findings set to the same level."""
    case = load_case(find_case("qosmos"), load_rules())
    findings = [f.id for f in case.findings if f.fact]
    out = [f"/cases/qosmos?set={fid}={lv.name_id}" for fid in findings for lv in Level]
    for i, first in enumerate(findings):
        for second in findings[i + 1 :]:
            out += [f"/cases/qosmos?set={first}={lv.name_id}&set={second}={lv.name_id}" for lv in Level]
            if len(out) >= count:
                return out[:count]
    return out[:count]


def large_case(folder: Path, charges: int) -> Path:
    """Qosmos with ``charges`` charges: as many accused companies, each charged with both crimes."""
    data = yaml.safe_load(find_case("qosmos").read_text(encoding="utf-8"))
    data["case"] = "large"
    data.pop("expect", None)
    offences = [c["offence"] for c in data["charges"]]
    for n in range((charges - len(data["charges"])) // len(offences)):
        data["parties"].append(
            {"id": f"company_{n}", "name": f"Company {n}", "kind": "legal_person", "role": "accused"}
        )
        data["charges"] += [{"accused": f"company_{n}", "offence": o} for o in offences]
    path = folder / "large.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def in_process(distinct: list[str], paths: list[str], backend: str) -> None:
    """The pages through the app in this process, one at a time: ``distinct`` what-ifs, each
    decided anew, then ``paths`` once all were made (the pages kept)."""
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

    from verdict.web.app import create_app
    from verdict.web.library import build

    with TestClient(create_app(build(), backend, workers=0)) as client:  # type: ignore[arg-type]
        client.get("/cases/qosmos")  # the case opened and its counterfactuals searched
        for label, run in (("each what-if different", distinct), ("pages kept", paths)):
            for path in dict.fromkeys(paths) if run is paths else ():  # made once, then kept
                client.get(path)
            times, cpu = [], []
            for path in run:
                start, used = time.perf_counter(), time.process_time()
                status = client.get(path).status_code
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - used) * 1000)
                if status not in (200, 400):
                    raise SystemExit(f"{path}: {status}")
            print(
                f"  in-process, one at a time, {label}: {len(times) / (sum(times) / 1000):6.1f} requests/s, "
                f"median {statistics.median(times):6.1f} ms (CPU {statistics.median(cpu):5.1f} ms), "
                f"p99 {p99(times):7.1f} ms"
            )


async def beside_search(port: int, paths: list[str]) -> None:
    """What-ifs not made before (``paths``, in turn) while a counterfactual search of the large case
    runs on the heavy worker."""
    search = asyncio.ensure_future(Connection(port).get("/cases/large"))
    started = time.perf_counter()
    await asyncio.sleep(0.5)  # the search is under way
    times = []
    connection = Connection(port)
    for path in paths:
        if search.done():
            break
        begin = time.perf_counter()
        status = await connection.get(path)
        times.append(((time.perf_counter() - begin) * 1000, status))
    searched = await search
    took = time.perf_counter() - started
    if not times:
        print(f"  the search of the large case ended before a what-if was sent ({took:.1f} s, {searched})")
        return
    worst = max(t for t, _ in times)
    print(
        f"  {len(times)} different what-ifs while the 120-charge search ran "
        f"({took:.1f} s, status {searched}): "
        f"median {statistics.median(t for t, _ in times):6.1f} ms, max {worst:6.1f} ms, statuses "
        f"{sorted({s for _, s in times})}   [target: {TARGETS['beside']}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1200, help="requests at each concurrency")
    parser.add_argument("--workers", type=int, default=None, help="the server's --workers (default: cores)")
    parser.add_argument(
        "--backend", default=None, choices=["reference", "durable"], help="default: the server's"
    )
    args = parser.parse_args()
    if args.backend is None:
        from verdict.engine.decide.evaluate import default_backend

        args.backend = default_backend()

    paths = whatif_paths(args.requests)
    print(
        f"verdict serve, what-ifs of Qosmos: {args.requests} requests per run; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; backend {args.backend}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        large = large_case(Path(folder), 120)
        port = free_port()
        verdict = Path(sys.executable).with_name("verdict")
        command = [str(verdict), "serve", str(large), "--port", str(port), "--backend", args.backend]
        command += ["--timeout", "600"]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        said = server.stderr.read() if server.stderr else ""
                        raise SystemExit(f"verdict serve did not start: {said}") from None
                    time.sleep(0.2)
            start = time.perf_counter()
            urllib.request.urlopen(f"http://127.0.0.1:{port}/cases/qosmos", timeout=600).close()
            print(
                "  first Qosmos page (opens the case, searches its counterfactuals): "
                f"{time.perf_counter() - start:.2f} s"
            )
            refused: set[str] = set()
            every = distinct_paths(3 * args.requests)  # different what-ifs: none made before its run
            distinct = every[: args.requests]
            for concurrency, key in ((8, "c8"), (32, "c32")):
                run = every[(concurrency // 32) * args.requests :][: args.requests]
                cpu = measured(server.pid)
                seconds, times, statuses, kept = asyncio.run(load(port, run, concurrency, refused))
                used = measured(server.pid, cpu)
                served = {k: v for k, v in statuses.items() if k != 400}
                report(
                    f"each what-if different (all decided anew), concurrency {concurrency:2d}",
                    seconds, times, served, TARGETS[key], used, kept,
                )
            print(
                f"  ({len(refused)} of these {2 * args.requests} different what-ifs are refused as the "
                "command line refuses them: a contradiction between findings, 400, not counted as errors)"
            )
            paths = [p for p in paths if p not in refused]
            before = rss_kib(server.pid)
            print(f"  server and workers RSS before the load: {before / 1024:.0f} MiB")
            for concurrency, key in ((8, "c8"), (32, "c32")):
                cpu = measured(server.pid)
                seconds, times, statuses, kept = asyncio.run(load(port, paths, concurrency))
                used = measured(server.pid, cpu)
                report(
                    f"{len(set(paths))} pages requested again and again, concurrency {concurrency:2d}",
                    seconds,
                    times,
                    statuses,
                    TARGETS[key],
                    used,
                    kept,
                )
            after = rss_kib(server.pid)
            print(
                f"  RSS after the load: {after / 1024:.0f} MiB, {100 * (after - before) / before:+.1f} % "
                f"of before   [target: {TARGETS['rss']}]"
            )
            asyncio.run(beside_search(port, every[2 * args.requests :]))
        finally:
            server.terminate()
            server.wait(timeout=30)
    in_process([p for p in distinct if p not in refused][-300:], paths[:300], args.backend)


if __name__ == "__main__":
    main()
