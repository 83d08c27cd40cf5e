"""Commands for reading the library: `rules`, `facts` and `list`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from verdict.render import i18n

from .case_cmd import SourceOpt, locate_quotes, source_path, where_found
from .shared import CaseArg, Format, Lang, LangOpt, RulesOpt, app, load, rules_folder

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


def _scope(rule: Any, base: Any) -> str:
    """What a rule applies to, as one line: its offences (all of the catalogue's that match its
    scope) and the kind of accused; '' when it applies to every charge."""
    scope = rule.applies_to
    if scope is None:
        return ""
    parts = []
    if any(v is not None for v in (scope.offence, scope.except_offence, scope.offence_class,
                                    scope.attempt_punishable, scope.aid_punishable, scope.aggravated,
                                    scope.circumstance_kind)):
        kinds = ("natural_person", "legal_person")
        offences = [o for o in base.offences if any(rule.applies(o, k) for k in kinds)]
        parts.append(", ".join(offences) if offences else "-")
    if scope.accused_kind is not None:
        parts.append("/".join(scope.accused_kind))
    return "; ".join(parts)


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
    from verdict.engine.load.rule_folder import load_rules
    from verdict.engine.model.expressions import names_in

    base = load_rules(rules_folder(rules))
    rows: list[dict[str, Any]] = []
    for rule in base.rules:
        reads = list(dict.fromkeys(n for _, e in rule.conditions() for n in names_in(e)))
        titles = [base.predicates[n].title(x) for n in reads if n in base.predicates for x in ("en", "fr")]
        cited = [s(x) for s in rule.sources for x in ("en", "fr")]
        defences = [
            (x.id, x.title(x_lang), src(x_lang))
            for x in rule.exceptions
            for x_lang in ("en", "fr")
            for src in x.sources
        ]
        scope = _scope(rule, base)
        said = (rule.id, rule.title("en"), rule.title("fr"), rule.concludes, *cited, *reads, *titles,
                *(part for d in defences for part in d))
        if _matches(search, *said):
            rows.append(
                {
                    "id": rule.id,
                    "title": rule.title(lang.value),
                    "concludes": rule.concludes,
                    "sources": [s(lang.value) for s in rule.sources],
                    "reads": reads,
                    "applies_to": scope,
                    "exceptions": [
                        {
                            "id": x.id,
                            "title": x.title(lang.value),
                            "burden": x.burden,
                            "reads": names_in(x.when),
                            "sources": [src(lang.value) for src in x.sources],
                        }
                        for x in rule.exceptions
                    ],
                }
            )
    from rich.markup import escape

    from verdict.messages import Message

    def exception_line(x: dict[str, Any]) -> str:
        burden = Message("burden.defence") if x["burden"] == "defence" else Message("burden.prosecution")
        said = Message("rules.exception", id=x["id"], title=x["title"], burden=burden,
                       sources="; ".join(x["sources"])).text(lang.value)
        return f"[dim]{escape(said)}[/]"

    records = [
        (
            f"[bold cyan]{r['id']}[/] — {escape(str(r['title']))} → [bold]{r['concludes']}[/]",
            [
                f"[dim]{i18n.word('reads', lang.value)}:[/] {', '.join(r['reads'])}",
                *(
                    [f"[dim]{escape(Message('rules.applies_to', scope=r['applies_to']).text(lang.value))}[/]"]
                    if r["applies_to"]
                    else []
                ),
                *(exception_line(x) for x in r["exceptions"]),
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
    source: SourceOpt = None,
) -> None:
    """List a case's findings: the fact each bears on, its level, date, quote and section.

    With --source (or the case's source_text), each quote is looked for in the ruling's text
    and shown with the heading and the sentence it stands in.

    --search keeps the findings whose id, fact, fact title, quote, summary or section mention
    WORD. Examples:

      verdict facts CASE

      verdict facts CASE --search WORD

      verdict facts CASE --source ruling.txt
    """
    from .names import case_path

    base, the_case = load(case, rules)
    path = case_path(case)
    text = source_path(source, path, the_case.source_text)
    located = {q.finding: q for q in locate_quotes(text, the_case)} if text is not None else {}
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
                **(where_found(located[f.id]) if f.id in located else {}),
            }
        )
    from rich.markup import escape

    from verdict.messages import Message

    records = []
    for row in rows:
        date = f" [dim]{escape(i18n.date(row['date'], lang.value))}[/]" if row["date"] else ""
        fact = f" → {row['fact']}" if row["fact"] else ""
        quote = f"«{escape(row['quote'])}»" if row["quote"] else escape(row["summary"])
        section = f" [dim]— {escape(row['section'])}[/]" if row["section"] else ""
        lines = [quote + section]
        if row.get("sentence"):
            heading = f" [dim]— {escape(str(row['heading']))}[/]" if row.get("heading") else ""
            lines.append(f"[dim]{escape(str(row['sentence']))}[/]{heading}")
        elif row.get("found") is False:
            lines.append(f"[red]{escape(Message('facts.quote_not_found').text(lang.value))}[/]")
        records.append((f"[bold cyan]{row['id']}[/]{fact}: [bold]{row['level']}[/]{date}", lines))
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
    from verdict.engine.io import yamlio
    from verdict.engine.load.rule_folder import load_rules

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
