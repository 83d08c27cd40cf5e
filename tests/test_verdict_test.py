"""`verdict test`: every case's and overlay's expectations, checked against the engine.

The bundled cases and overlays must all pass; a wrong expectation must fail with the command
that reproduces it; an unreadable file is bad input (exit code 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from verdict.cli.test_cmd import check_file, collect, run_checks
from verdict.engine.load.paths import bundled_facts

OVERLAYS = bundled_facts() / "qosmos" / "overlays"


def test_every_bundled_expectation_holds() -> None:
    checks, broken = run_checks(backend="reference")
    assert broken == []
    failed = [(c.name, c.stage, c.problems) for c in checks if not c.passed]
    assert failed == []
    names = {c.name for c in checks}
    assert {"qosmos", "causal_link_shown", "attempt_punishable", "ceo_accused"} <= names
    assert sum(c.kind == "overlay" for c in checks) >= 8


def test_every_bundled_expectation_holds_on_the_durable_backend() -> None:
    pytest.importorskip("durable.engine")
    checks, broken = run_checks(backend="durable")
    assert broken == [] and all(c.passed for c in checks)


def test_the_command_passes_on_everything_bundled(cli: Callable[..., object]) -> None:
    run = cli("test", "--backend", "reference")
    assert run.code == 0, run.out  # type: ignore[attr-defined]
    assert " 0 failed" in run.out  # type: ignore[attr-defined]


def test_a_folder_is_searched_for_cases_and_overlays() -> None:
    found = collect([OVERLAYS])
    assert found and all(p.suffix == ".yaml" and p.parent == OVERLAYS for p in found)


WRONG = """\
overlay: wrong
base: {base}
title: {{en: Wrong, fr: Faux}}
rationale: A deliberately wrong expectation.
changes:
  set: {{aid_effective: sufficient}}
expect:
  - stage: end_of_investigation
    outcome: mise_en_accusation
    charges:
      - offence: torture
        accused: qosmos
        outcome: mise_en_accusation
        blocking: []
        holds: [facilitation]
"""


def wrong_overlay(tmp_path: Path) -> Path:
    path = tmp_path / "wrong.yaml"
    path.write_text(WRONG.format(base=bundled_facts() / "qosmos.yaml"), encoding="utf-8")
    return path


def test_a_wrong_expectation_fails_on_outcome_blocking_and_holds(tmp_path: Path) -> None:
    (check,) = check_file(wrong_overlay(tmp_path), "reference")
    assert not check.passed
    assert check.problems == (
        "outcome: expected mise_en_accusation, got non_lieu",
        "torture/qosmos: expected mise_en_accusation, got non_lieu",
        "torture/qosmos: blocking expected [], got [facilitation]",
        "torture/qosmos: 'facilitation' should hold, but is plausible (required sufficient)",
    )


def test_a_failure_prints_the_command_that_reproduces_it(
    cli: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = wrong_overlay(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = cli("test", str(path), "--backend", "reference")
    assert run.code == 1  # type: ignore[attr-defined]
    out = " ".join(run.out.split())  # type: ignore[attr-defined]
    assert "FAIL" in out
    assert "reproduce: verdict explain wrong.yaml --stage end_of_investigation --backend reference" in out


def test_the_exact_blocking_set_is_checked(tmp_path: Path) -> None:
    text = (bundled_facts() / "qosmos.yaml").read_text(encoding="utf-8")
    text = text.replace("blocking: [facilitation], holds", "blocking: [facilitation, knowledge], holds", 1)
    path = tmp_path / "qosmos.yaml"
    path.write_text(text, encoding="utf-8")
    failed = [c for c in check_file(path, "reference") if not c.passed]
    assert len(failed) == 1
    assert "blocking expected [facilitation, knowledge], got [facilitation]" in failed[0].problems[0]


def test_an_unreadable_file_is_bad_input(cli: Callable[..., object], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: [unclosed\n", encoding="utf-8")
    run = cli("test", str(bad), "--backend", "reference")
    assert run.code == 2  # type: ignore[attr-defined]
    assert "invalid YAML" in run.out  # type: ignore[attr-defined]


def test_expected_against_got_in_text_json_and_junit(
    cli: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import xml.etree.ElementTree as ET

    path = wrong_overlay(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = cli("test", str(path), "--backend", "reference")
    row = next(line for line in run.out.splitlines() if "FAIL" in line and "wrong" in line)  # type: ignore[attr-defined]
    assert row.split()[-2:] == ["mise_en_accusation", "non_lieu"]  # expected, got
    data = json.loads(cli("test", str(path), "--format", "json", "--backend", "reference").out)  # type: ignore[attr-defined]
    (check,) = data["checks"]
    assert (check["expected"], check["got"], check["passed"]) == ("mise_en_accusation", "non_lieu", False)
    assert (data["passed"], data["failed"]) == (0, 1)
    report = tmp_path / "junit.xml"
    assert cli("test", str(path), "--junit", str(report), "--backend", "reference").code == 1  # type: ignore[attr-defined]
    suite = ET.parse(report).getroot()
    assert (suite.tag, suite.get("tests"), suite.get("failures")) == ("testsuite", "1", "1")
    failure = suite.find("testcase/failure")
    assert failure is not None and "got non_lieu" in str(failure.get("message"))
    assert "reproduce: verdict explain" in str(failure.text)


def test_k_keeps_only_the_named_cases(cli: Callable[..., object]) -> None:
    import json

    every = json.loads(cli("test", "--format", "json", "--backend", "reference").out)  # type: ignore[attr-defined]
    name = every["checks"][0]["name"]
    some = json.loads(cli("test", "-k", name, "--format", "json", "--backend", "reference").out)  # type: ignore[attr-defined]
    assert some["checks"] and all(name in c["name"] or name in c["file"] for c in some["checks"])
    assert len(some["checks"]) < len(every["checks"])
    none = cli("test", "-k", "no_case_is_named_like_this", "--backend", "reference")
    assert none.code == 0 and "0 passed, 0 failed" in none.out  # type: ignore[attr-defined]
