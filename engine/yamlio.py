"""Reading YAML safely and remembering where every value came from.

Safe loading of plain data only (no tag is executed, and none is read but those of
mappings, sequences and scalars), duplicate keys rejected, limits on size, depth and
alias expansion; every mapping and list remembers the line of each of its entries, as
YAML counts lines (NEL, LS and PS included), so that later errors can name it. Every error is a one-line
VerdictError naming the file and, where it is known, the line and column.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from verdict.messages import Message

from . import files
from .errors import VerdictError

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


path_name = files.display


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


def _too_big(size: int | None) -> Message:
    """The message for a file over the size limit, with its size when it is known."""
    if size is None:
        return Message("file.over_limit", limit=MAX_BYTES)
    return Message("file.over_limit_size", size=size, limit=MAX_BYTES)


def decode(raw: bytes, file: str) -> str:
    """The text of a YAML file: UTF-8, an optional byte-order mark dropped, within the size limit."""
    if len(raw) > MAX_BYTES:
        raise VerdictError(_too_big(len(raw)), file)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise VerdictError(Message("file.utf16"), file, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8")
        line = _line_col(before, len(before))[0]
        raise VerdictError(Message("file.not_utf8", byte=f"0x{raw[err.start]:02x}"), file, line) from None
    return text.removeprefix("\ufeff")


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as YAML counts them (so as its positions do): CR LF, CR, LF, NEL, LS and PS."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The (line, column) of the character at ``index`` in ``text``, counted as YAML counts."""
    line, start = 1, 0
    for found in _BREAKS.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def parse(text: str, file: str) -> Any:
    """The data in one YAML document, with positions; a VerdictError names the faulty place
    (engine/yamlparse.py, imported only when a file is parsed)."""
    from .yamlparse import parse as parse_yaml

    return parse_yaml(text, file)


def load(path: Path) -> Any:
    """Read (once: ``files.read_bytes``) and parse the YAML file at ``path``; ``-`` is standard input."""
    file = path_name(path)
    raw = files.read_bytes(path, MAX_BYTES)
    if len(raw) > MAX_BYTES:
        size = None if str(path) == files.STDIN else os.stat(path).st_size
        raise VerdictError(_too_big(size), file)
    return parse(decode(raw, file), file)


def written(container: Any, key: str | int | None) -> str | None:
    """How ``container[key]`` was written, when YAML read it as a number, yes/no or empty value."""
    if isinstance(container, YDict | YList):
        return getattr(container, "written", {}).get(key)
    return None


def where(container: Any, key: str | int | None = None) -> tuple[int | None, int | None]:
    """The (line, column) of ``container[key]`` (or of the container itself), if known."""
    if isinstance(container, YDict):
        if isinstance(key, str) and key in container.key_where:
            return container.key_where[key]
        return container.where
    if isinstance(container, YList):
        if isinstance(key, int) and 0 <= key < len(container.item_where):
            return container.item_where[key]
        return container.where
    return None, None
