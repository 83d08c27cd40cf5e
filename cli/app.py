"""The `verdict` command line. Each command imports the engine only when it runs."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .language import INTERRUPTED
from .shared import (
    BackendChoice,
    BackendOpt,
    CaseArg,
    ExplainFormat,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    RulesOpt,
    StageOpt,
    app,
    backend_name,
    load,
    show,
    state,
)

__all__ = [
    "BackendChoice",
    "BackendOpt",
    "CaseArg",
    "ExplainFormat",
    "Format",
    "FormatOpt",
    "Lang",
    "LangOpt",
    "RulesOpt",
    "StageOpt",
    "app",
    "backend_name",
    "load",
    "main",
]

_state = state  # options given anywhere on the command line (``--debug``, ``--no-pager``)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"verdict {version('verdict')}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors (also accepted after the command).")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never page long output on a terminal (also after the command)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    state["debug"] = state["debug"] or debug
    state["pager"] = state["pager"] and not no_pager


def emit(
    explanation: Any, fmt: Format | ExplainFormat, lang: Lang, detail: bool = False, tree: bool = False
) -> None:
    """Print an explanation in the chosen format and language."""
    from .output import document

    if fmt == "html":
        from verdict.render.html_page import render as render_html

        document(render_html(explanation, lang.value))
    elif fmt == "json":
        from verdict.render.json_doc import dumps, to_dict

        document(dumps(to_dict(explanation, lang.value)))
    elif fmt == "markdown":
        from verdict.render.memo import render as render_md

        document(render_md(explanation, lang.value))
    else:
        from verdict.render.text import render as render_text

        show(render_text(explanation, lang.value, detail, tree))


@app.command()
def explain(
    case: CaseArg,
    stage: StageOpt = None,
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f", help="Output format.")] = ExplainFormat.text,
    lang: LangOpt = Lang.en,
    backend: BackendOpt = None,
    rules: RulesOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (whole or not at all) instead of printing.",
            show_default=False, metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --output: overwrite an existing file.")
    ] = False,
    tree: Annotated[
        bool, typer.Option("--tree", help="The full proof tree: every element, fact and decisive finding.")
    ] = False,
    detail: Annotated[
        bool, typer.Option("--detail", help="The full proof tree with every finding.")
    ] = False,
    charge: Annotated[
        str | None,
        typer.Option(
            "--charge", "-c", help="Only this charge: its number, OFFENCE, ACCUSED or OFFENCE/ACCUSED.",
            show_default=False, metavar="CHARGE",
        ),
    ] = None,
) -> None:
    """Decide a case and explain why: each charge, each element, the findings, what blocked it.

    Examples:

      verdict explain CASE

      verdict explain CASE --tree --stage STAGE --lang fr

      verdict explain path/to/case.yaml --format markdown > memo.md

      verdict explain CASE --format html --lang fr --output report.html

    verdict list names the bundled cases.
    """
    from verdict.engine.decide.evaluate import evaluate
    from verdict.engine.explain.builder import explain as build
    from verdict.render import i18n

    base, the_case = load(case, rules, hint=lang.value)
    stage = None if stage is None else i18n.stage_name(stage, base.stages)
    trace = evaluate(base, the_case, stage, backend_name(backend))  # type: ignore[arg-type]
    explained = build(trace, base, the_case)
    if charge is not None:
        from verdict.render.text import pick_charge

        explained = pick_charge(explained, charge)
    if output is None:
        emit(explained, fmt, lang, detail, tree)
        return
    import contextlib
    import io

    from .output import write_atomic

    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        emit(explained, fmt, lang, detail, tree)
    write_atomic(output, text.getvalue(), force)


from . import case_cmd, library_cmd, serve_cmd, test_cmd, whatif_cmd  # noqa: E402,F401  (commands register on ``app``)

GLOBAL_FLAGS = {"--debug": "debug", "--no-pager": "pager"}
"""Options of ``verdict`` itself that are accepted after the command too."""


def _lang_for_all(command: Any, argv: list[str]) -> list[str]:
    """``argv`` without ``--lang X`` where the command has no such option: the language of its help
    and messages has been read already (``language.help_lang``), so every command accepts it."""
    name = next((a for a in argv if not a.startswith("-")), None)
    sub = getattr(command, "commands", {}).get(name)
    if sub is not None and any(p.name == "lang" for p in sub.params):
        return argv
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--lang", "-l"):
            skip = True
        elif not (arg.startswith("--lang=") or arg in ("-len", "-lfr")):
            out.append(arg)
    return out


def _global_flags(argv: list[str]) -> list[str]:
    """``argv`` without the global flags given after the command, which are recorded in ``state``."""
    if "--" in argv:
        cut = argv.index("--")
        return _global_flags(argv[:cut]) + argv[cut:]
    kept = []
    for arg in argv:
        if arg in GLOBAL_FLAGS:
            key = GLOBAL_FLAGS[arg]
            state[key] = key == "debug"
        else:
            kept.append(arg)
    return kept


def _say(line: str) -> None:
    """Write one line on stderr; a closed stderr loses it, it never raises."""
    from verdict.engine.errors import one_line

    with contextlib.suppress(Exception):
        typer.echo(one_line(line), err=True)


def main() -> None:
    """Entry point: run the command; every failure is one line on stderr and a catalogued exit code
    (docs/errors.md): 2 bad input, 3 engine defect, 74 output failed, 130 interrupted, 70 a defect."""
    from verdict.engine.errors import VerdictError

    from .help import localise
    from .language import help_lang
    from .output import PipeClosed, guarded

    lang = help_lang(sys.argv[1:])
    args = _global_flags(sys.argv[1:])
    command = typer.main.get_command(app)
    localise(command, lang)
    args = _lang_for_all(command, args)
    try:
        with guarded():
            code = command.main(args, prog_name="verdict", standalone_mode=False)
    except PipeClosed as err:  # the reader has all it wanted (`verdict ... | head`): nothing to say
        sys.exit(err.exit_code)
    except VerdictError as err:
        if state["debug"]:
            raise
        from verdict.render.i18n import error

        _say(error(err, lang))
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _say(INTERRUPTED[lang])
        sys.exit(130)
    except Exception as err:
        if hasattr(err, "format_message") and isinstance(getattr(err, "exit_code", None), int):
            # the command-line parser's own errors (unknown option, bad value): one line too
            message = " ".join(str(err.format_message()).replace("Value error, ", "").split())
            if message:  # empty when the help was shown for a bare `verdict`
                from verdict.render.i18n import usage_error

                _say(usage_error(message, lang))
            sys.exit(err.exit_code)  # type: ignore[attr-defined]
        # a defect: say so in one line, unless debugging
        if state["debug"] or os.environ.get("VERDICT_DEBUG"):
            raise
        first = next(iter(str(err).splitlines()), "")[:200]
        from verdict.messages import Message

        _say(Message("shown.internal", kind=type(err).__name__, message=first).text(lang))
        sys.exit(70)
    if code == 130:  # typer's own answer to Ctrl-C
        _say(INTERRUPTED[lang])
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # the executable is entry.run (pyproject.toml), which imports this module
    main()
