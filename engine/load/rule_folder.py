"""Reading a rule folder (and the folders it extends) into a rule base, with the checks
a schema cannot make: unique names, the catalogue, the graph, the texts in force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.io.files import yaml_files
from verdict.engine.io.limits import Budget
from verdict.engine.load.paths import bundled_rules
from verdict.engine.load.validation import _DUPLICATE, M, _fail, _validate
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.expressions import names_in
from verdict.engine.model.graph import MAX_CHAIN, find_cycle, longest_chain
from verdict.engine.model.hints import suggest
from verdict.engine.model.offences import (
    Committal,
    CourtLaw,
    DateRule,
    Offence,
    OffenceClassLaw,
    Prescription,
)
from verdict.engine.model.rule_base import RuleBase, RuleFile, Variant
from verdict.engine.model.rules import Predicate, Rule
from verdict.engine.model.stages import Stage
from verdict.messages import Join, Message, Named

RULE_FILE_KEYS = tuple(RuleFile.model_fields)


class _Collected:
    """Rule-base parts as read from files, each remembering its file and YAML place."""

    def __init__(self) -> None:
        self.parts: dict[str, list[tuple[Any, str, Any, int]]] = {
            k: []
            for k in ("facts", "rules", "offences", "classes", "stages", "courts", "committals", "dates",
                      "prescription")
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
    classes = _build(collected.parts["classes"], OffenceClassLaw, "class")
    stages = _build(collected.parts["stages"], Stage, "stage")
    courts = _build(collected.parts["courts"], CourtLaw, "court")
    committals = _build(collected.parts["committals"], Committal, "committal")
    date_rules = _build(collected.parts["dates"], DateRule, "date rule")
    periods = _build(collected.parts["prescription"], Prescription, "prescription period")
    where = {r.id: (raw, file, container, i) for (raw, file, container, i), r in zip(
        collected.parts["rules"], rules.values(), strict=True)}
    where_offences = {str(raw.get("id")): (raw, file) for raw, file, _c, _i in collected.parts["offences"]}
    _check_catalogue(offences, where_offences, courts, classes)
    bundled = folder == bundled_rules()
    title = collected.title or (BUNDLED_TITLE if bundled else Text(en=folder.name, fr=folder.name))
    base = RuleBase(
        name="bundled" if bundled and collected.title is None else title.en,
        title=title,
        predicates=predicates,
        rules=tuple(r.bound(offences, classes) for r in rules.values()),
        offences=offences,
        classes=classes,
        stages=stages,
        courts=courts,
        committals=committals,
        dates=tuple(date_rules.values()),
        prescription=tuple(periods.values()),
    )
    _check_time(base, collected)
    _check_courts(base, collected)
    _check_rule_base(base, where)
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


_REFUSED = {
    ("attempt", "always"): "offence.attempt_always",
    ("attempt", "never"): "offence.attempt_never",
    ("attempt", "by_text"): "offence.attempt_by_text",
    ("aid", "always"): "offence.aid_always",
    ("aid", "never"): "offence.aid_never",
    ("aid", "by_text"): "offence.aid_by_text",
}


def _check_class_law(offence: Offence, classes: dict[str, OffenceClassLaw], raw: Any, file: str) -> None:
    """The offence's class has its law, and the offence says its attempt or aid is punishable
    only where that law leaves it to a text, which it cites."""
    law = classes.get(offence.class_)
    if law is None:
        message = Message("offence.class_without_law", offence=f"'{offence.id}'", kind=offence.class_)
        raise _fail(message, file, raw, "class")
    kind = Named(en=law.title.en, fr=law.title.fr)
    for part, rule, declared, cited in (
        ("attempt", law.attempt, offence.attempt_punishable, offence.attempt_source),
        ("aid", law.aid, offence.aid_punishable, offence.aid_source),
    ):
        refused = rule.refuses(declared, cited)
        if refused is not None:
            message = Message(_REFUSED[part, refused], kind=kind, source=rule.source)
            raise _fail(message, file, raw, f"{part}_punishable")


def _check_catalogue(
    offences: dict[str, Offence],
    where: dict[str, tuple[Any, str]],
    courts: dict[str, CourtLaw],
    classes: dict[str, OffenceClassLaw],
) -> None:
    """Every offence keeps to the law of its class, every aggravated form qualifies a known
    offence, no chain of qualifications loops, and an offence's court tries its class."""
    for offence_id in where:
        offence = offences[offence_id]
        _check_class_law(offence, classes, *where[offence_id])
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


def _check_rule_base(base: RuleBase, where: dict[str, tuple[Any, str, Any, int]]) -> None:
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
