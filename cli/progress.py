"""A progress bar on the terminal for work that lasts: shown only on a terminal, and only
once the work has taken a second; gone when it ends, so output and pipes never hold it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

DELAY = 1.0
"""Seconds of work before the bar appears."""


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A function ``tick(done, total)`` to call as work goes; it draws a bar on stderr when
    stderr is a terminal and the work has lasted ``DELAY`` seconds, and nothing otherwise."""
    start = time.monotonic()
    shown: dict[str, Any] = {}

    def tick(done: int, total: int) -> None:
        if "bar" not in shown:
            if time.monotonic() - start < DELAY or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            shown["bar"], shown["task"] = bar, bar.add_task(label, total=total)
        shown["bar"].update(shown["task"], completed=done, total=total)

    try:
        yield tick
    finally:
        if "bar" in shown:
            shown["bar"].stop()
