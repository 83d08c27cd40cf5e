"""The language of a command, read from its arguments before anything else loads.

``entry.py`` (the executable's first lines) and ``app.py`` both read it here, so that
neither imports the other's module at load time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

EXIT_INTERRUPTED = 130
INTERRUPTED = {"en": "interrupted", "fr": "interrompu"}
"""The one line an interrupted command says, by language."""


def help_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of the help and of error messages: ``--lang``/``-l`` on the command line, else
    ``VERDICT_LANG``, else English."""
    args = list(argv)
    for index, arg in enumerate(args):
        if arg in ("--lang", "-l") and index + 1 < len(args):
            return "fr" if args[index + 1] == "fr" else "en"
        if arg.startswith("--lang="):
            return "fr" if arg.endswith("=fr") else "en"
        if arg == "-lfr":
            return "fr"
    env = os.environ if environ is None else environ
    return "fr" if env.get("VERDICT_LANG") == "fr" else "en"
