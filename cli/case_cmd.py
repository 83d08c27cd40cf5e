"""Commands for writing cases: `check` (a case, an overlay or a rule folder, with its warnings and
its quotes against the ruling) and `new` (a skeleton to fill)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from verdict.engine.errors import VerdictError
from verdict.engine.io.files import display
from verdict.render import i18n

from .shared import Format, Lang, LangOpt, RulesOpt, app, rules_folder

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Case files, overlay files or rule folders (default: every bundled case and the bundled law).",
        show_default=False,
    ),
]


SourceOpt = Annotated[
    Path | None,
    typer.Option(
        "--source",
        help="The text of the ruling (a UTF-8 text file): every finding's quote must occur in it "
        "(whitespace, apostrophes, quotation marks and ligatures aside). Default: the case's source_text.",
        show_default=False,
        metavar="TEXT",
    ),
]


def source_path(given: Path | None, case_file: Path, source_text: str | None) -> Path | None:
    """The text to check quotes against: ``--source``, else the case's ``source_text`` beside it."""
    if given is not None:
        return given
    if source_text and str(case_file) != "-":
        return case_file.parent / source_text
    return None


def _check_one(
    path: Path, rules: str | None, source: Path | None
) -> tuple[VerdictError | None, list[Any], list[Any]]:
    """The first error in ``path`` (a case, an overlay or a rule folder), or None; its warnings;
    its quotes located in the ruling's text when one is given."""
    from verdict.engine.load.rule_folder import load_rules

    from .shared import opened
    from .warn import opened_warnings

    try:
        if path.is_dir():
            load_rules(path)
            return None, [], []
        the_file = opened(path, rules_folder(rules))
        found = opened_warnings(the_file)
        own_text = the_file.variant.case.source_text if the_file.overlay is None else None
        text = source_path(source, path, own_text)
        located = locate_quotes(text, the_file.variant.case) if text is not None else []
    except VerdictError as err:
        return err, [], []
    return None, found, located


def locate_quotes(text_path: Path, case: Any) -> list[Any]:
    """The case's quotes located in the text at ``text_path``."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.io.files import read_bytes
    from verdict.engine.io.yamlio import decode, path_name
    from verdict.engine.load.quotes import Source

    limit = 20_000_000
    raw = read_bytes(text_path, limit)
    if len(raw) > limit:
        from verdict.messages import Message

        raise VerdictError(Message("check.ruling_too_large", mb=limit // 1_000_000), path_name(text_path))
    return Source(decode(raw, path_name(text_path))).locate_all(case.findings)


def where_found(found: Any) -> dict[str, Any]:
    """Where a quote stands in the ruling's text, for a row of ``verdict facts``."""
    if not found.found:
        return {"found": False, "heading": found.heading, "sentence": None, "closest": found.closest}
    return {"found": True, "heading": found.heading, "sentence": found.sentence}


def _finding_place(path: Path, finding: str) -> str:
    """``file:line:column`` of the finding ``finding`` in the case file at ``path`` (the file alone
    when it cannot be placed)."""
    from verdict.engine.io import yamlio

    name = display(path)
    try:
        raw = yamlio.load(path)
    except Exception:  # the file was read and validated already; a place is a courtesy
        return name
    findings = raw.get("findings") if isinstance(raw, dict) else None
    if not isinstance(findings, list):
        return name
    for index, item in enumerate(findings):
        if isinstance(item, dict) and item.get("id") == finding:
            line, column = yamlio.where(findings, index)
            return f"{name}:{line}:{column}" if line is not None else name
    return name


def _quote_line(found: Any, place: str, lang: str) -> str | None:
    """The report of one quote not found, or found under another heading than its section; else None."""
    from verdict.messages import Message

    if not found.found:
        under = Message("check.quote_under", heading=found.heading) if found.heading else ""
        similarity = round(found.similarity * 100)
        return Message(
            "check.quote_missing",
            place=place,
            finding=found.finding,
            similarity=similarity,
            closest=found.closest,
            under=under,
        ).text(lang)
    if not found.section_matches:
        elsewhere = Message(
            "check.quote_elsewhere", place=place, finding=found.finding, heading=found.heading,
            section=found.section,
        )
        return elsewhere.text(lang)
    return None


@app.command()
def check(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    lang: LangOpt = Lang.en,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings and quotes not found count as errors (exit code 2).")
    ] = False,
    source: SourceOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """Validate case files, overlays and rule folders without deciding anything; warn of likely traps.

    Each file gets a line: ✔ when it is valid, else its first error with file and line. A valid
    case may still get warnings (file:line:column, what is likely wrong, the fix): an element of
    the route it argues left without any finding, one fact of a pair stated and not the other, a
    finding no rule reads for its charge... docs/writing-a-case.md explains each. With --source
    (or the case's source_text), every quote is looked for in the ruling's text. Exit code 2
    when any file is invalid, or with --strict when any has a warning or a quote not found.

    Examples:

      verdict check                      # everything bundled

      verdict check facts/my_case.yaml --strict

      verdict check facts/my_case.yaml --source ruling.txt
    """
    from rich.console import Console
    from rich.markup import escape

    from verdict.engine.errors import VerdictError
    from verdict.engine.load.paths import bundled_facts, bundled_rules
    from verdict.messages import Message

    if fmt is Format.markdown:
        raise VerdictError(Message("option.check_no_markdown"))
    targets = list(paths or [bundled_rules(), *sorted(bundled_facts().rglob("*.yaml"))])
    console = Console(highlight=False, soft_wrap=True)
    w = lang.value
    failed = warned = 0
    report: list[dict[str, Any]] = []
    for path in targets:
        error, found, located = _check_one(path, rules, source)
        name = display(path)
        missing = [q for q in located if not q.found or not q.section_matches]
        report.append(
            {
                "file": name,
                "valid": error is None,
                "error": None if error is None else i18n.error_message(error, w),
                "warnings": [
                    {**x.as_dict(w), "message": i18n.typo(x.message(w), w), "fix": i18n.typo(x.fix(w), w)}
                    for x in found
                ],
                "quotes": [
                    {
                        "finding": q.finding,
                        "found": q.found,
                        "heading": q.heading,
                        "section_matches": q.section_matches,
                        **({"closest": q.closest, "similarity": q.similarity} if not q.found else {}),
                    }
                    for q in located
                ],
            }
        )
        if error is not None:
            failed += 1
        elif found or missing:
            warned += 1
        if fmt is Format.json:
            continue
        if error is not None:
            console.print(f"[red]✘[/] {escape(i18n.error_message(error, w))}")
            continue
        mark = "[yellow]![/]" if found or missing else "[green]✔[/]"
        extra = ""
        if located:
            count = Message("check.quotes_found", found=sum(q.found for q in located), total=len(located))
            extra = f" [dim]{escape(count.text(w))}[/]"
        console.print(f"{mark} {escape(name)}{extra}")
        for x in found:
            message = Message("check.warning", place=x.place(), message=i18n.typo(x.message(w), w)).text(w)
            console.print(f"  {escape(message)} [dim]\\[{x.code}][/]")
            console.print(f"    {escape(Message('check.fix', fix=i18n.typo(x.fix(w), w)).text(w))}")
        for q in missing:
            line = _quote_line(q, _finding_place(path, q.finding) + ": ", w)
            if line is not None:
                console.print(f"  {escape(line)}")
    if fmt is Format.json:
        from verdict.render.json_doc import dumps

        valid = len(targets) - failed
        sys.stdout.write(dumps({"files": report, "valid": valid, "invalid": failed, "with_warnings": warned}))
    else:
        summary = i18n.word("check_summary", w).format(valid=len(targets) - failed, invalid=failed)
        if warned:
            summary += Message("check.with_warnings", count=warned).text(w)
        console.print(summary)
    if failed or (strict and warned):
        raise typer.Exit(2)


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="The case id: lower-case letters, digits and _.")],
    folder: Annotated[Path, typer.Option("--dir", help="Where to write NAME.yaml.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = Lang.en,
) -> None:
    """Write a commented skeleton of a new case: the findings every charge needs, and the facts
    the rules read. --lang fr writes its comments in French.

    Example:

      verdict new my_case --dir facts && verdict check facts/my_case.yaml
    """
    import re

    from verdict.engine.errors import VerdictError
    from verdict.engine.io.files import write_atomic
    from verdict.engine.io.yamlio import quoted
    from verdict.engine.load.rule_folder import load_rules

    from .output import OutputError

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,79}", name):
        from verdict.messages import Message

        raise VerdictError(Message("case.bad_id", name=quoted(name)))
    from .skeleton import skeleton

    base = load_rules()
    path = folder / f"{name}.yaml"
    text = skeleton(base, name, str(path), lang.value)
    write_atomic(path, text, force)
    try:
        typer.echo(f"wrote {display(path)}")
        sys.stdout.flush()
    except OutputError:  # the file was new: leave nothing behind when the report of it fails
        if not force:
            path.unlink()
        raise
