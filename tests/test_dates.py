"""Dates as law: their form, the facts derived from them, prescription, texts and courts in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from generators import TINY_CASE

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.explain.builder import explain
from verdict.engine.load.case_file import load_case
from verdict.engine.model.case import Case, Finding
from verdict.engine.model.dated import dated, derive, trial_courts
from verdict.engine.model.dates import add_years, span
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase


def test_spans_cover_every_day_the_date_may_be() -> None:
    assert span("2011") == span("2011-01-01/2011-12-31")
    assert (span("2012-02").first, span("2012-02").last) == (date(2012, 2, 1), date(2012, 2, 29))
    assert (span("2011-02/2011-04").first, span("2011-02/2011-04").last) == (
        date(2011, 2, 1),
        date(2011, 4, 30),
    )
    assert add_years(date(2016, 2, 29), 1) == date(2017, 2, 28)


@pytest.mark.parametrize(
    "text", ["2011-02-30", "2011-13", "11-03-2011", "2012/2011", "2011/2012/2013", "0000"]
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        span(text)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda t: t.replace('date: "2024-01-01"', 'date: "2024-02-30"'), "case.yaml:4:"),
        (lambda t: t.replace("level: proven}", 'level: proven, date: "2023-13"}'), "case.yaml:11:"),
        (lambda t: t.replace("id: stolen", "id: from_dates_stolen"), "case.yaml:11:"),
    ],
)
def test_bad_dates_and_reserved_ids_name_file_and_line(
    base: RuleBase, tmp_path: Path, edit: object, where: str
) -> None:
    with pytest.raises(VerdictError) as caught:
        load_case(write(tmp_path, edit(TINY_CASE)), base)  # type: ignore[operator]
    text = str(caught.value)
    assert text.removeprefix(str(tmp_path) + "/").startswith(where), text
    assert "\n" not in text


def case_with(base: RuleBase, tmp_path: Path, findings: str, decided: str = "2024-01-01") -> Case:
    text = TINY_CASE.replace('date: "2024-01-01"', f'date: "{decided}"').replace(
        "  - {id: stolen, fact: principal_act_committed, level: proven}\n", findings
    )
    return load_case(write(tmp_path, text), base)


def derived(case: Case, base: RuleBase, fact: str) -> list[Finding]:
    return [f for f in derive(case, base) if f.fact == fact]


def test_aid_after_the_offence_by_the_dates(base: RuleBase, tmp_path: Path) -> None:
    case = case_with(
        base,
        tmp_path,
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2023-05-10"}\n'
        '  - {id: lent, fact: positive_act_of_aid, level: proven, date: "2023-05-12"}\n',
    )
    (found,) = derived(case, base, "aid_prior_or_concomitant")
    assert found.level == Level.DISPROVED


@pytest.mark.parametrize(("aid", "level"), [("2023-05-09", Level.PROVEN), ("2023-05", Level.PLAUSIBLE)])
def test_aid_before_or_perhaps_before(base: RuleBase, tmp_path: Path, aid: str, level: Level) -> None:
    case = case_with(
        base,
        tmp_path,
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2023-05-10"}\n'
        f'  - {{id: lent, fact: positive_act_of_aid, level: proven, date: "{aid}"}}\n',
    )
    (found,) = derived(case, base, "aid_prior_or_concomitant")
    assert found.level == level


def test_an_explicit_finding_prevails_over_the_dates(base: RuleBase, tmp_path: Path) -> None:
    case = case_with(
        base,
        tmp_path,
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2023-05-10"}\n'
        '  - {id: lent, fact: positive_act_of_aid, level: proven, date: "2023-05-12"}\n'
        "  - {id: before, fact: aid_prior_or_concomitant, level: proven}\n",
    )
    assert derived(case, base, "aid_prior_or_concomitant") == []
    said = [
        f for f in derive(case, base) if f.fact is None and "before" in (f.summary.en if f.summary else "")
    ]
    assert said and "prevails" in said[0].summary.en  # type: ignore[union-attr]


def prescription(
    base: RuleBase, tmp_path: Path, committed: str, acts: list[str], decided: str, extra: str = ""
) -> Level | None:
    lines = f'  - {{id: stolen, fact: principal_act_committed, level: proven, date: "{committed}"}}\n'
    lines += extra
    lines += "".join(
        f'  - {{id: act_{i}, fact: act_interrupting_prescription, level: proven, date: "{d}"}}\n'
        for i, d in enumerate(acts)
    )
    found = derived(case_with(base, tmp_path, lines, decided), base, "prescription_acquired")
    return found[0].level if found else None


def test_a_delit_prescribed_under_the_old_period_stays_prescribed(base: RuleBase, tmp_path: Path) -> None:
    # 3 years from 2013-06-01 ran out in 2016, before loi n° 2017-242
    assert prescription(base, tmp_path, "2013-06-01", ["2019-01-10"], "2019-06-01") == Level.PROVEN


def test_a_delit_not_yet_prescribed_in_2017_runs_under_the_new_period(base: RuleBase, tmp_path: Path) -> None:
    # 3 years from 2015-01-10 would end in 2018, but from 1 March 2017 the period is 6 years
    assert prescription(base, tmp_path, "2015-01-10", ["2019-03-01"], "2019-06-01") == Level.DISPROVED


def test_an_act_within_the_period_starts_it_anew(base: RuleBase, tmp_path: Path) -> None:
    assert prescription(base, tmp_path, "2008-03-15", ["2012-05-03"], "2013-01-15") == Level.PROVEN
    assert (
        prescription(base, tmp_path, "2008-03-15", ["2010-06-10", "2012-05-03"], "2013-01-15")
        == Level.DISPROVED
    )


def test_prescription_is_not_computed_without_a_dated_act(base: RuleBase, tmp_path: Path) -> None:
    assert prescription(base, tmp_path, "2001-01-01", [], "2024-01-01") is None


BOB = "  - {id: bob, name: Bob, kind: natural_person}\n"


def test_an_act_naming_another_interrupts_for_the_accomplice(base: RuleBase, tmp_path: Path) -> None:
    text = (
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2008-03-15"}\n'
        "  - {id: report, fact: act_interrupting_prescription, level: proven,"
        ' date: "2010-06-10", accused: [bob]}\n'
        '  - {id: complaint, fact: act_interrupting_prescription, level: proven, date: "2012-05-03"}\n'
    )
    case = load_case(
        write(
            tmp_path,
            TINY_CASE.replace('date: "2024-01-01"', 'date: "2013-01-15"')
            .replace(
                "kind: natural_person}\n",
                "kind: natural_person}\n  - {id: bob, name: Bob, kind: natural_person}\n",
                1,
            )
            .replace("  - {id: stolen, fact: principal_act_committed, level: proven}\n", text),
        ),
        base,
    )
    (found,) = derived(case, base, "prescription_acquired")
    assert found.level == Level.DISPROVED


@pytest.mark.parametrize(
    ("act", "level"),
    # 6 years from 2018-04-15, held the 152 days of 12 March - 10 August 2020: 2024-09-14
    [("2024-07-01", Level.DISPROVED), ("2024-09-13", Level.DISPROVED), ("2024-09-14", Level.PROVEN)],
)
def test_the_suspension_of_2020_holds_every_running_period(
    base: RuleBase, tmp_path: Path, act: str, level: Level
) -> None:
    assert prescription(base, tmp_path, "2018-04-15", [act], "2025-03-20") == level


def test_a_suspension_is_named_with_its_statute(base: RuleBase, tmp_path: Path) -> None:
    lines = (
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2018-04-15"}\n'
        '  - {id: complaint, fact: act_interrupting_prescription, level: proven, date: "2024-07-01"}\n'
    )
    (found,) = derived(case_with(base, tmp_path, lines, "2025-03-20"), base, "prescription_acquired")
    assert found.summary is not None and "suspended 152 day(s)" in found.summary.en
    assert found.source is not None and "2020-303" in found.source


def test_an_obstacle_the_case_states_suspends_the_period(base: RuleBase, tmp_path: Path) -> None:
    # 3 years from 2010-01-10 (before loi n° 2017-242): 2013-01-10, or a year later with the obstacle
    obstacle = (
        '  - {id: flood, fact: obstacle_to_prosecution, level: proven, date: "2011-01-01/2011-12-31"}\n'
    )
    act = ["2013-06-01"]
    assert prescription(base, tmp_path, "2010-01-10", act, "2014-01-01") == Level.PROVEN
    assert prescription(base, tmp_path, "2010-01-10", act, "2014-01-01", obstacle) == Level.DISPROVED
    late = ["2014-01-10"]  # the extended period ran out the day before
    assert prescription(base, tmp_path, "2010-01-10", late, "2015-01-01", obstacle) == Level.PROVEN


@pytest.mark.parametrize(
    ("found", "act", "level"),
    [
        (None, "2025-11-03", Level.PROVEN),  # not hidden: 6 years (and 152 days) from 2018-06-10
        ("2025-09-15", "2025-11-03", Level.DISPROVED),  # hidden: from its discovery
        ("2029-12-01", "2030-05-01", Level.DISPROVED),  # within 12 years of the act
        ("2029-12-01", "2030-07-01", Level.PROVEN),  # past 2030-06-10: the limit
    ],
)
def test_a_hidden_offence_runs_from_its_discovery_within_its_limit(
    base: RuleBase, tmp_path: Path, found: str | None, act: str, level: Level
) -> None:
    extra = (
        f'  - {{id: uncovered, fact: hidden_offence_discovered, level: proven, date: "{found}"}}\n'
        if found
        else ""
    )
    assert prescription(base, tmp_path, "2018-06-10", [act], "2031-01-01", extra) == level


def test_the_new_date_constructs_are_for_prescription_only() -> None:
    from verdict.engine.model import DateRule, Prescription, Suspension

    text = {"en": "t", "fr": "t"}
    with pytest.raises(ValueError, match="only a 'prescription' date rule"):
        DateRule.model_validate(
            {"id": "d", "title": text, "kind": "timing", "relation": "before", "derives": "x",
             "offence": ["y"], "acts": ["z"], "suspended_by": ["w"], "sources": ["s"]}
        )
    with pytest.raises(ValueError, match="hidden_limit"):
        Prescription.model_validate(
            {"id": "p", "title": text, "class": "delit", "years": 6, "hidden_limit": 3, "sources": ["s"]}
        )
    with pytest.raises(ValueError, match="both ends"):
        Suspension.model_validate(
            {"id": "s", "title": text, "during": {"from": "2020-03-12"}, "sources": ["s"]}
        )


def test_crimes_against_humanity_stay_imprescriptible(base: RuleBase, tmp_path: Path) -> None:
    lines = (
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "1944-06-10"}\n'
        '  - {id: uncovered, fact: hidden_offence_discovered, level: proven, date: "1990"}\n'
        '  - {id: flood, fact: obstacle_to_prosecution, level: proven, date: "1950/1960"}\n'
        '  - {id: complaint, fact: act_interrupting_prescription, level: proven, date: "2020-01-10"}\n'
    )
    text = TINY_CASE.replace("offence: theft", "offence: crimes_against_humanity").replace(
        "  - {id: stolen, fact: principal_act_committed, level: proven}\n", lines
    )
    (found,) = derived(load_case(write(tmp_path, text), base), base, "prescription_acquired")
    assert found.level == Level.DISPROVED and "imprescriptible" in (found.summary.en if found.summary else "")


@pytest.mark.parametrize("backend", ["reference", "durable"])
def test_a_prescribed_principal_act_fails_every_accomplice(
    base: RuleBase, tmp_path: Path, backend: str
) -> None:
    lines = (
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2008-03-15"}\n'
        '  - {id: complaint, fact: act_interrupting_prescription, level: proven, date: "2012-05-03"}\n'
        "  - {id: lent, fact: positive_act_of_aid, level: proven}\n"
    )
    case = case_with(base, tmp_path, lines, "2013-01-15")
    trace = evaluate(base, case, "end_of_investigation", backend)  # type: ignore[arg-type]
    (charge,) = trace.charges
    assert charge.levels["prescription_acquired"] == Level.PROVEN
    assert charge.levels["punishable_act"] == Level.DISPROVED


def test_the_court_follows_the_texts_in_force_at_the_decision(base: RuleBase) -> None:
    torture = base.offences["torture"]
    assert base.court_at(torture, date(2022, 12, 31)) == "cour_d_assises"
    assert base.court_at(torture, date(2023, 1, 1)) == "cour_criminelle_departementale"
    assert base.court_at(base.offences["murder"], date(2023, 1, 1)) == "cour_d_assises"


def test_connected_crimes_of_one_accused_go_to_the_cour_d_assises(base: RuleBase, tmp_path: Path) -> None:
    case = case_with(
        base, tmp_path, "  - {id: stolen, fact: principal_act_committed, level: proven}\n", "2024-01-01"
    )
    case = case.model_copy(
        update={
            "charges": [
                c.model_copy(update={"offence": o}) for o in ("torture", "murder") for c in case.charges
            ]
        }
    )
    both = trial_courts(base, case, [(c, True) for c in case.charges])
    assert set(both.values()) == {"cour_d_assises"}
    alone = trial_courts(base, case, [(c, c.offence == "torture") for c in case.charges])
    assert alone["torture/ann"] == "cour_criminelle_departementale"


def test_derived_findings_are_explained_and_added_once(base: RuleBase, tmp_path: Path) -> None:
    lines = (
        '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2008-03-15"}\n'
        '  - {id: complaint, fact: act_interrupting_prescription, level: proven, date: "2012-05-03"}\n'
    )
    case = case_with(base, tmp_path, lines, "2013-01-15")
    once = dated(case, base)
    assert dated(once, base) is once
    assert len(once.findings) == len(case.findings) + len(derive(case, base))
    explained = explain(evaluate(base, case, backend="reference"), base, case)
    cited = {f.id for c in explained.charges for e in c.elements for u in e.facts for f in u.findings}
    assert "from_dates_prescription" in cited


@pytest.mark.parametrize(
    ("decided", "level"),
    [("2023-11-21", Level.DISPROVED), ("2023-11-22", Level.PROVEN), ("2023-11", Level.PLAUSIBLE)],
)
def test_a_text_read_at_the_decision_follows_the_decision_date(
    base: RuleBase, tmp_path: Path, decided: str, level: Level
) -> None:
    lines = '  - {id: stolen, fact: principal_act_committed, level: proven, date: "2013"}\n'
    (found,) = derived(case_with(base, tmp_path, lines, decided), base, "article_689_11_of_2023_applies")
    assert found.level == level


def test_a_text_read_at_the_offence_follows_the_principal_act(base: RuleBase, tmp_path: Path) -> None:
    from verdict.engine.model import DateRule

    rule = DateRule.model_validate(
        {"id": "t", "title": {"en": "a text", "fr": "un texte"}, "kind": "text",
         "derives": "article_689_11_of_2023_applies", "in_force": {"from": "2020-08-01"}, "at": "offence",
         "offence": ["principal_act_committed"], "sources": ["s"]}
    )
    law = base.model_copy(update={"dates": (rule,)})
    for committed, level in (("2020-07-31", Level.DISPROVED), ("2020-08-01", Level.PROVEN)):
        lines = f'  - {{id: stolen, fact: principal_act_committed, level: proven, date: "{committed}"}}\n'
        case = case_with(base, tmp_path, lines, "2024-01-01")
        (found,) = derived(case, law, "article_689_11_of_2023_applies")
        assert found.level == level
    undated = case_with(base, tmp_path, "  - {id: stolen, fact: principal_act_committed, level: proven}\n")
    assert derived(undated, law, "article_689_11_of_2023_applies") == []


def test_a_text_rule_names_its_dates_and_only_it() -> None:
    from verdict.engine.model import DateRule

    common = {"id": "t", "title": {"en": "t", "fr": "t"}, "derives": "x", "offence": ["y"], "sources": ["s"]}
    with pytest.raises(ValueError, match="'text' date rule"):
        DateRule.model_validate({**common, "kind": "text", "at": "decision"})
    with pytest.raises(ValueError, match="'text' date rule"):
        DateRule.model_validate(
            {**common, "kind": "in_force", "in_force": {"from": "2020"}, "at": "decision"}
        )
