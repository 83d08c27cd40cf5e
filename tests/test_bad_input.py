"""Bad input gets one line naming the file and line, exit code 2, and no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from generators import TINY_CASE

from verdict.engine.errors import VerdictError
from verdict.engine.loader import load_case, load_rules
from verdict.engine.model import RuleBase


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(base: RuleBase, path: Path) -> str:
    with pytest.raises(VerdictError) as caught:
        load_case(path, base)
    return str(caught.value)


def test_good_case_loads(base: RuleBase, tmp_path: Path) -> None:
    assert load_case(write(tmp_path, TINY_CASE), base).case == "tiny"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("fact: principal_act_committed", "fact: principal_act_comitted"),
            "case.yaml:11:5: unknown fact 'principal_act_comitted' (did you mean 'principal_act_committed'?)",
        ),
        (
            lambda t: t.replace("level: proven", "level: certain"),
            "case.yaml:11:49: unknown evidence level 'certain'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
        ),
        (
            lambda t: t.replace("offence: theft", "offence: theift"),
            "case.yaml:9:5: unknown offence 'theift' (did you mean 'theft'?)",
        ),
        (
            lambda t: t.replace("court: Test court\n", "court: Test court\ncourt: Other\n"),
            "case.yaml:4:1: duplicate key 'court' (first at line 3)",
        ),
        (
            lambda t: t + "  - {id: stolen, fact: positive_act_of_aid, level: proven}\n",
            "case.yaml:12:5: duplicate finding id 'stolen'",
        ),
        (
            lambda t: t.replace("sources: [test]", "sources: [test]\nverdict: guilty"),
            "case.yaml:6:1: unknown key 'verdict'",
        ),
        (
            lambda t: t.replace("fact: principal_act_committed", "fact: liable"),
            "case.yaml:11:5: 'liable' is a conclusion the rules draw (rule 'complicity_by_aid'), "
            "not a fact a case states; state the facts it reads instead",
        ),
        (
            lambda t: t + "  - {id: refuted, fact: principal_act_committed, level: disproved}\n",
            "case.yaml:12:5: contradiction on 'principal_act_committed' for charge theft/ann: "
            "finding 'stolen' establishes it (proven) while 'refuted' disproves it",
        ),
        (lambda t: t.replace("parties:", "parties: [\n"), "case.yaml:8:3: invalid YAML:"),
        (lambda t: "", "case.yaml:1: file is empty"),
        (lambda t: t.replace("  - {id: ann", "\t- {id: ann"), "case.yaml:7:1: invalid YAML: a tab character"),
    ],
)
def test_bad_case_names_file_and_line(
    base: RuleBase, tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    text = error_of(base, write(tmp_path, edit(TINY_CASE)))
    assert text.startswith(str(tmp_path) + "/")
    assert text.removeprefix(str(tmp_path) + "/").startswith(message), text


def test_unknown_key_suggests(base: RuleBase, tmp_path: Path) -> None:
    text = error_of(base, write(tmp_path, TINY_CASE.replace("level: proven", "levle: proven")))
    assert "unknown key 'levle' (did you mean 'level'?)" in text


def test_not_utf8(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(TINY_CASE.replace("Petit", "P\xe9tit").encode("latin-1"))
    assert error_of(base, path).endswith("case.yaml:2: not UTF-8 text (byte 0xe9); save the file as UTF-8")


def test_byte_order_mark_is_accepted(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TINY_CASE.encode())
    assert load_case(path, base).case == "tiny"


def test_unsafe_tag_is_refused_not_run(base: RuleBase, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = TINY_CASE.replace(
        "court: Test court", f"court: !!python/object/apply:os.system ['touch {marker}']"
    )
    assert "unsupported YAML tag" in error_of(base, write(tmp_path, text))
    assert not marker.exists()


def test_alias_bomb_is_refused(base: RuleBase, tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 8):
        bomb += f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]\n"
    assert "too many values" in error_of(base, write(tmp_path, bomb))


def rule_base(tmp_path: Path, rules: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    bundled = Path(str(__import__("verdict.rules", fromlist=["x"]).__path__[0]))
    for name in ("stages.yaml", "offences.yaml", "facts.yaml", "procedure.yaml"):
        (folder / name).write_text((bundled / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "law.yaml").write_text(rules, encoding="utf-8")
    return folder


LIABLE = """\
rules:
  - id: r1
    title: {en: R1, fr: R1}
    sources: [test]
    concludes: liable
    elements:
      - {id: e, title: {en: E, fr: E}, when: %s}
"""


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "positive_act_of_ayd",
            "unknown fact or conclusion 'positive_act_of_ayd' (did you mean 'positive_act_of_aid'?)",
        ),
        ("{all: []}", "'all' takes a non-empty list of conditions"),
        ("{most: [a]}", "a condition is a fact or conclusion name"),
    ],
)
def test_bad_rule(tmp_path: Path, when: str, message: str) -> None:
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, LIABLE % when))
    assert message in str(caught.value)
    assert "law.yaml:" in str(caught.value)


def test_cycle_is_refused(tmp_path: Path) -> None:
    rules = (
        (LIABLE % "{not: other}")
        + """\
  - id: r2
    title: {en: R2, fr: R2}
    sources: [test]
    concludes: other
    elements:
      - {id: e, title: {en: E, fr: E}, when: liable}
"""
    )
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, rules))
    assert "rules depend on each other in a circle: liable -> other -> liable" in str(caught.value)


def test_duplicate_rule_id(tmp_path: Path) -> None:
    rules = LIABLE % "positive_act_of_aid" + (LIABLE % "positive_act_of_aid").removeprefix("rules:\n")
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, rules))
    assert "law.yaml:8:5: duplicate rule id 'r1' (first in" in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "no_such_case"],
        ["explain", "qosmos", "--stage", "trial"],
        ["explain", "qosmos", "--rules", "/nonexistent"],
        ["explain", "qosmos", "--format", "pdf"],
        ["explian", "qosmos"],
        ["explain"],
        ["explain", "qosmos", "--no-such-option"],
    ],
)
def test_cli_bad_input_is_one_line_exit_2(cli: Callable[..., object], args: list[str]) -> None:
    run = cli(*args)
    assert run.code == 2  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert run.out == ""  # type: ignore[attr-defined]
    assert len(run.err.strip().splitlines()) == 1  # type: ignore[attr-defined]
    assert run.err.startswith("error: ")  # type: ignore[attr-defined]


def test_cli_error_is_a_single_line(cli: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, TINY_CASE.replace("level: proven", "level: certain"))
    run = cli("explain", str(path), "--backend", "reference")
    assert run.code == 2  # type: ignore[attr-defined]
    lines = run.err.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:11:49: unknown evidence level")
