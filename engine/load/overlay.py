"""What-if changes to a case and to the law, and the overlay files that keep them beside a case.

An overlay is a YAML patch on one case: the case it changes (``base``: a case in the
overlay's folder tree, or a bundled case by name; see ``base_path``), what it changes
(``changes``: findings set, dropped or added; parties and charges added or dropped; the
stage; the rule folder; rules left out), the law that justifies the result it expects
(``rationale``), and that result (``expect``, as in a case). The ``whatif`` command
builds the same ``Changes`` from its options, so both go through one code path: ``apply``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import Field

from verdict.engine.errors import VerdictError
from verdict.engine.io import files, yamlio
from verdict.engine.load.case_file import check_case
from verdict.engine.load.paths import bundled_facts
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.load.validation import _fail, _validate
from verdict.engine.model.base import (
    GOAL,
    DateText,
    Identifier,
    IdList,
    LevelField,
    Prose,
    Sources,
    Strict,
    Text,
)
from verdict.engine.model.case import Allowance, Case, Charge, Expectation, Finding, Party
from verdict.engine.model.expressions import names_in
from verdict.engine.model.hints import stages_hint, suggest
from verdict.engine.model.levels import LEVEL_NAMES, Level, levels_hint
from verdict.engine.model.rule_base import RuleBase
from verdict.messages import Join, Message

OVERLAY_KEYS = ("overlay", "base", "title", "rationale", "sources", "changes", "expect", "allow")
CHANGE_KEYS = (
    "set", "drop", "add", "parties", "charges", "drop_charges", "stage", "date", "rules", "without_rules"
)


class Changes(Strict):
    """What a what-if changes: findings, parties, charges, the stage and the law."""

    set_: dict[Identifier, LevelField] = Field(default_factory=dict, alias="set")
    drop: IdList = Field(default_factory=list)
    add: list[Finding] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    charges: list[Charge] = Field(default_factory=list)
    drop_charges: list[Charge] = Field(default_factory=list)
    stage: Identifier | None = None
    date: DateText | None = None
    rules: str | None = None
    without_rules: IdList = Field(default_factory=list)


class Overlay(Strict):
    """A named what-if on one case, with the law that justifies its expected result."""

    overlay: Identifier
    base: str = Field(min_length=1)
    title: Text
    rationale: Prose
    sources: Sources = Field(default_factory=list)
    changes: Changes = Field(default_factory=Changes)
    expect: list[Expectation] = Field(default_factory=list)
    allow: list[Allowance] = Field(default_factory=list)


@dataclass(frozen=True)
class FindingChange:
    """One finding as a change moved it: its level before and after (``None``: absent)."""

    finding: str
    fact: str | None
    before: Level | None
    after: Level | None
    whole_fact: bool = False
    """True when the change set a whole fact: its findings replaced by one at the new level."""


@dataclass(frozen=True)
class Variant:
    """A case and a rule base after changes, with what changed and why."""

    base: RuleBase
    case: Case
    findings: tuple[FindingChange, ...] = ()
    title: Text | None = None
    rationale: Text | None = None
    sources: tuple[Text, ...] = ()
    file: str | None = None


# ---------------------------------------------------------------- reading


def read(path: Path) -> Any:
    """The YAML data of a case or overlay file."""
    return yamlio.load(path)


def is_overlay(data: Any) -> bool:
    """Whether YAML data is an overlay (it has an ``overlay:`` key) rather than a case."""
    return isinstance(data, dict) and "overlay" in data


def _check_keys(data: Any, known: tuple[str, ...], file: str, in_changes: bool) -> None:
    if not isinstance(data, dict):
        return
    said = "key.unknown_in_changes" if in_changes else "key.unknown"
    for key in data:
        if key not in known:
            raise _fail(Message(said, key=f"'{key}'", hint=suggest(str(key), known)), file, data, key)


def parse_overlay(data: Any, file: str) -> Overlay:
    """The overlay in YAML ``data`` read from ``file``, validated; errors name the line."""
    _check_keys(data, OVERLAY_KEYS, file, False)
    if isinstance(data, dict):
        _check_keys(data.get("changes"), CHANGE_KEYS, file, True)
    overlay = _validate(Overlay, data, file)
    _path_like(overlay.base, "base", file, data)
    if overlay.changes.rules is not None:
        _path_like(overlay.changes.rules, "rules", file, data.get("changes"))
    return overlay


def _path_like(value: str, key: str, file: str, container: Any) -> None:
    """Refuse a path-like value that holds a character no file name may hold (a NUL) or should
    (another control character), before it reaches the file system."""
    char = files.forbidden_character(value)
    if char is not None:
        raise _fail(Message("path.forbidden_character", key=key, char=char), file, container, key)


def read_overlay(path: Path) -> tuple[Overlay, Any]:
    """The overlay in the file at ``path`` and its YAML data; a file that is no overlay is
    refused without quoting any of it."""
    data = read(path)
    file = yamlio.path_name(path)
    if not is_overlay(data):
        raise _fail(Message("overlay.not_overlay"), file, data)
    return parse_overlay(data, file), data


# ---------------------------------------------------------------- the law


def remove_rules(base: RuleBase, rule_ids: list[str], file: str | None = None, raw: Any = None) -> RuleBase:
    """``base`` without the rules ``rule_ids``; an error if one is unknown or is still needed."""
    if not rule_ids:
        return base
    known = {r.id for r in base.rules}
    for index, rule_id in enumerate(rule_ids):
        if rule_id not in known:
            message = Message("rules.unknown_rule", rule=f"'{rule_id}'", hint=suggest(rule_id, known))
            if file is not None:
                raise _fail(message, file, raw, index)
            raise VerdictError(message)
    kept = tuple(r for r in base.rules if r.id not in rule_ids)
    concluded = {r.concludes for r in kept}
    if GOAL not in concluded:
        raise VerdictError(Message("rules.without_no_goal", rules=Join(rule_ids), goal=f"'{GOAL}'"), file)
    for rule in kept:
        for _, expr in rule.conditions():
            for name in names_in(expr):
                if name not in base.predicates and name not in concluded:
                    gone = next(r.id for r in base.rules if r.concludes == name)
                    raise VerdictError(
                        Message("rules.reads_removed", rule=f"'{rule.id}'", name=f"'{name}'",
                                gone=f"'{gone}'"),
                        file,
                    )
    name = f"{base.name} without {', '.join(rule_ids)}"
    return base.model_copy(update={"rules": kept, "name": name})


# ---------------------------------------------------------------- the case


def _synthetic_id(fact: str, taken: set[str]) -> str:
    candidate = f"whatif_{fact}"[:80]
    number = 2
    while candidate in taken:
        candidate = f"whatif_{fact}_{number}"[:80]
        number += 1
    return candidate


def _set_findings(
    case: Case, base: RuleBase, wanted: dict[str, Level], file: str | None, raw: Any
) -> tuple[list[Finding], list[FindingChange]]:
    findings = list(case.findings)
    changes: list[FindingChange] = []
    for name, level in wanted.items():
        ids = {f.id: i for i, f in enumerate(findings)}
        if name in ids:
            old = findings[ids[name]]
            findings[ids[name]] = old.model_copy(update={"level": level})
            changes.append(FindingChange(old.id, old.fact, old.level, level))
            continue
        if name in base.predicates:
            replaced = [f for f in findings if f.fact == name]
            changes += [FindingChange(f.id, f.fact, f.level, None, whole_fact=True) for f in replaced]
            findings = [f for f in findings if f.fact != name]
            new_id = _synthetic_id(name, {f.id for f in findings} | {f.id for f in replaced})
            findings.append(
                Finding(
                    id=new_id,
                    fact=name,
                    level=level,
                    summary=Text(
                        en=f"What-if: every finding on '{name}' replaced by this one, at {level.name_id}.",
                        fr=f"Hypothèse : toutes les constatations sur «{name}» remplacées par celle-ci.",
                    ),
                )
            )
            changes.append(FindingChange(new_id, name, None, level, whole_fact=True))
            continue
        if name in base.conclusions:
            rule = base.rules_for(name)[0]
            message = Message("overlay.conclusion_not_fact", name=f"'{name}'", rule=f"'{rule.id}'")
        else:
            hint = suggest(name, [*(f.id for f in findings), *base.predicates])
            message = Message("overlay.unknown_finding_or_fact", name=f"'{name}'", hint=hint)
        raise _where(message, file, raw, "set", name)
    return findings, changes


def _where(message: Message, file: str | None, raw: Any, part: str, key: str | int | None) -> VerdictError:
    """An error placed at ``raw[part][key]`` when the changes came from a file."""
    if file is None:
        return VerdictError(message)
    container = raw.get(part) if isinstance(raw, dict) else None
    return _fail(message, file, container if container is not None else raw, key)


def _apply_case(
    case: Case, base: RuleBase, changes: Changes, file: str | None, raw: Any
) -> tuple[Case, list[FindingChange]]:
    known = {f.id: f for f in case.findings}
    for index, finding_id in enumerate(changes.drop):
        if finding_id not in known:
            raise _where(
                Message("overlay.drop_unknown_finding", finding=f"'{finding_id}'",
                        hint=suggest(finding_id, known)),
                file,
                raw,
                "drop",
                index,
            )
    findings = [f for f in case.findings if f.id not in changes.drop]
    record = [FindingChange(f.id, f.fact, f.level, None) for f in case.findings if f.id in changes.drop]
    updated = case.model_copy(update={"findings": findings})
    findings, set_changes = _set_findings(updated, base, dict(changes.set_), file, raw)
    record += set_changes
    findings += changes.add
    record += [FindingChange(f.id, f.fact, None, f.level) for f in changes.add]
    charges = list(case.charges) + list(changes.charges)
    keys = {c.key for c in charges}
    for index, gone in enumerate(changes.drop_charges):
        if gone.key not in keys:
            hint = suggest(gone.key, keys)
            message = Message("overlay.drop_unknown_charge", charge=f"'{gone.key}'", hint=hint)
            raise _where(message, file, raw, "drop_charges", index)
    charges = [c for c in charges if c.key not in {g.key for g in changes.drop_charges}]
    if not charges:
        raise VerdictError(Message("overlay.no_charge_left"), file)
    update: dict[str, Any] = {
        "findings": findings,
        "parties": list(case.parties) + list(changes.parties),
        "charges": charges,
    }
    if changes.stage is not None:
        if changes.stage not in base.stages:
            hint = stages_hint(changes.stage, base.stages)
            message = Message("stage.unknown", stage=f"'{changes.stage}'", hint=hint)
            raise _where(message, file, raw, "stage", None)
        update["stage"] = changes.stage
    if changes.date is not None:
        update["date"] = changes.date
    return case.model_copy(update=update), record


def apply(
    variant: Variant,
    changes: Changes,
    folder: Path | None = None,
    file: str | None = None,
    raw: Any = None,
) -> Variant:
    """``variant`` with ``changes`` applied; ``folder`` resolves a relative ``rules`` path.

    ``file`` and ``raw`` (the YAML of the ``changes`` mapping) place errors in an overlay.
    The result is checked as a case is: known names, no contradiction.
    """
    base = variant.base
    if changes.rules is not None:
        base = load_rules((folder or Path.cwd()) / changes.rules)
    raw_without = raw.get("without_rules") if isinstance(raw, dict) else None
    placed = file if raw_without is not None else None
    base = remove_rules(base, list(changes.without_rules), placed, raw_without)
    case, record = _apply_case(variant.case, base, changes, file, raw)
    case = case.model_copy(update={"expect": []})  # the base case's expectations no longer apply
    check_case(case, base, file or "(what-if)", {"expect": []})
    return replace(variant, base=base, case=case, findings=variant.findings + tuple(record))


def _retitle(case: Case, title: Text, expect: list[Expectation]) -> Case:
    return case.model_copy(
        update={
            "title": Text(en=f"{case.title.en} — {title.en}", fr=f"{case.title.fr} — {title.fr}"),
            "expect": expect,
        }
    )


def _case(data: Any, file: str, base: RuleBase) -> Case:
    """The case in YAML ``data`` read from ``file``, checked against ``base`` (as ``load_case`` does)."""
    case = _validate(Case, data, file)
    check_case(case, base, file, data)
    return case


def _not_a_case(data: Any) -> bool:
    """Whether YAML data is neither a case nor an overlay: a mapping with neither key."""
    return isinstance(data, dict) and "case" not in data and "overlay" not in data


def library_root(overlay: Path) -> Path:
    """The folder tree an overlay's ``base`` must lie in: the overlay's folder, or for an
    overlay in a folder ``overlays`` (the library layout ``NAME.yaml``, ``NAME/overlays/``),
    the folder that holds ``NAME.yaml``."""
    folder = Path.cwd() if str(overlay) == files.STDIN else overlay.resolve().parent
    return folder.parent.parent if folder.name == "overlays" else folder


def base_path(overlay: Overlay, path: Path, data: Any) -> Path:
    """The case file an overlay's ``base`` names: a case in the overlay's folder tree
    (``library_root``), or a bundled case by name or path; anything else is refused unread."""
    file = yamlio.path_name(path)
    name = overlay.base
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")):
        bundled = {p.stem: p for p in files.yaml_tree(bundled_facts()) if "overlays" not in p.parts}
        if name in bundled:
            return bundled[name]
        message = Message("overlay.base_not_bundled", name=yamlio.quoted(name), hint=suggest(name, bundled))
        raise _fail(message, file, data, "base")
    folder = Path.cwd() if str(path) == files.STDIN else path.parent
    try:
        target = (folder / name).resolve()
    except (OSError, RuntimeError, ValueError):
        raise _fail(Message("overlay.base_bad_name"), file, data, "base") from None
    root = library_root(path)
    if not target.is_relative_to(root) and not target.is_relative_to(bundled_facts().resolve()):
        raise _fail(
            Message("overlay.base_outside", folder=files.display(root)),
            file,
            data,
            "base",
        )
    return folder / name


def _read_base(case_path: Path) -> Any:
    """The YAML data of an overlay's base: a case, else a one-line error that quotes nothing of it."""
    data = yamlio.load(case_path)
    if not isinstance(data, dict) or "case" not in data:
        raise VerdictError(Message("overlay.base_not_case"), yamlio.path_name(case_path))
    return data


@dataclass(frozen=True)
class Opened:
    """A case or overlay file, opened: the baseline it starts from and the variant it makes."""

    path: Path
    overlay: Overlay | None
    baseline: Variant
    variant: Variant


def open_file(path: Path, rules: Path | None = None) -> Opened:
    """Open a case or an overlay file (``-``: standard input); ``rules`` replaces the rule folder
    the variant uses. Each file is read once.

    For a case, baseline and variant are the case itself (under ``rules`` if given).
    For an overlay, the baseline is its base case under the bundled law, and the variant
    is that case with the overlay's changes, carrying the overlay's expectations.
    """
    data = read(path)
    file = yamlio.path_name(path)
    if _not_a_case(data):
        raise _fail(Message("overlay.not_case_or_overlay"), file, data)
    if not is_overlay(data):
        base = load_rules(rules)
        case = _case(data, file, base)
        plain = Variant(base=base, case=case, file=file)
        return Opened(path, None, plain, plain)
    overlay = parse_overlay(data, file)
    case_path = base_path(overlay, path, data)
    case_data = _read_base(case_path)
    case_file = yamlio.path_name(case_path)
    bundled = load_rules()
    baseline = Variant(base=bundled, case=_case(case_data, case_file, bundled), file=case_file)
    changes = overlay.changes
    if rules is not None:
        changes = changes.model_copy(update={"rules": str(rules.resolve())})
    start = baseline
    if changes.rules is not None:
        law = load_rules(path.parent / changes.rules)
        start = Variant(base=law, case=_case(case_data, case_file, law), file=case_file)
        changes = changes.model_copy(update={"rules": None})
    raw_changes = data.get("changes") if isinstance(data, dict) else None
    variant = apply(start, changes, path.parent, file, raw_changes)
    case = _retitle(variant.case, overlay.title, list(overlay.expect))
    check_case(case, variant.base, file, data)
    variant = replace(
        variant,
        case=case,
        title=overlay.title,
        rationale=overlay.rationale,
        sources=tuple(overlay.sources),
        file=file,
    )
    return Opened(path, overlay, baseline, variant)


def check_same_case(opened: Opened, overlay: Overlay, path: Path, data: Any) -> None:
    """Refuse an overlay written for another case than the one ``opened`` starts from (its
    ``base``), in one line naming both, instead of failing on a finding the case does not have."""
    if opened.overlay is None and str(opened.path) == files.STDIN:
        return
    case = (opened.path if opened.overlay is None else Path(opened.baseline.file or opened.path)).resolve()
    written_for = base_path(overlay, path, data).resolve()
    if written_for != case:
        message = Message(
            "overlay.other_case",
            base=f"'{yamlio.path_name(written_for)}'",
            case=f"'{yamlio.path_name(case)}'",
            overlay=yamlio.path_name(path),
        )
        raise _fail(message, yamlio.path_name(path), data, "base")


def parse_level(value: str, what: str) -> Level:
    """The evidence level a command-line value names: exactly a level's name, upper- or lower-case
    ASCII letters alike (as in YAML); no other folding (``ſerious`` is no level)."""
    if value.isascii() and value.lower() in LEVEL_NAMES:
        return Level.parse(value.lower())
    raise VerdictError(
        Message("option.unknown_level", option=what, value=yamlio.quoted(value),
                hint=suggest(value.lower(), LEVEL_NAMES), levels=levels_hint(command_line=True))
    )


def parse_assignment(text: str) -> tuple[str, Level]:
    """``FINDING=LEVEL`` (or ``FACT=LEVEL``) from the command line."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise VerdictError(Message("option.set_form", value=yamlio.quoted(text)))
    return name, parse_level(value, f"--set {yamlio.quoted(name)}")


def command_line_changes(
    set_: list[str], drop: list[str], stage: str | None, rules: Path | None, without: list[str]
) -> Changes:
    """The changes the ``whatif`` options ask for. Names are not validated here but by ``apply``,
    which matches each exactly against the case and the law and suggests the closest."""
    return Changes.model_construct(
        set_=dict(parse_assignment(item) for item in set_),
        drop=list(drop),
        add=[],
        parties=[],
        charges=[],
        drop_charges=[],
        stage=stage,
        rules=str(rules.resolve()) if rules else None,
        without_rules=list(without),
    )


__all__ = [
    "Changes",
    "FindingChange",
    "Opened",
    "Overlay",
    "Variant",
    "apply",
    "command_line_changes",
    "is_overlay",
    "open_file",
    "parse_assignment",
    "parse_level",
    "parse_overlay",
    "read",
    "read_overlay",
    "remove_rules",
]
