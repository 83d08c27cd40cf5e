"""Reading YAML safely and remembering where every value came from.

Safe loading of plain data only (no tag is executed, and none is read but those of
mappings, sequences and scalars), duplicate keys rejected, limits on size, depth and
alias expansion; every mapping and list remembers the line of each of its entries, as
YAML counts lines (NEL, LS and PS included), so that later errors can name it. Every error is a one-line
VerdictError naming the file and, where it is known, the line and column.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from verdict.engine.errors import VerdictError
from verdict.engine.io import files
from verdict.engine.io.yamldata import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    YDict,
    YList,
    describe,
    line_col,
    quoted,
)
from verdict.messages import Message

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "YDict",
    "YList",
    "decode",
    "describe",
    "load",
    "parse",
    "path_name",
    "quoted",
    "where",
    "written",
]

path_name = files.display


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
        line = line_col(before, len(before))[0]
        raise VerdictError(Message("file.not_utf8", byte=f"0x{raw[err.start]:02x}"), file, line) from None
    return text.removeprefix("\ufeff")


def parse(text: str, file: str) -> Any:
    """The data in one YAML document, with positions; a VerdictError names the faulty place
    (engine/io/yamlparse.py, imported only when a file is parsed)."""
    from verdict.engine.io.yamlparse import parse as parse_yaml

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
