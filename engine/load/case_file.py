"""Reading a case file and checking it against the rule base: names, contradictions,
expectations.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from verdict.engine.io import yamlio
from verdict.engine.load.rule_folder import _check_catalogue
from verdict.engine.load.validation import _fail, _unique, _validate
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import WARNING_CODES, Case
from verdict.engine.model.case_law import case_law
from verdict.engine.model.derived import PREFIX as DERIVED_PREFIX
from verdict.engine.model.derived import is_derived
from verdict.engine.model.expressions import names_in
from verdict.engine.model.hints import offence_hint, stages_hint, suggest
from verdict.engine.model.levels import disproves, establishes, level_term
from verdict.engine.model.rule_base import RuleBase
from verdict.messages import Join, Message


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
        where = {o.id: (raw_offences[i], file) for i, o in enumerate(case.offences)}
        catalogue = {**base.offences, **{o.id: o for o in case.offences}}
        _check_catalogue(catalogue, where, base.courts, base.classes)
        base = case_law(base, case)
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
    raw_allow = raw.get("allow", [])
    for index, allowance in enumerate(case.allow):
        if allowance.warning not in WARNING_CODES:
            hint = suggest(allowance.warning, WARNING_CODES)
            message = Message(
                "case.allow_unknown_warning",
                name=f"'{allowance.warning}'",
                hint=hint,
                codes=Join(WARNING_CODES),
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
            if low is None and disproves(level):
                low = i
            if high is None and establishes(level):
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
