"""What every command shares: the typer app they register on, option types, loading, printing.

``cli/app.py`` imports this module and then the command modules, which register on
``app``; no command module imports ``cli/app.py``, so there is no import circle.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .help import APP_EN, HELP_OPTIONS

if TYPE_CHECKING:
    from verdict.engine.load.overlay import Opened
    from verdict.engine.model.case import Case
    from verdict.engine.model.rule_base import RuleBase

app = typer.Typer(
    name="verdict",
    help=APP_EN,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTIONS},
)

state: dict[str, Any] = {"debug": False, "pager": True}
"""Options given anywhere on the command line: ``--debug``, ``--no-pager``."""


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ExplainFormat(StrEnum):
    """The formats of an explanation: those of every command, and a self-contained HTML page."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class Lang(StrEnum):
    en = "en"
    fr = "fr"


class BackendChoice(StrEnum):
    durable = "durable"
    reference = "reference"


CaseArg = Annotated[
    str,
    typer.Argument(
        help="A case or overlay file, or the name of a bundled case or overlay (verdict list shows them).",
        show_default=False,
        metavar="CASE",
    ),
]
StageOpt = Annotated[
    str | None,
    typer.Option(
        "--stage",
        "-s",
        help="Judge at another stage: its id or its title, in English or French (verdict list shows "
        "them). Default: the case's own stage.",
        show_default=False,
        metavar="STAGE",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format: text, json or markdown.")]
LangOpt = Annotated[
    Lang,
    typer.Option("--lang", "-l", help="Language: en, or fr for French legal terms.", envvar="VERDICT_LANG"),
]
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
    str | None,
    typer.Option(
        "--rules",
        help="A rule folder, or the name of a bundled law variant (verdict list shows them), instead of "
        "the law in force.",
        show_default=False,
        metavar="RULES",
    ),
]


def rules_folder(name: str | None) -> Path | None:
    """The rule folder ``--rules`` names: a path, or the name of a bundled law variant."""
    if name is None:
        return None
    from .names import rules_path

    return rules_path(name)


def opened(path: Path, rules: Path | None = None) -> Opened:
    """A case or overlay file opened (``open_file``), read back from the cache on disk when none
    of the files it was made from has changed (engine/io/cache.py)."""
    from verdict.engine.io.cache import remembered
    from verdict.engine.load.overlay import Opened, open_file

    # keyed by the names as given too: the opened file remembers them, and output may show them
    # (nothing read from standard input is kept)
    law = [str(rules), os.path.realpath(rules)] if rules is not None else []
    where = [str(path), os.path.realpath(path), *law]
    return remembered("open_file\0" + "\0".join(where), lambda: open_file(path, rules), Opened)


def load(case_name: str, rules: str | None, hint: str | None = None) -> tuple[RuleBase, Case]:
    """The rule base and the case a command works on: a case file, or an overlay on one.

    With ``hint`` (a language), one line on standard error when the file has warnings."""
    from .names import case_path

    the_file = opened(case_path(case_name), rules_folder(rules))
    if hint is not None:
        from .warn import hint as warn

        warn(the_file, hint)
    variant = the_file.variant
    return variant.base, variant.case


def backend_name(choice: BackendChoice | None) -> str:
    """The backend to use, with a one-line notice when durable_rules cannot run here."""
    from verdict.engine.decide.evaluate import default_backend

    if choice is not None:
        return choice.value
    chosen = default_backend()
    if chosen == "reference":
        from verdict.messages import Message

        from .language import help_lang

        typer.echo(Message("notice.no_durable").text(help_lang(sys.argv[1:])), err=True)
    return chosen


def show(renderable: Any, crop: bool = True) -> None:
    """Print a rich renderable; on a terminal, through a pager when it is taller than the screen."""
    from rich.console import Console

    from verdict.render.safety import terminal_safe

    renderable = terminal_safe(renderable)  # case text cannot drive the terminal
    console = Console(highlight=False)
    if state["pager"] and console.is_terminal and not os.environ.get("VERDICT_NO_PAGER"):
        with console.capture() as capture:
            console.print(renderable, crop=crop)
        text = capture.get()
        if text.count("\n") > console.size.height:
            with console.pager(styles=True):
                console.print(renderable, crop=crop)
            return
        sys.stdout.write(text)
        return
    console.print(renderable, crop=crop)
