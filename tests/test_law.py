"""The constructs the law is written with: the offence catalogue, offence-attribute scopes,
stage grounds and bars, the legal order of blocking elements, offences declared in a case.

Outcomes of whole problems are pinned by the problems' own expectations (`verdict test`);
these tests pin what each construct means, on small inputs built here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generators import TINY_CASE

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.explain.builder import explain
from verdict.engine.explain.explanation import Condition
from verdict.engine.explain.route import legal_order
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.case_law import base_offence, case_law
from verdict.engine.model.expressions import names_in
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Bar, ShortOf, Stage

TEXT = Text(en="t", fr="t")


def offence(**fields: Any) -> Offence:
    return Offence.model_validate(
        {"id": "o", "title": {"en": "t", "fr": "t"}, "intentional": True, "sources": ["s"], **fields}
    )


INLINE = TINY_CASE.replace(
    "parties:",
    """offences:
  - {id: abuse_of_weakness, title: {en: Abuse, fr: Abus}, class: delit, intentional: true,
     sources: ["CP, art. 223-15-2"]}
parties:""",
).replace("offence: theft", "offence: abuse_of_weakness")


# ---------------------------------------------------------------- the catalogue


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"class": "contravention"}, "'contravention_class' (1 to 5) is required"),
        ({"class": "delit", "contravention_class": 2}, "'contravention_class' (1 to 5) is required"),
        ({"class": "delit", "qualifies": "theft"}, "'circumstance_kind'"),
        ({"class": "delit", "deliberate": True}, "is not intentional"),
    ],
)
def test_an_offence_is_coherent_in_itself(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        offence(**fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("class: crime, attempt_punishable: false",
         "the attempt of a crime is always punishable (Code pénal, art. 121-4 2°)"),
        ("class: contravention, contravention_class: 3, attempt_punishable: true",
         "the attempt of a contravention is never punishable (Code pénal, art. 121-4 2°)"),
        ("class: delit, attempt_punishable: true",
         "the attempt of a délit is punishable only where a text says so"),
        ("class: contravention, contravention_class: 5, aid_punishable: true", "cite it in 'aid_source'"),
        ("class: delit, aid_punishable: false",
         "aid or assistance in a délit always makes an accomplice (Code pénal, art. 121-7 al. 1)"),
    ],
)
def test_an_offence_keeps_to_the_law_of_its_class(
    base: RuleBase, tmp_path: Path, fields: str, message: str
) -> None:
    path = tmp_path / "case.yaml"
    declared = INLINE.replace("class: delit, intentional: true", f"{fields}, intentional: true")
    path.write_text(declared, "utf-8")
    with pytest.raises(VerdictError) as caught:
        load_case(path, base)
    assert str(caught.value).startswith(f"{path}:7:")  # the offence's line in the case
    assert message in str(caught.value)


def test_defaults_follow_article_121_4_and_121_7(base: RuleBase) -> None:
    crime, delit = offence(**{"class": "crime"}), offence(**{"class": "delit"})
    contravention = offence(**{"class": "contravention", "contravention_class": 1})
    law = base.classes
    attempt = [law[o.class_].attempt_is_punishable(o) for o in (crime, delit, contravention)]
    aid = [law[o.class_].aid_is_punishable(o) for o in (crime, delit, contravention)]
    assert (attempt, aid) == ([True, False, False], [True, True, False])
    declared = offence(**{"class": "delit", "attempt_punishable": True, "attempt_source": "a text"})
    assert law["delit"].attempt_is_punishable(declared)
    assert (base.trial_court(crime), base.trial_court(delit), base.trial_court(contravention)) == (
        "cour_d_assises",
        "tribunal_correctionnel",
        "tribunal_de_police",
    )
    assert base.trial_court(offence(**{"class": "crime", "court": "cour_criminelle_departementale"})) == (
        "cour_criminelle_departementale"
    )
    assert RuleBase(name="n", predicates={}, rules=(), offences={}, stages={}).trial_court(crime) is None


def _rules_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled rule folder with ``old`` replaced by ``new`` in its offences."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for path in bundled_rules().glob("*.yaml"):
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    offences = folder / "offences.yaml"
    text = offences.read_text("utf-8")
    assert old in text
    offences.write_text(text.replace(old, new), "utf-8")
    return folder


def test_the_law_of_a_class_is_read_from_the_rules(base: RuleBase, tmp_path: Path) -> None:
    """Aid in every contravention made punishable in the rules brings complicity by aid to the
    contraventions whose text is silent (R. 621-1), and to them only."""
    changed = load_rules(_rules_with(
        tmp_path,
        'aid: {punishable: by_text, source: "Code pénal, art. 121-7 al. 1 and R. 610-2"}',
        'aid: {punishable: always, source: "a hypothetical text"}',
    ))

    def by_aid(law: RuleBase) -> set[str]:
        rule = next(r for r in law.rules if r.id == "complicity_by_aid")
        return {o for o in law.offences if rule.applies(o, "natural_person")}

    silent = {o.id for o in base.offences.values() if o.class_ == "contravention" and not o.aid_punishable}
    assert silent
    assert by_aid(changed) == by_aid(base) | silent


def test_a_class_without_its_law_is_an_error(base: RuleBase, tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "classes:\n", "classes:\n")
    text = (folder / "offences.yaml").read_text("utf-8")
    start = text.index("  - id: contravention\n")
    text = text[:start] + text[text.index("\n\n", start) + 1:]  # the class's law left out
    (folder / "offences.yaml").write_text(text, "utf-8")
    first = next(o for o in base.offences.values() if o.class_ == "contravention")
    rows = text.splitlines()
    start = rows.index(f"  - id: {first.id}")
    line = next(i for i in range(start, len(rows)) if rows[i].strip().startswith("class:")) + 1
    with pytest.raises(VerdictError) as caught:
        load_rules(folder)
    assert str(caught.value).startswith(f"{folder / 'offences.yaml'}:{line}:5: ")  # its class
    assert f"offence '{first.id}' is a contravention, a class the rules give no law for" in str(caught.value)


def test_bundled_catalogue(base: RuleBase) -> None:
    classes = {o.class_ for o in base.offences.values()}
    assert classes == {"crime", "delit", "contravention"}
    assert len(base.offences) >= 40
    for item in base.offences.values():
        assert item.sources, item.id
        if item.qualifies is not None:
            assert base_offence(base.offences, item.id).qualifies is None


# ---------------------------------------------------------------- scopes by attribute


@pytest.mark.parametrize(
    ("scope", "keep"),
    [
        ({"offence_class": ["contravention"]}, lambda o: o.class_ == "contravention"),
        ({"attempt_punishable": True}, lambda o: o.class_ == "crime" or o.attempt_punishable),
        ({"aid_punishable": False}, lambda o: o.class_ == "contravention" and not o.aid_punishable),
        ({"aggravated": True}, lambda o: o.qualifies is not None),
        ({"circumstance_kind": "real"}, lambda o: o.circumstance_kind == "real"),
        ({"intentional": False}, lambda o: not o.intentional),
        ({"accused_as": "author"}, lambda o: o.accused_as == "author"),
        (
            {"accused_as": "accomplice", "intentional": True},
            lambda o: o.accused_as == "accomplice" and o.intentional,
        ),
        (
            {"offence_class": ["crime", "delit"], "except_offence": ["theft"]},
            lambda o: o.class_ != "contravention" and o.id != "theft",
        ),
    ],
)
def test_a_scope_by_attribute_selects_exactly_the_offences_it_describes(
    base: RuleBase, scope: dict[str, Any], keep: Any
) -> None:
    rule = Rule.model_validate(
        {"id": "r", "title": {"en": "t", "fr": "t"}, "sources": ["s"], "concludes": GOAL, "applies_to": scope}
    ).bound(base.offences, base.classes)
    chosen = {o for o in base.offences if rule.applies(o, "natural_person")}
    assert chosen == {o.id for o in base.offences.values() if keep(o)}
    assert chosen  # each scope above selects something in the bundled catalogue


def test_an_unbound_attribute_scope_is_an_error() -> None:
    rule = Rule.model_validate(
        {
            "id": "r",
            "title": {"en": "t", "fr": "t"},
            "sources": ["s"],
            "concludes": GOAL,
            "applies_to": {"aggravated": True},
        }
    )
    with pytest.raises(ValueError, match="not bound"):
        rule.applies("theft", "natural_person")


# ---------------------------------------------------------------- stages


def stage(**fields: Any) -> Stage:
    data = {
        "id": "s",
        "title": {"en": "t", "fr": "t"},
        "required": "sufficient",
        "sources": ["s"],
        "standard": {"en": "t", "fr": "t"},
        "holds": {"crime": "up", "delit": "on", "contravention": "on"},
        "fails": {"crime": "off", "delit": "out", "contravention": "out"},
        "severity": ["up", "on", "barred", "off", "out"],
        **fields,
    }
    return Stage.model_validate(data)


@pytest.mark.parametrize(
    ("levels", "offence_class", "expected"),
    [
        ({GOAL: 4}, "crime", (True, "up")),
        ({GOAL: 3}, "crime", (False, "off")),
        ({GOAL: 3}, "delit", (False, "out")),
        ({GOAL: 3, "ground": 4}, "delit", (True, "on")),  # a ground makes it hold
        ({GOAL: 3, "ground": 3}, "delit", (False, "out")),
        ({GOAL: 5, "bar": 4}, "crime", (True, "barred")),  # a bar stops a holding charge
        ({GOAL: 5, "bar": 3}, "crime", (True, "up")),
        ({GOAL: 2, "bar": 5}, "crime", (False, "off")),  # a bar does not touch a failing one
        ({GOAL: 5}, "crime", (True, "up")),  # names the levels lack are not shown
        ({GOAL: 5, OUTSIDE_SCOPE: 4}, "crime", (False, OUTSIDE_SCOPE)),  # not decided at all
        ({GOAL: 1, OUTSIDE_SCOPE: 5}, "delit", (False, OUTSIDE_SCOPE)),
        ({GOAL: 3, "ground": 5, OUTSIDE_SCOPE: 4}, "delit", (False, OUTSIDE_SCOPE)),  # nor by a ground
        ({GOAL: 5, "bar": 5, OUTSIDE_SCOPE: 5}, "crime", (False, OUTSIDE_SCOPE)),
        ({GOAL: 5, OUTSIDE_SCOPE: 3}, "crime", (True, "up")),  # below the stage's level: decided
    ],
)
def test_stage_decides_by_liable_grounds_and_bars(
    levels: dict[str, int], offence_class: str, expected: tuple[bool, str]
) -> None:
    bar = Bar(id="b", title=TEXT, when="bar", outcome="barred", sources=["s"])
    assert stage(grounds=["ground"], bars=[bar]).decide(levels, offence_class) == expected


def test_outside_scope_is_an_outcome_of_every_stage_and_the_least_severe() -> None:
    plain = stage()
    assert plain.severity[-1] == OUTSIDE_SCOPE and OUTSIDE_SCOPE in plain.outcomes()
    assert OUTSIDE_SCOPE in plain.names()
    placed = stage(severity=["up", OUTSIDE_SCOPE, "on", "barred", "off", "out"])
    assert placed.severity.count(OUTSIDE_SCOPE) == 1 and placed.severity[1] == OUTSIDE_SCOPE


def test_every_class_needs_an_outcome() -> None:
    with pytest.raises(ValueError, match="missing: contravention"):
        stage(holds={"crime": "up", "delit": "on"})
    with pytest.raises(ValueError, match="missing: crime"):
        stage(fails={"delit": "out", "contravention": "out"})


def test_a_stage_and_its_parts_cite_a_source() -> None:
    """A stage, its bars and what a charge short of it gets each cite a source; one is enough."""
    bar = {"id": "b", "title": {"en": "t", "fr": "t"}, "when": "x", "outcome": "barred"}
    short = {"id": "s", "title": {"en": "t", "fr": "t"}, "outcome": "out", "required": "plausible"}
    builders = (
        lambda sources: Bar.model_validate({**bar, "sources": sources}),
        lambda sources: ShortOf.model_validate({**short, "sources": sources}),
        lambda sources: stage(sources=sources),
    )
    for build in builders:
        assert len(build(["one"]).sources) == 1
        with pytest.raises(ValueError, match="at least 1 item"):
            build([])


def test_a_rule_and_its_exceptions_cite_a_source() -> None:
    """A rule and each of its exceptions cite a source; one is enough (an element may cite none:
    its rule's sources stand for it)."""
    title = {"en": "t", "fr": "t"}
    exception = {"id": "x", "title": title, "when": "a", "burden": "defence"}
    rule = {"id": "r", "title": title, "concludes": GOAL, "exceptions": [{**exception, "sources": ["s"]}]}
    assert len(Rule.model_validate({**rule, "sources": ["one"]}).sources) == 1
    element = {"id": "e", "title": title, "when": "a"}
    assert Rule.model_validate({**rule, "sources": ["s"], "elements": [element]}).elements[0].sources == []
    with pytest.raises(ValueError, match="at least 1 item"):
        Rule.model_validate({**rule, "sources": []})
    with pytest.raises(ValueError, match="at least 1 item"):
        Rule.model_validate({**rule, "sources": ["s"], "exceptions": [{**exception, "sources": []}]})


def test_a_single_outcome_orders_a_stage_s_severity() -> None:
    assert stage(severity=["up"]).severity == ["up", OUTSIDE_SCOPE]
    with pytest.raises(ValueError, match="at least 1 item"):
        stage(severity=[])


# ---------------------------------------------------------------- legal order


def cond(cid: str, level: int) -> Condition:
    return Condition(cid, TEXT, "element", None, Level(level), Level.SUFFICIENT, False, (), ())


def test_presupposed_elements_first_then_the_weakest_then_written_order() -> None:
    rule = Rule.model_validate(
        {
            "id": "r",
            "title": {"en": "t", "fr": "t"},
            "sources": ["s"],
            "concludes": GOAL,
            "elements": [
                {"id": "a", "title": {"en": "t", "fr": "t"}, "when": "x"},
                {"id": "b", "title": {"en": "t", "fr": "t"}, "when": "x", "presupposes": ["a"]},
                {"id": "c", "title": {"en": "t", "fr": "t"}, "when": "x", "presupposes": ["b"]},
                {"id": "d", "title": {"en": "t", "fr": "t"}, "when": "x"},
                {"id": "e", "title": {"en": "t", "fr": "t"}, "when": "x"},
            ],
        }
    )
    failing = [cond("c", 0), cond("b", 0), cond("a", 3), cond("e", 1), cond("d", 1)]
    assert [c.id for c in legal_order(rule, failing)] == ["d", "e", "a", "b", "c"]
    # a presupposed element that holds leaves the others at the first rank
    assert [c.id for c in legal_order(rule, [cond("c", 2), cond("b", 1)])] == ["b", "c"]
    assert [c.id for c in legal_order(rule, [cond("c", 0), cond("d", 1)])] == ["c", "d"]


def test_explanation_marks_the_first_blocking_element_primary(base: RuleBase, tmp_path: Path) -> None:
    text = TINY_CASE + "  - {id: ann_did_nothing, fact: positive_act_of_aid, level: disproved}\n"
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path, base)
    charge = explain(evaluate(base, case, "judgment", "reference"), base, case).charges[0]
    assert charge.blocking[0].element == "aid" and charge.blocking[0].primary
    assert not any(b.primary for b in charge.blocking[1:])
    assert {"timing", "facilitation"} <= {b.element for b in charge.blocking[1:]}


# ---------------------------------------------------------------- offences a case declares


def test_a_case_may_declare_its_own_offence(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(INLINE, encoding="utf-8")
    case = load_case(path, base)
    law = case_law(base, case)
    assert "abuse_of_weakness" in law.offences and "abuse_of_weakness" not in base.offences
    assert case_law(base, case) is law  # built once
    trace = evaluate(base, case, "judgment", "reference")
    assert trace.charges[0].offence_class == "delit"
    explained = explain(trace, base, case)
    assert explained.charges[0].court == "tribunal_correctionnel"
    assert explained.charges[0].route is not None
    assert explained.charges[0].route.id == "complicity_by_aid"  # attribute scopes reach it


def test_a_declared_offence_may_not_shadow_the_catalogue(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(INLINE.replace("id: abuse_of_weakness", "id: theft"), encoding="utf-8")
    with pytest.raises(VerdictError, match=r"case\.yaml:7:5: offence 'theft' is already in the rule base"):
        load_case(path, base)


def test_a_declared_offence_is_checked_like_the_catalogue(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(INLINE.replace("class: delit,", "class: delit, qualifies: thefts, circumstance:"
                                   " {en: c, fr: c}, circumstance_kind: real,"), encoding="utf-8")
    with pytest.raises(VerdictError, match="qualifies unknown offence 'thefts' \\(did you mean 'theft'"):
        load_case(path, base)


@pytest.mark.parametrize(
    ("court", "lang", "message"),
    [
        ("cour_d_assises", "en", "case.yaml:7:73: a delit is not tried by the cour d'assises"),
        ("cour_d_assises", "fr", "case.yaml:7:73: un délit n'est pas jugé par la cour d'assises"),
        ("tribunal_correctionel", "en",
         "unknown court 'tribunal_correctionel' (did you mean 'tribunal_correctionnel'"),
    ],
)
def test_a_declared_offence_goes_to_a_court_of_the_rules_that_tries_its_class(
    base: RuleBase, tmp_path: Path, court: str, lang: str, message: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(INLINE.replace("class: delit,", f"class: delit, court: {court},"), encoding="utf-8")
    with pytest.raises(VerdictError) as raised:
        load_case(path, base)
    assert message in raised.value.text(lang)


# ---------------------------------------------------------------- scope and authorship


def test_every_offence_says_whether_it_is_intentional(base: RuleBase) -> None:
    with pytest.raises(ValueError, match="intentional"):
        Offence.model_validate({"id": "o", "title": TEXT.model_dump(), "class": "delit", "sources": ["s"]})
    assert {o.intentional for o in base.offences.values()} == {True, False}


def test_complicity_never_decides_a_charge_whose_accused_is_the_author(base: RuleBase) -> None:
    authors = [o for o in base.offences.values() if o.accused_as == "author"]
    read = {name for r in base.rules for _, e in r.conditions() for name in names_in(e)}
    assert len(authors) >= 3
    for offence in authors:
        routes = [r for r in base.rules_for(GOAL) if r.applies(offence.id, "natural_person")]
        assert routes, offence.id  # each is decided by a rule of its own
        for rule in routes:
            assert rule.applies_to is not None and rule.applies_to.offence == [offence.id], rule.id
        noted = [
            r.id
            for r in base.rules
            if r.note and r.concludes not in read and r.applies(offence.id, "natural_person")
            and not (r.applies_to is not None and r.applies_to.offence == [offence.id])
        ]
        assert not noted, noted  # nor said to be an attempted complicity (its own notes aside)


def test_a_non_intentional_charge_is_undecided_at_every_stage_on_both_backends(base: RuleBase) -> None:
    from verdict.engine.decide.evaluate import BACKENDS, durable_available

    case = load_case(bundled_facts() / "textbook_getaway_driver.yaml", base)
    unintended = {o for o, item in base.offences.items() if not item.intentional}
    for backend in [b for b in BACKENDS if b != "durable" or durable_available()]:
        for the_stage in base.stages.values():
            trace = evaluate(base, case, the_stage.id, backend)  # type: ignore[arg-type]
            for charge in trace.charges:
                if charge.charge.offence in unintended:
                    assert (charge.outcome, charge.holds) == (OUTSIDE_SCOPE, False)
                else:
                    assert charge.outcome != OUTSIDE_SCOPE
            assert trace.outcome != OUTSIDE_SCOPE  # the other charge is decided as usual
            explained = explain(trace, base, case)
            undecided = [c for c in explained.charges if c.outcome == OUTSIDE_SCOPE]
            assert undecided and all(c.scope and c.route is None and not c.blocking for c in undecided)
            assert all(c.notes == c.scope for c in undecided)


def test_the_reason_reaches_every_format(base: RuleBase) -> None:
    from verdict.render.json_doc import to_dict
    from verdict.render.memo import render as memo

    case = load_case(bundled_facts() / "textbook_getaway_driver.yaml", base)
    trace = evaluate(base, case, backend="reference")
    explained = explain(trace, base, case)
    for lang, word in (("en", "121-3, al. 4"), ("fr", "121-3, al. 4")):
        charge = to_dict(explained, lang)["charges"][1]
        assert charge["outcome"] == OUTSIDE_SCOPE and word in charge["outside_scope"][0]["reason"]
        assert word in memo(explained, lang)


T = "{en: t, fr: t}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"courts:\n  - {{id: juge_unique, title: {T}, named: {T}, tries: [delit], by_default: [delit],"
         " sources: [s]}\n",
         "v.yaml:3:85: two courts try the class 'delit' by default: 'tribunal_correctionnel' and "
         "'juge_unique'"),
        (f"courts:\n  - {{id: c, title: {T}, named: {T}, tries: [crime], by_default: [delit],"
         " sources: [s]}\n",
         "a court tries 'by_default' only classes it 'tries'"),
        (f"courts:\n  - {{id: c, title: {T}, named: {T}, tries: [crime], in_force: {{from: '2030'}},"
         " otherwise: assises, sources: [s]}\n", "court 'c': unknown court 'assises'"),
        (f"committals:\n  - {{id: renvois, title: {T}, sources: [s]}}\n",
         "committal 'renvois': no stage gives this outcome (did you mean 'renvoi'"),
        (f"committals:\n  - {{id: renvoi, title: {T}, sources: [s]}}\n", "duplicate committal id 'renvoi'"),
    ],
)
def test_courts_and_committals_are_checked(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "v.yaml").write_text(f"variant: {{extends: '{bundled_rules()}'}}\n{text}", encoding="utf-8")
    with pytest.raises(VerdictError) as raised:
        load_rules(tmp_path)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "path",
    ["textbook_amnesty.yaml", "textbook_prescription/overlays/no_police_report.yaml"],
)
def test_an_extinguished_principal_act_is_not_called_attempted_complicity(path: str) -> None:
    from verdict.engine.decide.evaluate import BACKENDS, durable_available
    from verdict.engine.load.overlay import open_file

    variant = open_file(bundled_facts() / path).variant
    for backend in [b for b in BACKENDS if b != "durable" or durable_available()]:
        trace = evaluate(variant.base, variant.case, backend=backend)  # type: ignore[arg-type]
        explained = explain(trace, variant.base, variant.case)
        for charge in explained.charges:
            assert not charge.holds and [b.element for b in charge.blocking] == ["principal_offence"], backend
            assert "attempted_complicity" not in [n.id for n in charge.notes], backend


def test_presenting_drug_offences_favourably_is_a_branch_of_its_own(base: RuleBase) -> None:
    """CSP L. 3421-4 punishes the favourable presentation without any provocation, and not a
    symbol that says nothing of the offences."""
    from verdict.engine.decide.evaluate import BACKENDS, durable_available
    from verdict.engine.load.overlay import open_file

    case = load_case(bundled_facts() / "textbook_cannabis_video.yaml", base)
    assert {f.level for f in case.findings if f.fact == "direct_provocation"} == {Level.DISPROVED}
    flipped = open_file(bundled_facts() / "textbook_cannabis_video/overlays/leaves_on_clothes.yaml").variant
    for backend in [b for b in BACKENDS if b != "durable" or durable_available()]:
        held = evaluate(base, case, backend=backend).charges[0]  # type: ignore[arg-type]
        assert held.holds, backend
        failed = explain(evaluate(flipped.base, flipped.case, backend=backend), flipped.base, flipped.case)  # type: ignore[arg-type]
        assert [b.element for b in failed.charges[0].blocking] == ["provocation"], backend


def test_deliberate_endangering_is_decided_as_complicity(base: RuleBase) -> None:
    """121-3 al. 2: complicity in a délit of deliberate endangering is punishable (Cass. crim.,
    6 June 2000); only the other non-intentional offences are outside the scope."""
    from verdict.engine.decide.evaluate import BACKENDS, durable_available

    scope = [r for r in base.rules if r.concludes == OUTSIDE_SCOPE]
    assert scope and any(o.deliberate for o in base.offences.values())
    for item in base.offences.values():
        undecided = any(r.applies(item.id, "natural_person") for r in scope)
        assert undecided == (not item.intentional and not item.deliberate), item.id
    case = load_case(bundled_facts() / "red_light_2000.yaml", base)
    assert not base.offences[case.charges[0].offence].intentional
    for backend in [b for b in BACKENDS if b != "durable" or durable_available()]:
        charge = evaluate(base, case, backend=backend).charges[0]  # type: ignore[arg-type]
        assert (charge.outcome != OUTSIDE_SCOPE, charge.holds) == (True, True), backend
