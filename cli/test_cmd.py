"""The ``test`` command: check every case's and overlay's expectations against the engine.

An expectation (``expect:`` in a case or an overlay) states what the court decided, or what
the law makes of a what-if, at one stage: the case's outcome and, per charge, its outcome,
the exact set of blocking elements of its route, and elements that hold. Each failure prints
the command that reproduces it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .app import BackendOpt, app, backend_name


@dataclass(frozen=True)
class Check:
    """One expectation of one file, checked: what was expected, what came, what differs."""

    file: Path
    name: str
    kind: str
    stage: str
    expected: str
    actual: str
    problems: tuple[str, ...]
    command: str

    @property
    def passed(self) -> bool:
        """Whether the engine met the expectation in full."""
        return not self.problems


@dataclass(frozen=True)
class Broken:
    """A file that could not be read or checked (bad input)."""

    file: Path
    message: str


def shown(path: Path) -> str:
    """A path as a user would type it: relative to the current folder when it is below it."""
    full = path.resolve()
    return os.path.relpath(full, Path.cwd()) if full.is_relative_to(Path.cwd()) else str(path)


def collect(paths: list[Path]) -> list[Path]:
    """The YAML files to check: the files given, and every .yaml below the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if not p.is_dir())  # a pipe there is reported
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def check_file(path: Path, backend: str | None = None, name_backend: bool = False) -> list[Check]:
    """Every expectation of the case or overlay at ``path``, checked (``backend``: the default one)."""
    from verdict.engine.evaluate import evaluate
    from verdict.engine.explain import explain
    from verdict.engine.overlay import open_file

    opened = open_file(path)
    base, case = opened.variant.base, opened.variant.case
    kind = "overlay" if opened.overlay else "case"
    name = opened.overlay.overlay if opened.overlay else case.case
    out = []
    for exp in case.expect:
        stage = exp.stage or case.stage or base.default_stage
        trace = evaluate(base, case, stage, backend)  # type: ignore[arg-type]
        explained = explain(trace, base, case)
        problems: list[str] = []
        if trace.outcome != exp.outcome:
            problems.append(f"outcome: expected {exp.outcome}, got {trace.outcome}")
        for want in exp.charges:
            key = f"{want.offence}/{want.accused}"
            got = next(c for c in explained.charges if (c.offence, c.accused) == (want.offence, want.accused))
            if got.outcome != want.outcome:
                problems.append(f"{key}: expected {want.outcome}, got {got.outcome}")
            blocking = sorted(b.element for b in got.blocking)
            if want.blocking is not None and sorted(want.blocking) != blocking:
                expected = ", ".join(sorted(want.blocking))
                problems.append(f"{key}: blocking expected [{expected}], got [{', '.join(blocking)}]")
            levels = {c.id: c for c in got.elements}
            for element in want.holds or []:
                cond = levels.get(element)
                if cond is None:
                    route = got.route.id if got.route else "none"
                    problems.append(f"{key}: '{element}' is not an element of the route ({route})")
                elif not cond.holds:
                    problems.append(
                        f"{key}: '{element}' should hold, but is {cond.level.name_id} "
                        f"(required {cond.required.name_id})"
                    )
        command = f"verdict explain {shown(path)} --stage {stage}"
        if backend and name_backend:
            command += f" --backend {backend}"
        out.append(Check(path, name, kind, stage, exp.outcome, trace.outcome, tuple(problems), command))
    return out


def run_checks(
    paths: list[Path] | None = None, backend: str | None = None, name_backend: bool = False
) -> tuple[list[Check], list[Broken]]:
    """Check ``paths`` (default: every bundled case and overlay); return the checks and bad files."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.loader import bundled_facts

    checks: list[Check] = []
    broken: list[Broken] = []
    for path in collect(paths or [bundled_facts()]):
        try:
            checks += check_file(path, backend, name_backend)
        except VerdictError as err:
            broken.append(Broken(path, str(err)))
    return checks, broken


@app.command("test")
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Case or overlay files, or folders of them. Default: every bundled one.",
                       show_default=False),
    ] = None,
    backend: BackendOpt = None,
) -> None:
    """Check the expectations written in cases and overlays: a pass/fail table.

    Exit code 1 if an expectation fails, 2 if a file cannot be read. Examples:

      verdict test

      verdict test facts/qosmos/overlays
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    chosen = backend_name(backend)
    checks, broken = run_checks(paths, chosen, name_backend=backend is not None)
    console = Console(highlight=False)
    table = Table(title=f"verdict test ({chosen} backend)", title_justify="left", box=None)
    for column in ("", "case", "stage", "outcome"):
        table.add_column(column, overflow="fold")
    for check in checks:
        mark = "[green]pass[/]" if check.passed else "[bold red]FAIL[/]"
        got = check.expected if check.actual == check.expected else f"{check.expected} ≠ {check.actual}"
        table.add_row(mark, escape(check.name), check.stage, got)
    for bad in broken:
        table.add_row("[bold red]ERROR[/]", escape(shown(bad.file)), "", "")
    console.print(table)
    failed = [c for c in checks if not c.passed]
    for check in failed:
        console.print(f"[bold red]FAIL[/] {escape(shown(check.file))} at {check.stage}")
        for problem in check.problems:
            console.print(f"  - {escape(problem)}")
        console.print(f"  reproduce: [bold]{escape(check.command)}[/]")
    for bad in broken:
        console.print(f"[bold red]ERROR[/] {escape(bad.message)}")
    passed = len(checks) - len(failed)
    summary = f"{passed} passed, {len(failed)} failed" + (f", {len(broken)} unreadable" if broken else "")
    console.print(summary)
    if broken:
        sys.exit(2)
    if failed:
        sys.exit(1)
