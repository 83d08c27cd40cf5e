"""User-facing errors: one line naming the file and the place, and an exit code."""

from __future__ import annotations

from dataclasses import dataclass

from verdict.messages import Message

_KEPT = {"\u00a0", "\u202f"}  # the no-break spaces of French typography print as spaces


def one_line(text: str) -> str:
    """``text`` with line breaks and other unprintable characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or c in _KEPT else c.encode("unicode_escape").decode("ascii") for c in text
    )


@dataclass
class VerdictError(Exception):
    """An error the user can fix: bad input or bad usage. Exit code 2."""

    message: str | Message
    file: str | None = None
    line: int | None = None
    column: int | None = None
    exit_code: int = 2

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The error in ``lang`` on one line: its place (file:line:column), then its message
        (a ``Message`` of the catalogue, in ``lang``; plain text as it is)."""
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        message = self.message.text(lang) if isinstance(self.message, Message) else self.message
        return one_line(f"{where}{message}")


class EngineError(VerdictError):
    """The rule engine misbehaved (a lost fact, an exception in an action). Exit code 3."""

    def __init__(self, message: str | Message) -> None:
        super().__init__(message, exit_code=3)
