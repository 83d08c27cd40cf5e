"""Hostile input: every file in tests/hostile/ gets its exact one-line error, exit code 2.

Each case file is run through ``verdict explain FILE --backend reference``; each rule folder
through ``verdict explain textbook_useless_aid --rules FOLDER``. An error is one line on
stderr naming the file, line and column, nothing on stdout, no traceback. The few valid
files (a byte-order mark, Windows line endings, an unquoted date) must load and decide as
the same case written plainly does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS
from generators import TINY_CASE, chain_folder

from verdict.engine.decide.evaluate import Backend, durable_available, evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.io.yamlio import MAX_BYTES
from verdict.engine.load.case_file import load_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.graph import MAX_CHAIN, longest_chain
from verdict.engine.model.levels import Level

Cli = Callable[..., Any]
HOSTILE = Path(__file__).parent / "hostile"
ROOT = Path(__file__).resolve().parents[1]
LEVELS = "disproved, not_shown, plausible, serious, sufficient, proven"
SMALL_CASE = "textbook_useless_aid"

# file name -> what follows "error: <path>:" on stderr
CASE_ERRORS: dict[str, str] = {
    "alias_bomb.yaml": "7:4: too many values once aliases are expanded (over 200,000)",
    "alias_duplicate_finding.yaml": (
        "12:5: duplicate finding id 'stolen': item 2 repeats item 1 through a YAML alias"
    ),
    "contradiction.yaml": (
        "13:5: contradiction on 'principal_act_committed' for charge theft/ann: "
        "finding 'stolen' establishes it (proven) while 'refuted' disproves it; if the two findings are "
        "about different things, 'principal_began_execution' may be meant: rule 'principal_act_attempted' "
        "reaches 'principal_act' by it"
    ),
    "contradiction_through_alias.yaml": (
        "13:5: contradiction on 'principal_act_committed' for charge theft/ann: "
        "finding 'stolen' establishes it (proven) while 'refuted' disproves it; if the two findings are "
        "about different things, 'principal_began_execution' may be meant: rule 'principal_act_attempted' "
        "reaches 'principal_act' by it"
    ),
    "control_character.yaml": (
        "4:12: invalid YAML: the control character U+0007 is not allowed in a YAML file"
    ),
    "custom_tag.yaml": "4:8: invalid YAML: unsupported YAML tag '!court' (only plain data is read)",
    "date_as_number.yaml": "5:1: 'date' must be text, not the number 2024: put it in quotes",
    "deep_nesting.yaml": "13:71: nesting deeper than 64 levels",
    "duplicate_key.yaml": "5:1: duplicate key 'court' (first at line 4)",
    "empty.yaml": "1: file is empty",
    "finding_not_a_mapping.yaml": (
        "12:5: item 1 of 'findings' must be a mapping of keys, not the text 'stolen'"
    ),
    "findings_empty.yaml": "11:1: 'findings' must be a list, not an empty value (write [] for none)",
    "identifier_too_long.yaml": "12:6: 'id' must be at most 80 characters, not 91",
    "key_list.yaml": "13:1: a key must be text, not a list",
    "key_with_line_break.yaml": "13:1: unknown key '\\n'",
    "key_null.yaml": "13:1: a key must be text, not the empty value null: put it in quotes",
    "key_number.yaml": "13:1: a key must be text, not the number 1: put it in quotes",
    "latin1.yaml": "3: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    "list_where_mapping.yaml": "3:1: 'title' must be a mapping of keys, not a list",
    "mapping_where_list.yaml": "7:1: 'parties' must be a list, not a mapping",
    "not_a_mapping.yaml": "2:1: expected a mapping of keys, not a list",
    "only_comment.yaml": "1: file is empty",
    "python_tag.yaml": (
        "4:8: invalid YAML: unsupported YAML tag '!!python/object/apply:os.system' "
        "(only plain data is read)"
    ),
    "single_value.yaml": (
        "2:1: expected a mapping of keys, not a single value (text)"
    ),
    "tab_indent.yaml": "8:1: invalid YAML: a tab character: YAML indents with spaces only",
    "time_as_base_60_number.yaml": "6:1: 'decision' must be text, not the number 12:30: put it in quotes",
    "two_documents.yaml": (
        "13:1: invalid YAML: a second document starts here; a file holds one YAML document"
    ),
    "unicode_id.yaml": (
        "12:6: 'volé' is not a valid identifier "
        "(lower-case letters a-z, digits and _, starting with a letter)"
    ),
    "unknown_key_from_elsewhere.yaml": "4:1: unknown key 'fr'",
    "unknown_key.yaml": "12:49: unknown key 'levle' (did you mean 'level'?)",
    "utf16.yaml": "1: UTF-16 text, not UTF-8; save the file as UTF-8",
    "wrong_type_court_number.yaml": "4:1: 'court' must be text, not the number 1789: put it in quotes",
    "wrong_type_level_boolean.yaml": (
        f"12:49: 'level' must be an evidence level, not the yes/no value yes; the levels are: {LEVELS}"
    ),
    "wrong_type_level_empty.yaml": (
        f"14:5: 'level' must be an evidence level, not an empty value; the levels are: {LEVELS}"
    ),
    "wrong_type_level_number.yaml": (
        f"12:49: 'level' must be an evidence level, not the number 3; the levels are: {LEVELS}"
    ),
    # YAML collections: a list is a YAML sequence, never a set or pairs; every other tag is refused
    "set_as_list.yaml": "7:10: invalid YAML: unsupported YAML tag '!!set' (only plain data is read)",
    "omap_as_list.yaml": "11:11: invalid YAML: unsupported YAML tag '!!omap' (only plain data is read)",
    "pairs_as_list.yaml": "11:11: invalid YAML: unsupported YAML tag '!!pairs' (only plain data is read)",
    "binary_tag.yaml": "12:71: invalid YAML: unsupported YAML tag '!!binary' (only plain data is read)",
    "set_tag_on_a_value.yaml": "6:10: invalid YAML: unsupported YAML tag '!!set' (only plain data is read)",
    # positions count line breaks as YAML does: U+2028, U+2029 and U+0085 too
    "line_separator.yaml": "13:49: unknown key 'levle' (did you mean 'level'?)",
    "next_line.yaml": "13:49: unknown key 'levle' (did you mean 'level'?)",
    "paragraph_separator.yaml": "13:49: unknown key 'levle' (did you mean 'level'?)",
    "control_character_after_line_separator.yaml": (
        "5:12: invalid YAML: the control character U+0007 is not allowed in a YAML file"
    ),
    # not a case: nothing of it is quoted
    "not_a_case.yaml": "2:1: not a case or an overlay file (a case has the key 'case', an overlay 'overlay')",
    # overlay bases: in the overlay's folder tree, or bundled by name; refused unread otherwise
    "overlay_base_outside.yaml": (
        "3:1: 'base' must be a case in the overlay's folder tree ({hostile}) or a bundled case by name; "
        "to apply this overlay to another case, name both: verdict whatif CASE --overlay OVERLAY"
    ),
    "overlay_base_absolute.yaml": (
        "3:1: 'base' must be a case in the overlay's folder tree ({hostile}) or a bundled case by name; "
        "to apply this overlay to another case, name both: verdict whatif CASE --overlay OVERLAY"
    ),
    "overlay_base_not_a_case.yaml": (
        "{hostile}/rules_cycle_negation/law.yaml: "
        "the overlay's base is not a case file (a case has the key 'case')"
    ),
    "overlay_base_unknown_name.yaml": "3:1: 'base' names no bundled case 'qosmo' (did you mean 'qosmos'?)",
}

# valid files: each must decide exactly as TINY_CASE does
VALID_CASES = ("bom.yaml", "crlf.yaml", "date_unquoted.yaml")
VALID_OVERLAYS = ("overlay_base_bundled_name.yaml",)

# rule folder -> (file in it, or None for the folder itself; what follows "<that path>:")
RULE_ERRORS: dict[str, tuple[str | None, str]] = {
    "rules_cycle_negation": (
        "law.yaml",
        "8:5: rules depend on each other in a circle: honest -> suspect -> honest",
    ),
    "rules_unknown_reference": (
        "law.yaml",
        "12:5: rule 'aid_alone', condition 'aid': unknown fact or conclusion "
        "'positive_act_of_ayd' (did you mean 'positive_act_of_aid'?)",
    ),
    "rules_duplicate_id": (
        "b_second.yaml",
        "3:5: duplicate rule id 'aid_alone' (first in {folder}/a_first.yaml, line 8)",
    ),
    "rules_extends_itself": (None, " rule bases extend each other in a circle"),
    "rules_extends_nul": ("law.yaml", "4:3: 'extends' is not a folder name (it holds a NUL character)"),
    "rules_variant_of_broken_base": (
        "broken/law.yaml",
        "3:5: item 1 of 'rules' must be a mapping of keys, not the text 'just a word'",
    ),
    "rules_yml_only": (None, " no .yaml rule files in this folder (rule files end in .yaml, not .yml)"),
    "rules_chain_too_deep": (
        "law.yaml",
        "109:5: a chain of 101 conclusions, each read by the next, is deeper than the limit of 100: "
        "link_1 -> link_2 -> link_3 -> ... -> link_100 -> liable",
    ),
}
VALID_RULES = ("rules_too_many_clauses",)


def assert_one_line_error(run: Any, expected: str, code: int = 2) -> None:
    """The run failed with exactly ``expected`` on stderr, nothing on stdout, no traceback."""
    assert run.code == code, (run.code, run.err)
    assert run.out == ""
    assert "Traceback" not in run.err
    assert run.err == f"error: {expected}\n"


def test_every_hostile_input_has_an_expectation() -> None:
    files = {p.name for p in HOSTILE.glob("*.yaml")}
    assert files == set(CASE_ERRORS) | set(VALID_CASES) | set(VALID_OVERLAYS)
    folders = {p.name for p in HOSTILE.iterdir() if p.is_dir()}
    assert folders == set(RULE_ERRORS) | set(VALID_RULES)


@pytest.mark.parametrize("name", sorted(CASE_ERRORS))
def test_hostile_case(cli: Cli, name: str) -> None:
    path = HOSTILE / name
    run = cli("explain", str(path), "--backend", "reference")
    expected = CASE_ERRORS[name].format(hostile=HOSTILE.resolve())
    assert_one_line_error(run, expected if expected.startswith("/") else f"{path}:{expected}")


def test_overlay_on_a_bundled_case_by_name(cli: Cli) -> None:
    run = cli("explain", str(HOSTILE / "overlay_base_bundled_name.yaml"), "--backend", "reference",
              "--format", "json")
    assert (run.code, run.err) == (0, "")
    assert json.loads(run.out)["stage"] == "judgment"


@pytest.mark.parametrize("name", VALID_CASES)
def test_valid_oddity_decides_as_the_plain_case(cli: Cli, tmp_path: Path, name: str) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(TINY_CASE, encoding="utf-8")
    expected = cli("explain", str(plain), "--backend", "reference", "--format", "json")
    run = cli("explain", str(HOSTILE / name), "--backend", "reference", "--format", "json")
    # the same warnings as the plain case (it states no route of complicity), named by its own file
    assert expected.err.startswith("warning: ")
    assert (run.code, run.err) == (0, expected.err.replace(str(plain), str(HOSTILE / name)))
    assert run.out == expected.out
    assert json.loads(run.out)["case"] == "tiny"


def test_unquoted_date_stays_text(tmp_path: Path) -> None:
    case = load_case(HOSTILE / "date_unquoted.yaml", load_rules())
    assert case.date == "2024-01-01"


@pytest.mark.parametrize("name", sorted(RULE_ERRORS))
def test_hostile_rule_folder(cli: Cli, name: str) -> None:
    folder = (HOSTILE / name).resolve()
    file, message = RULE_ERRORS[name]
    where = f"{folder}/{file}:" if file else f"{folder}:"
    run = cli("explain", SMALL_CASE, "--backend", "reference", "--rules", str(folder))
    assert_one_line_error(run, where + message.format(folder=folder))


# ---------------------------------------------------------------- generated inputs


def test_huge_file_is_refused_before_parsing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = "# " + "x" * 98 + "\n"
    path.write_text(TINY_CASE + line * (MAX_BYTES // len(line) + 1), encoding="utf-8")
    size = path.stat().st_size
    assert size > MAX_BYTES
    run = cli("explain", str(path), "--backend", "reference")
    assert_one_line_error(
        run, f"{path}: file is {size:,} bytes, over the 2,000,000-byte limit for a case or rule file"
    )


def test_endless_device_is_refused_before_it_is_read(cli: Cli) -> None:
    run = cli("explain", "/dev/zero", "--backend", "reference")
    assert_one_line_error(run, "/dev/zero: is a device, not a regular file; only regular files are read")


def test_very_long_line_loads(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    quote = "«" + "mot " * 50_000 + "»"
    text = TINY_CASE.replace("level: proven}", f'level: proven, quote: "{quote}"}}')
    path.write_text(text, encoding="utf-8")
    run = cli("explain", str(path), "--backend", "reference", "--format", "json")
    assert run.code == 0
    assert [line.split(":")[0] for line in run.err.splitlines()] == ["warning"]  # the case's hint only
    assert json.loads(run.out)["case"] == "tiny"


def test_error_at_the_end_of_a_very_long_line_names_its_column(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    quote = "x" * 100_000
    text = TINY_CASE.replace("level: proven}", f'level: proven, quote: "{quote}", levle: x}}')
    path.write_text(text, encoding="utf-8")
    column = text.splitlines()[10].index("levle") + 1
    assert column > 100_000
    run = cli("explain", str(path), "--backend", "reference")
    assert_one_line_error(run, f"{path}:11:{column}: unknown key 'levle' (did you mean 'level'?)")


def test_folder_given_as_a_case(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "case.yaml"
    folder.mkdir()
    assert_one_line_error(cli("explain", str(folder)), f"{folder}: is a folder, not a YAML file")


def test_file_name_with_a_line_break_stays_on_one_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.yaml"
    assert_one_line_error(cli("explain", str(path)), f"{str(path)!r}: no such file")
    path.write_text(TINY_CASE.replace("court: Test court", "court: 1789"), encoding="utf-8")
    run = cli("explain", str(path), "--backend", "reference")
    message = "'court' must be text, not the number 1789: put it in quotes"
    assert_one_line_error(run, f"{str(path)!r}:3:1: {message}")


def test_missing_case_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert_one_line_error(cli("explain", str(path)), f"{path}: no such file")


def test_unknown_case_name_suggests_a_bundled_one(cli: Cli) -> None:
    run = cli("explain", "qosmo")
    assert_one_line_error(run, "no case 'qosmo': not a file, nor a bundled case (did you mean 'qosmos'?)")


def test_rules_folder_without_yaml_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("not a rule file\n", encoding="utf-8")
    run = cli("explain", SMALL_CASE, "--backend", "reference", "--rules", str(tmp_path))
    assert_one_line_error(run, f"{tmp_path.resolve()}: no .yaml rule files in this folder")


def test_rules_given_a_file(cli: Cli) -> None:
    path = (HOSTILE / "bom.yaml").resolve()
    run = cli("explain", SMALL_CASE, "--backend", "reference", "--rules", str(path))
    assert_one_line_error(run, f"{path}: is a file, not a rule folder")


def test_rules_folder_missing(cli: Cli, tmp_path: Path) -> None:
    path = (tmp_path / "nowhere").resolve()
    run = cli("explain", SMALL_CASE, "--backend", "reference", "--rules", str(path))
    assert_one_line_error(run, f"{path}: no such rule folder")


def test_debug_shows_the_exception(cli: Cli) -> None:
    with pytest.raises(VerdictError) as caught:
        cli("--debug", "explain", str(HOSTILE / "duplicate_key.yaml"), "--backend", "reference")
    assert caught.value.line == 5 and caught.value.exit_code == 2


def test_hostile_input_writes_nothing(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in HOSTILE.rglob("*"))
    for name in sorted(CASE_ERRORS):
        assert cli("explain", str(HOSTILE / name), "--backend", "reference").code == 2
    for name in sorted(RULE_ERRORS):
        assert cli("explain", SMALL_CASE, "--rules", str(HOSTILE / name)).code == 2
    assert list(tmp_path.iterdir()) == []
    assert sorted(p.name for p in HOSTILE.rglob("*")) == before


# ---------------------------------------------------------------- a rule wider than durable_rules allows

WIDE = HOSTILE / "rules_too_many_clauses"


def wide_case(tmp_path: Path, levels: list[Level]) -> Path:
    """A theft charge whose only findings bear on the wide rule's facts w01, w02, ..."""
    findings = "".join(
        f"  - {{id: f{i:02d}, fact: w{i:02d}, level: {level.name_id}}}\n" for i, level in enumerate(levels, 1)
    )
    path = tmp_path / "wide.yaml"
    path.write_text(
        TINY_CASE.split("findings:")[0].replace("case: tiny", "case: wide") + "findings:\n" + findings,
        encoding="utf-8",
    )
    return path


def wide_levels() -> list[list[Level]]:
    """Level vectors for the 21 facts: all proven, each single one lowered, and a mix."""
    top = [Level.PROVEN] * 21
    vectors = [top]
    for i, low in ((0, Level.SERIOUS), (10, Level.SUFFICIENT), (15, Level.PLAUSIBLE), (20, Level.SERIOUS)):
        vectors.append([*top[:i], low, *top[i + 1 :]])
    vectors.append([Level(2 + (i * 7) % 4) for i in range(21)])
    return vectors


def test_wide_rule_has_more_elements_than_durable_rules_joins() -> None:
    base = load_rules(WIDE)
    (wide,) = [r for r in base.rules if r.id == "wide_route"]
    assert len(wide.conditions()) == 21 > 16


@pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python")
def test_wide_rule_is_split_when_compiling() -> None:
    from verdict.engine.decide.durable_backend import compile_durable

    program = compile_durable(load_rules(WIDE))
    assert all(len(rule["all"]) <= 16 for rule in program.definition.values())
    assert any(name.endswith("liable_part") for name in program.definition)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("levels", wide_levels(), ids=lambda v: "".join(str(int(x)) for x in v))
def test_wide_rule_evaluates_to_its_weakest_element(
    tmp_path: Path, backend: Backend, levels: list[Level]
) -> None:
    base = load_rules(WIDE)
    case = load_case(wide_case(tmp_path, levels), base)
    result = evaluate(base, case, "judgment", backend).charges[0]
    wide = result.rules["wide_route"]
    assert wide.level == min(levels)
    assert [level for _, level in wide.conditions] == levels
    assert result.liable == min(levels)  # the bundled routes, with no findings, stay lower
    assert result.holds == (min(levels) == Level.PROVEN)
    reference = evaluate(base, case, "judgment", "reference").charges[0]
    assert result == reference


@pytest.mark.parametrize("backend", BACKENDS)
def test_wide_rule_through_the_command_line(cli: Cli, tmp_path: Path, backend: str) -> None:
    path = wide_case(tmp_path, [Level.PROVEN] * 21)
    run = cli("explain", str(path), "--rules", str(WIDE), "--backend", backend, "--stage", "judgment",
              "--format", "json")
    assert (run.code, run.err) == (0, "")
    data = json.loads(run.out)
    assert data["outcome"] == "conviction"
    assert data["charges"][0]["route"]["rule"] == "wide_route"


# ---------------------------------------------------------------- input files: regular files, read once

FIFO = "is a pipe (FIFO), not a regular file; only regular files are read (or - for standard input)"
SOCKET = "is a socket, not a regular file; only regular files are read"
DEVICE = "is a device, not a regular file; only regular files are read"


def verdict(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``verdict ARGS`` in a child process, as a user runs it (a hang fails after ``timeout``)."""
    command = [sys.executable, "-m", "verdict.cli.entry", *args]
    env = {**os.environ, "COLUMNS": "100", **kwargs.pop("env", {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False,
                          **kwargs)


def assert_one_line_child(done: subprocess.CompletedProcess[str], expected: str, code: int = 2) -> None:
    """As ``assert_one_line_error``, for a child process."""
    assert (done.returncode, done.stdout, done.stderr) == (code, "", f"error: {expected}\n")


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (rich wraps long lines)."""
    return " ".join(text.split())


def special_file(folder: Path, kind: str, name: str = "special.yaml") -> tuple[Path, str]:
    """A FIFO, a socket or a device under the name ``name`` in ``folder``, and its error message."""
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
        return path, FIFO
    if kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))  # the socket file stays when the object is closed
        server.close()
        return path, SOCKET
    path.symlink_to("/dev/null")
    return path, DEVICE


KINDS = ("fifo", "socket", "device")


@pytest.mark.parametrize("kind", KINDS)
def test_special_file_as_a_case_is_refused_without_hanging(tmp_path: Path, kind: str) -> None:
    path, message = special_file(tmp_path, kind)
    for command in (["explain"], ["facts"], ["check"], ["test"], ["whatif", "--stage", "judgment"]):
        done = verdict(*command[:1], str(path), *command[1:], timeout=30)
        if command[0] in ("check", "test"):  # these report each file, then exit 2
            assert done.returncode == 2 and message in flat(done.stdout), (command, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
        else:
            assert_one_line_child(done, f"{path}: {message}")


@pytest.mark.parametrize("kind", ["fifo", "socket"])  # a link to a device leads out of the folder tree
def test_special_file_as_an_overlay_base_is_refused(tmp_path: Path, kind: str) -> None:
    base, message = special_file(tmp_path, kind, "base.yaml")
    overlay = tmp_path / "what.yaml"
    overlay.write_text("overlay: what\nbase: base.yaml\ntitle: {en: W, fr: W}\nrationale: R.\n",
                       encoding="utf-8")
    assert_one_line_child(verdict("explain", str(overlay), timeout=30), f"{base}: {message}")


@pytest.mark.parametrize("kind", KINDS)
def test_special_file_in_a_rule_folder_is_refused(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "law"
    shutil.copytree(HOSTILE / "rules_too_many_clauses", folder)
    (folder / "law.yaml").write_text(
        (folder / "law.yaml").read_text(encoding="utf-8").replace("../../../rules", str(ROOT / "rules")),
        encoding="utf-8",
    )
    path, message = special_file(folder, kind, "zz.yaml")
    expected = f"{path}: {message}"
    assert_one_line_child(verdict("explain", SMALL_CASE, "--rules", str(folder), timeout=30), expected)
    assert_one_line_child(verdict("rules", "--rules", str(folder), timeout=30), expected)
    done = verdict("check", str(folder), timeout=30)
    assert done.returncode == 2 and expected in flat(done.stdout)


def test_a_folder_of_cases_with_a_fifo_reports_it(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_CASE, encoding="utf-8")
    path, message = special_file(tmp_path, "fifo", "zz.yaml")
    done = verdict("test", str(tmp_path), "--backend", "reference", timeout=30)
    assert done.returncode == 2, done.stderr
    assert f"ERROR {path}: {message}" in flat(done.stdout)


def test_case_from_standard_input_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_CASE, encoding="utf-8")
    expected = verdict("explain", str(tmp_path / "tiny.yaml"), "--backend", "reference", "--format", "json")
    piped = verdict("explain", "-", "--backend", "reference", "--format", "json", input=TINY_CASE)
    assert expected.stderr.startswith("warning: ")  # a file hints at its warnings, standard input too
    assert piped.returncode == 0 and piped.stderr.startswith("warning: ")
    assert "verdict check -" in piped.stderr
    assert piped.stdout == expected.stdout
    checked = verdict("check", "-", input=TINY_CASE).stdout
    assert checked.startswith("! -") and "1 valid, 0 invalid, 1 with warnings" in checked
    assert_one_line_child(verdict("explain", "-", input=""), "-:1: file is empty")


def test_symbolic_link_loop_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    path = tmp_path / "a.yaml"
    message = "symbolic links loop: the name leads back to itself"
    assert_one_line_error(cli("explain", str(path)), f"{path}: {message}")


def test_nul_byte_in_a_file_name_is_refused() -> None:
    with pytest.raises(VerdictError) as caught:
        yamlio.load(Path("case\0.yaml"))
    assert caught.value.exit_code == 2
    assert str(caught.value) == "'case\\x00.yaml': not a valid file name (it holds a NUL character)"


# ---------------------------------------------------------------- chains of conclusions deeper than the stack


def test_chain_of_ten_thousand_conclusions_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = chain_folder(tmp_path / "deep", 10_000)
    case = tmp_path / "case.yaml"
    case.write_text(TINY_CASE.replace("principal_act_committed", "link_0"), encoding="utf-8")
    done = verdict("explain", str(case), "--rules", str(folder), "--backend", "reference", timeout=120,
                   env={"VERDICT_MAX_RULES": "20000"})  # past the limit on rules, to reach the chain's
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.endswith(
        "a chain of 10001 conclusions, each read by the next, is deeper than the limit of 100: "
        "link_1 -> link_2 -> link_3 -> ... -> link_10000 -> liable\n"
    )


def test_chain_at_the_limit_loads_decides_and_explains(tmp_path: Path) -> None:
    assert MAX_CHAIN == 100
    folder = chain_folder(tmp_path / "deep", MAX_CHAIN - 1)  # with liable: MAX_CHAIN conclusions
    base = load_rules(folder)
    assert len(longest_chain(base)) == MAX_CHAIN
    case = tmp_path / "case.yaml"
    case.write_text(TINY_CASE.replace("principal_act_committed", "link_0"), encoding="utf-8")
    for fmt in ("json", "text", "markdown"):
        done = verdict("explain", str(case), "--rules", str(folder), "--backend", "reference",
                       "--stage", "judgment", "--format", fmt, timeout=120)
        assert (done.returncode, done.stderr) == (0, ""), fmt
    data = json.loads(verdict("explain", str(case), "--rules", str(folder), "--backend", "reference",
                              "--stage", "judgment", "--format", "json").stdout)
    assert data["outcome"] == "conviction"
    assert data["charges"][0]["route"]["rule"] == "chain_route"


def test_cycle_check_needs_no_stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERDICT_MAX_RULES", "20000")  # past the limit on rules, to reach the circle
    folder = chain_folder(tmp_path / "deep", 5_000)
    last = sorted(folder.glob("r*.yaml"))[0]
    text = last.read_text(encoding="utf-8").replace("when: link_0}", "when: link_5000}", 1)
    last.write_text(text, encoding="utf-8")
    with pytest.raises(VerdictError) as caught:
        load_rules(folder)
    assert str(caught.value.message) == (
        "rules depend on each other in a circle: link_5000 -> link_4999 -> link_4998 -> ... (4996 more) "
        "-> link_1 -> link_5000"
    )
