"""Commands for reading and writing the library: `check`, `new`, `rules`, `facts`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from verdict.engine.files import display
from verdict.engine.yamlio import quoted

from .app import Format, Lang, RulesOpt, app, load

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Case files, overlay files or rule folders (default: every bundled case and the bundled law).",
        show_default=False,
    ),
]


def _check_one(path: Path, rules: Path | None) -> str | None:
    """The first error in ``path`` (a case, an overlay or a rule folder), or None."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.loader import load_rules

    try:
        if path.is_dir():
            load_rules(path)
        else:
            load(str(path), rules)
    except VerdictError as err:
        return str(err)
    return None


@app.command()
def check(paths: PathsArg = None, rules: RulesOpt = None) -> None:
    """Validate case files, overlays and rule folders without deciding anything.

    Each file gets a line: ✔ when it is valid, else its first error with file and line.
    Exit code 2 when any is invalid.

    Examples:

      verdict check                      # everything bundled

      verdict check facts/my_case.yaml
    """
    from rich.console import Console
    from rich.markup import escape

    from verdict.engine.loader import bundled_facts, bundled_rules

    targets = list(paths or [bundled_rules(), *sorted(bundled_facts().rglob("*.yaml"))])
    console = Console(highlight=False)
    failed = 0
    for path in targets:
        error = _check_one(path, rules)
        if error is None:
            console.print(f"[green]✔[/] {escape(str(path))}")
        else:
            failed += 1
            console.print(f"[red]✘[/] {escape(error)}")
    console.print(f"{len(targets) - failed} valid, {failed} invalid")
    if failed:
        raise typer.Exit(2)


SKELETON = """\
# yaml-language-server: $schema=../docs/schema/case.schema.json
# A case for verdict. Fill it in from the ruling, then run:
#   verdict check {file}      (is it well formed?)
#   verdict explain {file}    (what does the law make of it?)
# Guide: docs/writing-a-case.md. Levels, weakest to strongest:
#   disproved, not_shown, plausible, serious, sufficient, proven
case: {name}
title:
  en: "TODO: a short English title"
  fr: "TODO : un titre court en français"
court: "TODO: court, chamber"
date: "YYYY-MM-DD"
decision: "TODO: e.g. Arrêt de rejet"
sources:
  - "TODO: where the ruling is published (reference, n° de pourvoi)"
stage: {stage}   # {stages}
parties:
  - id: accused_one
    name: "TODO: name"
    kind: natural_person   # or legal_person
charges:
  - accused: accused_one
    offence: {offence}   # one of: {offences}
findings:
  # One entry per finding of the court. `fact` is what the finding bears on:
{vocabulary}
  - id: principal_act_shown
    fact: principal_act_committed
    level: not_shown
    quote: "TODO: the court's words, verbatim and short"
    section: "TODO: where in the ruling"
# What the court decided, for `verdict test` (the engine never reads it). Uncomment:
# expect:
#   - outcome: non_lieu          # the court's outcome at the case's stage
#     why: "the court's reason in one sentence"
#     charges:
#       - {{offence: {offence}, accused: accused_one, outcome: non_lieu, blocking: [facilitation]}}
"""


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="The case id: lower-case letters, digits and _.")],
    folder: Annotated[Path, typer.Option("--dir", help="Where to write NAME.yaml.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented skeleton of a new case, listing the facts the rules read.

    Example:

      verdict new my_case --dir facts && verdict check facts/my_case.yaml
    """
    import re

    from verdict.engine.errors import VerdictError
    from verdict.engine.files import write_atomic
    from verdict.engine.loader import load_rules

    from .output import OutputError

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,79}", name):
        raise VerdictError(
            f"{quoted(name)} is not a valid case id (lower-case letters a-z, digits and _, at most 80)"
        )
    base = load_rules()
    path = folder / f"{name}.yaml"
    vocabulary = "\n".join(f"  #   {p.id:32} {p.title('en')}" for p in base.predicates.values())
    text = SKELETON.format(
        name=name,
        file=path,
        stage=base.default_stage,
        stages=", ".join(base.stages),
        offence=next(iter(base.offences)),
        offences=", ".join(base.offences),
        vocabulary=vocabulary,
    )
    write_atomic(path, text, force)
    try:
        typer.echo(f"wrote {display(path)}")
        sys.stdout.flush()
    except OutputError:  # the file was new: leave nothing behind when the report of it fails
        if not force:
            path.unlink()
        raise


def _table(rows: list[dict[str, Any]], columns: list[str], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    Console(highlight=False).print(table)


@app.command(name="rules")
def list_rules(
    search: Annotated[
        str | None, typer.Option("--search", help="Keep rules whose id, title or sources mention this word.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en,
    rules: RulesOpt = None,
) -> None:
    """List the rule base: each rule's id, title, sources, what it concludes and what it reads.

    Examples:

      verdict rules --search 121-7

      verdict rules --lang fr --format json
    """
    from verdict.engine.loader import load_rules
    from verdict.engine.model import names_in

    base = load_rules(rules)
    rows = []
    for rule in base.rules:
        row: dict[str, Any] = {
            "id": rule.id,
            "title": rule.title(lang.value),
            "concludes": rule.concludes,
            "sources": list(rule.sources),
            "reads": list(dict.fromkeys(n for _, e in rule.conditions() for n in names_in(e))),
        }
        haystack = " ".join([rule.id, rule.title("en"), rule.title("fr"), *rule.sources])
        if search is None or search.lower() in haystack.lower():
            rows.append(row)
    if fmt is Format.json:
        from .render_json import dumps

        sys.stdout.write(dumps({"rules": rows}))
        return
    for row in rows:
        row["sources"] = "; ".join(row["sources"])
        row["reads"] = ", ".join(row["reads"])
    _table(rows, ["id", "title", "concludes", "reads", "sources"], f"{base.name}: {len(rows)} rules")


@app.command()
def facts(
    case: Annotated[str, typer.Argument(help="A case file or bundled case name.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en,
    rules: RulesOpt = None,
) -> None:
    """List a case's findings: the fact each bears on, its level, date, quote and section.

    Example:

      verdict facts qosmos
    """
    from . import i18n

    _, the_case = load(case, rules)
    as_json = fmt is Format.json
    rows = [
        {
            "id": f.id,
            "fact": f.fact or (f"({f.weighs_against})" if f.weighs_against else ""),
            "level": f.level.name_id if as_json else i18n.level(f.level, lang.value),
            "date": f.date or "",
            "quote": f.quote or f.summary or "",
            "section": f.section or "",
        }
        for f in the_case.findings
    ]
    if as_json:
        from .render_json import dumps

        sys.stdout.write(dumps({"case": the_case.case, "findings": rows}))
        return
    _table(rows, ["id", "fact", "level", "date", "quote", "section"], the_case.title(lang.value))
