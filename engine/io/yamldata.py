"""What a YAML file is read into: plain mappings and lists that remember where each entry
stood, how an error names a value, and the limits of one file.

Both ``yamlio.py`` (reading files) and ``yamlparse.py`` (parsing, with PyYAML) build on it.
"""

from __future__ import annotations

import re
from typing import Any

from verdict.messages import Message

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


class YDict(dict[str, Any]):
    """A mapping read from YAML, with the (line, column) of its start and of each key.

    ``written`` keeps, for each value YAML did not read as text (``yes``, ``3``, ``~``),
    the value as it was written, so that an error can quote it.
    """

    where: tuple[int, int] = (0, 0)
    key_where: dict[str, tuple[int, int]]
    written: dict[str, str]


class YList(list[Any]):
    """A list read from YAML, with the (line, column) of its start and of each item.

    ``written``: as for YDict, by item index.
    """

    where: tuple[int, int] = (0, 0)
    item_where: list[tuple[int, int]]
    written: dict[int, str]


def quoted(name: object) -> str:
    """A name as an error quotes it: 'level'; with escapes if it holds a line break or the like."""
    text = str(name)
    return f"'{text}'" if text.isprintable() and "'" not in text else repr(text)


def describe(value: Any, written: str | None = None) -> Message:
    """A value as an error names it: 'the number 3', 'the yes/no value no', 'a list'.

    ``written`` is the value as it stood in the file, when YAML read it as a non-text scalar.
    """
    if isinstance(value, bool):
        return Message("value.yes_no", written=written or str(value).lower())
    if value is None:
        return Message("value.empty_written", written=written) if written else Message("value.empty")
    if isinstance(value, int | float):
        return Message("value.number", written=written or value)
    if isinstance(value, str):
        return Message("value.text", text=f"{value[:60]!r}" + ("..." if len(value) > 60 else ""))
    if isinstance(value, dict):
        return Message("value.mapping")
    if isinstance(value, list):
        return Message("value.list")
    if isinstance(value, bytes):
        return Message("value.binary")
    if isinstance(value, set | frozenset):
        return Message("value.set")
    return Message("value.of_type", type=type(value).__name__)


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as YAML counts them (so as its positions do): CR LF, CR, LF, NEL, LS and PS."""


def line_col(text: str, index: int) -> tuple[int, int]:
    """The (line, column) of the character at ``index`` in ``text``, counted as YAML counts."""
    line, start = 1, 0
    for found in _BREAKS.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1
