"""The same input gives the same bytes: in every format, whatever the order of the findings
(and parties) in the file and whatever the hash seed of the Python process.

Every bundled case (not the overlays) is explained in text (with ``--detail``), JSON and
Markdown; with the reference backend, and with durable_rules where it imports.
"""

from __future__ import annotations

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

from verdict.engine import yamlio
from verdict.engine.evaluate import durable_available
from verdict.engine.loader import bundled_facts

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(bundled_facts().glob("*.yaml"))
BACKENDS = ["reference", *(["durable"] if durable_available() else [])]
FORMATS: dict[str, tuple[str, ...]] = {
    "text": ("--format", "text", "--detail"),
    "json": ("--format", "json"),
    "markdown": ("--format", "markdown"),
}
SEEDS = ("0", "12345")


def test_every_bundled_case_is_covered() -> None:
    assert len(CASES) >= 15
    assert not any("overlays" in p.parts for p in CASES)


def plain(data: Any) -> Any:
    """YAML data as plain dicts and lists (what yaml.safe_dump writes)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


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
