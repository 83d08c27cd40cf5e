"""Parsing YAML: the part of yamlio.py that needs PyYAML, imported only when a file is read.

Safe loading of plain data only, duplicate keys rejected, limits on depth, nodes and alias
expansion; every mapping and list remembers where each entry was (yamldata.YDict, YList).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from verdict.engine.errors import VerdictError
from verdict.engine.io.yamldata import MAX_DEPTH, MAX_NODES, YDict, YList, describe, line_col, quoted
from verdict.messages import Join, Message, Term

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

    def _fail(self, node: Node, message: Message) -> VerdictError:
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
                said = "yaml.key_not_text_quote" if isinstance(key_node, ScalarNode) else "yaml.key_not_text"
                raise self._fail(key_node, Message(said, value=describe(key, _written(key_node))))
            if key in explicit:
                first = data.key_where[key][0]
                raise self._fail(key_node, Message("yaml.duplicate_key", key=quoted(key), first=first))
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
            raise VerdictError(_invalid(Message("yaml.unsupported_tag", tag=tag)), file, *_pos(node))
        if node.tag != _KIND_TAG.get(type(node), node.tag) or (
            isinstance(node, ScalarNode) and node.tag not in (_STR_TAG, resolve(node.value))
        ):  # '!!seq' on a mapping, '!!int' on a word: refused here rather than half-built
            unfit = Message("yaml.tag_does_not_fit", tag=quoted(tag_name(node.tag)))
            raise VerdictError(_invalid(unfit), file, *_pos(node))
        if depth > MAX_DEPTH:
            line, col = _pos(node)
            raise VerdictError(Message("yaml.too_deep", depth=MAX_DEPTH), file, line, col)
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
            raise VerdictError(Message("yaml.too_many_values", limit=MAX_NODES), file, line, col)


def parse(text: str, file: str) -> Any:
    """The data in one YAML document, with positions; a VerdictError names the faulty place.

    Every file verdict reads is a mapping or a list: a document that is a single value is refused.
    """
    try:
        loader = _Loader(text, file)
    except UnicodeEncodeError as err:  # a lone surrogate: not text any file can hold
        raise VerdictError(Message("file.lone_surrogate"), file, *line_col(text, err.start)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise VerdictError(Message("file.empty"), file, 1)
        if isinstance(node, ScalarNode):
            value = loader.construct_document(node)
            if value is None and node.value == "":
                raise VerdictError(Message("file.empty"), file, 1)
            # text is never quoted: the file may be anything
            what = Message("value.text_unquoted")
            if not isinstance(value, str):
                what = describe(value, _written(node))
            raise VerdictError(Message("yaml.single_value", what=what), file, *_pos(node))
        _check_shape(node, file, lambda value: str(loader.resolve(ScalarNode, value, (True, False))))
        return loader.construct_document(node)
    except VerdictError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        said = " ".join((err.problem or err.context or "invalid YAML").split())
        lines = text.splitlines()
        at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem: Message | Term
        if "found character '\\t'" in said or at == "\t":
            problem = Message("yaml.tab")
        elif "could not determine a constructor for the tag" in said:
            tag = said.split("tag", 1)[1].strip().replace("tag:yaml.org,2002:", "!!")
            problem = Message("yaml.unsupported_tag", tag=tag)
        elif "found another document" in said:
            problem = Message("yaml.second_document")
        elif "exceeded maximum nesting depth" in said:
            raise VerdictError(Message("yaml.too_deep", depth=MAX_DEPTH), file, line, col) from None
        else:
            problem = _libyaml(said)
        raise VerdictError(_invalid(problem), file, line, col) from None
    except yaml.reader.ReaderError as err:
        code = int(err.character)  # the reader stops at the first such character: find it
        found = text.find(chr(code))
        line, col = line_col(text, found) if found >= 0 else (None, None)
        control = Message("yaml.control_character", code=f"U+{code:04X}")
        raise VerdictError(_invalid(control), file, line, col) from None
    except yaml.YAMLError as err:
        raise VerdictError(_invalid(_libyaml(" ".join(str(err).split()))), file) from None
    except RecursionError:
        raise VerdictError(Message("yaml.too_deep", depth=MAX_DEPTH), file) from None
    finally:
        loader.dispose()


def _invalid(problem: Message | Term) -> Message:
    """«invalid YAML: » and the problem."""
    return Message("yaml.invalid", problem=problem)


_MISSING = re.compile(r"(did not find (?:the )?expected|could not find expected) (.+)")
_WITH_VALUE = {
    "found undefined alias": "yaml.found_undefined_alias",
    "found unknown escape character": "yaml.found_unknown_escape_character",
    "found duplicate anchor": "yaml.found_duplicate_anchor",
}
_WITH_VALUE_SAID = re.compile(f"({'|'.join(_WITH_VALUE)})(?: (.*))?")


def _libyaml(said: str) -> Message | Term:
    """The YAML parser's own words: a problem it names often, by id with its values (so that it
    is shown in the reader's language); any other as it is."""
    missing = _MISSING.fullmatch(said)
    if missing:
        things = [Term(f"yaml.thing.{thing}", thing) for thing in re.split(r"(?<=') or (?=')", missing[2])]
        return Message("yaml.missing", said=missing[1], thing=Join(things, "join.or"))
    found = _WITH_VALUE_SAID.fullmatch(said)
    if found:
        return Message(_WITH_VALUE[found[1]], said=found[1], value=f" {found[2]}" if found[2] else "")
    return Term(f"yaml.said.{said}", said)
