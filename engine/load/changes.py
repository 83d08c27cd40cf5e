"""What-if changes applied to a case and to the law: findings set, added or removed, rules
left out; and the changes the command line and the web page write (``--set``, ``set=``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import Field

from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.load.case_file import check_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.load.validation import _fail
from verdict.engine.model.base import (
    GOAL,
    DateText,
    Identifier,
    IdList,
    LevelField,
    Strict,
    Text,
)
from verdict.engine.model.case import Case, Charge, Expectation, Finding, Party
from verdict.engine.model.expressions import names_in
from verdict.engine.model.hints import stages_hint, suggest
from verdict.engine.model.levels import LEVEL_NAMES, Level, levels_hint
from verdict.engine.model.rule_base import RuleBase
from verdict.messages import Join, Message

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


def retitle(case: Case, title: Text, expect: list[Expectation]) -> Case:
    return case.model_copy(
        update={
            "title": Text(en=f"{case.title.en} — {title.en}", fr=f"{case.title.fr} — {title.fr}"),
            "expect": expect,
        }
    )


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
