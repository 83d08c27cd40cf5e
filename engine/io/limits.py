"""Limits that count a whole rule base: files, bytes and rules across every folder it reads.

A rule base may extend another (``variant: extends``), so one command can read several folders;
each limit counts them all together. Files and bytes are counted from the folders' listings
before any file of a folder is parsed; rules as each file is parsed, before any is validated or
compiled. A rule base over a limit is refused in one line naming the limit and the environment
variable that raises it (docs/errors.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from verdict.engine.errors import VerdictError
from verdict.messages import Message


@dataclass(frozen=True)
class Limit:
    """One limit: its message id, its default, and the environment variable that sets it."""

    message: str
    default: int
    variable: str

    def value(self) -> int:
        """The limit in force: ``variable`` if set (a whole number, at least 1), else ``default``."""
        given = os.environ.get(self.variable)
        if given is None or not given.strip():
            return self.default
        text = given.strip().replace("_", "")
        if not text.isascii() or not text.isdigit() or int(text) < 1:
            raise VerdictError(Message("limits.bad_value", variable=self.variable, value=repr(given)))
        return int(text)


RULE_FILES = Limit("limits.rule_files", 200, "VERDICT_MAX_RULE_FILES")
"""The most ``.yaml`` files a rule base reads, across its folders."""

RULE_BYTES = Limit("limits.rule_bytes", 8_000_000, "VERDICT_MAX_RULE_BYTES")
"""The most bytes a rule base's files hold together."""

RULES = Limit("limits.rules", 2_000, "VERDICT_MAX_RULES")
"""The most rules a rule base's files hold together (four times the largest rule base the scale
benches decide; loading and checking grow with the rules)."""


class Budget:
    """What a rule base has read so far, checked against the limits as it grows."""

    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0
        self.rules = 0

    def _check(self, limit: Limit, count: int, where: str) -> None:
        most = limit.value()
        if count > most:
            raise VerdictError(Message(limit.message, count=count, most=most, variable=limit.variable), where)

    def add_folder(self, files: list[Path], where: str) -> None:
        """Count the files of one folder and their bytes (as listed: nothing is read yet)."""
        self.files += len(files)
        self._check(RULE_FILES, self.files, where)
        for path in files:
            try:
                self.bytes += os.stat(path).st_size
            except (OSError, ValueError):
                continue  # reading it reports the problem
        self._check(RULE_BYTES, self.bytes, where)

    def add_rules(self, count: int, where: str) -> None:
        """Count the rules of one file as it is parsed."""
        self.rules += count
        self._check(RULES, self.rules, where)
