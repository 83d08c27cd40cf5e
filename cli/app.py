"""The `verdict` command line. Each command imports the engine only when it runs."""

from __future__ import annotations

import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from verdict.engine.model import Case, RuleBase

app = typer.Typer(
    name="verdict",
    help=(
        "Legal reasoning on French criminal complicity (Code pénal 121-7), explained.\n\n"
        "Cases are YAML files of court findings; the law is YAML rules. verdict decides each "
        "charge at a procedural stage and shows which elements hold, on which findings and "
        "sources, and which missing element blocked the charges.\n\n"
        "Start with:  verdict explain qosmos"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Lang(StrEnum):
    en = "en"
    fr = "fr"


class BackendChoice(StrEnum):
    durable = "durable"
    reference = "reference"


CaseArg = Annotated[
    str,
    typer.Argument(
        help="A case file (facts/qosmos.yaml) or the name of a bundled case (qosmos).",
        show_default=False,
    ),
]
StageOpt = Annotated[
    str | None,
    typer.Option(
        "--stage",
        "-s",
        help="Judge at another stage: temoin_assiste, mise_en_examen, end_of_investigation, judgment. "
        "Default: the case's own stage, else end_of_investigation.",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[Lang, typer.Option("--lang", "-l", help="Language: en, or fr for French legal terms.")]
BackendOpt = Annotated[
    BackendChoice | None,
    typer.Option(
        "--backend",
        help="Rule engine: durable (durable_rules, the default where it imports) or reference "
        "(the pure-Python evaluator that defines the semantics).",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A rule folder to use instead of the bundled law (e.g. rules/variants/attempt_punishable).",
        show_default=False,
    ),
]

_state: dict[str, Any] = {"debug": False}


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    _state["debug"] = debug


def load(case_name: str, rules: Path | None) -> tuple[RuleBase, Case]:
    """The rule base and the case a command works on: a case file, or an overlay on one."""
    from verdict.engine.loader import find_case
    from verdict.engine.overlay import open_file

    variant = open_file(find_case(case_name), rules).variant
    return variant.base, variant.case


def backend_name(choice: BackendChoice | None) -> str:
    """The backend to use, with a one-line notice when durable_rules cannot run here."""
    from verdict.engine.evaluate import default_backend

    if choice is not None:
        return choice.value
    chosen = default_backend()
    if chosen == "reference":
        typer.echo(
            "notice: durable_rules is not available on this Python; using the reference backend",
            err=True,
        )
    return chosen


def emit(explanation: Any, fmt: Format, lang: Lang, detail: bool = False) -> None:
    """Print an explanation in the chosen format and language."""
    if fmt is Format.json:
        from .render_json import dumps, to_dict

        sys.stdout.write(dumps(to_dict(explanation, lang.value)))
    elif fmt is Format.markdown:
        from .render_markdown import render as render_md

        sys.stdout.write(render_md(explanation, lang.value))
    else:
        from rich.console import Console

        from .render_text import render as render_text

        Console(highlight=False).print(render_text(explanation, lang.value, detail))


@app.command()
def explain(
    case: CaseArg,
    stage: StageOpt = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.en,
    backend: BackendOpt = None,
    rules: RulesOpt = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="Show every finding, not only the decisive ones.")
    ] = False,
) -> None:
    """Decide a case and explain why: each charge, each element, the findings, what blocked it.

    Examples:

      verdict explain qosmos

      verdict explain qosmos --stage mise_en_examen --lang fr

      verdict explain facts/papon.yaml --format markdown > memo.md
    """
    from verdict.engine.evaluate import evaluate
    from verdict.engine.explain import explain as build

    base, the_case = load(case, rules)
    trace = evaluate(base, the_case, stage, backend_name(backend))  # type: ignore[arg-type]
    emit(build(trace, base, the_case), fmt, lang, detail)


from . import library_cmd, test_cmd, whatif_cmd  # noqa: E402,F401  (commands register themselves)


def _say(line: str) -> None:
    """Write one line on stderr; a closed stderr loses it, it never raises."""
    from verdict.engine.errors import one_line

    with contextlib.suppress(Exception):
        typer.echo(one_line(line), err=True)


def main() -> None:
    """Entry point: run the command; every failure is one line on stderr and a catalogued exit code
    (docs/errors.md): 2 bad input, 3 engine defect, 74 output failed, 130 interrupted, 70 a defect."""
    from verdict.engine.errors import VerdictError

    from .output import guarded

    try:
        with guarded():
            code = app(standalone_mode=False)
    except VerdictError as err:
        if _state["debug"]:
            raise
        _say(f"error: {err}")
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except Exception as err:
        if hasattr(err, "format_message") and isinstance(getattr(err, "exit_code", None), int):
            # the command-line parser's own errors (unknown option, bad value): one line too
            message = " ".join(str(err.format_message()).replace("Value error, ", "").split())
            if message:  # empty when the help was shown for a bare `verdict`
                _say(f"error: {message} (see verdict --help)")
            sys.exit(err.exit_code)  # type: ignore[attr-defined]
        # a defect: say so in one line, unless debugging
        if _state["debug"] or os.environ.get("VERDICT_DEBUG"):
            raise
        first = next(iter(str(err).splitlines()), "")[:200]
        _say(f"internal error: {type(err).__name__}: {first} (run with --debug for details)")
        sys.exit(70)
    if code == 130:  # typer's own answer to Ctrl-C
        _say("interrupted")
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    from .entry import run

    run()
