"""Limits that count a whole rule base (engine/io/limits.py): files, bytes and rules across every
folder it reads, refused before the work in one line that names the variable raising them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.io import limits
from verdict.engine.load.paths import bundled_rules

Cli = Callable[..., Any]

FILLER = "facts: []\n"
"""A rule file that adds nothing."""


def _law(folder: Path, extra: int = 0, filler: str = FILLER) -> Path:
    """The bundled law (without its variants) in ``folder``, with ``extra`` rule files more."""
    shutil.copytree(bundled_rules(), folder, ignore=shutil.ignore_patterns("variants", "__*"))
    for n in range(extra):
        (folder / f"extra_{n:04d}.yaml").write_text(filler, encoding="utf-8")
    return folder


def _bundled_files() -> int:
    return len(list(bundled_rules().glob("*.yaml")))


def _explain(cli: Cli, rules: Path, *more: str) -> Any:
    return cli("explain", "textbook_useless_aid", "--rules", str(rules), "--backend", "reference", *more)


def test_too_many_rule_files_are_refused_and_the_variable_raises_the_limit(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    over = limits.RULE_FILES.default + 1 - _bundled_files()
    folder = _law(tmp_path / "law", over)
    run = _explain(cli, folder)
    total = limits.RULE_FILES.default + 1
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"error: {folder}: too many rule files across this rule base's folders: {total}, over the limit of "
        f"{limits.RULE_FILES.default} (set VERDICT_MAX_RULE_FILES to raise it)\n"
    )
    monkeypatch.setenv("VERDICT_MAX_RULE_FILES", str(total))
    assert _explain(cli, folder).code == 0


def test_the_files_of_every_folder_a_rule_base_extends_count_together(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERDICT_MAX_RULE_FILES", str(_bundled_files() + 10))
    base = _law(tmp_path / "law", 6)  # within the limit alone
    variant = tmp_path / "law" / "variant"
    variant.mkdir()
    header = "variant:\n  extends: ..\n  title: {en: V, fr: V}\n"
    (variant / "variant.yaml").write_text(header, encoding="utf-8")
    assert _explain(cli, base).code == 0
    for n in range(3):
        (variant / f"more_{n}.yaml").write_text(FILLER, encoding="utf-8")
    assert _explain(cli, variant).code == 0  # 4 + 6 + the law's: at the limit
    (variant / "more_3.yaml").write_text(FILLER, encoding="utf-8")
    run = _explain(cli, variant)
    assert run.code == 2 and "too many rule files across this rule base's folders" in run.err


def test_bytes_are_counted_before_any_file_is_parsed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _law(tmp_path / "law")
    (folder / "zz_broken.yaml").write_text("facts: [unclosed\n", encoding="utf-8")  # never parsed
    size = sum(p.stat().st_size for p in folder.glob("*.yaml"))
    monkeypatch.setenv("VERDICT_MAX_RULE_BYTES", str(size - 1))
    run = _explain(cli, folder)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"error: {folder}: too many bytes of rule files across this rule base's folders: {size:,}, over the "
        f"limit of {size - 1:,} (set VERDICT_MAX_RULE_BYTES to raise it)\n"
    )
    monkeypatch.setenv("VERDICT_MAX_RULE_BYTES", str(size))
    assert "zz_broken.yaml" in _explain(cli, folder).err  # within the limit: the file is read


def test_rules_are_counted_across_files(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _law(tmp_path / "law")
    monkeypatch.setenv("VERDICT_MAX_RULES", "3")
    run = _explain(cli, folder)
    assert run.code == 2 and run.out == ""
    assert "too many rules across this rule base's folders: at least " in run.err
    assert "over the limit of 3 (set VERDICT_MAX_RULES to raise it)" in run.err
    assert run.err.count("\n") == 1
    monkeypatch.setenv("VERDICT_MAX_RULES", "100000")
    assert _explain(cli, folder).code == 0


@pytest.mark.parametrize("value", ["0", "-1", "many", "1e3", "²"])
def test_a_bad_limit_is_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    folder = _law(tmp_path / "law")
    monkeypatch.setenv("VERDICT_MAX_RULES", value)
    run = _explain(cli, folder)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"error: VERDICT_MAX_RULES must be a whole number of at least 1, not {value!r}\n"
    french = _explain(cli, folder, "--lang", "fr")
    assert french.code == 2 and "doit être un nombre entier" in french.err


def test_the_limits_say_so_in_french(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERDICT_MAX_RULE_FILES", "1")
    run = _explain(cli, _law(tmp_path / "law"), "--lang", "fr")
    assert run.code == 2
    assert "trop de fichiers de règles" in run.err and "VERDICT_MAX_RULE_FILES" in run.err


def test_the_bundled_law_is_well_within_every_limit() -> None:
    files = list(bundled_rules().rglob("*.yaml"))
    assert len(files) * 10 < limits.RULE_FILES.default
    assert sum(p.stat().st_size for p in files) * 10 < limits.RULE_BYTES.default


OVERLAY = "overlay: hostile\nbase: {base}\ntitle: {{en: X, fr: X}}\nrationale: {{en: X, fr: X}}\n"


@pytest.mark.parametrize("char", ["\\0", "\\e", "\\n", "\\x7f", "\\x85"])
@pytest.mark.parametrize("key", ["rules", "base"])
def test_a_path_from_a_file_with_a_forbidden_character_is_refused_naming_the_file(
    cli: Cli, tmp_path: Path, key: str, char: str
) -> None:
    """A NUL (and any other control character) in an overlay's ``rules`` or ``base``: one line
    naming the file and the place, exit 2 (it was exit 70, «embedded null byte»)."""
    if key == "rules":
        text = OVERLAY.format(base="qosmos") + f'changes:\n  rules: "a{char}b"\n'
        place = "6:3"
    else:
        text = OVERLAY.format(base=f'"qos{char}mos"')
        place = "2:1"
    overlay = tmp_path / "hostile.yaml"
    overlay.write_text(text, encoding="utf-8")
    escaped = {"\\0": "\\x00", "\\e": "\\x1b", "\\n": "\\x0a", "\\x7f": "\\x7f", "\\x85": "\\x85"}[char]
    for lang, words in (("en", "is not a valid path: it holds the character"),
                        ("fr", "n'est pas un chemin valide\u202f: il contient le caractère")):
        run = cli("explain", str(overlay), "--lang", lang)
        assert (run.code, run.out) == (2, ""), run.err
        assert run.err.count("\n") == 1
        assert f"{overlay}:{place}: '{key}' {words} {escaped} " in run.err


def _generated(folder: Path, rules: int) -> tuple[Path, Path]:
    """A generated rule folder of ``rules`` rules and its case (bench/bench_durable_caps.py's)."""
    from generators import write_large_case

    return write_large_case(folder, rules=rules, findings=500)


def test_a_rule_base_at_the_durable_cap_is_decided_as_the_reference_decides(tmp_path: Path) -> None:
    """The cap is one the backend meets: a ruleset just under it decides every charge as the
    reference evaluator does (bench/bench_durable_caps.py --rules measured it run after run)."""
    pytest.importorskip("durable.engine")
    from verdict.engine.decide import durable_backend
    from verdict.engine.decide.evaluate import evaluate
    from verdict.engine.load.case_file import load_case
    from verdict.engine.load.rule_folder import load_rules

    rules, case_file = _generated(tmp_path, 185)
    base = load_rules(rules)
    case = load_case(case_file, base)
    program = durable_backend.compile_durable(base)
    assert 0.95 * durable_backend.MAX_RULES <= len(program.definition) <= durable_backend.MAX_RULES
    durable = evaluate(base, case, backend="durable")
    reference = evaluate(base, case, backend="reference")
    assert durable.charges == reference.charges and durable.outcome == reference.outcome


def test_a_rule_base_past_the_durable_cap_is_refused_in_one_line_naming_the_reference(
    cli: Cli, tmp_path: Path
) -> None:
    pytest.importorskip("durable.engine")
    from verdict.engine.decide import durable_backend

    rules, case_file = _generated(tmp_path, 190)
    run = cli("explain", str(case_file), "--rules", str(rules), "--backend", "durable")
    assert run.code != 0 and run.out == ""
    (line,) = [line for line in run.err.splitlines() if line.startswith("error")]
    said = (
        r"error: the rule base compiles into (\d+) durable rules; the durable backend supports at most "
        rf"{durable_backend.MAX_RULES} \(use --backend reference\)"
    )
    found = re.fullmatch(said, line)
    assert found and int(found.group(1)) > durable_backend.MAX_RULES, line
    assert cli("explain", str(case_file), "--rules", str(rules), "--backend", "reference").code == 0


def test_the_durable_caps_the_docs_state_are_the_engines() -> None:
    from verdict.engine.decide import durable_backend

    doc = (Path(__file__).resolve().parents[1] / "docs" / "durable.md").read_text(encoding="utf-8")
    rules_row = next(line for line in doc.splitlines() if "`MAX_RULES`" in line)
    charges_row = next(line for line in doc.splitlines() if "`MAX_CHARGES`" in line)
    assert f"more than {durable_backend.MAX_RULES:,} (`MAX_RULES`)" in rules_row
    assert f"at most {durable_backend.MAX_CHARGES:,} charges a scenario (`MAX_CHARGES`)" in charges_row
    session_row = next(line for line in doc.splitlines() if "`MAX_SESSION`" in line)
    assert f"at most {durable_backend.MAX_SESSION:,} charges times durable rules a session" in session_row


def test_a_session_of_too_many_charges_on_a_large_ruleset_is_refused_naming_the_reference(
    cli: Cli, tmp_path: Path
) -> None:
    """A ruleset near the cap on rules loses facts with a hundred charges (bench/bench_durable_caps.py
    --rules --charges 100): charges times durable rules are capped too, before any session."""
    pytest.importorskip("durable.engine")
    import yaml

    from verdict.engine.decide import durable_backend
    from verdict.engine.load.rule_folder import load_rules

    rules, case_file = _generated(tmp_path, 185)
    data = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    compiled = len(durable_backend.compile_durable(load_rules(rules)).definition)
    charges = durable_backend.MAX_SESSION // compiled + 1
    for n in range(charges - len(data["charges"])):
        data["parties"].append({"id": f"more_{n}", "name": f"More {n}", "kind": "natural_person"})
        data["charges"].append({"accused": f"more_{n}", "offence": "o_delit_a"})
    case_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    size, cap = charges * compiled, durable_backend.MAX_SESSION
    for lang, said in (
        (
            "en",
            f"error: {charges} charges on {compiled} durable rules ({size} charge-rules); the durable "
            f"backend decides at most {cap} charge-rules at once (use --backend reference)",
        ),
        (
            "fr",
            f"erreur\u202f: {charges} chefs sur {compiled} règles durables ({size} chefs-règles)\u202f; le "
            f"moteur durable statue sur au plus {cap} chefs-règles à la fois (utilisez --backend reference)",
        ),
    ):
        run = cli("explain", str(case_file), "--rules", str(rules), "--backend", "durable", "--lang", lang)
        assert run.code != 0 and run.out == ""
        assert [line for line in run.err.splitlines() if line.startswith(("error", "erreur"))] == [said]
