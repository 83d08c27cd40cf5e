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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _written(node: Node) -> str | None:
    """The source text of a plain value YAML reads as something other than text, else None."""
    if isinstance(node, ScalarNode) and node.tag != _STR_TAG:
        return str(node.value)
    return None


path_name = files.display


def quoted(name: object) -> str:
    """A name as an error quotes it: 'level'; with escapes if it holds a line break or the like."""
    text = str(name)
    return f"'{text}'" if text.isprintable() and "'" not in text else repr(text)


def describe(value: Any, written: str | None = None) -> str:
    """A value as an error names it: 'the number 3', 'the yes/no value no', 'a list'.

    ``written`` is the value as it stood in the file, when YAML read it as a non-text scalar.
    """
    if isinstance(value, bool):
        return f"the yes/no value {written or str(value).lower()}"
    if value is None:
        return f"the empty value {written}" if written else "an empty value"
    if isinstance(value, int | float):
        return f"the number {written or value}"
    if isinstance(value, str):
        return f"the text {value[:60]!r}" + ("..." if len(value) > 60 else "")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, set | frozenset):
        return "a set"
    return f"a value of type {type(value).__name__}"


_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_SafeBase):  # type: ignore[misc,valid-type]
    """A safe loader that builds YDict/YList, refuses duplicate keys and bounds its work."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file

    def _fail(self, node: Node, message: str) -> VerdictError:
        line, col = _pos(node)
        return VerdictError(message, self.file, line, col)

    def construct_yaml_map(self, node: MappingNode) -> Any:  # type: ignore[override]
        data = YDict()
        data.where = _pos(node)
        data.key_where = {}
        data.written = {}
        yield data
        own = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
        self.flatten_mapping(node)
        merged = len(node.value) - own  # keys brought in by '<<: *anchor' come first
        explicit: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                hint = ": put it in quotes" if isinstance(key_node, ScalarNode) else ""
                raise self._fail(
                    key_node, f"a key must be text, not {describe(key, _written(key_node))}{hint}"
                )
            if key in explicit:
                first = data.key_where[key][0]
                raise self._fail(key_node, f"duplicate key {quoted(key)} (first at line {first})")
            if index >= merged:  # written here: it overrides a key brought in by a merge
                explicit.add(key)
            data.key_where[key] = _pos(key_node)
            data[key] = self.construct_object(value_node, deep=True)
            written = _written(value_node)
            if written is not None:
                data.written[key] = written
            else:
                data.written.pop(key, None)

    def construct_yaml_seq(self, node: SequenceNode) -> Any:  # type: ignore[override]
        data = YList()
        data.where = _pos(node)
        data.item_where = [_pos(child) for child in node.value]
        data.written = {}
        for index, child in enumerate(node.value):
            written = _written(child)
            if written is not None:
                data.written[index] = written
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:  # type: ignore[override]
        return self.construct_scalar(node)  # dates stay text: '2011-03' and '2011-03-15' alike


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
) | {_MERGE_TAG}
"""The tags of plain data: a mapping, a list, text, a number, yes/no, nothing. Every other tag
(``!!set``, ``!!omap``, ``!!pairs``, ``!!binary``, ``!anything``) is refused, so what the model
reads as a list is always a YAML sequence and no value is a set, whose order would vary."""


def tag_name(tag: str) -> str:
    """A YAML tag as the file writes it: ``!!set`` for ``tag:yaml.org,2002:set``."""
    return tag.replace("tag:yaml.org,2002:", "!!")


_KIND_TAG: dict[type, str] = {
    MappingNode: "tag:yaml.org,2002:map",
    SequenceNode: "tag:yaml.org,2002:seq",
}


def _check_shape(root: Node, file: str, resolve: Callable[[str], str]) -> None:
    """Refuse documents nested too deeply, with a tag other than plain data's, or that expand
    (through aliases) to too many values."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            tag = quoted(tag_name(node.tag))
            raise VerdictError(f"invalid YAML: unsupported YAML tag {tag} (only plain data is read)",
                               file, *_pos(node))
        if node.tag != _KIND_TAG.get(type(node), node.tag) or (
            isinstance(node, ScalarNode) and node.tag not in (_STR_TAG, resolve(node.value))
        ):  # '!!seq' on a mapping, '!!int' on a word: refused here rather than half-built
            raise VerdictError(f"invalid YAML: the tag {quoted(tag_name(node.tag))} does not fit this value",
                               file, *_pos(node))
        if depth > MAX_DEPTH:
            line, col = _pos(node)
            raise VerdictError(f"nesting deeper than {MAX_DEPTH} levels", file, line, col)
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            sizes[id(node)] = 1
            continue
        if id(node) in sizes:
            continue
        if not children_done:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
        if sizes[id(node)] > MAX_NODES:
            line, col = _pos(node)
            raise VerdictError(
                f"too many values once aliases are expanded (over {MAX_NODES:,})", file, line, col
            )


def _too_big(size: int | None) -> str:
    """The message for a file over the size limit, with its size when it is known."""
    what = f"file is {size:,} bytes, over" if size is not None else "file is over"
    return f"{what} the {MAX_BYTES:,}-byte limit for a case or rule file"


def decode(raw: bytes, file: str) -> str:
    """The text of a YAML file: UTF-8, an optional byte-order mark dropped, within the size limit."""
    if len(raw) > MAX_BYTES:
        raise VerdictError(_too_big(len(raw)), file)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise VerdictError("UTF-16 text, not UTF-8; save the file as UTF-8", file, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8")
        line = _line_col(before, len(before))[0]
        raise VerdictError(
            f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8", file, line
        ) from None
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
    """The data in one YAML document, with positions; a VerdictError names the faulty place.

    Every file verdict reads is a mapping or a list: a document that is a single value is refused.
    """
    try:
        loader = _Loader(text, file)
    except UnicodeEncodeError as err:  # a lone surrogate: not text any file can hold
        raise VerdictError(
            "not valid Unicode text (a lone surrogate character)", file, *_line_col(text, err.start)
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise VerdictError("file is empty", file, 1)
        if isinstance(node, ScalarNode):
            value = loader.construct_document(node)
            if value is None and node.value == "":
                raise VerdictError("file is empty", file, 1)
            what = "text" if isinstance(value, str) else describe(value, _written(node))  # text: never quoted
            raise VerdictError(
                f"expected a mapping of keys, not a single value ({what})",
                file,
                *_pos(node),
            )
        _check_shape(node, file, lambda value: str(loader.resolve(ScalarNode, value, (True, False))))
        return loader.construct_document(node)
    except VerdictError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = " ".join((err.problem or err.context or "invalid YAML").split())
        lines = text.splitlines()
        at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if "found character '\\t'" in problem or at == "\t":
            problem = "a tab character: YAML indents with spaces only"
        elif "could not determine a constructor for the tag" in problem:
            tag = problem.split("tag", 1)[1].strip().replace("tag:yaml.org,2002:", "!!")
            problem = f"unsupported YAML tag {tag} (only plain data is read)"
        elif "found another document" in problem:
            problem = "a second document starts here; a file holds one YAML document"
        elif "exceeded maximum nesting depth" in problem:
            raise VerdictError(f"nesting deeper than {MAX_DEPTH} levels", file, line, col) from None
        raise VerdictError(f"invalid YAML: {problem}", file, line, col) from None
    except yaml.reader.ReaderError as err:
        code = int(err.character)  # the reader stops at the first such character: find it
        found = text.find(chr(code))
        line, col = _line_col(text, found) if found >= 0 else (None, None)
        raise VerdictError(
            f"invalid YAML: the control character U+{code:04X} is not allowed in a YAML file",
            file,
            line,
            col,
        ) from None
    except yaml.YAMLError as err:
        raise VerdictError(f"invalid YAML: {' '.join(str(err).split())}", file) from None
    except RecursionError:
        raise VerdictError(f"nesting deeper than {MAX_DEPTH} levels", file) from None
    finally:
        loader.dispose()


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
