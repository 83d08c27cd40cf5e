"""The ``whatif`` and ``counterfactuals`` commands. The engine is imported only when they run."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import (
    BackendOpt,
    CaseArg,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    RulesOpt,
    StageOpt,
    app,
    backend_name,
    load,
)


def _emit(
    data: Any,
    fmt: Format,
    lang: Lang,
    text: Callable[[Any, str], Any],
    as_dict: Callable[[Any, str], dict[str, Any]],
    markdown: Callable[[Any, str], str],
) -> None:
    if fmt is Format.json:
        from .render_json import dumps

        sys.stdout.write(dumps(as_dict(data, lang.value)))
    elif fmt is Format.markdown:
        sys.stdout.write(markdown(data, lang.value))
    else:
        from rich.console import Console

        Console(highlight=False).print(text(data, lang.value))


@app.command()
def whatif(
    case: CaseArg,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="FINDING=LEVEL: move a finding to another level. FACT=LEVEL (a fact of the rules): "
            "replace every finding on that fact by one at LEVEL. Repeatable.",
            show_default=False,
        ),
    ] = None,
    drop: Annotated[
        list[str] | None,
        typer.Option("--drop", help="FINDING: leave a finding out. Repeatable.", show_default=False),
    ] = None,
    stage: StageOpt = None,
    without_rule: Annotated[
        list[str] | None,
        typer.Option("--without-rule", help="RULE: decide without this rule. Repeatable.",
                     show_default=False),
    ] = None,
    rules: RulesOpt = None,
    overlay: Annotated[
        list[Path] | None,
        typer.Option("--overlay", help="An overlay file whose changes apply to CASE. Repeatable.",
                     show_default=False),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    backend: BackendOpt = None,
) -> None:
    """Decide a case as it is and as changed, side by side: outcomes, elements, and why.

    CASE may be an overlay file (facts/qosmos/overlays/*.yaml): it is then compared with its
    base case. Examples:

      verdict whatif qosmos --set aid_effective=sufficient --set aid_used_in_principal_act=sufficient

      verdict whatif facts/qosmos/overlays/attempt_punishable.yaml --lang fr

      verdict whatif qosmos --stage mise_en_examen --format json
    """
    from dataclasses import replace

    from verdict.engine.errors import VerdictError
    from verdict.engine.loader import find_case
    from verdict.engine.overlay import Changes, apply, command_line_changes, open_file, read_overlay
    from verdict.engine.whatif import what_if

    opened = open_file(find_case(case))
    variant = opened.variant
    for path in overlay or []:
        patch, data = read_overlay(path)
        variant = apply(variant, patch.changes, path.parent, str(path), data.get("changes"))
        variant = replace(variant, title=patch.title, rationale=patch.rationale, sources=tuple(patch.sources))
    changes = command_line_changes(set_ or [], drop or [], stage, rules, without_rule or [])
    if changes != Changes():
        variant = apply(variant, changes)
    elif opened.overlay is None and not overlay:
        raise VerdictError(
            "nothing to change: give --set, --drop, --stage, --without-rule, --rules or --overlay, "
            "or pass an overlay file as CASE"
        )
    result = what_if(opened.baseline, variant, backend_name(backend))  # type: ignore[arg-type]
    from .render_whatif import whatif_dict, whatif_markdown, whatif_text

    _emit(result, fmt, lang, whatif_text, whatif_dict, whatif_markdown)


@app.command()
def counterfactuals(
    case: CaseArg,
    toward: Annotated[
        str | None,
        typer.Option("--toward", help="Only changes that lead a charge to this outcome (e.g. non_lieu).",
                     show_default=False),
    ] = None,
    max_changes: Annotated[
        int, typer.Option("--max-changes", help="At most this many findings moved.", min=1)
    ] = 3,
    facts: Annotated[
        str | None,
        typer.Option(
            "--facts",
            help="F1,F2: only these findings, or the findings on these facts, may move.",
            show_default=False,
        ),
    ] = None,
    stage: StageOpt = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    backend: BackendOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="In text, list every set (the first 12 otherwise).")
    ] = False,
) -> None:
    """Every smallest change to the findings that changes a charge's outcome, ranked.

    Each set is minimal (no smaller one changes an outcome), ranked by the number of findings
    moved and then by how far they move, and confirmed by a full evaluation (durable_rules
    where it runs). Examples:

      verdict counterfactuals qosmos

      verdict counterfactuals facts/qosmos/overlays/causal_link_shown.yaml --toward non_lieu

      verdict counterfactuals qosmos --facts aid_effective,aid_used_in_principal_act --format json
    """
    from verdict.engine.counterfactuals import search

    base, the_case = load(case, rules)
    names = [n.strip() for n in facts.split(",") if n.strip()] if facts else None
    chosen = backend.value if backend else None
    found = search(base, the_case, stage, toward, max_changes, names, chosen)  # type: ignore[arg-type]
    from .render_whatif import counterfactuals_dict, counterfactuals_markdown, counterfactuals_text

    def text(data: Any, lang: str) -> Any:
        return counterfactuals_text(data, lang, None if show_all else 12)

    _emit(found, fmt, lang, text, counterfactuals_dict, counterfactuals_markdown)
