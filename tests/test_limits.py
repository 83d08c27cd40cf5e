"""Limits that count a whole rule base (engine/io/limits.py): files, bytes and rules across every
folder it reads, refused before the work in one line that names the variable raising them."""

from __future__ import annotations

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
