"""The ``test`` command: check every case's and overlay's expectations against the engine.

An expectation (``expect:`` in a case or an overlay) states what the court decided, or what
the law makes of a what-if, at one stage: the case's outcome and, per charge, its outcome,
the exact set of blocking elements of its route, and elements that hold. Each failure prints
the command that reproduces it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verdict.render import i18n

if TYPE_CHECKING:
    from verdict.engine.errors import VerdictError

from .shared import BackendOpt, Format, Lang, LangOpt, app, backend_name


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
    """The error in English (the JSON and JUnit reports)."""
    error: VerdictError | None = field(default=None, compare=False)
    """The error itself, shown in the reader's language."""


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


def check_file(
    path: Path, backend: str | None = None, name_backend: bool = False, hint: str | None = None
) -> list[Check]:
    """Every expectation of the case or overlay at ``path``, checked (``backend``: the default one).

    With ``hint`` (a language), one line on standard error when the file has warnings."""
    from verdict.engine.decide.evaluate import evaluate
    from verdict.engine.explain.builder import explain
    from verdict.engine.load.overlay import open_file

    opened = open_file(path)
    if hint is not None:
        from .warn import hint as warn

        warn(opened, hint)
    base, case = opened.variant.base, opened.variant.case
    rules = {r.id: r for r in base.rules}
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
            first = got.blocking[0].element if got.blocking else None
            if want.primary is not None and want.primary != first:
                problems.append(f"{key}: the first blocking element should be {want.primary}, got {first}")
            said = sorted({rules[n.id].concludes for n in got.notes})
            if want.notes is not None and sorted(want.notes) != said:
                wanted = ", ".join(sorted(want.notes))
                problems.append(f"{key}: notes expected [{wanted}], got [{', '.join(said)}]")
            if want.court is not None and want.court != got.court:
                problems.append(f"{key}: court expected {want.court}, got {got.court}")
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
    paths: list[Path] | None = None,
    backend: str | None = None,
    name_backend: bool = False,
    hint: str | None = None,
) -> tuple[list[Check], list[Broken]]:
    """Check ``paths`` (default: every bundled case and overlay); return the checks and bad files."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.load.paths import bundled_facts

    checks: list[Check] = []
    broken: list[Broken] = []
    for path in collect(paths or [bundled_facts()]):
        try:
            checks += check_file(path, backend, name_backend, hint)
        except VerdictError as err:
            broken.append(Broken(path, str(err), err))
    return checks, broken


def junit_xml(checks: list[Check], broken: list[Broken], backend: str) -> str:
    """The checks as JUnit XML: one test case per expectation, a failure per unmet one."""
    import xml.etree.ElementTree as ET

    failed = sum(1 for c in checks if not c.passed)
    suite = ET.Element(
        "testsuite",
        name=f"verdict test ({backend} backend)",
        tests=str(len(checks) + len(broken)),
        failures=str(failed),
        errors=str(len(broken)),
    )
    for check in checks:
        case = ET.SubElement(
            suite, "testcase", classname=f"verdict.{check.kind}", name=f"{check.name} at {check.stage}",
            file=shown(check.file),
        )
        if not check.passed:
            failure = ET.SubElement(case, "failure", message=f"expected {check.expected}, got {check.actual}")
            failure.text = "\n".join([*check.problems, f"reproduce: {check.command}"])
    for bad in broken:
        case = ET.SubElement(suite, "testcase", classname="verdict.file", name=shown(bad.file))
        ET.SubElement(case, "error", message=bad.message)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def check_dict(check: Check) -> dict[str, object]:
    """One checked expectation as JSON-ready data."""
    return {
        "file": shown(check.file),
        "name": check.name,
        "kind": check.kind,
        "stage": check.stage,
        "expected": check.expected,
        "got": check.actual,
        "passed": check.passed,
        "problems": list(check.problems),
        "command": check.command,
    }


@app.command("test")
def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Case or overlay files, or folders of them. Default: every bundled one.",
                       show_default=False, metavar="PATHS"),
    ] = None,
    keyword: Annotated[
        str | None,
        typer.Option("-k", help="Only the cases and overlays whose name contains NAME.", metavar="NAME",
                     show_default=False),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit", help="Also write the results as JUnit XML to FILE (for a CI).", metavar="FILE",
            show_default=False,
        ),
    ] = None,
    backend: BackendOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Check the expectations written in cases and overlays: expected against got, per charge.

    Exit code 1 if an expectation fails, 2 if a file cannot be read. Examples:

      verdict test

      verdict test -k NAME --junit results.xml

      verdict test path/to/cases --format json
    """
    from rich.markup import escape
    from rich.table import Table

    from .shared import show

    if fmt is Format.markdown:
        from verdict.engine.errors import VerdictError
        from verdict.messages import Message

        raise VerdictError(Message("option.test_no_markdown"))
    chosen = backend_name(backend)
    checks, broken = run_checks(paths, chosen, name_backend=backend is not None, hint=lang.value)
    if keyword is not None:
        checks = [c for c in checks if keyword in c.name or keyword in c.file.stem]
        broken = [b for b in broken if keyword in b.file.stem]
    failed = [c for c in checks if not c.passed]
    if junit is not None:
        from .output import write_atomic

        write_atomic(junit, junit_xml(checks, broken, chosen), force=True)  # a CI's result file, rewritten
    if fmt is Format.json:
        from verdict.render.json_doc import dumps

        from .output import document

        document(
            dumps(
                {
                    "backend": chosen,
                    "passed": len(checks) - len(failed),
                    "failed": len(failed),
                    "unreadable": len(broken),
                    "checks": [check_dict(c) for c in checks],
                    "errors": [{"file": shown(b.file), "message": b.message} for b in broken],
                }
            )
        )
    else:
        from rich.console import Group
        from rich.text import Text

        def w(key: str) -> str:
            return i18n.word(key, lang.value)

        table = Table(title=f"verdict test ({w('backend')} {chosen})", title_justify="left", box=None)
        for column in ("", w("test_case"), w("stage").lower(), w("expected"), w("got")):
            table.add_column(column, no_wrap=True)
        for check in checks:
            mark = f"[green]{w('pass')}[/]" if check.passed else f"[bold red]{w('fail')}[/]"
            got = check.actual if check.passed else f"[bold red]{check.actual}[/]"
            table.add_row(mark, escape(check.name), check.stage, check.expected, got)
        for bad in broken:
            table.add_row(f"[bold red]{w('error')}[/]", escape(shown(bad.file)), "", "", "")
        parts: list[object] = [table]
        for check in failed:
            parts.append(
                Text.from_markup(f"[bold red]{w('fail')}[/] {escape(shown(check.file))} ({check.stage})")
            )
            parts += [Text(f"  - {problem}") for problem in check.problems]
            again = f"  {w('reproduce')}: [bold]{escape(check.command)}[/]"
            parts.append(Text.from_markup(i18n.typo(again, lang.value)))
        said = [i18n.error_message(bad.error or bad.message, lang.value) for bad in broken]
        parts += [Text.from_markup(f"[bold red]{w('error')}[/] {escape(line)}") for line in said]
        summary = w("test_summary").format(passed=len(checks) - len(failed), failed=len(failed))
        parts.append(Text(summary + (w("test_unreadable").format(n=len(broken)) if broken else "")))
        show(Group(*parts))  # type: ignore[arg-type]
    if broken:
        sys.exit(2)
    if failed:
        sys.exit(1)
