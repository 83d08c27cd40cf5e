"""Commands for reading and writing the library: `check`, `new`, `rules`, `facts`, `list`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from verdict.engine.errors import VerdictError
from verdict.engine.files import display
from verdict.render import i18n

from .shared import CaseArg, Format, Lang, LangOpt, RulesOpt, app, load, rules_folder

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Case files, overlay files or rule folders (default: every bundled case and the bundled law).",
        show_default=False,
    ),
]


def _check_one(path: Path, rules: str | None) -> VerdictError | None:
    """The first error in ``path`` (a case, an overlay or a rule folder), or None."""
    from verdict.engine.loader import load_rules

    try:
        if path.is_dir():
            load_rules(path)
        else:
            load(str(path), rules)
    except VerdictError as err:
        return err
    return None


@app.command()
def check(paths: PathsArg = None, rules: RulesOpt = None, lang: LangOpt = Lang.en) -> None:
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
            console.print(f"[red]✘[/] {escape(i18n.error_message(error, lang.value))}")
    console.print(i18n.word("check_summary", lang.value).format(valid=len(targets) - failed, invalid=failed))
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
    from verdict.engine.yamlio import quoted

    from .output import OutputError

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,79}", name):
        from verdict.messages import Message

        raise VerdictError(Message("case.bad_id", name=quoted(name)))
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


PROSE = {"title", "quote", "section", "sources"}
"""Columns of prose; the others hold names a user types, never cut."""


def _table(rows: list[dict[str, Any]], columns: list[str], title: str, lang: str) -> None:
    """Rows as a terminal table, one line each: names whole, prose cut short with an ellipsis."""
    from rich.table import Table
    from rich.text import Text

    from .shared import show

    table = Table(title=title, show_lines=False, title_justify="left", box=None)
    for column in columns:
        if column in PROSE:
            table.add_column(i18n.column(column, lang), overflow="ellipsis")
        else:
            widest = max((len(str(row[column])) for row in rows), default=0)
            table.add_column(i18n.column(column, lang), no_wrap=True, min_width=max(widest, len(column)))
    def cell(column: str, value: Any) -> Text | str:
        # prose on one line, cut short (a column of unbroken cells would squeeze the others)
        return Text(str(value), no_wrap=True, overflow="ellipsis") if column in PROSE else str(value)

    for row in rows:
        table.add_row(*(cell(c, row[c]) for c in columns))
    show(table)


def _markdown(rows: list[dict[str, Any]], columns: list[str], title: str, lang: str) -> str:
    def cell(value: Any) -> str:
        text = "; ".join(value) if isinstance(value, list) else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    head = [i18n.column(c, lang) for c in columns]
    out = [f"# {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join([*out, ""])


def _records(records: list[tuple[str, list[str]]], title: str, lang: str) -> None:
    """Records for the terminal: a head line of names, then indented prose that wraps between words."""
    from rich.console import Group
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    from .shared import show

    def text(markup: str) -> Text:
        return Text.from_markup(i18n.typo(markup, lang))

    parts: list[Any] = [text(f"[bold]{escape(title)}[/]")]
    for head, lines in records:
        parts.append(text(head))
        parts += [Padding(text(line), (0, 0, 0, 4)) for line in lines]
    show(Group(*parts))


def _output(
    data: dict[str, Any],
    rows: list[dict[str, Any]],
    columns: list[str],
    title: str,
    fmt: Format,
    records: list[tuple[str, list[str]]] | None = None,
    lang: str = "en",
) -> None:
    """Print ``rows`` in ``fmt``: JSON (``data``), a Markdown table, or for the terminal the
    ``records`` when given, else a table."""
    from verdict.render.safety import markdown_safe

    from .output import document

    if fmt is Format.json:
        from verdict.render.json_doc import dumps

        document(dumps(data))
    elif fmt is Format.markdown:
        document(markdown_safe(_markdown(rows, columns, title, lang)))
    elif records is not None:
        _records(records, title, lang)
    else:
        flat = [{k: ", ".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
        _table(flat, columns, title, lang)


def _matches(word: str | None, *texts: str | None) -> bool:
    """Whether ``word`` is in one of ``texts``, ignoring case and accents (no word: always)."""
    if word is None:
        return True
    from verdict.render.i18n import fold

    wanted = fold(word)
    return any(wanted in fold(t) for t in texts if t)


SearchOpt = Annotated[
    str | None,
    typer.Option("--search", help="Keep only what mentions WORD (case and accents ignored).", metavar="WORD",
                 show_default=False),
]
ListFormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text, json or markdown.")]


@app.command(name="rules")
def list_rules(
    search: SearchOpt = None,
    fmt: ListFormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    rules: RulesOpt = None,
) -> None:
    """List the rule base: each rule's id, title, sources, what it concludes and what it reads.

    --search keeps the rules whose id, title, sources or conclusion mention WORD, and the
    rules that read a fact or conclusion mentioning it. Examples:

      verdict rules --search 121-7

      verdict rules --search FACT

      verdict rules --lang fr --format json
    """
    from verdict.engine.loader import load_rules
    from verdict.engine.model import names_in

    base = load_rules(rules_folder(rules))
    rows: list[dict[str, Any]] = []
    for rule in base.rules:
        reads = list(dict.fromkeys(n for _, e in rule.conditions() for n in names_in(e)))
        titles = [base.predicates[n].title(x) for n in reads if n in base.predicates for x in ("en", "fr")]
        cited = [s(x) for s in rule.sources for x in ("en", "fr")]
        said = (rule.id, rule.title("en"), rule.title("fr"), rule.concludes, *cited, *reads, *titles)
        if _matches(search, *said):
            rows.append(
                {
                    "id": rule.id,
                    "title": rule.title(lang.value),
                    "concludes": rule.concludes,
                    "sources": [s(lang.value) for s in rule.sources],
                    "reads": reads,
                }
            )
    from rich.markup import escape

    records = [
        (
            f"[bold cyan]{r['id']}[/] — {escape(str(r['title']))} → [bold]{r['concludes']}[/]",
            [
                f"[dim]{i18n.word('reads', lang.value)}:[/] {', '.join(r['reads'])}",
                escape("; ".join(r["sources"])),
            ],
        )
        for r in rows
    ]
    name = i18n.rule_base(base.name, lang.value, base.title)
    title = f"{name}: {i18n.word('rules', lang.value)} ({len(rows)})"
    columns = ["id", "title", "concludes", "reads", "sources"]
    _output({"rules": rows}, rows, columns, title, fmt, records=records, lang=lang.value)


@app.command()
def facts(
    case: CaseArg,
    search: SearchOpt = None,
    fmt: ListFormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    rules: RulesOpt = None,
) -> None:
    """List a case's findings: the fact each bears on, its level, date, quote and section.

    --search keeps the findings whose id, fact, fact title, quote, summary or section mention
    WORD. Examples:

      verdict facts CASE

      verdict facts CASE --search WORD
    """
    base, the_case = load(case, rules)
    as_json = fmt is Format.json
    rows = []
    for f in the_case.findings:
        bears = f.fact or f.weighs_against
        predicate = base.predicates.get(bears) if bears else None
        titles = (predicate.title("en"), predicate.title("fr")) if predicate else ()
        summary = f.summary(lang.value) if f.summary else None
        section = f.section(lang.value) if f.section else None
        if not _matches(search, f.id, bears, f.quote, summary, section, *titles):
            continue
        rows.append(
            {
                "id": f.id,
                "fact": f.fact or (f"({f.weighs_against})" if f.weighs_against else ""),
                "level": f.level.name_id if as_json else i18n.level(f.level, lang.value),
                "date": f.date or "",
                "quote": f.quote or "",
                "summary": summary or "",
                "section": section or "",
            }
        )
    from rich.markup import escape

    records = []
    for row in rows:
        date = f" [dim]{escape(i18n.date(row['date'], lang.value))}[/]" if row["date"] else ""
        fact = f" → {row['fact']}" if row["fact"] else ""
        quote = f"«{escape(row['quote'])}»" if row["quote"] else escape(row["summary"])
        section = f" [dim]— {escape(row['section'])}[/]" if row["section"] else ""
        records.append((f"[bold cyan]{row['id']}[/]{fact}: [bold]{row['level']}[/]{date}", [quote + section]))
    columns = ["id", "fact", "level", "date", "quote", "summary", "section"]
    title = f"{the_case.title(lang.value)}: {i18n.word('findings', lang.value)} ({len(rows)})"
    data = {"case": the_case.case, "findings": rows}
    _output(data, rows, columns, title, fmt, records=records, lang=lang.value)


@app.command(name="list")
def list_bundled(fmt: ListFormatOpt = Format.text, lang: LangOpt = Lang.en) -> None:
    """List what is bundled: the cases, their overlays (what-ifs), the law variants, the stages.

    Each is named by what you type: verdict explain CASE, verdict whatif CASE --overlay
    OVERLAY, --rules VARIANT, --stage STAGE, from any folder.
    """
    from verdict.engine import yamlio
    from verdict.engine.loader import load_rules

    from .names import bundled_cases, bundled_overlays, bundled_variants

    def title(data: Any) -> str:
        raw = data.get("title") if isinstance(data, dict) else None
        return str(raw.get(lang.value, "")) if isinstance(raw, dict) else str(raw or "")

    cases = []
    for name, path in bundled_cases().items():
        data = yamlio.load(path)
        cases.append({"kind": "case", "name": name, "title": title(data), "date": str(data.get("date", ""))})
    overlays = []
    for name, path in bundled_overlays().items():
        data = yamlio.load(path)
        base = Path(str(data.get("base", ""))).stem
        overlays.append({"kind": "overlay", "name": name, "base": base, "title": title(data)})
    variants = []
    for name, folder in bundled_variants().items():
        label = ""
        for file in sorted(folder.glob("*.yaml")):
            data = yamlio.load(file)
            if isinstance(data, dict) and isinstance(data.get("variant"), dict):
                label = str(data["variant"].get("title") or "")
        variants.append({"kind": "variant", "name": name, "title": label})
    base_rules = load_rules()
    stages = [
        {"kind": "stage", "name": s.id, "title": s.title(lang.value), "required": s.required.name_id}
        for s in base_rules.stages.values()
    ]
    if fmt is Format.json:
        from verdict.render.json_doc import dumps

        from .output import document

        bundled = {"cases": cases, "overlays": overlays, "variants": variants, "stages": stages}
        document(dumps(bundled))
        return
    w = lang.value
    for rows, columns, key in (
        (cases, ["name", "date", "title"], "list_cases"),
        (overlays, ["name", "base", "title"], "list_overlays"),
        (variants, ["name", "title"], "list_variants"),
        (stages, ["name", "required", "title"], "list_stages"),
    ):
        heading = i18n.typo(f"{i18n.word(key, w)} ({len(rows)})", w)
        _output({}, rows, columns, heading, fmt, lang=w)
