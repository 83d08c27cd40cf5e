"""Reading rule bases and cases from YAML into the validated model.

Structure is checked by pydantic (``model.py``); this module adds what a schema
cannot say: unique ids, known references, no cycles, no self-contradicting case.
Every error names the file and line.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from verdict.messages import Message

from . import yamlio
from .bearing import Bearing
from .errors import VerdictError
from .files import yaml_files
from .levels import LEVEL_NAMES, Level
from .limits import Budget
from .model import (
    GOAL,
    Case,
    Offence,
    Predicate,
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


def suggest(name: str, known: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint naming the closest known names, or ''."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _fail(message: str | Message, file: str, container: Any, key: str | int | None = None) -> VerdictError:
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
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}


def _subject(loc: tuple[Any, ...]) -> str:
    """What a pydantic location names: 'level', 'item 2 of 'findings'', 'the file'."""
    if not loc:
        return "the file"
    last = loc[-1]
    parent = next((str(part) for part in reversed(loc[:-1]) if isinstance(part, str)), None)
    if isinstance(last, int):
        return f"item {last + 1} of {yamlio.quoted(parent)}" if parent else f"item {last + 1}"
    return yamlio.quoted(last)


def _describe(error: Any, raw: Any, model: type[BaseModel]) -> tuple[str, Any, str | int | None]:
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
    if len(loc) >= 2 and loc[-1] == "[key]":  # a key of a mapping, e.g. of 'holds'
        subject = f"key {yamlio.quoted(loc[-2])}" + (f" of {yamlio.quoted(loc[-3])}" if len(loc) >= 3 else "")
    else:
        subject = _subject(loc)
    value = error.get("input")
    shown = yamlio.describe(value, yamlio.written(container, key) if node is value else None)
    levels = ", ".join(LEVEL_NAMES)
    if kind == "extra_forbidden":
        known = _keys_at(model, loc[:-1]) - {field}
        message = f"unknown key {yamlio.quoted(field)}{suggest(field, known)}"
    elif kind == "missing":
        message = f"missing key '{field}'"
    elif kind == "value_error" and "unknown evidence level" in error["msg"] and not isinstance(value, str):
        message = f"{subject} must be an evidence level, not {shown}; the levels are: {levels}"
    elif kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        message = (
            f"{error['input']!r} is not a valid identifier "
            "(lower-case letters a-z, digits and _, starting with a letter)"
        )
    elif kind == "literal_error":
        found = repr(value) if isinstance(value, str) else shown
        message = f"{subject} must be {error['ctx']['expected']}, not {found}"
    elif kind in _EXPECTED:
        message = f"{subject} must be {_EXPECTED[kind]}, not {shown}"
        scalar = isinstance(value, int | float) or (value is None and shown != "an empty value")
        if kind == "string_type" and scalar:  # 2024, yes, null: text once quoted
            message += ": put it in quotes"
        elif kind == "list_type" and value is None:
            message += " (write [] for none)"
    elif kind == "too_short" and isinstance(value, list | dict):
        least = error["ctx"]["min_length"]
        message = f"{subject} must have at least {least} item{'s' if least > 1 else ''}"
    elif kind == "string_too_short":
        message = f"{subject} must not be empty"
    elif kind == "string_too_long":
        message = f"{subject} must be at most {error['ctx']['max_length']} characters, not {len(value)}"
    else:
        message = f"{subject}: {str(error['msg']).lower()}"
    return message, container, key


def _validate(model: type[M], data: Any, file: str, **extra: Any) -> M:
    if not isinstance(data, dict):
        raise _fail(f"expected a mapping of keys, not {yamlio.describe(data)}", file, data)
    try:
        return model.model_validate({**data, **extra})
    except ValidationError as err:
        errors = err.errors(include_url=False)
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        message, container, key = _describe(first, data, model)
        raise _fail(message, file, container, key) from None


def _unique(items: Sequence[Any], what: str, file: str, raw: Any) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            first = seen[item.id]
            message = f"duplicate {what} id '{item.id}'"
            if isinstance(raw, list) and index < len(raw) and raw[index] is raw[first]:
                message += f": item {index + 1} repeats item {first + 1} through a YAML alias"
            raise _fail(message, file, raw, index)
        seen[item.id] = index


# ---------------------------------------------------------------- rule bases


class _Collected:
    """Rule-base parts as read from files, each remembering its file and YAML place."""

    def __init__(self) -> None:
        self.parts: dict[str, list[tuple[Any, str, Any, int]]] = {
            k: [] for k in ("facts", "rules", "offences", "stages")
        }
        self.title: Text | None = None
        self.budget = Budget()


def _collect(folder: Path, into: _Collected, chain: tuple[Path, ...] = ()) -> None:
    folder = folder.resolve()
    if folder in chain:
        raise VerdictError("rule bases extend each other in a circle", yamlio.path_name(folder))
    if not folder.is_dir():
        what = "is a file, not a rule folder" if folder.exists() else "no such rule folder"
        raise VerdictError(what, yamlio.path_name(folder))
    files_here = yaml_files(folder)
    if not files_here:
        hint = " (rule files end in .yaml, not .yml)" if any(folder.glob("*.yml")) else ""
        raise VerdictError(f"no .yaml rule files in this folder{hint}", yamlio.path_name(folder))
    into.budget.add_folder(files_here, yamlio.path_name(folder))
    variant: tuple[Any, str] | None = None
    loaded = []
    for path in files_here:
        data = yamlio.load(path)
        file = yamlio.path_name(path)
        if not isinstance(data, dict):
            raise _fail("a rule file is a mapping with keys " + ", ".join(RULE_FILE_KEYS), file, data)
        if isinstance(data.get("rules"), list):
            into.budget.add_rules(len(data["rules"]), file)
        for key in data:
            if key not in RULE_FILE_KEYS:
                message = f"unknown key {yamlio.quoted(key)}{suggest(key, RULE_FILE_KEYS)}"
                raise _fail(message, file, data, key)
        if "variant" in data:
            variant = (data, file)
        loaded.append((data, file))
    if variant is not None:
        data, file = variant
        if not isinstance(data["variant"], dict):
            message = f"'variant' must be a mapping of keys, not {yamlio.describe(data['variant'])}"
            raise _fail(message, file, data, "variant")
        spec = _validate(Variant, data["variant"], file)
        if "\0" in spec.extends:
            raise _fail("'extends' is not a folder name (it holds a NUL character)", file, data["variant"],
                        "extends")
        _collect(folder / spec.extends, into, (*chain, folder))
        without = data["variant"].get("without") or []
        present = {str(r[0].get("id")) for r in into.parts["rules"] if isinstance(r[0], dict)}
        for index, rule_id in enumerate(without):
            if rule_id not in present:
                raise _fail(
                    f"'without' names unknown rule '{rule_id}'{suggest(str(rule_id), present)}",
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
                raise _fail(f"'{key}' must be a list, not {yamlio.describe(items)}", file, data, key)
            into.parts[key].extend((item, file, items, i) for i, item in enumerate(items))


def _build(parts: list[tuple[Any, str, Any, int]], model: type[M], what: str) -> dict[str, M]:
    built: dict[str, M] = {}
    places: dict[str, tuple[str, int | None]] = {}
    for raw, file, container, index in parts:
        if not isinstance(raw, dict):
            message = f"item {index + 1} of '{what}s' must be a mapping of keys, not {yamlio.describe(raw)}"
            raise _fail(message, file, container, index)
        item = _validate(model, raw, file)
        item_id: str = item.id  # type: ignore[attr-defined]
        if item_id in built:
            first_file, first_line = places[item_id]
            raise _fail(
                f"duplicate {what} id '{item_id}' (first in {first_file}, line {first_line})",
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
    )
    where_offences = {str(raw.get("id")): (raw, file) for raw, file, _c, _i in collected.parts["offences"]}
    _check_rule_base(base, where, where_offences)
    return base


def _check_catalogue(offences: dict[str, Offence], where: dict[str, tuple[Any, str]]) -> None:
    """Every aggravated form qualifies a known offence, and no chain of qualifications loops."""
    for offence_id in where:
        offence = offences[offence_id]
        seen = [offence.id]
        base_id = offence.qualifies
        while base_id is not None:
            raw, file = where[offence.id]
            if base_id not in offences:
                raise _fail(
                    f"offence '{offence.id}' qualifies unknown offence '{base_id}'"
                    f"{suggest(base_id, offences)}",
                    file,
                    raw,
                    "qualifies",
                )
            if base_id in seen:
                raise _fail("offences qualify each other in a circle: " + " -> ".join([*seen, base_id]),
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
                f"'{rule.concludes}' is declared as a fact a case states, so no rule may conclude it",
                file,
                raw,
                "concludes",
            )
        ids = [c for c, _ in rule.conditions()]
        for cid in ids:
            if ids.count(cid) > 1:
                raise _fail(f"rule '{rule.id}' has two conditions named '{cid}'", file, raw)
        for element in rule.elements:
            for other in element.presupposes:
                if other not in ids or other == element.id:
                    raise _fail(
                        f"rule '{rule.id}', element '{element.id}' presupposes '{other}', which is not "
                        f"another condition of the rule{suggest(other, ids)}",
                        file,
                        raw,
                        "elements",
                    )
        for cid, expr in rule.conditions():
            for name in names_in(expr):
                if name not in known:
                    raise _fail(
                        f"rule '{rule.id}', condition '{cid}': unknown fact or conclusion "
                        f"'{name}'{suggest(name, known)}",
                        file,
                        raw,
                        "elements" if cid in {e.id for e in rule.elements} else "exceptions",
                    )
        if rule.applies_to:
            for off in [*(rule.applies_to.offence or []), *(rule.applies_to.except_offence or [])]:
                if off not in base.offences:
                    raise _fail(
                        f"rule '{rule.id}' applies to unknown offence '{off}'"
                        f"{suggest(off, base.offences)}",
                        file,
                        raw,
                        "applies_to",
                    )
    if GOAL not in conclusions:
        raise VerdictError(f"no rule concludes '{GOAL}', the conclusion every charge asks for")
    _check_catalogue(base.offences, where_offences or {})
    for stage in base.stages.values():
        for name in stage.names():
            if name not in known:
                raise VerdictError(
                    f"stage '{stage.id}' reads unknown fact or conclusion '{name}'{suggest(name, known)}"
                )
        for outcome in stage.outcomes():
            if outcome not in stage.severity:
                raise VerdictError(f"stage '{stage.id}': outcome '{outcome}' is not in its 'severity'")
    if base.default_stage not in base.stages:
        raise VerdictError(f"the rule base defines no stage '{base.default_stage}'")
    cycle = find_cycle(base)
    if cycle:
        raw, file, _container, _index = where[base.rules_for(cycle[0])[0].id]
        shown = cycle if len(cycle) <= 8 else [*cycle[:3], f"... ({len(cycle) - 5} more)", *cycle[-2:]]
        raise _fail("rules depend on each other in a circle: " + " -> ".join(shown), file, raw)
    chain = longest_chain(base)
    if len(chain) > MAX_CHAIN:
        top, below = chain[MAX_CHAIN], chain[MAX_CHAIN - 1]
        rule = next(r for r in base.rules_for(top) if any(below in names_in(e) for _, e in r.conditions()))
        raw, file, _container, _index = where[rule.id]
        raise _fail(
            f"a chain of {len(chain)} conclusions, each read by the next, is deeper than the limit "
            f"of {MAX_CHAIN}: {' -> '.join([*chain[:3], '...', *chain[-2:]])}",
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
    raise VerdictError(
        f"no case {yamlio.quoted(name)}: not a file, nor a bundled case{suggest(name, bundled)}"
    )


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
                f"offence '{offence.id}' is already in the rule base's catalogue; use it, or give yours "
                "another id",
                file,
                raw_offences,
                index,
            )
    if case.offences:
        base = case_law(base, case)
        _check_catalogue(
            base.offences, {o.id: (raw_offences[i], file) for i, o in enumerate(case.offences)}
        )
    _unique(case.parties, "party", file, raw_parties)
    _unique(case.findings, "finding", file, raw_findings)
    parties = {p.id for p in case.parties}
    if case.stage is not None and case.stage not in base.stages:
        raise _fail(f"unknown stage '{case.stage}'{suggest(case.stage, base.stages)}", file, raw, "stage")
    seen_charges: set[str] = set()
    for index, charge in enumerate(case.charges):
        if charge.accused not in parties:
            raise _fail(
                f"charge against unknown party '{charge.accused}'{suggest(charge.accused, parties)}",
                file,
                raw_charges,
                index,
            )
        if charge.offence not in base.offences:
            raise _fail(
                f"unknown offence '{charge.offence}'{suggest(charge.offence, base.offences)}",
                file,
                raw_charges,
                index,
            )
        if charge.key in seen_charges:
            raise _fail(f"duplicate charge '{charge.key}'", file, raw_charges, index)
        seen_charges.add(charge.key)
    offences = {c.offence for c in case.charges}
    conclusions = set(base.conclusions)
    for index, finding in enumerate(case.findings):
        for name in (finding.fact, finding.weighs_against):
            if name is None or name in base.predicates:
                continue
            if name in conclusions:
                rule = base.rules_for(name)[0]
                message = (
                    f"'{name}' is a conclusion the rules draw (rule '{rule.id}'), not a fact "
                    "a case states; state the facts it reads instead"
                )
            else:
                message = f"unknown fact '{name}'{suggest(name, base.predicates)}"
            raise _fail(message, file, raw_findings, index)
        for off in finding.offence or []:
            if off not in offences:
                raise _fail(
                    f"finding '{finding.id}' is scoped to offence '{off}', which no charge names",
                    file,
                    raw_findings,
                    index,
                )
        for acc in finding.accused or []:
            if acc not in parties:
                raise _fail(
                    f"finding '{finding.id}' is scoped to unknown party '{acc}'{suggest(acc, parties)}",
                    file,
                    raw_findings,
                    index,
                )
    _check_contradictions(case, file, raw_findings)
    _check_expectations(case, base, file, raw)


def _check_contradictions(case: Case, file: str, raw_findings: Any) -> None:
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
            raise _fail(
                f"contradiction on '{fact}' for charge {charge.key}: finding '{a.id}' "
                f"establishes it ({a.level.name_id}) while '{b.id}' disproves it",
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
            raise _fail(f"expectation names unknown stage '{exp.stage}'", file, raw_expect, index)
        if exp.outcome not in stage.severity:
            raise _fail(
                f"'{exp.outcome}' is not an outcome at stage '{stage.id}' "
                f"(those are: {', '.join(stage.severity)})",
                file,
                raw_expect,
                index,
            )
        for charge in exp.charges:
            key = f"{charge.offence}/{charge.accused}"
            if key not in keys:
                raise _fail(f"expectation names unknown charge '{key}'", file, raw_expect, index)
            for name in charge.notes or []:
                if name not in noted:
                    raise _fail(
                        f"expectation names '{name}', which no rule with a note concludes"
                        f"{suggest(name, noted)}",
                        file,
                        raw_expect,
                        index,
                    )
            for name in [*(charge.blocking or []), *(charge.holds or []), *filter(None, [charge.primary])]:
                if name not in elements:
                    raise _fail(
                        f"expectation names unknown element '{name}'{suggest(name, elements)}",
                        file,
                        raw_expect,
                        index,
                    )


def stage_of(case: Case, base: RuleBase, stage: str | None = None) -> Stage:
    """The stage to judge ``case`` at: ``stage`` if given, else the case's, else the default."""
    stage_id = stage if stage is not None else case.stage or base.default_stage
    if stage_id not in base.stages:
        raise VerdictError(f"unknown stage '{stage_id}'{suggest(stage_id, base.stages)}")
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
    "suggest",
]
