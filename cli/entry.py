"""The first code the `verdict` executable runs: Ctrl-C is handled before anything heavy loads.

From the first instant, an interrupt ends the process with exit code 130 and one line on
stderr, whatever runs at that moment (an import, durable_rules' C core, a file being
written: its temporary file is removed first). Nothing else is imported here but
``language.py``, which imports nothing of verdict's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

from .language import EXIT_INTERRUPTED, INTERRUPTED, help_lang

__all__ = ["EXIT_INTERRUPTED", "INTERRUPTED", "help_lang", "run"]


def _interrupted(signum: int, frame: FrameType | None) -> None:
    files = sys.modules.get("verdict.engine.io.files")
    if files is not None:
        files.discard_pending()
    try:
        os.write(2, INTERRUPTED[help_lang(sys.argv[1:])].encode() + b"\n")
    finally:
        os._exit(EXIT_INTERRUPTED)


def run() -> None:
    """The `verdict` command: install the interrupt handler, then run the command line.

    The process ends right after the command, without Python's finalisation, in which the
    interrupt handler is gone (Ctrl-C there would kill the process without a word).
    """
    signal.signal(signal.SIGINT, _interrupted)
    from verdict.cli.app import main

    code: object = 0
    try:
        main()
    except SystemExit as done:
        code = done.code
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # main reported output failures already
            if stream is not None:
                stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":
    run()
