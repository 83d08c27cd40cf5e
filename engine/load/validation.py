"""Validating YAML data against the model: pydantic's errors as one line naming the file,
the line and the key, in the words of the message catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import levels_hint
from verdict.messages import Join, Message, Term

M = TypeVar("M", bound=BaseModel)


def _fail(message: Message | str, file: str, container: Any, key: str | int | None = None) -> VerdictError:
    line, col = yamlio.where(container, key)
    return VerdictError(message, file, line, col)


def _all_keys() -> set[str]:
    from verdict.engine import model

    keys: set[str] = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for name, info in obj.model_fields.items():
                keys.add(info.alias or name)
    return keys


def _unwrap(kind: Any) -> Any:
    """The model or list type inside ``Annotated[...]`` and ``X | None``, else ``kind``."""
    while True:
        if get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
            continue
        if get_origin(kind) in (Union, UnionType):
            inner = [a for a in get_args(kind) if a is not type(None)]
            if len(inner) == 1:
                kind = inner[0]
                continue
        return kind


def _keys_at(model: type[BaseModel], path: Sequence[Any]) -> set[str]:
    """The keys a mapping at ``path`` below ``model`` may have (every model's keys if unsure)."""
    kind: Any = model
    for part in path:
        kind = _unwrap(kind)
        if isinstance(part, int) and get_origin(kind) is list:
            kind = get_args(kind)[0]
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            fields = {info.alias or name: info for name, info in kind.model_fields.items()}
            if part not in fields:
                return _all_keys()
            kind = fields[part].annotation
        else:
            return _all_keys()
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return {info.alias or name for name, info in kind.model_fields.items()}
    return _all_keys()


_EXPECTED = {
    "string_type": "value.must_be_text",
    "list_type": "value.must_be_list",
    "dict_type": "value.must_be_mapping",
    "model_type": "value.must_be_mapping",
    "model_attributes_type": "value.must_be_mapping",
}


_PYDANTIC = {  # pydantic's own words for a bad value, by the type of its error
    "greater_than_equal": "pydantic.greater_than_equal",
    "less_than_equal": "pydantic.less_than_equal",
    "greater_than": "pydantic.greater_than",
    "less_than": "pydantic.less_than",
    "int_parsing": "pydantic.int_parsing",
    "int_from_float": "pydantic.int_from_float",
    "int_type": "pydantic.int_type",
    "float_parsing": "pydantic.float_parsing",
    "float_type": "pydantic.float_type",
    "bool_parsing": "pydantic.bool_parsing",
    "bool_type": "pydantic.bool_type",
    "finite_number": "pydantic.finite_number",
}


def _subject(loc: tuple[Any, ...]) -> Message | str:
    """What a pydantic location names: 'level', 'item 2 of 'findings'', 'the file'."""
    if not loc:
        return Message("subject.file")
    last = loc[-1]
    parent = next((str(part) for part in reversed(loc[:-1]) if isinstance(part, str)), None)
    if isinstance(last, int):
        if parent:
            return Message("subject.item_of", n=last + 1, parent=yamlio.quoted(parent))
        return Message("subject.item", n=last + 1)
    return yamlio.quoted(last)


def _pydantic_words(error: Any) -> Message | Term:
    """What pydantic says of a bad value, in its words (lower-cased), by id where it is known."""
    said = str(error["msg"]).lower()
    kind = _PYDANTIC.get(error["type"])
    if kind is None or said != str(Message(kind, **error.get("ctx", {}))):
        return Term(f"pydantic.said.{said}", said)
    return Message(kind, **error.get("ctx", {}))


def _value_error(error: Any) -> Message | str:
    """The message a validator of the model raised (a ``Message``, or text)."""
    raised = error.get("ctx", {}).get("error")
    if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    return str(error["msg"]).removeprefix("Value error, ")


def _describe(error: Any, raw: Any, model: type[BaseModel]) -> tuple[Message | str, Any, str | int | None]:
    """A readable message for one pydantic error, and the YAML place it points to."""
    container: Any = raw
    key: str | int | None = None
    node = raw
    reached = 0
    for depth, part in enumerate(error["loc"]):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            container, key, node, reached = node, part, node[part], depth + 1
    kind = error["type"]
    loc = tuple(error["loc"])
    if reached < len(loc) and not isinstance(node, dict | list):
        loc = loc[:reached]  # one value written for both languages: name the key it was given to
    field = str(loc[-1]) if loc else "value"
    subject: Message | str
    if len(loc) >= 2 and loc[-1] == "[key]":  # a key of a mapping, e.g. of 'holds'
        subject = (
            Message("subject.key_of", key=yamlio.quoted(loc[-2]), of=yamlio.quoted(loc[-3]))
            if len(loc) >= 3
            else Message("subject.key", key=yamlio.quoted(loc[-2]))
        )
    else:
        subject = _subject(loc)
    value = error.get("input")
    shown = yamlio.describe(value, yamlio.written(container, key) if node is value else None)
    message: Message | str
    if kind == "extra_forbidden":
        known = _keys_at(model, loc[:-1]) - {field}
        message = Message("key.unknown", key=yamlio.quoted(field), hint=suggest(field, known))
    elif kind == "missing":
        message = Message("key.missing", key=f"'{field}'")
    elif kind == "value_error" and "unknown evidence level" in error["msg"] and not isinstance(value, str):
        message = Message("value.must_be_level", subject=subject, value=shown, levels=levels_hint())
    elif kind == "value_error":
        message = _value_error(error)
    elif kind == "string_pattern_mismatch":
        message = Message("value.not_identifier", value=repr(error["input"]))
    elif kind == "literal_error":
        found = repr(value) if isinstance(value, str) else shown
        expected = Join(str(error["ctx"]["expected"]).split("' or '"), "join.or_quoted")
        message = Message("value.must_be_one_of", subject=subject, expected=expected, value=found)
    elif kind in _EXPECTED:
        scalar = isinstance(value, int | float) or (value is None and shown.id != "value.empty")
        hint: Message | str = ""
        if kind == "string_type" and scalar:  # 2024, yes, null: text once quoted
            hint = Message("hint.put_in_quotes")
        elif kind == "list_type" and value is None:
            hint = Message("hint.write_empty_list")
        message = Message(_EXPECTED[kind], subject=subject, value=shown, hint=hint)
    elif kind == "too_short" and isinstance(value, list | dict):
        least = error["ctx"]["min_length"]
        message = Message("value.min_items" if least > 1 else "value.min_one_item", subject=subject, n=least)
    elif kind == "string_too_short":
        message = Message("value.not_empty", subject=subject)
    elif kind == "string_too_long":
        message = Message("value.too_long", subject=subject, most=error["ctx"]["max_length"], n=len(value))
    else:
        message = Message("value.pydantic", subject=subject, said=_pydantic_words(error))
    return message, container, key


def _validate(model: type[M], data: Any, file: str, **extra: Any) -> M:
    if not isinstance(data, dict):
        raise _fail(Message("file.not_mapping", value=yamlio.describe(data)), file, data)
    try:
        return model.model_validate({**data, **extra})
    except ValidationError as err:
        errors = err.errors(include_url=False)
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        message, container, key = _describe(first, data, model)
        raise _fail(message, file, container, key) from None


_DUPLICATE = {
    "finding": "duplicate.finding",
    "party": "duplicate.party",
    "rule": "duplicate.rule",
    "fact": "duplicate.fact",
    "offence": "duplicate.offence",
    "class": "duplicate.class",
    "stage": "duplicate.stage",
    "court": "duplicate.court",
    "committal": "duplicate.committal",
    "date rule": "duplicate.date_rule",
    "prescription period": "duplicate.prescription",
}


def _unique(items: Sequence[Any], what: str, file: str, raw: Any) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            first = seen[item.id]
            alias: Message | str = ""
            if isinstance(raw, list) and index < len(raw) and raw[index] is raw[first]:
                alias = Message("hint.repeats_through_alias", n=index + 1, first=first + 1)
            raise _fail(Message(_DUPLICATE[what], id=f"'{item.id}'", hint=alias), file, raw, index)
        seen[item.id] = index
