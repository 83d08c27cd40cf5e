"""Fuzzing the readers and the command line: every input ends in a result or a one-line error.

(a) arbitrary text and bytes through ``yamlio`` and ``load_case``; (b) valid cases mutated
(keys deleted or renamed, values replaced, items duplicated, levels changed, unicode
inserted) and dumped back to YAML; (c) random command lines built from the real options,
values and junk. Nothing may raise anything but a VerdictError, whose message is one line
naming the file (and for a case, its line); the command line exits 0 or 2, never with a
traceback or an internal error.
"""

from __future__ import annotations

import copy
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import plain
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.scenario import charge_facts
from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.load.case_file import check_case, load_case
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.bearing import Bearing
from verdict.engine.model.case import Case
from verdict.engine.model.levels import LEVEL_NAMES, Level
from verdict.engine.model.rule_base import RuleBase
from verdict.render import i18n

HOSTILE = Path(__file__).parent / "hostile"
FILE = "fuzz.yaml"
SEEDS = ("textbook_useless_aid", "textbook_self_defence", "textbook_indirect_complicity")
SEED_TEXT = {name: (bundled_facts() / f"{name}.yaml").read_text(encoding="utf-8") for name in SEEDS}
SEED_LINES = sorted({line for text in SEED_TEXT.values() for line in text.splitlines()})

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=1000)
SLOW = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    max_examples=600,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files the fuzzer writes (one at a time, overwritten)."""
    return tmp_path_factory.mktemp("fuzz")


def ends_well(action: Callable[[], Any], file: str, needs_line: bool = False) -> Any:
    """Run ``action``: its result, or None after a well-formed VerdictError; anything else fails."""
    try:
        result = action()
    except VerdictError as err:
        event(f"error: {str(err.message).split(':')[0].split(',')[0][:40]}")
        assert err.file == file, str(err)
        assert err.exit_code == 2
        assert len(str(err).splitlines()) == 1, repr(str(err))
        assert not needs_line or err.line is not None, str(err)
        return None
    event("read")
    return result


# ---------------------------------------------------------------- (a) text and bytes

YAML_CHARS = list(" \n\n\n  \t:-[]{}&*!|>'\"#%@`,?~=<.\\0123456789aeklnoruy_éß\ufeff\x85\u2028\x00\x07")
texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(YAML_CHARS), max_size=200),
    st.lists(st.sampled_from(SEED_LINES), max_size=40).map("\n".join),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Zs"]), max_size=20),
)
raw_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(SEED_LINES), max_size=40).map(lambda lines: "\n".join(lines).encode()),
    st.tuples(st.sampled_from(SEEDS), st.integers(0, 4000), st.binary(min_size=1, max_size=4)).map(
        lambda t: (
            SEED_TEXT[t[0]].encode()[: t[1] % len(SEED_TEXT[t[0]])]
            + t[2]
            + SEED_TEXT[t[0]].encode()[t[1] % len(SEED_TEXT[t[0]]) :]
        )
    ),
)


@FAST
@given(text=texts)
def test_parse_any_text(text: str) -> None:
    ends_well(lambda: yamlio.parse(text, FILE), FILE)


@FAST
@given(raw=raw_bytes)
def test_decode_and_parse_any_bytes(raw: bytes) -> None:
    ends_well(lambda: yamlio.parse(yamlio.decode(raw, FILE), FILE), FILE)


@FAST
@given(raw=raw_bytes)
def test_load_case_from_any_bytes(base: RuleBase, scratch: Path, raw: bytes) -> None:
    path = scratch / "bytes.yaml"
    path.write_bytes(raw)
    result = ends_well(lambda: load_case(path, base), str(path))
    assert result is None or isinstance(result, Case)


# ---------------------------------------------------------------- (b) near-valid cases


SEED_DATA = {name: plain(yamlio.parse(text, name)) for name, text in SEED_TEXT.items()}
KNOWN_KEYS = sorted(
    {k for data in SEED_DATA.values() for k in yaml.safe_dump(data).split() if k.endswith(":")}
)


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value below the root, depth first."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield (*path, key)
        yield from places(value, (*path, key))


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.dates(),
    st.text(max_size=20),
    st.sampled_from(["theft", "proven", "ann", "natural_person", "principal_act_committed", "", "~"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "fact", "level", "en", "fr", "x"]) | st.text(max_size=6), inner,
                      max_size=3),
    max_leaves=8,
)
keys = st.one_of(
    st.sampled_from([k.rstrip(":") for k in KNOWN_KEYS]),
    st.text(max_size=12),
    st.integers(0, 10),
    st.booleans(),
)
levels = st.one_of(
    st.sampled_from(LEVEL_NAMES),
    st.sampled_from(["PROVEN", "Proven", "certain", "", "not shown", "sufficient "]),
    scalars,
)
OPERATIONS = ("delete", "rename", "replace", "duplicate", "level", "unicode")


def mutate(data: Any, draw: Callable[..., Any]) -> None:
    """Apply one random change to ``data`` in place."""
    operation = draw(st.sampled_from(OPERATIONS))
    every = list(places(data))
    if not every:
        return
    path = draw(st.sampled_from(every))
    parent, last = at(data, path[:-1]), path[-1]
    if operation == "delete":
        del parent[last]
    elif operation == "rename" and isinstance(parent, dict):
        parent[draw(keys)] = parent.pop(last)
    elif operation == "replace":
        parent[last] = draw(values)
    elif operation == "duplicate":
        lists = [p for p in every if isinstance(at(data, p), list) and at(data, p)]
        if lists:
            items = at(data, draw(st.sampled_from(lists)))
            items.insert(draw(st.integers(0, len(items))), copy.deepcopy(draw(st.sampled_from(items))))
    elif operation == "level":
        findings = data.get("findings") if isinstance(data, dict) else None
        mappings = [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
        if mappings:
            draw(st.sampled_from(mappings))["level"] = draw(levels)
    elif operation == "unicode":
        texts_at = [p for p in every if isinstance(at(data, p), str)]
        if texts_at:
            where = draw(st.sampled_from(texts_at))
            text = at(data, where)
            cut = draw(st.integers(0, len(text)))
            at(data, where[:-1])[where[-1]] = text[:cut] + draw(st.text(min_size=1, max_size=3)) + text[cut:]


@SLOW
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_mutated_case_loads_or_names_the_place(
    base: RuleBase, scratch: Path, seed: str, data: st.DataObject
) -> None:
    case = copy.deepcopy(SEED_DATA[seed])
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(case, data.draw)
    path = scratch / "mutated.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = ends_well(lambda: load_case(path, base), str(path), needs_line=True)
    assert result is None or isinstance(result, Case)


@SLOW
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_edited_case_text_loads_or_names_the_place(
    base: RuleBase, scratch: Path, seed: str, data: st.DataObject
) -> None:
    lines = SEED_TEXT[seed].splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(["drop", "repeat", "indent", "dedent", "insert", "swap"]))
        if edit == "drop":
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, lines[index])
        elif edit == "indent":
            lines[index] = "  " + lines[index]
        elif edit == "dedent":
            lines[index] = lines[index].removeprefix("  ")
        elif edit == "insert":
            cut = data.draw(st.integers(0, len(lines[index])))
            junk = data.draw(st.text(alphabet=st.sampled_from(YAML_CHARS), min_size=1, max_size=4))
            lines[index] = lines[index][:cut] + junk + lines[index][cut:]
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        if not lines:
            break
    path = scratch / "edited.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ends_well(lambda: load_case(path, base), str(path), needs_line=True)
    assert result is None or isinstance(result, Case)


RULE_FILES = sorted(p.name for p in bundled_rules().glob("*.yaml"))
RULE_DATA = {name: plain(yamlio.load(bundled_rules() / name)) for name in RULE_FILES}


@SLOW
@given(name=st.sampled_from(RULE_FILES), data=st.data())
def test_mutated_rule_file_loads_or_names_the_place(scratch: Path, name: str, data: st.DataObject) -> None:
    folder = scratch / "rules"
    if not folder.exists():
        shutil.copytree(bundled_rules(), folder, ignore=shutil.ignore_patterns("variants", "__*"))
    rules = copy.deepcopy(RULE_DATA[name])
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(rules, data.draw)
    path = folder / name
    try:
        path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            base = load_rules(folder)
        except VerdictError as err:
            event(f"error: {str(err.message).split(':')[0][:40]}")
            assert len(str(err).splitlines()) == 1 and err.exit_code == 2, repr(str(err))
            assert err.file is None or err.file.startswith(str(folder.resolve())), str(err)
            return
        event("read")
        case = ends_well(lambda: load_case(bundled_facts() / f"{SEEDS[0]}.yaml", base), str(bundled_facts()
                         / f"{SEEDS[0]}.yaml"))
        if case is not None:
            ends_well(lambda: evaluate(base, case, None, "reference"), "")
    finally:
        (folder / name).write_bytes((bundled_rules() / name).read_bytes())


# ---------------------------------------------------------------- (c) the command line

STAGES = ["temoin_assiste", "mise_en_examen", "end_of_investigation", "judgment"]
GOOD_CASES = [
    "qosmos",
    "papon",
    "textbook_useless_aid",
    "textbook_self_defence",
    "textbook_mental_disorder",
    "facts/lacour.yaml",
    str(HOSTILE / "bom.yaml"),
]
BAD_CASES = [
    "no_such_case",
    "missing.yaml",
    ".",
    str(HOSTILE / "tab_indent.yaml"),
    str(HOSTILE / "contradiction_through_alias.yaml"),
    str(HOSTILE / "alias_bomb.yaml"),
]
junk = st.text(max_size=12).filter(lambda s: s != "--debug")
good_option = st.one_of(
    st.tuples(st.sampled_from(["--stage", "-s"]), st.sampled_from(STAGES)),
    st.tuples(st.sampled_from(["--format", "-f"]), st.sampled_from(["text", "json", "markdown"])),
    st.tuples(st.sampled_from(["--lang", "-l"]), st.sampled_from(["en", "fr"])),
    st.tuples(st.just("--backend"), st.sampled_from(["reference", "reference", "durable"])),
    st.tuples(st.just("--rules"), st.sampled_from(["rules", "rules/variants/attempt_punishable"])),
    st.just(("--detail",)),
)
OPTIONS = ["--stage", "-s", "--format", "-f", "--lang", "-l", "--backend", "--rules"]
bad_option = st.one_of(
    st.tuples(st.sampled_from(OPTIONS), junk),
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(["", "trial", "pdf", "de", "durable_rules"])),
    st.tuples(st.just("--rules"), st.sampled_from([str(HOSTILE), str(HOSTILE / "rules_cycle_negation")])),
    st.sampled_from(["--help", "--stage", "--format", "--debug-no", "-x"]).map(lambda o: (o,)),
    st.sampled_from(BAD_CASES).map(lambda c: (c,)),
    junk.map(lambda j: (j,)),
)


def flatten(command: str, groups: list[tuple[str, ...]]) -> list[str]:
    return [command, *(part for group in groups for part in group)]


good_lines = st.tuples(st.sampled_from(GOOD_CASES), st.lists(good_option, max_size=4)).map(
    lambda t: flatten("explain", [(t[0],), *t[1]])
)
mixed_lines = st.tuples(good_lines, st.integers(0, 8), bad_option).map(
    lambda t: [*t[0][: 1 + t[1] % len(t[0])], *t[2], *t[0][1 + t[1] % len(t[0]) :]]
)
random_lines = st.tuples(
    st.sampled_from(["explain", "explain", "facts", "explian", ""]),
    st.lists(st.one_of(good_option, bad_option, st.sampled_from(GOOD_CASES).map(lambda c: (c,))), max_size=6),
).map(lambda t: flatten(*t))
command_lines = st.one_of(good_lines, mixed_lines, random_lines)


@SLOW
@given(argv=command_lines)
def test_random_command_lines_exit_0_or_2(cli: Callable[..., Any], argv: list[str]) -> None:
    run = cli(*argv)
    event(f"exit {run.code}")
    assert run.code in (0, 2), (argv, run.code, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, (argv, run.err)
    if run.code == 2:
        assert run.err.strip(), argv


# ---------------------------------------------------------------- (d) what-if values from the command line

names = st.one_of(
    st.sampled_from(["aid_effective", "Aid_Effective", "aid effective", "aid_effective ", "ａid_effective",
                     "stolen", "ſtolen", "facilitation", "judgment", "Judgment", "JUDGMENT", "judgment\n"]),
    st.text(max_size=14),
)
level_words = st.one_of(
    st.sampled_from([*LEVEL_NAMES, "ſerious", "suﬁcient", "PROVEN", "Proven", "proven\u200b", "", "=="]),
    st.text(max_size=10),
)
whatif_options = st.one_of(
    st.tuples(st.just("--set"), st.tuples(names, level_words).map("=".join)),
    st.tuples(st.just("--set"), names),
    st.tuples(st.sampled_from(["--stage", "--drop", "--without-rule"]), names),
)
whatif_lines = st.tuples(
    st.sampled_from(["textbook_useless_aid", "textbook_self_defence"]),
    st.lists(whatif_options, min_size=1, max_size=3),
).map(lambda t: ["whatif", t[0], "--backend", "reference", *(p for o in t[1] for p in o)])
counterfactual_lines = st.tuples(
    st.sampled_from(["textbook_useless_aid", "textbook_self_defence"]),
    st.lists(st.one_of(st.tuples(st.just("--facts"), names), st.tuples(st.just("--toward"), names),
                       st.tuples(st.just("--stage"), names)), min_size=1, max_size=2),
).map(lambda t: ["counterfactuals", t[0], "--backend", "reference", *(p for o in t[1] for p in o)])


@settings(SLOW, max_examples=300)
@given(argv=st.one_of(whatif_lines, counterfactual_lines))
def test_whatif_values_are_matched_exactly_in_one_line(cli: Callable[..., Any], argv: list[str]) -> None:
    run = cli(*argv)
    event(f"exit {run.code}")
    assert run.code in (0, 2), (argv, run.code, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, (argv, run.err)
    assert "validation error" not in run.err.lower() and "pydantic" not in run.err, (argv, run.err)
    if run.code == 2:
        assert run.out == "" and run.err.startswith("error: ") and run.err.count("\n") == 1, (argv, run.err)
    for option, value in itertools.pairwise(argv):  # what was accepted folds the documented way only
        if run.code == 0 and option == "--set" and "=" in value:
            level = value.partition("=")[2].strip()
            assert i18n.level_name(level) in LEVEL_NAMES and i18n.slug(level), argv
    stages = [value for option, value in itertools.pairwise(argv) if option == "--stage"]
    if run.code == 0 and stages:  # the last --stage given is the one used
        assert i18n.stage_name(stages[-1], load_rules().stages) in STAGES, argv


# ---------------------------------------------------------------- (e) tags and line separators

TAGS = ["!!set", "!!omap", "!!pairs", "!!binary", "!!python/tuple", "!!str", "!!int", "!!seq", "!!map",
        "!local", "!<tag:example.com,2024:x>", "!!timestamp", "!!float", "!!null", "!!bool"]


def only_plain_data(value: Any) -> bool:
    """Whether ``value`` is made of mappings, lists, text, numbers, yes/no and nothing only."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_plain_data(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_plain_data(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


@FAST
@given(seed=st.sampled_from(SEEDS), tag=st.sampled_from(TAGS), where=st.integers(0, 10**6))
def test_any_tag_is_plain_data_or_refused_with_its_line(seed: str, tag: str, where: int) -> None:
    lines = SEED_TEXT[seed].splitlines()
    spots = [
        (i, line.index(": ") + 2) for i, line in enumerate(lines) if ": " in line and not line.startswith("#")
    ]
    index, column = spots[where % len(spots)]
    lines[index] = lines[index][:column] + tag + " " + lines[index][column:]
    text = "\n".join(lines) + "\n"
    try:
        data = yamlio.parse(text, FILE)
    except VerdictError as err:
        assert err.file == FILE and err.line is not None and len(str(err).splitlines()) == 1, str(err)
        if tag not in ("!!str", "!!int", "!!seq", "!!map", "!!timestamp", "!!float", "!!null", "!!bool"):
            assert "unsupported YAML tag" in str(err.message) and err.line == index + 1, (str(err), tag)
        return
    assert only_plain_data(data)


SEPARATORS = ["\u2028", "\u2029", "\x85", "\r\n", "\r"]


def yaml_line(text: str, offset: int) -> int:
    """The line of the character at ``offset``, as the pure-Python YAML reader counts (from 1)."""
    reader = yaml.reader.Reader(text)
    reader.forward(offset)
    return int(reader.get_mark().line) + 1


@FAST
@given(
    seed=st.sampled_from(SEEDS),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4),
    where=st.integers(0, 10**6),
    bad=st.integers(0, 10**6),
)
def test_positions_after_unicode_line_breaks_are_those_yaml_counts(
    seed: str, separators: list[str], where: int, bad: int
) -> None:
    lines = SEED_TEXT[seed].splitlines()
    quoted = [i for i, line in enumerate(lines) if '"' in line and not line.lstrip().startswith("#")]
    index = quoted[where % len(quoted)]
    at_quote = lines[index].index('"') + 1
    lines[index] = lines[index][:at_quote] + "".join(separators) + lines[index][at_quote:]
    text = "\n".join(lines) + "\n"
    reference = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python parser: an independent count
    assert reference is not None
    data = yamlio.parse(text, FILE)
    for key, _ in reference.value:
        mark = key.start_mark
        assert yamlio.where(data, key.value) == (mark.line + 1, mark.column + 1), key.value
    letters = [i for i, char in enumerate(text) if char.isalpha()]
    offset = letters[bad % len(letters)]
    with pytest.raises(VerdictError) as caught:
        yamlio.parse(text[:offset] + "\x07" + text[offset + 1 :], FILE)
    assert "control character U+0007" in str(caught.value.message)
    assert caught.value.line == yaml_line(text, offset)


# ---------------------------------------------------------------- (f) the index of findings against a scan

FACTS = ["principal_act_committed", "positive_act_of_aid", "aid_effective", "knew_principal_offence"]
PARTIES = ["ann", "bob", "cid"]
OFFENCES = ["theft", "fraud"]
scopes = st.one_of(st.none(), st.lists(st.sampled_from(PARTIES), min_size=1, max_size=2))
offence_scopes = st.one_of(st.none(), st.lists(st.sampled_from(OFFENCES), min_size=1, max_size=2))
findings = st.lists(
    st.tuples(st.sampled_from(FACTS), st.sampled_from(LEVEL_NAMES), scopes, offence_scopes, st.booleans()),
    max_size=14,
)


def case_of(charges: list[tuple[str, str]], items: list[tuple[Any, ...]]) -> Case:
    """A case with these charges (accused, offence) and findings (fact, level, accused, offence, against)."""
    rows = []
    charged = {o for _, o in charges}
    for i, (fact, level, accused, offences, against) in enumerate(items):
        offence = [o for o in offences if o in charged] or None if offences else None
        row: dict[str, Any] = {"id": f"f{i}", "level": level, ("weighs_against" if against else "fact"): fact}
        row.update({k: v for k, v in (("accused", accused), ("offence", offence)) if v is not None})
        rows.append(row)
    data = {
        "case": "c", "title": {"en": "c", "fr": "c"}, "court": "c", "date": "2024", "sources": ["s"],
        "parties": [{"id": p, "name": p, "kind": "natural_person"} for p in PARTIES],
        "charges": [{"accused": a, "offence": o} for a, o in charges],
        "findings": rows,
    }
    return Case.model_validate(data)


def first_contradiction(case: Case) -> tuple[str, str, str, str] | None:
    """The contradiction the check reports, found by scanning every finding for every charge."""
    for charge in case.charges:
        by_fact: dict[str, list[int]] = {}
        for index, finding in enumerate(case.findings):
            if finding.fact and finding.applies(charge):
                by_fact.setdefault(finding.fact, []).append(index)
        for fact, indexes in by_fact.items():
            low = [i for i in indexes if case.findings[i].level == 0]
            high = [i for i in indexes if case.findings[i].level >= 4]
            if low and high:
                return charge.key, fact, case.findings[high[0]].id, case.findings[low[0]].id
    return None


@FAST
@given(
    charges=st.lists(st.tuples(st.sampled_from(PARTIES), st.sampled_from(OFFENCES)), min_size=1, max_size=6,
                     unique=True),
    items=findings,
)
def test_the_index_of_findings_agrees_with_a_plain_scan(
    base: RuleBase, charges: list[tuple[str, str]], items: list[tuple[Any, ...]]
) -> None:
    case = case_of(charges, items)
    index = Bearing(case.findings)
    for charge, facts in zip(case.charges, charge_facts(case, base), strict=True):
        for fact in FACTS:
            for against in (False, True):
                plain = [f for f in case.findings if (f.weighs_against if against else f.fact) == fact
                         and f.applies(charge)]
                assert index.on(fact, charge, against) == plain
            levels = [f.level for f in case.findings if f.fact == fact and f.applies(charge)]
            assert facts.facts[fact] == max(levels, default=Level.NOT_SHOWN)
    expected = first_contradiction(case)
    try:
        check_case(case, base, FILE, {})
    except VerdictError as err:
        assert expected is not None, str(err)
        key, fact, high, low = expected
        said = (
            f"contradiction on '{fact}' for charge {key}: finding '{high}' establishes it "
            f"({case.findings[int(high[1:])].level.name_id}) while '{low}' disproves it"
        )
        # after it, where the law has another way to the same conclusion, a pointer to that fact
        assert str(err.message).startswith(said)
        rest = str(err.message)[len(said) :]
        assert rest == "" or rest.startswith("; if the two findings are about different things")
    else:
        assert expected is None
