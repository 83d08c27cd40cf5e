"""The command line as a student uses it: explain in every format and language, and the library commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]


def test_explain_text_shows_outcome_elements_and_blocking(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--backend", "reference")
    assert run.code == 0, run.err
    assert "Outcome: non-lieu" in run.out
    assert run.out.count("BLOCKED BY") == 2  # facilitation, in each charge
    for element in ("principal_offence", "aid", "timing", "knowledge"):
        assert f"✔ {element}" in run.out
    assert "✘ facilitation" in run.out
    assert "Attempted complicity" in run.out


def test_explain_in_french_uses_french_legal_terms(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--lang", "fr", "--backend", "reference")
    assert run.code == 0
    assert "Décision: non-lieu (charges insuffisantes)" in run.out
    assert "complicité de" in run.out and "FAIT OBSTACLE" in run.out
    assert "Outcome" not in run.out


def test_explain_json_is_the_documented_shape(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--format", "json", "--backend", "reference")
    data = json.loads(run.out)
    assert {"case", "stage", "outcome", "charges", "backend"} <= set(data)
    assert (data["case"], data["stage"], data["outcome"], data["backend"]) == (
        "qosmos",
        "end_of_investigation",
        "non_lieu",
        "reference",
    )
    for charge in data["charges"]:
        assert {"offence", "accused", "outcome", "elements", "blocking"} <= set(charge)
        for element in charge["elements"]:
            assert {"id", "holds", "level", "required", "sources"} <= set(element)
        assert [b["element"] for b in charge["blocking"]] == ["facilitation"]
        assert all("reason" in b for b in charge["blocking"])
    cited = {f["id"] for f in data["findings"]}
    for charge in data["charges"]:
        for element in charge["elements"]:
            for fact in element["facts"]:
                assert set(fact["findings"]) <= cited


def test_explain_markdown_is_a_memo_with_citations(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--format", "markdown", "--backend", "reference")
    for heading in ("## Issue", "## Rule", "## Application", "## Conclusion", "## Sources"):
        assert heading in run.out
    assert "Code pénal, art. 121-7" in run.out
    assert "«" in run.out and "[" in run.out  # quotes carry their finding id and section


def test_stage_option_changes_the_standard(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--stage", "mise_en_examen", "-f", "json", "--backend", "reference")
    data = json.loads(run.out)
    assert (data["stage"], data["required"], data["outcome"]) == (
        "mise_en_examen",
        "serious",
        "temoin_assiste",
    )


def test_help_teaches(cli: Cli) -> None:
    run = cli("--help")
    assert run.code == 0
    for command in ("explain", "check", "new", "rules", "facts"):
        assert command in run.out
    run = cli("explain", "--help")
    assert "verdict explain qosmos" in run.out and "--stage" in run.out


def test_check_all_bundled(cli: Cli) -> None:
    run = cli("check")
    assert run.code == 0, run.out
    assert " 0 invalid" in run.out


def test_new_writes_a_skeleton_that_checks_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    assert cli("new", "my_case", "--dir", str(tmp_path)).code == 0
    path = tmp_path / "my_case.yaml"
    before = path.read_text(encoding="utf-8")
    assert "aid_used_in_principal_act" in before  # the vocabulary is listed
    assert cli("check", str(path)).code == 0
    again = cli("new", "my_case", "--dir", str(tmp_path))
    assert again.code == 2 and "already exists" in again.err
    assert path.read_text(encoding="utf-8") == before
    assert cli("new", "Bad-Name", "--dir", str(tmp_path)).code == 2


def test_rules_search_and_json(cli: Cli) -> None:
    data = json.loads(cli("rules", "--format", "json").out)
    ids = {r["id"] for r in data["rules"]}
    assert {"complicity_by_aid", "legal_person_liability", "attempted_complicity"} <= ids
    found = json.loads(cli("rules", "--search", "121-2", "--format", "json").out)["rules"]
    assert [r["id"] for r in found] == ["legal_person_liability"]


def test_facts_lists_findings(cli: Cli) -> None:
    data = json.loads(cli("facts", "qosmos", "--format", "json").out)
    assert data["case"] == "qosmos"
    ids = {f["id"] for f in data["findings"]}
    assert "victim_testimony_links_arrest_to_interception" in ids


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_bundled_case_explains(cli: Cli, facts_dir: Path, fmt: str, lang: str) -> None:
    for path in sorted(facts_dir.glob("*.yaml")):
        run = cli("explain", str(path), "-f", fmt, "-l", lang, "--backend", "reference")
        assert run.code == 0, f"{path}: {run.err}"
        assert run.out.strip()
