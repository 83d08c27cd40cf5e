"""`verdict check` warns of the traps a faithful case writer falls into: each trap written as a
student would, and its warning asserted; an `allow:` with a reason silences one; the bundled
library passes `check --strict`; the other commands give a one-line hint on standard error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run

from verdict.engine.errors import VerdictError
from verdict.engine.explain.case_warnings import _IDS, CODES, case_warnings
from verdict.engine.io import yamlio
from verdict.engine.load.case_file import load_case
from verdict.engine.model.base import GOAL
from verdict.engine.model.case import WARNING_CODES
from verdict.engine.model.case_law import case_law
from verdict.engine.model.rule_base import RuleBase

HEADER: dict[str, Any] = {
    "case": "trap",
    "title": {"en": "A trap", "fr": "Un piège"},
    "court": "Textbook problem",
    "date": "2024",
    "sources": ["Code pénal, art. 121-7"],
    "stage": "judgment",
}


def write(tmp_path: Path, findings: list[dict[str, Any]], offence: str = "theft", **extra: Any) -> Path:
    """A case file of one natural person charged with complicity in ``offence``, with ``findings``."""
    data = {
        **HEADER,
        "parties": [
            {"id": "a", "name": "A", "kind": "natural_person"},
            {"id": "b", "name": "B", "kind": "natural_person"},
        ],
        "charges": [{"accused": "a", "offence": offence}],
        "findings": [{"id": f"f{i}", **f} for i, f in enumerate(findings)],
        **extra,
    }
    path = tmp_path / "trap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def charge_place(path: Path) -> tuple[int, int]:
    """The line and column of the (one) charge in a file ``write`` wrote."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index("charges:") + 1
    return index + 1, lines[index].index("accused") + 1


def warnings_of(path: Path, base: RuleBase) -> list[Any]:
    case = load_case(path, base)
    return case_warnings(case, case_law(base, case), str(path), yamlio.load(path))


AID: list[dict[str, Any]] = [
    {"fact": "principal_act_committed", "level": "proven"},
    {"fact": "positive_act_of_aid", "level": "proven"},
    {"fact": "aid_prior_or_concomitant", "level": "proven"},
    {"fact": "aid_effective", "level": "proven"},
    {"fact": "aid_used_in_principal_act", "level": "proven"},
    {"fact": "knew_principal_offence", "level": "proven"},
    {"fact": "personally_took_part", "level": "proven"},
]
"""Complicity by aid, every fact stated: no warning."""


def without(fact: str) -> list[dict[str, Any]]:
    return [f for f in AID if f["fact"] != fact]


def test_the_warnings_are_those_an_allow_entry_may_name() -> None:
    """The loader checks ``allow:`` against the model's codes; the warnings give exactly those."""
    assert tuple(_IDS) == WARNING_CODES == CODES


def test_a_complete_case_has_no_warning(tmp_path: Path, base: RuleBase) -> None:
    assert warnings_of(write(tmp_path, AID), base) == []


def test_own_participation_unstated_is_named(tmp_path: Path, base: RuleBase) -> None:
    found = warnings_of(write(tmp_path, without("personally_took_part")), base)
    assert [w.code for w in found] == ["unstated_element"]
    warning = found[0]
    assert "'attribution'" in warning.message("en") and "'personally_took_part'" in warning.message("en")
    assert "personally_took_part" in warning.fix("en")
    path = tmp_path / "trap.yaml"
    assert (warning.file, (warning.line, warning.column)) == (str(path), charge_place(path))


def test_one_fact_of_facilitation_without_the_other(tmp_path: Path, base: RuleBase) -> None:
    pairs = (("aid_used_in_principal_act", "aid_effective"), ("aid_effective", "aid_used_in_principal_act"))
    for stated, missing in pairs:
        found = warnings_of(write(tmp_path, without(missing)), base)
        assert [w.code for w in found] == ["half_stated"], stated
        assert f"'{stated}'" in found[0].message("en") and f"but '{missing}'" in found[0].message("en")
        assert found[0].fix("en").startswith(f"state '{missing}' as well")


def test_knowledge_of_the_aggravated_offence_disproved_points_to_the_base_offence(
    tmp_path: Path, base: RuleBase
) -> None:
    findings = [*without("knew_principal_offence"), {"fact": "knew_principal_offence", "level": "disproved"}]
    found = warnings_of(write(tmp_path, findings, offence="armed_theft"), base)
    assert [w.code for w in found] == ["other_way_unstated"]
    assert "'knew_base_offence'" in found[0].fix("en")
    # the same for a simple theft: no other way to knowledge, no warning
    assert warnings_of(write(tmp_path, findings, offence="theft"), base) == []


def test_the_contradiction_error_points_to_the_base_offence(tmp_path: Path, base: RuleBase) -> None:
    findings = [*AID, {"fact": "knew_principal_offence", "level": "disproved"}]
    with pytest.raises(VerdictError) as raised:
        load_case(write(tmp_path, findings, offence="armed_theft"), base)
    assert "'knew_base_offence' may be meant" in str(raised.value)
    with pytest.raises(VerdictError) as plain:
        load_case(write(tmp_path, findings, offence="theft"), base)
    assert "may be meant" not in str(plain.value)


def test_a_fact_no_rule_reads_for_the_charge(tmp_path: Path, base: RuleBase) -> None:
    findings = [*AID, {"fact": "attack_on_civilians", "level": "proven"}]
    found = warnings_of(write(tmp_path, findings), base)
    assert [(w.code, w.subject) for w in found] == [("unread_fact", "f7")]
    assert "theft/a" in found[0].message("en")
    # a company's own facts on a natural person's charge
    company = [*AID, {"fact": "act_by_organ_or_representative", "level": "proven"}]
    assert [w.code for w in warnings_of(write(tmp_path, company), base)] == ["unread_fact"]


def test_a_scope_that_matches_no_charge(tmp_path: Path, base: RuleBase) -> None:
    findings = [*AID, {"fact": "provocation", "level": "proven", "accused": ["b"]}]
    found = warnings_of(write(tmp_path, findings), base)
    assert [(w.code, w.subject) for w in found] == [("scope_matches_no_charge", "f7")]


def test_no_route_argued(tmp_path: Path, base: RuleBase) -> None:
    findings = [AID[0], AID[5], AID[6]]
    found = warnings_of(write(tmp_path, findings), base)
    assert [w.code for w in found] == ["no_route_argued"]
    assert "'positive_act_of_aid'" in found[0].message("en") and "'provocation'" in found[0].message("en")


def test_a_charge_no_route_applies_to(tmp_path: Path, base: RuleBase) -> None:
    case = load_case(write(tmp_path, AID), base)
    no_complicity = base.model_copy(update={"rules": tuple(r for r in base.rules if r.concludes != GOAL)})
    found = case_warnings(case, no_complicity)
    assert [w.code for w in found] == ["no_route"]


def test_a_charge_the_rule_base_leaves_undecided_is_named(tmp_path: Path, base: RuleBase) -> None:
    found = warnings_of(write(tmp_path, without("aid_effective"), offence="involuntary_homicide"), base)
    assert [(w.code, w.subject) for w in found] == [("outside_scope", "involuntary_homicide/a")]
    assert "outside_scope" in found[0].message("en") and "121-3" not in found[0].fix("en")
    assert "ni relaxe ni renvoi" in found[0].message("fr")


def test_a_route_the_case_rules_out_is_not_nagged(tmp_path: Path, base: RuleBase) -> None:
    """Mere presence: the act of aid disproved, nothing else of the route needs saying."""
    findings = [AID[0], {"fact": "positive_act_of_aid", "level": "disproved"}, AID[5], AID[6]]
    assert warnings_of(write(tmp_path, findings), base) == []


def test_timing_from_the_dates(tmp_path: Path, base: RuleBase) -> None:
    """The law derives the aid's timing from the dates of the act and of the offence: a dated file
    need not state it; an undated one is told that dates would do."""
    dated = [
        {**f, "date": "2024-01-02" if f["fact"] == "principal_act_committed" else "2024-01-01"}
        for f in without("aid_prior_or_concomitant")
    ]
    assert warnings_of(write(tmp_path, dated), base) == []
    undated = warnings_of(write(tmp_path, without("aid_prior_or_concomitant")), base)
    assert [w.code for w in undated] == ["unstated_element"]
    assert "the law derives 'aid_prior_or_concomitant' from their dates" in undated[0].fix("en")
    assert "le droit tire 'aid_prior_or_concomitant' de leurs dates" in undated[0].fix("fr")


def test_allow_silences_one_warning_and_names_known_codes(tmp_path: Path, base: RuleBase) -> None:
    findings = without("personally_took_part")
    allow = [{"warning": "unstated_element", "at": "theft/a", "reason": "the problem leaves it open"}]
    assert warnings_of(write(tmp_path, findings, allow=allow), base) == []
    elsewhere = [{"warning": "unstated_element", "at": "fraud/a", "reason": "another charge"}]
    assert len(warnings_of(write(tmp_path, findings, allow=elsewhere), base)) == 1
    with pytest.raises(VerdictError, match=r"unknown warning 'unstated_elements'.*mean 'unstated_element'"):
        load_case(write(tmp_path, findings, allow=[{"warning": "unstated_elements", "reason": "x"}]), base)
    with pytest.raises(VerdictError, match="reason"):
        load_case(write(tmp_path, findings, allow=[{"warning": "unstated_element"}]), base)


def test_every_code_is_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "writing-a-case.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in doc, code


# ---------------------------------------------------------------- the command line


def test_check_prints_each_warning_with_its_place_and_fix(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = write(tmp_path, without("personally_took_part"))
    run = cli("check", str(path))
    assert run.code == 0
    lines = run.out.splitlines()
    line_no, column = charge_place(path)
    start = f"{path}:{line_no}:{column}: warning: charge theft/a"
    assert any(line.strip().startswith(start) for line in lines), run.out
    assert any(line.strip().startswith("fix: add a finding on 'personally_took_part'") for line in lines)
    assert cli("check", str(path), "--strict").code == 2


def test_check_in_french_is_french(tmp_path: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", str(write(tmp_path, without("aid_effective"))), "--lang", "fr")
    assert "avertissement\u202f: poursuite theft/a\u202f: la règle 'facilitation'" in run.out
    assert "correction\u202f: énoncez aussi 'aid_effective'" in run.out
    for english in (" warning", " fix:", " is stated", "needs all"):
        assert english not in run.out


def test_check_json_lists_warnings(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = write(tmp_path, without("aid_effective"))
    data = json.loads(cli("check", str(path), "--format", "json").out)
    (entry,) = data["files"]
    assert entry["valid"] is True and data["with_warnings"] == 1
    (warning,) = entry["warnings"]
    place = (warning["line"], warning["column"])
    assert (warning["code"], place, warning["subject"]) == ("half_stated", charge_place(path), "theft/a")
    assert warning["fix"].startswith("state 'aid_effective'")


@pytest.mark.parametrize("command", [["explain"], ["test"], ["whatif", "--stage", "mise_en_examen"]])
def test_other_commands_hint_on_stderr(tmp_path: Path, cli: Callable[..., Run], command: list[str]) -> None:
    path = write(tmp_path, without("personally_took_part"), expect=[{"outcome": "relaxe"}])
    run = cli(command[0], str(path), *command[1:])
    assert f"warning: {path} has 1 warning; verdict check {path} lists it" in run.err.splitlines()
    clean = write(tmp_path, AID, expect=[{"outcome": "conviction"}])
    assert "warning" not in cli(command[0], str(clean), *command[1:]).err


def test_every_bundled_file_passes_check_strict(cli: Callable[..., Run]) -> None:
    run = cli("check", "--strict")
    assert run.code == 0, run.out
    assert "with warnings" not in run.out


# ---------------------------------------------------------------- help where the traps are


def test_new_writes_needed_findings(cli: Callable[..., Run], tmp_path: Path, base: RuleBase) -> None:
    from verdict.cli.skeleton import needed_facts

    needed = needed_facts(base, next(iter(base.offences)), "natural_person")
    # own participation, both facts of facilitation, knowledge
    wanted = ("personally_took_part", "aid_effective", "aid_used_in_principal_act", "knew_principal_offence")
    assert set(wanted) <= set(needed)
    assert cli("new", "mine", "--dir", str(tmp_path)).code == 0
    english = (tmp_path / "mine.yaml").read_text(encoding="utf-8")
    for fact in needed:
        assert f"    fact: {fact}   # {base.predicates[fact].title('en')}" in english
    assert cli("new", "mien", "--dir", str(tmp_path), "--lang", "fr").code == 0
    french = (tmp_path / "mien.yaml").read_text(encoding="utf-8")
    assert "# Une affaire pour verdict. Remplissez-la" in french and "Fill it in" not in french
    help_fr = base.predicates["aid_effective"].help
    assert help_fr is not None and help_fr("fr").split()[0] in french
    assert cli("check", str(tmp_path / "mien.yaml")).code == 0


def test_an_unknown_stage_lists_the_stages(cli: Callable[..., Run], base: RuleBase) -> None:
    run = cli("explain", "qosmos", "--stage", "instruction")
    assert run.code == 2
    assert run.err.strip() == f"error: unknown stage 'instruction'; the stages are: {', '.join(base.stages)}"
    french = cli("explain", "qosmos", "--stage", "instruction", "--lang", "fr")
    assert "les stades sont\u202f: temoin_assiste" in french.err


def test_rules_show_exceptions_and_scopes_and_find_them_by_source(cli: Callable[..., Run]) -> None:
    data = json.loads(cli("rules", "--search", "122-5", "--format", "json").out)
    found = {r["id"]: r for r in data["rules"]}
    cited = [s for r in found.values() for x in r["exceptions"] for s in x["sources"]]
    assert any("Code pénal, art. 122-5" in s for s in cited)
    withdrawal = json.loads(cli("rules", "--search", "withdrawal", "--format", "json").out)
    aid = next(r for r in withdrawal["rules"] if r["id"] == "complicity_by_aid")
    assert "withdrawal" in [x["id"] for x in aid["exceptions"]]
    assert next(x for x in aid["exceptions"] if x["id"] == "withdrawal")["burden"] == "defence"
    kind = json.loads(cli("rules", "--search", "knew_base_offence", "--format", "json").out)
    scoped = next(r for r in kind["rules"] if r["id"] == "knowledge_of_the_kind")
    assert "armed_theft" in scoped["applies_to"] and "murder" not in scoped["applies_to"].split(", ")
    text = cli("rules", "--search", "withdrawal", "--no-pager").out
    assert "exception withdrawal (" in text and "raised by the defence" in text
