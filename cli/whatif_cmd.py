"""The ``whatif`` and ``counterfactuals`` commands. The engine is imported only when they run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from .shared import (
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
    rules_folder,
    show,
)


def _emit(
    data: Any,
    fmt: Format,
    lang: Lang,
    text: Callable[[Any, str], Any],
    as_dict: Callable[[Any, str], dict[str, Any]],
    markdown: Callable[[Any, str], str],
) -> None:
    from .output import document

    if fmt is Format.json:
        from verdict.render.json_doc import dumps

        document(dumps(as_dict(data, lang.value)))
    elif fmt is Format.markdown:
        document(markdown(data, lang.value))
    else:
        show(text(data, lang.value), crop=False)


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
            metavar="FINDING=LEVEL",
        ),
    ] = None,
    drop: Annotated[
        list[str] | None,
        typer.Option(
            "--drop", help="FINDING: leave a finding out. Repeatable.", show_default=False, metavar="FINDING"
        ),
    ] = None,
    stage: StageOpt = None,
    without_rule: Annotated[
        list[str] | None,
        typer.Option(
            "--without-rule", help="RULE: decide without this rule. Repeatable.", show_default=False,
            metavar="RULE",
        ),
    ] = None,
    rules: RulesOpt = None,
    overlay: Annotated[
        list[str] | None,
        typer.Option(
            "--overlay",
            help="An overlay whose changes apply to CASE: a file, or the name of a bundled overlay "
            "(verdict list shows them). Repeatable.",
            show_default=False,
            metavar="OVERLAY",
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    backend: BackendOpt = None,
) -> None:
    """Decide a case as it is and as changed, side by side: outcomes, elements, and why.

    CASE may be an overlay (a file, or its name: verdict list shows them): it is then
    compared with its base case. Examples:

      verdict whatif CASE --set FACT=sufficient --set FINDING=proven

      verdict whatif CASE --overlay OVERLAY --lang fr

      verdict whatif OVERLAY --stage STAGE --format json
    """
    from dataclasses import replace

    from verdict.engine.errors import VerdictError
    from verdict.engine.explain.whatif import what_if
    from verdict.engine.load.changes import Changes, apply, command_line_changes
    from verdict.engine.load.overlay import check_same_case, read_overlay
    from verdict.render import i18n

    from .names import case_path, overlay_path
    from .shared import opened as open_case

    opened = open_case(case_path(case))
    from .warn import hint

    hint(opened, lang.value)
    if stage is not None:
        stage = i18n.stage_name(stage, opened.variant.base.stages)
    variant = opened.variant
    for name in overlay or []:
        path = overlay_path(name)
        patch, data = read_overlay(path)
        check_same_case(opened, patch, path, data)
        variant = apply(variant, patch.changes, path.parent, str(path), data.get("changes"))
        variant = replace(variant, title=patch.title, rationale=patch.rationale, sources=tuple(patch.sources))
    assignments = [i18n.assignment(item) for item in set_ or []]
    changes = command_line_changes(assignments, drop or [], stage, rules_folder(rules), without_rule or [])
    if changes != Changes():
        variant = apply(variant, changes)
    elif opened.overlay is None and not overlay:
        from verdict.messages import Message

        raise VerdictError(Message("whatif.nothing_to_change"))
    result = what_if(opened.baseline, variant, backend_name(backend))  # type: ignore[arg-type]
    from verdict.render.whatif import whatif_dict, whatif_markdown, whatif_text

    _emit(result, fmt, lang, whatif_text, whatif_dict, whatif_markdown)


@app.command()
def counterfactuals(
    case: CaseArg,
    toward: Annotated[
        str | None,
        typer.Option(
            "--toward", help="Only changes that lead a charge to this outcome (its id, or its name in "
            "English or French).", show_default=False, metavar="OUTCOME",
        ),
    ] = None,
    max_changes: Annotated[
        int, typer.Option("--max-changes", help="At most this many findings moved.", min=1, metavar="N")
    ] = 3,
    facts: Annotated[
        str | None,
        typer.Option(
            "--facts",
            help="F1,F2: only these findings, or the findings on these facts, may move.",
            show_default=False,
            metavar="F1,F2",
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

      verdict counterfactuals CASE

      verdict counterfactuals OVERLAY --toward OUTCOME

      verdict counterfactuals CASE --facts FACT,FINDING --format json
    """
    import shlex

    from verdict.engine.explain.counterfactuals import search
    from verdict.render import i18n
    from verdict.render.whatif import counterfactuals_dict, counterfactuals_markdown, counterfactuals_text

    from .progress import progress_bar

    base, the_case = load(case, rules)
    stage = None if stage is None else i18n.stage_name(stage, base.stages)
    toward = None if toward is None else i18n.outcome_name(toward)
    names = [n.strip() for n in facts.split(",") if n.strip()] if facts else None
    chosen = backend.value if backend else None
    with progress_bar(i18n.word("confirming", lang.value)) as tick:
        found = search(base, the_case, stage, toward, max_changes, names, chosen, tick)  # type: ignore[arg-type]
    prefix = ["verdict", "whatif", case]
    if stage is not None:
        prefix += ["--stage", stage]
    if rules is not None:
        prefix += ["--rules", str(rules)]
    command = shlex.join(prefix)

    def text(data: Any, lang: str) -> Any:
        return counterfactuals_text(data, lang, None if show_all else 12, command)

    def as_dict(data: Any, lang: str) -> dict[str, Any]:
        return counterfactuals_dict(data, lang, command)

    _emit(found, fmt, lang, text, as_dict, counterfactuals_markdown)
