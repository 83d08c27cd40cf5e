"""What-ifs: overlays beside a case, the `whatif` command, and the law changed by rule variants.

Each bundled overlay states what the law makes of one what-if a student would try, and why
(`rationale`); `verdict test` checks it. Here: overlays are validated like cases, the
what-if diff names what changed and why, and the two hypothetical rule sets behave as the
law they stand for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.explain.builder import explain
from verdict.engine.explain.whatif import rule_diff, what_if
from verdict.engine.load.changes import Changes, apply, remove_rules
from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.render import i18n
from verdict.render.json_doc import to_dict
from verdict.render.whatif import whatif_dict, whatif_markdown, whatif_text

OVERLAYS = bundled_facts() / "qosmos" / "overlays"
VARIANTS = bundled_rules() / "variants"
QOSMOS = bundled_facts() / "qosmos.yaml"
LACOUR = bundled_facts() / "lacour.yaml"


def run_json(cli: Callable[..., object], *args: str) -> dict[str, Any]:
    run = cli(*args, "--format", "json", "--backend", "reference")
    assert run.code == 0, run.err  # type: ignore[attr-defined]
    data: dict[str, Any] = json.loads(run.out)  # type: ignore[attr-defined]
    return data


def overlay_file(tmp_path: Path, text: str, name: str = "what.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the bundled overlays

# Each what-if of the brief (LEGAL.md, section 5) and the overlay that answers it.
WHAT_IFS = {
    "victim testimony links an arrest to an interception": "victim_testimony",
    "probes fully functional in the field": "probes_functional",
    "no other surveillance systems in Syria": "no_other_systems",
    "delivery after March 2011": "delivery_after_march_2011",
    "delivery before March 2011": "delivery_before_march_2011",
    "project continued into 2012": "project_continued_2012",
    "knowledge denied": "knowledge_denied",
    "stage changed": "mise_en_examen",
    "attempted complicity punishable": "attempt_punishable",
    "a mandat criminel-style autonomous offence": "criminal_mandate",
    "the company vs its chief executive": "ceo_accused",
}


@pytest.mark.parametrize("what_if_name", sorted(WHAT_IFS))
def test_every_what_if_of_the_brief_has_an_overlay_with_a_rationale_and_an_expectation(
    what_if_name: str,
) -> None:
    opened = open_file(OVERLAYS / f"{WHAT_IFS[what_if_name]}.yaml")
    assert opened.overlay is not None
    assert opened.overlay.overlay == WHAT_IFS[what_if_name]
    assert len(opened.overlay.rationale("en")) > 200 and len(opened.overlay.rationale("fr")) > 200
    assert opened.overlay.sources
    assert opened.variant.case.expect, "an overlay states what the law makes of it"
    assert opened.baseline.case.case == "qosmos"


def test_at_least_eight_overlays_ship_beside_the_case() -> None:
    assert len(list(OVERLAYS.glob("*.yaml"))) >= 8


def test_explain_accepts_an_overlay_file(cli: Callable[..., object]) -> None:
    data = run_json(cli, "explain", str(OVERLAYS / "causal_link_shown.yaml"))
    assert data["outcome"] == "mise_en_examen_required"  # SA Qosmos was only ever témoin assisté
    assert "causal link" in str(data["title"])


def test_explain_an_overlay_that_changes_the_stage(cli: Callable[..., object]) -> None:
    data = run_json(cli, "explain", str(OVERLAYS / "mise_en_examen.yaml"))
    assert (data["stage"], data["outcome"]) == ("mise_en_examen", "temoin_assiste")


def test_the_ceo_overlay_adds_a_natural_person_and_two_charges() -> None:
    variant = open_file(OVERLAYS / "ceo_accused.yaml").variant
    kinds = {p.id: p.kind for p in variant.case.parties}
    assert kinds["chief_executive"] == "natural_person"
    trace = evaluate(variant.base, variant.case, backend="reference")
    assert {(c.charge.key, c.outcome) for c in trace.charges} == {
        ("torture/qosmos", "non_lieu"),
        ("crimes_against_humanity/qosmos", "non_lieu"),
        ("torture/chief_executive", "non_lieu"),
        ("crimes_against_humanity/chief_executive", "non_lieu"),
    }
    chief = trace.charge("torture", "chief_executive")
    assert "own_act" in chief.rules and "legal_person_liability" not in chief.rules


def test_delivery_before_march_2011_fails_on_knowledge_of_the_crimes_against_humanity_only() -> None:
    variant = open_file(OVERLAYS / "delivery_before_march_2011.yaml").variant
    explained = explain(evaluate(variant.base, variant.case, backend="reference"), variant.base, variant.case)
    outcomes = {c.offence: (c.outcome, [b.element for b in c.blocking]) for c in explained.charges}
    assert outcomes == {
        "torture": ("mise_en_examen_required", []),
        "crimes_against_humanity": ("non_lieu", ["knowledge"]),
    }


# ---------------------------------------------------------------- overlays are validated like cases


GOOD = f"""\
overlay: test_overlay
base: {QOSMOS}
title: {{en: A test, fr: Un essai}}
rationale: Because the law says so.
changes:
  set:
    aid_effective: sufficient
"""


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("rationale:", "rationnale:"),
            "what.yaml:4:1: unknown key 'rationnale' (did you mean 'rationale'?)",
        ),
        (
            lambda t: t.replace("  set:", "  sett:"),
            "what.yaml:6:3: unknown key 'sett' in 'changes' (did you mean 'set'?)",
        ),
        (
            lambda t: t.replace("aid_effective: sufficient", "aid_efective: sufficient"),
            "what.yaml:7:5: unknown finding or fact 'aid_efective' (did you mean 'aid_effective'?)",
        ),
        (
            lambda t: t.replace("aid_effective: sufficient", "aid_facilitated: sufficient"),
            "'aid_facilitated' is a conclusion the rules draw (rule 'facilitation')",
        ),
        (lambda t: t.replace("sufficient", "certain"), "unknown evidence level 'certain'"),
        (
            lambda t: t + "  without_rules: [complicity_by_ayd]\n",
            "what.yaml:8:19: unknown rule 'complicity_by_ayd' (did you mean 'complicity_by_aid'",
        ),
        (
            lambda t: t + "  drop: [no_such_finding]\n",
            "what.yaml:8:10: cannot drop unknown finding 'no_such_finding'",
        ),
        (lambda t: t + "  stage: trial\n", "unknown stage 'trial'"),
        (
            lambda t: t + "expect:\n  - {outcome: renvoi_x}\n",
            "what.yaml:9:5: 'renvoi_x' is not an outcome at stage 'end_of_investigation'",
        ),
    ],
)
def test_bad_overlays_get_one_line_with_file_and_line(
    tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    path = overlay_file(tmp_path, edit(GOOD))
    with pytest.raises(VerdictError) as caught:
        open_file(path)
    assert message in str(caught.value)


def test_a_good_overlay_opens(tmp_path: Path) -> None:
    opened = open_file(overlay_file(tmp_path, GOOD))
    facts = [f for f in opened.variant.case.findings if f.fact == "aid_effective"]
    assert [(f.id, f.level.name_id) for f in facts] == [("whatif_aid_effective", "sufficient")]


def test_an_overlay_that_contradicts_the_case_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("aid_effective: sufficient", "full_knowledge_of_product_purpose: disproved")
    with pytest.raises(VerdictError, match="contradiction on 'knew_principal_offence'"):
        open_file(overlay_file(tmp_path, text))


def test_leaving_out_a_rule_another_rule_needs_is_refused(base: RuleBase) -> None:
    with pytest.raises(VerdictError, match="rule 'complicity_by_aid' reads 'aid_facilitated'"):
        remove_rules(base, ["facilitation"])
    with pytest.raises(VerdictError, match="no rule concludes 'liable'"):
        remove_rules(base, [r.id for r in base.rules_for("liable")])


# ---------------------------------------------------------------- the what-if diff


def test_whatif_json_holds_both_explanations_and_what_changed(
    cli: Callable[..., object], base: RuleBase
) -> None:
    both = ["--set", "aid_effective=sufficient", "--set", "aid_used_in_principal_act=sufficient"]
    data = run_json(cli, "whatif", "qosmos", *both)
    qosmos = open_file(QOSMOS).variant.case
    baseline = to_dict(explain(evaluate(base, qosmos, backend="reference"), base, qosmos))
    assert data["baseline"] == json.loads(json.dumps(baseline))
    variant = data["variant"]
    assert isinstance(variant, dict)
    assert variant["outcome"] == "mise_en_examen_required"  # SA Qosmos was only ever témoin assisté
    assert data["outcome"] == {"from": "non_lieu", "to": "mise_en_examen_required"}
    changed = data["changed"]
    assert isinstance(changed, list)
    assert {(c["offence"], c["accused"], c["element"], c["from"], c["to"]) for c in changed} == {
        ("torture", "qosmos", "facilitation", "plausible", "sufficient"),
        ("crimes_against_humanity", "qosmos", "facilitation", "plausible", "sufficient"),
    }
    why = {f["fact"]: f for f in changed[0]["facts"]}
    assert set(why) == {"aid_effective", "aid_used_in_principal_act"}
    assert why["aid_effective"]["findings"] == ["whatif_aid_effective"]


def test_whatif_on_an_overlay_compares_it_with_its_base_case(cli: Callable[..., object]) -> None:
    data = run_json(cli, "whatif", str(OVERLAYS / "knowledge_denied.yaml"))
    changed = data["changed"]
    assert isinstance(changed, list)
    assert {c["element"] for c in changed} == {"knowledge"}
    assert all(c["held"] is True and c["holds"] is False for c in changed)
    assert data["outcome"] == {"from": "non_lieu", "to": "non_lieu"}


def test_whatif_reports_the_rules_that_differ(cli: Callable[..., object]) -> None:
    data = run_json(cli, "whatif", "qosmos", "--rules", str(VARIANTS / "attempt_punishable"))
    rules = data["changes"]["rules"]
    assert rules["added"] == ["attempted_complicity_punished"]
    assert rules["changed"] == ["attempted_complicity"]
    assert rules["removed"] == []
    assert data["outcome"] == {"from": "non_lieu", "to": "mise_en_examen_required"}
    routes = {c["route"]["to"] for c in data["charges"]}
    assert routes == {"attempted_complicity_punished"}


def test_whatif_without_a_rule(cli: Callable[..., object]) -> None:
    data = run_json(cli, "whatif", "qosmos", "--without-rule", "complicity_by_instigation")
    assert data["changes"]["rules"]["removed"] == ["complicity_by_instigation"]
    assert data["outcome"] == {"from": "non_lieu", "to": "non_lieu"}


def test_whatif_stage_change_moves_no_element_but_the_outcome(cli: Callable[..., object]) -> None:
    data = run_json(cli, "whatif", "qosmos", "--stage", "temoin_assiste")
    assert data["outcome"] == {"from": "non_lieu", "to": "temoin_assiste"}
    changed = data["changed"]
    assert isinstance(changed, list)
    assert {c["element"] for c in changed} == {"facilitation"}
    assert all(c["from"] == c["to"] == "plausible" and c["holds"] for c in changed)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "aid_efective=sufficient"], "did you mean 'aid_effective'"),
        (["--set", "aid_effective=suficient"], "did you mean 'sufficient'"),
        (["--set", "aid_effective"], "--set takes FINDING=LEVEL"),
        (["--drop", "causal_link_probes_to_crime"], "did you mean 'causal_link_probes_to_crimes'"),
        (["--without-rule", "complicity_by_ayd"], "did you mean 'complicity_by_aid'"),
        (["--stage", "mise_en_examan"], "did you mean 'mise_en_examen'"),
        ([], "nothing to change"),
    ],
)
def test_whatif_bad_names_are_clear_errors(cli: Callable[..., object], args: list[str], message: str) -> None:
    run = cli("whatif", "qosmos", *args)
    assert run.code == 2  # type: ignore[attr-defined]
    assert message in run.err  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whatif_renders_in_every_format_and_language(base: RuleBase, lang: str) -> None:
    opened = open_file(OVERLAYS / "attempt_punishable.yaml")
    result = what_if(opened.baseline, opened.variant, "reference")
    markdown = whatif_markdown(result, lang)
    # the rule that differs: by its id beside its title in English, by its title alone in French
    differs = next(r for r in opened.variant.base.rules if r.id == "attempted_complicity_punished")
    rule = differs.id if lang == "en" else differs.title(lang)
    assert rule in markdown
    assert ("mise en accusation" in markdown) and ("Et si" in markdown) == (lang == "fr")
    assert whatif_dict(result, lang)["title"] == opened.overlay.title(lang)  # type: ignore[union-attr]
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(whatif_text(result, lang))
    assert rule in console.export_text()


# ---------------------------------------------------------------- the law changed


MANDATE_TODAY = bundled_facts() / "lacour" / "overlays" / "criminal_mandate_today.yaml"


def test_criminal_mandate_punishes_the_offer_lacour_made() -> None:
    variant = open_file(MANDATE_TODAY).variant
    trace = evaluate(variant.base, variant.case, backend="reference")
    mandate = next(c for c in trace.charges if c.charge.offence == "criminal_mandate")
    assert (mandate.outcome, trace.outcome) == ("renvoi", "renvoi")
    assert "complicity_by_aid" not in mandate.rules and "complicity_by_instigation" not in mandate.rules
    explained = explain(trace, variant.base, variant.case)
    charge = next(c for c in explained.charges if c.offence == "criminal_mandate")
    assert charge.route is not None and charge.route.id == "criminal_mandate"
    assert charge.accused_as == "author"


def test_criminal_mandate_needs_the_offer_and_is_limited_to_its_crimes() -> None:
    law = load_rules(bundled_rules())
    today = open_file(MANDATE_TODAY).variant
    no_offer = Changes.model_validate({"set": {"price_offered_for_the_killing": "disproved"}})
    without_offer = apply(today, no_offer)
    assert evaluate(without_offer.base, without_offer.case, backend="reference").outcome == "non_lieu"
    qosmos = open_file(OVERLAYS / "criminal_mandate.yaml").variant
    trace = evaluate(qosmos.base, qosmos.case, backend="reference")
    assert trace.outcome == "non_lieu"
    complicity = [c for c in trace.charges if c.charge.offence != "criminal_mandate"]
    assert complicity and all("criminal_mandate" not in c.rules for c in complicity)
    assert law.offences["criminal_mandate"].accused_as == "author"


def test_attempt_punishable_reaches_lacour_too(cli: Callable[..., object]) -> None:
    data = run_json(cli, "explain", "lacour", "--rules", str(VARIANTS / "attempt_punishable"))
    assert data["outcome"] == "mise_en_accusation"
    assert data["rules"] == "Hypothetical law: attempted complicity punishable"


def test_variants_say_they_are_hypothetical_and_cite_lacour() -> None:
    law = load_rules(VARIANTS / "attempt_punishable")
    punished = next(r for r in law.rules if r.id == "attempted_complicity_punished")
    sources = " ".join(s("en") for s in punished.sources)
    assert "Hypothetical" in sources and "Lacour" in sources


def test_rule_diff_is_empty_for_the_same_law(base: RuleBase) -> None:
    assert not rule_diff(base, base).differs
    diff = rule_diff(base, load_rules(VARIANTS / "attempt_punishable"))
    assert (diff.added, diff.removed, diff.changed) == (
        ("attempted_complicity_punished",), (), ("attempted_complicity",)
    )


def test_changes_compose(base: RuleBase) -> None:
    opened = open_file(QOSMOS)
    step = apply(opened.variant, Changes.model_validate({"set": {"aid_effective": "sufficient"}}))
    step = apply(step, Changes.model_validate({"set": {"aid_used_in_principal_act": "sufficient"}}))
    assert evaluate(step.base, step.case, backend="reference").outcome == "mise_en_examen_required"
    assert not step.case.expect, "the base case's expectations do not describe a what-if"


def _readme_commands(prefix: str) -> list[list[str]]:
    import shlex

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    return [
        shlex.split(line.split("#")[0])[1:]
        for line in readme.splitlines()
        if line.startswith(f"verdict {prefix}")
    ]


def test_the_readme_first_what_if_says_what_moved_and_what_still_blocks(
    cli: Callable[..., object],
) -> None:
    args = _readme_commands("whatif")[0]
    data = run_json(cli, *args)
    charges = data["charges"]
    assert isinstance(charges, list)
    for charge in charges:
        moved = charge["unmoved"] + [e for e in data["changed"] if e["offence"] == charge["offence"]]
        assert moved, charge  # something beneath the route moved
        assert any(f["from"] != f["to"] for e in moved for f in e["facts"])
        if not charge["changed"]:
            assert charge["still_blocking"], charge  # and what still holds it back
            assert all(b["because"] for b in charge["still_blocking"])
    text = cli(*args, "--backend", "reference").out  # type: ignore[attr-defined]
    flat = " ".join(text.split())
    first = charges[0]
    if not first["changed"]:
        assert "still blocking" in flat and "(unchanged)" in flat
        for b in first["still_blocking"]:
            for w in b["because"]:
                assert w["fact"] in flat
    fact = next(f for e in first["unmoved"] for f in e["facts"])
    assert fact["fact"] in flat


def test_a_what_if_that_changes_the_outcome_says_so_and_why(cli: Callable[..., object]) -> None:
    args = ["qosmos", "--overlay", str(OVERLAYS / "causal_link_shown.yaml")]
    data = run_json(cli, "whatif", *args)
    outcome = data["outcome"]
    assert isinstance(outcome, dict) and outcome["from"] != outcome["to"]
    text = " ".join(cli("whatif", *args, "--backend", "reference").out.split())  # type: ignore[attr-defined]
    assert "(unchanged)" not in text.split("Why")[1]
    assert "✘ →" in text and "✔" in text  # an element that now holds


def test_french_level_and_stage_names_are_accepted(cli: Callable[..., object]) -> None:
    english = run_json(
        cli, "whatif", "qosmos", "--set", "aid_effective=sufficient", "--stage", "mise_en_examen"
    )
    french = run_json(
        cli, "whatif", "qosmos", "--set", "aid_effective=charges suffisantes", "--stage", "Mise en examen",
        "--lang", "fr",
    )
    assert english["outcome"] == french["outcome"] and english["changes"] == french["changes"]
    short = run_json(cli, "whatif", "qosmos", "--set", "aid_effective=suffisant", "--stage", "mise_en_examen")
    assert short["changes"] == english["changes"]


def test_an_overlay_of_another_case_is_refused_naming_both(cli: Callable[..., Any]) -> None:
    overlay = OVERLAYS / "victim_testimony.yaml"
    for lang, words in (("en", "this overlay is written for the case"), ("fr", "cette variante est écrite")):
        run = cli("whatif", "lacour", "--overlay", str(overlay), "--lang", lang)
        assert run.code == 2 and run.out == ""
        assert run.err.count("\n") == 1 and words in run.err
        assert "qosmos.yaml" in run.err and "lacour.yaml" in run.err
    assert cli("whatif", "qosmos", "--overlay", str(overlay)).code == 0  # its own case


def test_a_french_finding_set_says_it_is_one_finding_not_the_fact(cli: Callable[..., object]) -> None:
    """Setting one finding moves it from its own level; the fact's level, shown beneath, may
    start elsewhere. The French line, naming the fact by its title, says it is one finding."""
    finding = "probes_functioned_effectively_in_field"
    args = ["whatif", "qosmos", "--set", f"{finding}=sufficient", "--backend", "reference"]
    data = run_json(cli, *args)
    moved = [f for f in data["changes"]["findings"] if f["finding"] == finding]
    assert moved, data["changes"]
    text = " ".join(cli(*args, "--lang", "fr").out.split())  # type: ignore[attr-defined]
    changes = text.split("Modifications")[1].split("Chef")[0]
    before = i18n.level(Level.parse(moved[0]["from"]), "fr")
    assert f"une constatation, {before} →" in changes, changes
