"""Shared fixtures: the bundled rule base, cases, and a way to run the command line in-process."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The tests, and the commands they start, use a cache folder of their own (engine/io/cache.py).
os.environ["VERDICT_CACHE"] = tempfile.mkdtemp(prefix="verdict-cache-")

from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import bundled_facts, find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.case import Case
from verdict.engine.model.rule_base import RuleBase


@pytest.fixture(scope="session")
def base() -> RuleBase:
    return load_rules()


@pytest.fixture(scope="session")
def facts_dir() -> Path:
    return bundled_facts()


@pytest.fixture(scope="session")
def case_named(base: RuleBase) -> Callable[[str], Case]:
    def load(name: str) -> Case:
        return load_case(find_case(name), base)

    return load


def plain(data: Any) -> Any:
    """YAML data as plain dicts and lists (what yaml.safe_dump writes)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `verdict ARGS...` in this process; return its exit code and output."""
    from verdict.cli import app as app_module

    def run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["verdict", *args])
        monkeypatch.setitem(app_module._state, "debug", False)
        code = 0
        try:
            app_module.main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files of tests/golden/ from the current output, instead of comparing.",
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once, at the end, how many tests of the durable backend were skipped and why."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "durable" in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"durable_rules does not import on this Python: {len(skipped)} tests of the durable backend "
            "(differential, golden, determinism) were skipped; the reference backend was tested alone"
        )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))
