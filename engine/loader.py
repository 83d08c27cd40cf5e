"""Reading rule bases and cases from YAML into the validated model.

Structure is checked by pydantic (``model.py``); this module adds what a schema
cannot say: unique ids, known references, no cycles, no self-contradicting case.
Every error names the file and line.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from verdict.messages import Join, Message, Named, Term

from . import yamlio
from .bearing import Bearing
from .dated import PREFIX as DERIVED_PREFIX
from .dated import is_derived
from .errors import VerdictError
from .files import yaml_files
from .levels import Level, level_term, levels_hint
from .limits import Budget
from .model import (
    GOAL,
    OUTSIDE_SCOPE,
    Case,
    Committal,
    CourtLaw,
    DateRule,
    Offence,
    Predicate,
    Prescription,
    Rule,
    RuleBase,
    RuleFile,
    Stage,
    Text,
    Variant,
    names_in,
)

M = TypeVar("M", bound=BaseModel)

RULE_FILE_KEYS = tuple(RuleFile.model_fields)


def bundled_rules() -> Path:
    """The folder of the bundled rule base."""
    return Path(str(files("verdict.rules")))


def bundled_facts() -> Path:
    """The folder of the bundled cases."""
    return Path(str(files("verdict.facts")))


def suggest(name: str, known: Iterable[str]) -> Message | str:
    """A ' (did you mean ...?)' hint naming the closest known names, or ''."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return Message("hint.did_you_mean", names=Join([repr(c) for c in close], "join.or")) if close else ""


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case, accents dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return re.findall(r"[a-z0-9]+", folded)


def offence_hint(name: str, offences: Mapping[str, Offence]) -> Message | str:
    """The closest offence ids to ``name``; else the offences whose title, in English or French,
    holds each of its words («vol» → theft and its aggravated forms), the shortest titles first."""
    close = suggest(name, offences)
    if close:
        return close
    wanted = set(_words(name.replace("_", " ")))
    if not wanted:
        return ""
    found = sorted(
        (len(_words(o.title.en)), oid)
        for oid, o in offences.items()
        if any(wanted <= set(_words(title)) for title in (o.title.en, o.title.fr))
    )
    names = [repr(oid) for _, oid in found[:3]]
    return Message("hint.did_you_mean", names=Join(names, "join.or")) if names else ""


def stages_hint(name: str, stages: Iterable[str]) -> Message | str:
    """The closest stage names to ``name``, or, when none is close, the list of the stages."""
    return suggest(name, stages) or Message("hint.stages", names=Join(list(stages)))


def _fail(message: Message | str, file: str, container: Any, key: str | int | None = None) -> VerdictError:
    line, col = yamlio.where(container, key)
    return VerdictError(message, file, line, col)


def _all_keys() -> set[str]:
    from . import model

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


# ---------------------------------------------------------------- rule bases


class _Collected:
    """Rule-base parts as read from files, each remembering its file and YAML place."""

    def __init__(self) -> None:
        self.parts: dict[str, list[tuple[Any, str, Any, int]]] = {
            k: []
            for k in ("facts", "rules", "offences", "stages", "courts", "committals", "dates", "prescription")
        }
        self.title: Text | None = None
        self.budget = Budget()


def _collect(folder: Path, into: _Collected, chain: tuple[Path, ...] = ()) -> None:
    folder = folder.resolve()
    if folder in chain:
        raise VerdictError(Message("rules.extend_circle"), yamlio.path_name(folder))
    if not folder.is_dir():
        what = "rules.is_file_not_folder" if folder.exists() else "rules.no_such_folder"
        raise VerdictError(Message(what), yamlio.path_name(folder))
    files_here = yaml_files(folder)
    if not files_here:
        hint = Message("hint.yaml_not_yml") if any(folder.glob("*.yml")) else ""
        raise VerdictError(Message("rules.no_yaml_files", hint=hint), yamlio.path_name(folder))
    into.budget.add_folder(files_here, yamlio.path_name(folder))
    variant: tuple[Any, str] | None = None
    loaded = []
    for path in files_here:
        data = yamlio.load(path)
        file = yamlio.path_name(path)
        if not isinstance(data, dict):
            raise _fail(Message("rules.file_keys", keys=Join(RULE_FILE_KEYS)), file, data)
        if isinstance(data.get("rules"), list):
            into.budget.add_rules(len(data["rules"]), file)
        for key in data:
            if key not in RULE_FILE_KEYS:
                message = Message("key.unknown", key=yamlio.quoted(key), hint=suggest(key, RULE_FILE_KEYS))
                raise _fail(message, file, data, key)
        if "variant" in data:
            variant = (data, file)
        loaded.append((data, file))
    if variant is not None:
        data, file = variant
        if not isinstance(data["variant"], dict):
            shown = yamlio.describe(data["variant"])
            message = Message("value.must_be_mapping", subject="'variant'", value=shown, hint="")
            raise _fail(message, file, data, "variant")
        spec = _validate(Variant, data["variant"], file)
        if "\0" in spec.extends:
            raise _fail(Message("rules.extends_nul"), file, data["variant"], "extends")
        _collect(folder / spec.extends, into, (*chain, folder))
        without = data["variant"].get("without") or []
        present = {str(r[0].get("id")) for r in into.parts["rules"] if isinstance(r[0], dict)}
        for index, rule_id in enumerate(without):
            if rule_id not in present:
                raise _fail(
                    Message("rules.without_unknown", rule=f"'{rule_id}'",
                            hint=suggest(str(rule_id), present)),
                    file,
                    without,
                    index,
                )
        into.parts["rules"] = [
            r for r in into.parts["rules"] if not (isinstance(r[0], dict) and r[0].get("id") in without)
        ]
        into.title = spec.title or Text(en=folder.name, fr=folder.name)
    for data, file in loaded:
        for key in into.parts:
            items = data.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                shown = yamlio.describe(items)
                message = Message("value.must_be_list", subject=f"'{key}'", value=shown, hint="")
                raise _fail(message, file, data, key)
            into.parts[key].extend((item, file, items, i) for i, item in enumerate(items))


def _build(parts: list[tuple[Any, str, Any, int]], model: type[M], what: str) -> dict[str, M]:
    built: dict[str, M] = {}
    places: dict[str, tuple[str, int | None]] = {}
    for raw, file, container, index in parts:
        if not isinstance(raw, dict):
            subject = Message("subject.item_of", n=index + 1, parent=f"'{what}s'")
            message = Message("value.must_be_mapping", subject=subject, value=yamlio.describe(raw), hint="")
            raise _fail(message, file, container, index)
        item = _validate(model, raw, file)
        item_id: str = item.id  # type: ignore[attr-defined]
        if item_id in built:
            first_file, first_line = places[item_id]
            raise _fail(
                Message(_DUPLICATE[what], id=f"'{item_id}'",
                        hint=Message("hint.first_in", file=first_file, line=first_line)),
                file,
                container,
                index,
            )
        built[item_id] = item
        places[item_id] = (file, yamlio.where(container, index)[0])
    return built


BUNDLED_TITLE = Text(en="the law in force (bundled)", fr="le droit en vigueur (fourni)")
"""What the bundled rule base is called."""


def load_rules(folder: Path | None = None) -> RuleBase:
    """The rule base in ``folder`` (the bundled one by default), fully checked."""
    folder = folder or bundled_rules()
    collected = _Collected()
    _collect(folder, collected)
    predicates = _build(collected.parts["facts"], Predicate, "fact")
    rules = _build(collected.parts["rules"], Rule, "rule")
    offences = _build(collected.parts["offences"], Offence, "offence")
    stages = _build(collected.parts["stages"], Stage, "stage")
    courts = _build(collected.parts["courts"], CourtLaw, "court")
    committals = _build(collected.parts["committals"], Committal, "committal")
    date_rules = _build(collected.parts["dates"], DateRule, "date rule")
    periods = _build(collected.parts["prescription"], Prescription, "prescription period")
    where = {r.id: (raw, file, container, i) for (raw, file, container, i), r in zip(
        collected.parts["rules"], rules.values(), strict=True)}
    bundled = folder == bundled_rules()
    title = collected.title or (BUNDLED_TITLE if bundled else Text(en=folder.name, fr=folder.name))
    base = RuleBase(
        name="bundled" if bundled and collected.title is None else title.en,
        title=title,
        predicates=predicates,
        rules=tuple(r.bound(offences) for r in rules.values()),
        offences=offences,
        stages=stages,
        courts=courts,
        committals=committals,
        dates=tuple(date_rules.values()),
        prescription=tuple(periods.values()),
    )
    _check_time(base, collected)
    _check_courts(base, collected)
    where_offences = {str(raw.get("id")): (raw, file) for raw, file, _c, _i in collected.parts["offences"]}
    _check_rule_base(base, where, where_offences)
    return base


def _check_time(base: RuleBase, collected: _Collected) -> None:
    """Date rules name facts a case states; periods of prescription name known offences."""
    for (raw, file, _c, _i), rule in zip(collected.parts["dates"], base.dates, strict=True):
        for key, names in (
            ("derives", [rule.derives]),
            ("offence", rule.offence),
            ("acts", rule.acts),
            ("suspended_by", rule.suspended_by),
            ("discovered", rule.discovered),
        ):
            for name in names:
                if name not in base.predicates:
                    raise _fail(
                        Message("dates.rule_names_no_fact", rule=f"'{rule.id}'", name=f"'{name}'",
                                hint=suggest(name, base.predicates)),
                        file,
                        raw,
                        key,
                    )
    for (raw, file, _c, _i), period in zip(collected.parts["prescription"], base.prescription, strict=True):
        for name in period.offence or []:
            if name not in base.offences:
                raise _fail(
                    Message("dates.period_unknown_offence", period=f"'{period.id}'", name=f"'{name}'",
                            hint=suggest(name, base.offences)),
                    file,
                    raw,
                    "offence",
                )


def _check_courts(base: RuleBase, collected: _Collected) -> None:
    """Courts name known courts; one court at most tries a class by default; a committal is an
    outcome some stage gives."""
    defaults: dict[str, str] = {}
    for raw, file, _c, _i in collected.parts["courts"]:
        court = base.courts[str(raw["id"])]
        for key, other in (("otherwise", court.otherwise), ("yields_to", court.yields_to)):
            if other is not None and other not in base.courts:
                raise _fail(
                    Message("court.unknown_court", court=f"'{court.id}'", other=f"'{other}'",
                            hint=suggest(other, base.courts)),
                    file,
                    raw,
                    key,
                )
        for cls in court.by_default:
            if cls in defaults:
                raise _fail(
                    Message("court.two_defaults", cls=f"'{cls}'", first=f"'{defaults[cls]}'",
                            second=f"'{court.id}'"),
                    file,
                    raw,
                    "by_default",
                )
            defaults[cls] = court.id
    outcomes = {o for stage in base.stages.values() for o in stage.outcomes()}
    for raw, file, _c, _i in collected.parts["committals"]:
        committal = base.committals[str(raw["id"])]
        if committal.id not in outcomes:
            raise _fail(
                Message("committal.unknown_outcome", outcome=f"'{committal.id}'",
                        hint=suggest(committal.id, outcomes)),
                file,
                raw,
                "id",
            )


_NOT_TRIED = {"crime": "offence.crime_not_tried_by", "delit": "offence.delit_not_tried_by",
              "contravention": "offence.contravention_not_tried_by"}


def _check_court_of(offence: Offence, courts: dict[str, CourtLaw], raw: Any, file: str) -> None:
    """The court an offence names is a court of the rule base that tries its class."""
    if offence.court is None:
        return
    court = courts.get(offence.court)
    if court is None:
        raise _fail(
            Message("offence.unknown_court", offence=f"'{offence.id}'", court=f"'{offence.court}'",
                    hint=suggest(offence.court, courts)),
            file,
            raw,
            "court",
        )
    if offence.class_ not in court.tries:
        raise _fail(Message(_NOT_TRIED[offence.class_], court=Named(en=court.named.en, fr=court.named.fr)),
                    file, raw, "court")


def _check_catalogue(
    offences: dict[str, Offence], where: dict[str, tuple[Any, str]], courts: dict[str, CourtLaw]
) -> None:
    """Every aggravated form qualifies a known offence, no chain of qualifications loops, and an
    offence's court tries its class."""
    for offence_id in where:
        offence = offences[offence_id]
        _check_court_of(offence, courts, *where[offence_id])
        seen = [offence.id]
        base_id = offence.qualifies
        while base_id is not None:
            raw, file = where[offence.id]
            if base_id not in offences:
                raise _fail(
                    Message("offence.qualifies_unknown", offence=f"'{offence.id}'", base=f"'{base_id}'",
                            hint=suggest(base_id, offences)),
                    file,
                    raw,
                    "qualifies",
                )
            if base_id in seen:
                raise _fail(Message("offence.circle", chain=Join([*seen, base_id], "join.arrow")),
                            file, raw, "qualifies")
            seen.append(base_id)
            base_id = offences[base_id].qualifies


def base_offence(offences: dict[str, Offence], offence_id: str) -> Offence:
    """The simple offence an aggravated form qualifies (the offence itself when it is simple)."""
    offence = offences[offence_id]
    while offence.qualifies is not None:
        offence = offences[offence.qualifies]
    return offence


_CASE_LAW: dict[tuple[int, str], tuple[RuleBase, RuleBase]] = {}
_CASE_LAW_SIZE = 64


def case_law(base: RuleBase, case: Case) -> RuleBase:
    """The rule base a case is decided under: ``base`` with the offences the case declares."""
    if not case.offences:
        return base
    key = (id(base), repr(case.offences))
    cached = _CASE_LAW.get(key)
    if cached is not None and cached[0] is base:
        return cached[1]
    if len(_CASE_LAW) >= _CASE_LAW_SIZE:
        _CASE_LAW.pop(next(iter(_CASE_LAW)))
    extended = base.with_offences(case.offences)
    _CASE_LAW[key] = (base, extended)
    return extended


def _check_rule_base(
    base: RuleBase,
    where: dict[str, tuple[Any, str, Any, int]],
    where_offences: dict[str, tuple[Any, str]] | None = None,
) -> None:
    conclusions = set(base.conclusions)
    known = set(base.predicates) | conclusions
    for rule in base.rules:
        raw, file, _, _ = where[rule.id]
        if rule.concludes in base.predicates:
            raise _fail(
                Message("rules.concludes_a_fact", name=f"'{rule.concludes}'"),
                file,
                raw,
                "concludes",
            )
        ids = [c for c, _ in rule.conditions()]
        for cid in ids:
            if ids.count(cid) > 1:
                two = Message("rules.two_conditions", rule=f"'{rule.id}'", condition=f"'{cid}'")
                raise _fail(two, file, raw)
        for element in rule.elements:
            for other in element.presupposes:
                if other not in ids or other == element.id:
                    raise _fail(
                        Message("rules.presupposes_unknown", rule=f"'{rule.id}'", element=f"'{element.id}'",
                                other=f"'{other}'", hint=suggest(other, ids)),
                        file,
                        raw,
                        "elements",
                    )
        for cid, expr in rule.conditions():
            for name in names_in(expr):
                if name not in known:
                    raise _fail(
                        Message("rules.condition_unknown", rule=f"'{rule.id}'", condition=f"'{cid}'",
                                name=f"'{name}'", hint=suggest(name, known)),
                        file,
                        raw,
                        "elements" if cid in {e.id for e in rule.elements} else "exceptions",
                    )
        if rule.applies_to:
            for off in [*(rule.applies_to.offence or []), *(rule.applies_to.except_offence or [])]:
                if off not in base.offences:
                    raise _fail(
                        Message("rules.applies_to_unknown", rule=f"'{rule.id}'", offence=f"'{off}'",
                                hint=suggest(off, base.offences)),
                        file,
                        raw,
                        "applies_to",
                    )
    if GOAL not in conclusions:
        raise VerdictError(Message("rules.no_goal", goal=f"'{GOAL}'"))
    _check_catalogue(base.offences, where_offences or {}, base.courts)
    for stage in base.stages.values():
        for name in stage.names():
            if name not in known and name != OUTSIDE_SCOPE:
                raise VerdictError(
                    Message("stage.reads_unknown", stage=f"'{stage.id}'", name=f"'{name}'",
                            hint=suggest(name, known))
                )
        for outcome in stage.outcomes():
            if outcome not in stage.severity:
                raise VerdictError(Message("stage.outcome_not_in_severity", stage=f"'{stage.id}'",
                                           outcome=f"'{outcome}'"))
    if base.default_stage not in base.stages:
        raise VerdictError(Message("stage.no_default", stage=f"'{base.default_stage}'"))
    cycle = find_cycle(base)
    if cycle:
        raw, file, _container, _index = where[base.rules_for(cycle[0])[0].id]
        shown: list[str | Message] = [*cycle]
        if len(cycle) > 8:
            shown = [*cycle[:3], Message("hint.n_more", n=len(cycle) - 5), *cycle[-2:]]
        raise _fail(Message("rules.circle", chain=Join(shown, "join.arrow")), file, raw)
    chain = longest_chain(base)
    if len(chain) > MAX_CHAIN:
        top, below = chain[MAX_CHAIN], chain[MAX_CHAIN - 1]
        rule = next(r for r in base.rules_for(top) if any(below in names_in(e) for _, e in r.conditions()))
        raw, file, _container, _index = where[rule.id]
        raise _fail(
            Message("rules.chain_too_deep", n=len(chain), limit=MAX_CHAIN,
                    chain=Join([*chain[:3], "...", *chain[-2:]], "join.arrow")),
            file,
            raw,
        )


def dependencies(base: RuleBase) -> dict[str, list[str]]:
    """For each conclusion, the predicates its rules read."""
    deps: dict[str, list[str]] = {}
    for rule in base.rules:
        names = deps.setdefault(rule.concludes, [])
        for _, expr in rule.conditions():
            names.extend(n for n in names_in(expr) if n not in names)
    return deps


def find_cycle(base: RuleBase) -> list[str]:
    """A circle of conclusions that depend on each other, or [] if there is none.

    A depth-first walk with an explicit stack: no chain of rules is too deep for it.
    """
    deps = dependencies(base)
    state: dict[str, int] = {}
    for start in deps:
        if start in state:
            continue
        path = [start]
        state[start] = 1
        stack = [iter(deps[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt in deps and nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(deps[nxt]))
    return []


MAX_CHAIN = 100
"""The longest chain of conclusions, each read by the next, a rule base may hold (docs/errors.md).
Legal reasoning chains a handful; the limit keeps every walk of the rules far from Python's stack."""


def longest_chain(base: RuleBase) -> list[str]:
    """The longest chain of conclusions each read by the next, from the deepest one up.

    Computed without recursion, in order of dependency (the rule base has no cycle).
    """
    deps = dependencies(base)
    depth: dict[str, int] = {}  # for each conclusion, the length of its longest chain downwards
    via: dict[str, str | None] = {}  # and the conclusion below it on that chain
    for start in deps:
        stack = [start]
        while stack:
            node = stack[-1]
            if node in depth:
                stack.pop()
                continue
            pending = [n for n in deps[node] if n in deps and n not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            via[node] = max((n for n in deps[node] if n in deps), key=depth.__getitem__, default=None)
            depth[node] = 1 + (depth[via[node]] if via[node] else 0)  # type: ignore[index]
    chain: list[str] = []
    top = max(depth, key=depth.__getitem__, default=None)
    while top is not None:
        chain.append(top)
        top = via[top]
    return chain[::-1]


def evaluation_order(base: RuleBase) -> list[str]:
    """Every conclusion after the conclusions it reads (the rule base has no cycle)."""
    deps = dependencies(base)
    order: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        done.add(node)
        for nxt in deps.get(node, []):
            if nxt in deps:
                visit(nxt)
        order.append(node)

    for node in deps:
        visit(node)
    return order


# ---------------------------------------------------------------- cases


def find_case(name: str) -> Path:
    """The case file ``name``: a path, ``-`` (standard input), or the name of a bundled case."""
    path = Path(name)
    if name == "-" or path.suffix in (".yaml", ".yml") or os.path.lexists(path):
        return path
    bundled = {p.stem: p for p in bundled_facts().rglob("*.yaml") if "overlays" not in p.parts}
    if name in bundled:
        return bundled[name]
    raise VerdictError(Message("case.no_case", name=yamlio.quoted(name), hint=suggest(name, bundled)))


def load_case(path: Path, base: RuleBase) -> Case:
    """The case in the YAML file at ``path``, checked against the rule base."""
    data = yamlio.load(path)
    file = yamlio.path_name(path)
    case = _validate(Case, data, file)
    check_case(case, base, file, data)
    return case


def check_case(case: Case, base: RuleBase, file: str, raw: Any) -> None:
    """Reject unknown names and contradictions in a case; errors point into ``raw``."""
    raw_parties, raw_charges = raw.get("parties", []), raw.get("charges", [])
    raw_findings = raw.get("findings", [])
    raw_offences = raw.get("offences", [])
    if not isinstance(raw_offences, list) or len(raw_offences) != len(case.offences):
        raw_offences = [{} for _ in case.offences]  # a case built by an overlay: no YAML to point into
    _unique(case.offences, "offence", file, raw_offences)
    for index, offence in enumerate(case.offences):
        if offence.id in base.offences:
            raise _fail(
                Message("offence.already_in_catalogue", offence=f"'{offence.id}'"),
                file,
                raw_offences,
                index,
            )
    if case.offences:
        base = case_law(base, case)
        _check_catalogue(
            base.offences, {o.id: (raw_offences[i], file) for i, o in enumerate(case.offences)}, base.courts
        )
    _unique(case.parties, "party", file, raw_parties)
    _unique(case.findings, "finding", file, raw_findings)
    pointable = isinstance(raw_findings, list) and len(raw_findings) == len(case.findings)
    for index, finding in enumerate(case.findings):
        if is_derived(finding.id):
            raise _fail(
                Message("dates.derived_prefix", id=f"'{finding.id}'", prefix=f"'{DERIVED_PREFIX}'"),
                file,
                raw_findings if pointable else raw,
                index if pointable else None,
            )
    parties = {p.id for p in case.parties}
    if case.stage is not None and case.stage not in base.stages:
        message = Message("stage.unknown", stage=f"'{case.stage}'", hint=stages_hint(case.stage, base.stages))
        raise _fail(message, file, raw, "stage")
    seen_charges: set[str] = set()
    for index, charge in enumerate(case.charges):
        if charge.accused not in parties:
            raise _fail(
                Message("case.charge_unknown_party", party=f"'{charge.accused}'",
                        hint=suggest(charge.accused, parties)),
                file,
                raw_charges,
                index,
            )
        if charge.offence not in base.offences:
            raise _fail(
                Message("case.unknown_offence", offence=f"'{charge.offence}'",
                        hint=offence_hint(charge.offence, base.offences)),
                file,
                raw_charges,
                index,
            )
        if charge.key in seen_charges:
            raise _fail(Message("duplicate.charge", key=f"'{charge.key}'"), file, raw_charges, index)
        seen_charges.add(charge.key)
    offences = {c.offence for c in case.charges}
    conclusions = set(base.conclusions)
    for index, finding in enumerate(case.findings):
        for name in (finding.fact, finding.weighs_against):
            if name is None or name in base.predicates:
                continue
            if name in conclusions:
                rule = base.rules_for(name)[0]
                message = Message("case.conclusion_not_fact", name=f"'{name}'", rule=f"'{rule.id}'")
            else:
                message = Message("case.unknown_fact", name=f"'{name}'", hint=suggest(name, base.predicates))
            raise _fail(message, file, raw_findings, index)
        for off in finding.offence or []:
            if off not in offences:
                raise _fail(
                    Message("case.scoped_offence_uncharged", finding=f"'{finding.id}'", offence=f"'{off}'"),
                    file,
                    raw_findings,
                    index,
                )
        for acc in finding.accused or []:
            if acc not in parties:
                raise _fail(
                    Message("case.scoped_unknown_party", finding=f"'{finding.id}'", party=f"'{acc}'",
                            hint=suggest(acc, parties)),
                    file,
                    raw_findings,
                    index,
                )
    _check_allowances(case, file, raw)
    _check_contradictions(case, file, raw_findings, base)
    _check_expectations(case, base, file, raw)


def _check_allowances(case: Case, file: str, raw: Any) -> None:
    """Each ``allow:`` entry names a warning ``verdict check`` gives."""
    from .case_warnings import CODES

    raw_allow = raw.get("allow", [])
    for index, allowance in enumerate(case.allow):
        if allowance.warning not in CODES:
            hint = suggest(allowance.warning, CODES)
            message = Message(
                "case.allow_unknown_warning", name=f"'{allowance.warning}'", hint=hint, codes=Join(CODES)
            )
            raise _fail(message, file, raw_allow, index)


def _other_way(base: RuleBase, fact: str, offence: str, kind: str) -> Message | str:
    """A hint naming the fact another rule reads to reach the same conclusion as a rule reading
    ``fact`` (for the charge's offence and kind of accused), or ''."""
    for rule in base.rules:
        if not any(fact in names_in(e.when) for e in rule.elements) or not rule.applies(offence, kind):
            continue
        for other in base.rules_for(rule.concludes):
            if other is rule or not other.applies(offence, kind):
                continue
            names = [
                n for e in other.elements for n in names_in(e.when) if n in base.predicates and n != fact
            ]
            if names:
                fact_, rule_, conclusion = f"'{names[0]}'", f"'{other.id}'", f"'{rule.concludes}'"
                return Message("hint.other_way", fact=fact_, rule=rule_, conclusion=conclusion)
    return ""


def _check_contradictions(case: Case, file: str, raw_findings: Any, base: RuleBase | None = None) -> None:
    """No fact both disproved and established for one charge; in time linear in the findings."""
    index = Bearing(case.findings)

    def summary(indexes: Iterable[int]) -> tuple[int | None, int | None, int | None]:
        """The first finding of ``indexes``, the first that disproves, the first that establishes."""
        first = low = high = None
        for i in indexes:
            level = case.findings[i].level
            first = i if first is None else first
            if low is None and level == Level.DISPROVED:
                low = i
            if high is None and level >= Level.SUFFICIENT:
                high = i
        return first, low, high

    common = {name: summary(index.common(name)) for name in index.common_names()}
    everywhere = [name for name, (_, low, high) in common.items() if low is not None and high is not None]
    for charge in case.charges:
        found: list[tuple[int, str, int, int]] = []
        scoped = index.scoped(charge)
        for name in dict.fromkeys([*everywhere, *scoped]):
            parts = [common.get(name, (None, None, None)), summary(scoped.get(name, []))]
            first, low, high = (
                min([i for i in column if i is not None], default=None) for column in zip(*parts, strict=True)
            )
            if first is not None and low is not None and high is not None:
                found.append((first, name, high, low))
        if found:
            _, fact, high, low = min(found)
            a, b = case.findings[high], case.findings[low]
            hint = _other_way(base, fact, charge.offence, case.party(charge.accused).kind) if base else ""
            values = {"fact": f"'{fact}'", "charge": charge.key, "establishes": f"'{a.id}'",
                      "level": level_term(a.level), "disproves": f"'{b.id}'"}
            raise _fail(
                Message("case.contradiction_hinted", hint=hint, **values) if hint
                else Message("case.contradiction", **values),
                file,
                raw_findings,
                low,
            )


def _check_expectations(case: Case, base: RuleBase, file: str, raw: Any) -> None:
    raw_expect = raw.get("expect", [])
    keys = {c.key for c in case.charges}
    elements = {e for r in base.rules for e, _ in r.conditions()}
    noted = {r.concludes for r in base.rules if r.note is not None}
    for index, exp in enumerate(case.expect):
        stage = base.stages.get(exp.stage or case.stage or base.default_stage)
        if stage is None:
            raise _fail(Message("expect.unknown_stage", stage=f"'{exp.stage}'"), file, raw_expect, index)
        if exp.outcome not in stage.severity:
            raise _fail(
                Message("stage.not_an_outcome", outcome=f"'{exp.outcome}'", stage=f"'{stage.id}'",
                        outcomes=Join(stage.severity)),
                file,
                raw_expect,
                index,
            )
        for charge in exp.charges:
            key = f"{charge.offence}/{charge.accused}"
            if key not in keys:
                raise _fail(Message("expect.unknown_charge", charge=f"'{key}'"), file, raw_expect, index)
            for name in charge.notes or []:
                if name not in noted:
                    raise _fail(
                        Message("expect.unknown_note", name=f"'{name}'", hint=suggest(name, noted)),
                        file,
                        raw_expect,
                        index,
                    )
            for name in [*(charge.blocking or []), *(charge.holds or []), *filter(None, [charge.primary])]:
                if name not in elements:
                    raise _fail(
                        Message("expect.unknown_element", name=f"'{name}'", hint=suggest(name, elements)),
                        file,
                        raw_expect,
                        index,
                    )


def stage_of(case: Case, base: RuleBase, stage: str | None = None) -> Stage:
    """The stage to judge ``case`` at: ``stage`` if given, else the case's, else the default."""
    stage_id = stage if stage is not None else case.stage or base.default_stage
    if stage_id not in base.stages:
        hint = stages_hint(stage_id, base.stages)
        raise VerdictError(Message("stage.unknown", stage=f"'{stage_id}'", hint=hint))
    return base.stages[stage_id]


__all__ = [
    "MAX_CHAIN",
    "base_offence",
    "bundled_facts",
    "bundled_rules",
    "case_law",
    "check_case",
    "dependencies",
    "evaluation_order",
    "find_case",
    "find_cycle",
    "load_case",
    "load_rules",
    "longest_chain",
    "stage_of",
    "stages_hint",
    "suggest",
]
