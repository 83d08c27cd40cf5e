"""Parsing YAML: the part of yamlio.py that needs PyYAML, imported only when a file is read.

Safe loading of plain data only, duplicate keys rejected, limits on depth, nodes and alias
expansion; every mapping and list remembers where each entry was (yamldata.YDict, YList).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import VerdictError
from .yamldata import MAX_DEPTH, MAX_NODES, YDict, YList, describe, line_col, quoted

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _written(node: Node) -> str | None:
    """The source text of a plain value YAML reads as something other than text, else None."""
    if isinstance(node, ScalarNode) and node.tag != _STR_TAG:
        return str(node.value)
    return None


_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_SafeBase):  # type: ignore[misc]
    """A safe loader that builds YDict/YList, refuses duplicate keys and bounds its work."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file

    def _fail(self, node: Node, message: str) -> VerdictError:
        line, col = _pos(node)
        return VerdictError(message, self.file, line, col)

    def construct_yaml_map(self, node: MappingNode) -> Any:
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

    def construct_yaml_seq(self, node: SequenceNode) -> Any:
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

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
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


def parse(text: str, file: str) -> Any:
    """The data in one YAML document, with positions; a VerdictError names the faulty place.

    Every file verdict reads is a mapping or a list: a document that is a single value is refused.
    """
    try:
        loader = _Loader(text, file)
    except UnicodeEncodeError as err:  # a lone surrogate: not text any file can hold
        raise VerdictError(
            "not valid Unicode text (a lone surrogate character)", file, *line_col(text, err.start)
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
        line, col = line_col(text, found) if found >= 0 else (None, None)
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
