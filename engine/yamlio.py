"""Reading YAML safely and remembering where every value came from.

Safe loading only (no tags are executed), duplicate keys rejected, limits on size,
depth and alias expansion, and every mapping and list remembers the line of each
of its entries so that later errors can name it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import VerdictError

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


class YDict(dict[str, Any]):
    """A mapping read from YAML, with the (line, column) of its start and of each key."""

    where: tuple[int, int] = (0, 0)
    key_where: dict[str, tuple[int, int]]


class YList(list[Any]):
    """A list read from YAML, with the (line, column) of its start and of each item."""

    where: tuple[int, int] = (0, 0)
    item_where: list[tuple[int, int]]


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise self._fail(key_node, f"keys must be text, not {type(key).__name__} {key!r}")
            if key in data:
                first = data.key_where[key][0]
                raise self._fail(key_node, f"duplicate key '{key}' (first at line {first})")
            data.key_where[key] = _pos(key_node)
            data[key] = self.construct_object(value_node, deep=True)

    def construct_yaml_seq(self, node: SequenceNode) -> Any:  # type: ignore[override]
        data = YList()
        data.where = _pos(node)
        data.item_where = [_pos(child) for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:  # type: ignore[override]
        return self.construct_scalar(node)  # dates stay text: '2011-03' and '2011-03-15' alike


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _check_shape(root: Node, file: str) -> None:
    """Refuse documents nested too deeply, or that expand (through aliases) to too many values."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
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


def decode(raw: bytes, file: str) -> str:
    """The text of a YAML file: UTF-8, an optional byte-order mark dropped, within the size limit."""
    if len(raw) > MAX_BYTES:
        raise VerdictError(
            f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit for a case or rule file",
            file,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise VerdictError(
            f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8", file, line
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str, file: str) -> Any:
    """The data in one YAML document, with positions; a VerdictError names the faulty place."""
    loader = _Loader(text, file)
    try:
        node = loader.get_single_node()
        if node is None:
            raise VerdictError("file is empty", file, 1)
        _check_shape(node, file)
        return loader.construct_document(node)
    except VerdictError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = (err.problem or err.context or "invalid YAML").strip()
        lines = text.splitlines()
        at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
        if "found character '\\t'" in problem or at == "\t":
            problem = "a tab character: YAML indents with spaces only"
        elif "could not determine a constructor for the tag" in problem:
            problem = f"unsupported YAML tag {problem.split('tag', 1)[1].strip()} (only plain data is read)"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise VerdictError(f"invalid YAML: {problem}", file, line, col) from None
    except yaml.YAMLError as err:
        raise VerdictError(f"invalid YAML: {err}", file) from None
    except RecursionError:
        raise VerdictError(f"nesting deeper than {MAX_DEPTH} levels", file) from None
    finally:
        loader.dispose()


def load(path: Path) -> Any:
    """Read and parse the YAML file at ``path``."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise VerdictError("no such file", file) from None
    except IsADirectoryError:
        raise VerdictError("is a folder, not a YAML file", file) from None
    except OSError as err:
        raise VerdictError(f"cannot read: {err.strerror}", file) from None
    return parse(decode(raw, file), file)


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
