"""The same input gives the same bytes: in every format, whatever the order of the findings
(and parties) in the file and whatever the hash seed of the Python process.

Every bundled case (not the overlays) is explained in text (with ``--detail``), JSON and
Markdown; with the reference backend, and with durable_rules where it imports.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from backends import BACKENDS
from conftest import plain

from verdict.engine.io import yamlio
from verdict.engine.load.paths import bundled_facts

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(bundled_facts().glob("*.yaml"))
FORMATS: dict[str, tuple[str, ...]] = {
    "text": ("--format", "text", "--detail"),
    "json": ("--format", "json"),
    "markdown": ("--format", "markdown"),
}
SEEDS = ("0", "12345")


def test_every_bundled_case_is_covered() -> None:
    assert len(CASES) >= 15
    assert not any("overlays" in p.parts for p in CASES)


def shuffled(path: Path, seed: int) -> dict[str, Any]:
    """The case at ``path`` with its findings, each finding's scope lists and its parties in
    another order. (Charges keep theirs: they are reported in the order the file gives them.)
    """
    data: dict[str, Any] = plain(yamlio.load(path))
    rng = random.Random(seed)
    rng.shuffle(data["parties"])
    findings = list(data.get("findings", []))
    rng.shuffle(findings)
    for finding in findings:
        for scope in ("offence", "accused"):
            if isinstance(finding.get(scope), list):
                rng.shuffle(finding[scope])
    data["findings"] = findings
    return data


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_order_of_findings_changes_no_byte(cli: Cli, tmp_path: Path, path: Path, backend: str) -> None:
    original = plain(yamlio.load(path))
    copies = []
    for seed in (1, 2):
        data = shuffled(path, seed)
        copy = tmp_path / f"{seed}_{path.name}"
        copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        copies.append(copy)
    if len(original.get("findings", [])) > 2:
        assert shuffled(path, 1)["findings"] != original["findings"]  # the shuffle moved something
    for name, options in FORMATS.items():
        expected = cli("explain", str(path), "--backend", backend, *options)
        assert expected.code == 0 and expected.out, (name, expected.err)
        for copy in copies:
            run = cli("explain", str(copy), "--backend", backend, *options)
            assert (run.code, run.err) == (0, expected.err)
            assert run.out == expected.out, f"{path.stem} {name}: output depends on the order of findings"


def explain_in_subprocess(case: Path, backend: str, options: tuple[str, ...], seed: str) -> bytes:
    """``python -m verdict.cli.app explain ...`` under PYTHONHASHSEED=seed: its stdout."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "100"}
    command = [sys.executable, "-m", "verdict.cli.app", "explain", str(case), "--backend", backend, *options]
    done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stdout
    return done.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_hash_seed_changes_no_byte(backend: str) -> None:
    jobs = [(case, name, seed) for case in CASES for name in FORMATS for seed in SEEDS]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        outputs = list(
            pool.map(lambda job: explain_in_subprocess(job[0], backend, FORMATS[job[1]], job[2]), jobs)
        )
    results: dict[tuple[str, str], set[bytes]] = {}
    for (case, name, _seed), out in zip(jobs, outputs, strict=True):
        results.setdefault((case.stem, name), set()).add(out)
    differing = sorted(key for key, outs in results.items() if len(outs) != 1)
    assert differing == [], f"output depends on PYTHONHASHSEED: {differing}"
    assert len(results) == len(CASES) * len(FORMATS)


# ---------------------------------------------------------------- every command, every bundled case

OVERLAYS = sorted(p for p in bundled_facts().rglob("*.yaml") if "overlays" in p.parts)
HOSTILE = Path(__file__).parent / "hostile"
RUN_MANY = """
import contextlib, hashlib, io, json, sys
from verdict.cli import app
results = {}
for argv in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["verdict", *argv]
    code = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app.main()
        except SystemExit as done:
            code = done.code
    results[" ".join(argv)] = [code, hashlib.sha256(out.getvalue().encode()).hexdigest(), err.getvalue()]
print(json.dumps(results))
"""


def every_command() -> list[list[str]]:
    """Every command on every bundled case and overlay, in text and JSON; and hostile inputs."""
    ref = ["--backend", "reference"]
    lines: list[list[str]] = [["rules"], ["rules", "--format", "json"], ["check"], ["test", *ref]]
    for case in CASES:
        for fmt in ("text", "json"):
            lines.append(["facts", str(case), "--format", fmt])
            lines.append(["whatif", str(case), "--stage", "judgment", "--format", fmt, *ref])
            lines.append(["counterfactuals", str(case), "--format", fmt, *ref])
        lines.append(["check", str(case)])
    for overlay in OVERLAYS:
        lines.append(["explain", str(overlay), "--format", "json", *ref])
        lines.append(["whatif", str(overlay), "--format", "json", *ref])
        lines.append(["counterfactuals", str(overlay), "--format", "json", *ref])
    lines += [["explain", str(path), *ref] for path in sorted(HOSTILE.glob("*.yaml"))]
    return lines


def run_many(lines: list[list[str]], seed: str) -> dict[str, list[Any]]:
    """Run each command line in one child process under PYTHONHASHSEED=seed: code, stdout hash, stderr."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-c", RUN_MANY], input=json.dumps(lines), capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, list[Any]] = json.loads(done.stdout)
    return results


def test_every_command_on_every_case_is_independent_of_the_hash_seed() -> None:
    lines = every_command()
    assert len(lines) > 6 * len(CASES) + 3 * len(OVERLAYS)
    with ThreadPoolExecutor(max_workers=3) as pool:
        first, *others = pool.map(lambda seed: run_many(lines, seed), ["0", "1", "4242"])
    assert len(first) == len(lines)
    failed = [line for line, (code, _, _) in first.items() if code != 0 and str(HOSTILE) not in line]
    assert failed == []  # every bundled case and overlay decides; the hostile inputs are refused
    for other in others:
        differing = sorted(line for line in first if first[line] != other[line])
        assert differing == [], f"output depends on PYTHONHASHSEED: {differing[:5]}"
