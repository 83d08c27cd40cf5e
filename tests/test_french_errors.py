"""Every error in French with ``--lang fr``: the same exit code as in English, ``erreur : `` and
French words only, names, quoted values, paths and option names kept as written.

Each hostile input of tests/hostile/ and a set of command-line misuses are run in English and in
French; messages that no input here reaches (rule folders, the durable backend, the web app) are
translated directly from their English text (docs/errors.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.render import i18n

Cli = Callable[..., Any]
HOSTILE = Path(__file__).parent / "hostile"
SMALL_CASE = "textbook_useless_aid"
PREFIX = "erreur\u202f: "

ENGLISH = set(
    re.findall(
        r"\w+",
        """
    a about accused aid aliases allowed already always an and another any apply are as at attempt
    backend be both bundled but by byte bytes cannot case character characters circle class
    closed command compiles confirm control counterfactual cut data decide decides deeper depend did
    digits disproves do does draw drop duplicate each element else empty equal establishes every
    exists expanded expected extend fact failed file files finding findings fired first folder for
    found from further give given greater has have here holds if in input instead integer into is it
    its join key keys knows law left less letter letters level levels limit line links list longer
    loop lost lower many mapping matches mean missing more most must name names narrow needs never
    no none not nothing number of off offence on once one only or other outcome output over overlay
    party pass path pipe plain program punishable put quotes read reading reads regular request rule
    same save scale scoped search second served set several should single so stage starting starts
    state states stopped such supports symbolic tag takes text than that the their these this those
    through to too took tree twice two unknown unsupported use valid value values variant when where
    which while with without would write yours
    """,
    )
)
"""Common English words of the messages; none may be left in a French message."""


def english_words(line: str, *paths: Path | str) -> list[str]:
    """The English words left in a French error line, once what is kept as written is taken out:
    quoted values, paths, option names, ids (``not_shown``), code (``{all: [...]}``), commands,
    chains (``a -> b``) and lists of names (``les variantes sont : attempt, ...``)."""
    text = line.removeprefix(PREFIX)
    for path in sorted((str(p) for p in paths), key=len, reverse=True):
        text = text.replace(repr(path), " ").replace(path, " ")
    text = re.sub(r"""(?<![\w'"])(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?!\w)""", " ", text)
    text = re.sub(r"\{[^}]*\}|\b[a-z]-[a-z]\b|\S+ -> |(?<= -> )\S+", " ", text)
    text = re.sub(r"(?:sont|parmi|variantes|possibles|manquent)\u202f: [\w, ]+", " ", text)  # lists of names
    text = re.sub(r"\bverdict \w+", " ", text)
    text = re.sub(r"\S*[/\\]\S*|\S+\.ya?ml\b|(?<!\w)--?[\w-]+|\w*_\w*|\w+=\w+", " ", text)
    return [word for word in re.findall(r"[^\W\d_]+", text) if word.lower() in ENGLISH]


def french(args: list[str]) -> list[str]:
    """``args`` with ``--lang fr`` after the command's name (an option's value may end the line)."""
    return [*args[:1], "--lang", "fr", *args[1:]]


def assert_french(cli: Cli, args: list[str], *paths: Path | str) -> None:
    """``verdict ARGS`` fails in French as in English: same exit code, one line, French words."""
    english = cli(*args)
    assert english.code not in (0, 1), (args, english.err)
    assert english.err.startswith("error: "), english.err
    run = cli(*french(args))
    assert run.code == english.code, (args, run.err)
    assert run.out == ""
    assert run.err.count("\n") == 1, run.err
    line = run.err.rstrip("\n")
    assert line.startswith(PREFIX), line
    left = english_words(line, *paths)
    assert not left, f"English left {left} in: {line}\n(English: {english.err.strip()})"


# ---------------------------------------------------------------- the hostile inputs

FAILING_FILES = sorted(
    p.name
    for p in HOSTILE.glob("*.yaml")
    if p.name not in ("bom.yaml", "crlf.yaml", "date_unquoted.yaml", "overlay_base_bundled_name.yaml")
)
FAILING_FOLDERS = sorted(
    p.name for p in HOSTILE.iterdir() if p.is_dir() and p.name != "rules_too_many_clauses"
)


@pytest.mark.parametrize("name", FAILING_FILES)
def test_hostile_case_in_french(cli: Cli, name: str) -> None:
    assert_french(cli, ["explain", str(HOSTILE / name), "--backend", "reference"], HOSTILE.resolve(), HOSTILE)


@pytest.mark.parametrize("name", FAILING_FOLDERS)
def test_hostile_rule_folder_in_french(cli: Cli, name: str) -> None:
    folder = (HOSTILE / name).resolve()
    assert_french(cli, ["explain", SMALL_CASE, "--backend", "reference", "--rules", str(folder)], folder)


# ---------------------------------------------------------------- misuses of the command line

MISUSES: dict[str, list[str]] = {
    "unknown command": ["explian", "qosmos"],
    "unknown option": ["explain", "qosmos", "--no-such-option"],
    "unknown option, with options close to it": ["explain", "qosmos", "--stag", "x"],
    "missing argument": ["explain"],
    "option without its value": ["explain", "qosmos", "--stage"],
    "flag given a value": ["explain", "qosmos", "--tree=1"],
    "value outside a fixed list": ["explain", "qosmos", "--format", "pdf"],
    "number too small": ["counterfactuals", "qosmos", "--max-changes", "0"],
    "not a number": ["counterfactuals", "qosmos", "--max-changes", "x"],
    "extra argument": ["explain", "qosmos", "extra1"],
    "unknown case": ["explain", "Qosmos"],
    "unknown case for facts": ["facts", "nope"],
    "--set of an unknown finding": ["whatif", "qosmos", "--set", "foo=bar"],
    "--set of an unknown level": ["whatif", "qosmos", "--set", "aid_effective=bar"],
    "--set of a level folded too far": ["whatif", "qosmos", "--set", "aid_effective=ſerious"],
    "--set without a level": ["whatif", "qosmos", "--set", "aid_effective"],
    "--set of a conclusion": ["whatif", "qosmos", "--set", "liable=proven"],
    "--set of a name in capitals": ["whatif", "qosmos", "--set", "Aid_Effective=sufficient"],
    "nothing to change": ["whatif", "qosmos"],
    "unknown stage": ["whatif", "qosmos", "--stage", "trial"],
    "unknown stage, a close one": ["explain", "qosmos", "--stage", "Judgement"],
    "unknown overlay": ["whatif", "qosmos", "--overlay", "nope"],
    "unknown rules folder": ["explain", "qosmos", "--rules", "attempt"],
    "rules folder that does not exist": ["explain", "qosmos", "--rules", "/nonexistent/rules"],
    "unknown rule left out": ["whatif", "qosmos", "--without-rule", "Facilitation"],
    "unknown finding dropped": ["whatif", "qosmos", "--drop", "no such finding"],
    "--charge matching nothing": ["explain", "qosmos", "--charge", "zzz"],
    "--toward an outcome not of the stage": ["counterfactuals", "qosmos", "--toward", "foo"],
    "--facts naming nothing": ["counterfactuals", "qosmos", "--facts", "Aid_Effective"],
    "--format not for test": ["test", "--format", "markdown"],
    "bad case id": ["new", "Bad Name"],
}


@pytest.mark.parametrize("what", sorted(MISUSES))
def test_command_line_misuse_in_french(cli: Cli, what: str) -> None:
    assert_french(cli, MISUSES[what])


def test_files_and_folders_in_french(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "taken.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "taken.html").write_text("mine\n", encoding="utf-8")
    for args in (
        ["explain", str(tmp_path / "missing.yaml")],  # a file that does not exist
        ["explain", str(tmp_path / "two\nlines.yaml")],  # its name quoted with escapes
        ["explain", str(tmp_path / "folder.yaml")],  # a folder instead of a file
        ["explain", "qosmos", "--output", str(tmp_path / "taken.html")],  # exists, no --force
        ["explain", "qosmos", "--output", str(tmp_path / "folder.yaml")],
        ["explain", "qosmos", "--output", str(tmp_path / "nowhere" / "x.html")],
        ["new", "taken", "--dir", str(tmp_path)],
        ["new", "folder", "--dir", str(tmp_path), "--force"],
        ["new", "fresh", "--dir", str(tmp_path / "nowhere")],
        ["whatif", "qosmos", "--overlay", str(tmp_path / "taken.yaml")],
    ):
        assert_french(cli, args, tmp_path)
    assert (tmp_path / "taken.html").read_text(encoding="utf-8") == "mine\n"


# ---------------------------------------------------------------- messages no input here reaches

MESSAGES = [
    # reading a file
    "case.yaml: cannot read: Permission denied",
    "case.yaml: is a pipe (FIFO), not a regular file; only regular files are read (or - for standard input)",
    "/dev/zero: is a device, not a regular file; only regular files are read",
    "x.sock: is a socket, not a regular file; only regular files are read",
    "a.yaml: symbolic links loop: the name leads back to itself",
    "a/b.yaml: a part of this path is a file, not a folder",
    "a.yaml: file name too long",
    "'case\\x00.yaml': not a valid file name (it holds a NUL character)",
    "-: file is over the 2,000,000-byte limit for a case or rule file",
    "-: standard input is closed",
    "case.yaml:4:8: invalid YAML: the tag '!!int' does not fit this value",
    "case.yaml:8:3: invalid YAML: did not find expected ',' or ']'",
    "case.yaml:8:3: invalid YAML: did not find expected key",
    "case.yaml:8:3: invalid YAML: could not find expected ':'",
    "case.yaml:1:5: invalid YAML: mapping values are not allowed in this context",
    "case.yaml:1:4: invalid YAML: block sequence entries are not allowed in this context",
    "case.yaml:2:1: invalid YAML: found unexpected end of stream",
    "case.yaml:1:4: invalid YAML: found character that cannot start any token",
    "case.yaml:1:4: invalid YAML: found undefined alias",
    "case.yaml:1:5: invalid YAML: found unknown escape character",
    "case.yaml:3:1: not valid Unicode text (a lone surrogate character)",
    "case.yaml:2:1: expected a mapping of keys, not a single value (the number 3)",
    "case.yaml:13:1: a key must be text, not the yes/no value yes: put it in quotes",
    # a case file
    "case.yaml:1:1: missing key 'case'",
    "case.yaml:7:3: 'kind' must be 'natural_person' or 'legal_person', not 'company'",
    "case.yaml:7:1: 'parties' must have at least 1 item",
    "case.yaml:3:7: 'en' must not be empty",
    "case.yaml:11:5: 'liable' is a conclusion the rules draw (rule 'complicity_by_aid'), "
    "not a fact a case states; state the facts it reads instead",
    "case.yaml:12:5: duplicate party id 'ann'",
    "case.yaml:9:5: duplicate charge 'theft/ann'",
    "case.yaml:9:5: charge against unknown party 'anne' (did you mean 'ann'?)",
    "case.yaml:12:5: finding 'f' is scoped to offence 'fraud', which no charge names",
    "case.yaml:12:5: finding 'f' is scoped to unknown party 'bob'",
    "case.yaml:20:5: expectation names unknown stage 'trial'",
    "case.yaml:20:5: expectation names unknown charge 'theft/bob'",
    "case.yaml:20:5: expectation names unknown element 'aid' (did you mean 'aid_given'?)",
    "case.yaml:20:5: expectation names 'x', which no rule with a note concludes",
    "case.yaml:20:5: 'relax' is not an outcome at stage 'judgment' (those are: conviction, relaxe)",
    "case.yaml:6:1: unknown stage 'trial' (did you mean 'judgment' or 'investigation'?)",
    # a rule folder
    "/r: is a file, not a rule folder",
    "/r: no .yaml rule files in this folder",
    "/r/law.yaml:1:1: a rule file is a mapping with keys facts, rules, offences, stages, variant",
    "/r/law.yaml:3:5: 'without' names unknown rule 'aid' (did you mean 'aid_alone'?)",
    "/r/law.yaml:3:5: 'rules' must be a list, not a mapping",
    "/r/law.yaml:3:5: 'variant' must be a mapping of keys, not the text 'x'",
    "/r/law.yaml:3:5: duplicate fact id 'aid' (first in /r/a.yaml, line 8)",
    "/r/law.yaml:3:5: 'liable' is declared as a fact a case states, so no rule may conclude it",
    "/r/law.yaml:3:5: rule 'r' has two conditions named 'e'",
    "/r/law.yaml:3:5: rule 'r', element 'e' presupposes 'f', which is not another condition of the rule",
    "/r/law.yaml:3:5: rule 'r' applies to unknown offence 'theift' (did you mean 'theft'?)",
    "/r/law.yaml:3:5: 'all' takes a non-empty list of conditions",
    "/r/law.yaml:3:5: a condition is a fact or conclusion name, or one of {all: [...]}, {any: [...]}, "
    "{not: ...}, {unless: ...}; got {'most': ['a']}",
    "/r/law.yaml:3:5: offence 'x' qualifies unknown offence 'y'",
    "/r/law.yaml:3:5: offences qualify each other in a circle: a -> b -> a",
    "/r/law.yaml:3:5: offence 'theft' is already in the rule base's catalogue; "
    "use it, or give yours another id",
    "/r/law.yaml:3:5: 'contravention_class' (1 to 5) is required for a contravention and only for one",
    "/r/law.yaml:3:5: the attempt of a crime is always punishable (Code pénal, art. 121-4 2°)",
    "/r/law.yaml:3:5: the attempt of a contravention is never punishable (Code pénal, art. 121-4 2°)",
    "/r/law.yaml:3:5: a délit's attempt is punishable only where a text says so: "
    "cite it in 'attempt_source'",
    "/r/law.yaml:3:5: aid or assistance in a crime or a délit makes an accomplice "
    "(Code pénal, art. 121-7 al. 1)",
    "/r/law.yaml:3:5: aid in a contravention is punishable only where a text says so: "
    "cite it in 'aid_source'",
    "/r/law.yaml:3:5: a delit is not tried by the cour_d_assises",
    "/r/law.yaml:3:5: an aggravated form names the offence it 'qualifies', its 'circumstance' and its "
    "'circumstance_kind' (real or personal)",
    "/r/stages.yaml:3:5: an outcome is needed for every class of offence; missing: crime",
    "/r/stages.yaml:3:5: key 'crime' of 'holds' must be text, not a list",
    "/r/law.yaml:3:5: rule 'r' is not bound to an offence catalogue",
    "no rule concludes 'liable', the conclusion every charge asks for",
    "stage 'judgment' reads unknown fact or conclusion 'x'",
    "stage 'judgment': outcome 'relaxe' is not in its 'severity'",
    "the rule base defines no stage 'end_of_investigation'",
    "/r/law.yaml:3:5: rules depend on each other in a circle: a -> b -> c -> ... (4996 more) -> y -> a",
    # overlays, what-if, counterfactuals
    "o.yaml:1:1: not an overlay file (an overlay has the key 'overlay')",
    "o.yaml:5:3: unknown key 'sett' in 'changes' (did you mean 'set'?)",
    "o.yaml:3:1: 'base' is not a valid file name",
    "o.yaml:5:3: cannot drop unknown charge 'theft/bob'",
    "o.yaml:5:3: 'liable' is a conclusion the rules draw (rule 'r'), not a finding or a fact; "
    "set the facts it reads instead",
    "o.yaml: without aid_alone, facilitation no rule concludes 'liable', "
    "the conclusion every charge asks for",
    "o.yaml: rule 'a' reads 'b', which only rule 'c' concludes: leave out 'a' too, or keep 'c'",
    "the changes drop every charge: nothing is left to decide",
    "--charge 'theft' matches several charges; the charges are: theft/ann, theft/bob",
    "--max-changes must be at least 1",
    "the counterfactual search stopped after 200,000 candidate change sets, before it could show which are "
    "minimal; narrow it with --max-changes, --facts or --toward",
    "the durable backend needs durable_rules, which does not import on this Python; use --backend reference",
    "unknown backend 'fast' (use durable or reference)",
    # writing files
    "/tmp/x/fresh.yaml: cannot write: No space left on device",
    "/tmp/x/fresh.yaml: cannot write: Read-only file system",
    "cannot write the output: standard output is closed",
    "cannot write the output: the pipe was closed by the program reading it",
    "cannot write the output: No space left on device",
    # the web app and serve
    "verdict serve needs the web extra (starlette is missing): pip install 'verdict[web]'",
    "unknown language 'de' (use en or fr)",
    "unknown parameter 'sett' (did you mean 'set'?); the parameters are: set, overlay, rules, stage, lang",
    "more than 200 --set pairs",
    "'stage' given twice ('a' and 'b')",
    "case 'qosmos' has no overlay 'x'; its overlays: none",
    "case 'qosmos' has no overlay 'x' (did you mean 'y'?); its overlays: y, z",
    "no case 'qosmo' is served here (did you mean 'qosmos'?)",
    "unknown law variant 'atempt' (did you mean 'attempt'?); the variants are: attempt, old_law",
    "cases/: no such case file or folder",
    "no case to serve",
    # engine defects (exit code 3)
    "durable_rules did not accept the fact {'t': 'lvl'} (code 1)",
    "durable_rules did not accept the facts (code 2)",
    "an action failed: KeyError: 'x'",
    "durable_rules fired a rule twice: r1_liable",
    "durable_rules lost a fact in two runs of the same scenario: a conclusion or an outcome is missing "
    "(use --backend reference)",
    "1200 charges; the durable backend decides at most 1000 charges at once (use --backend reference)",
    "the rule base compiles into 5000 durable rules; the durable backend supports at most 4096 "
    "(use --backend reference)",
    "the rule base compiles into 600 values after one test of its pattern network; the durable backend "
    "supports at most 510 (use --backend reference)",
    "the rule base compiles into 300 durable rules on one pattern; the durable backend supports at most 256 "
    "(use --backend reference)",
    "durable_rules cannot compile this rule base (bad ruleset); use --backend reference",
    "charge theft/ann has no level for 'aid'",
    "charge theft/ann: level 9 of 'aid' is off the scale",
    "charge theft/ann: the rule base 'bundled' knows no offence 'x' or no kind of accused 'y'",
    "the rules for 'liable' read 300 facts and conclusions; the durable backend supports at most 240 "
    "(use --backend reference)",
    "durable rule for 'liable' would join 20 facts",
    "the rules for 'liable' read unknown fact 'x'",
    "the reference backend does not confirm the counterfactual aid=proven, intent=serious",
    "the conclusions a -> b depend on each other",
]


@pytest.mark.parametrize("message", MESSAGES)
def test_message_in_french(message: str) -> None:
    line = i18n.error(message, "fr")
    assert line.startswith(PREFIX)
    assert not english_words(line), line


# ---------------------------------------------------------------- names, places and typography

N = "\u202f"


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        (  # the location keeps its plain colons, a quoted value is kept
            "facts/x.yaml:3:5: unknown key 'levle' (did you mean 'level'?)",
            "facts/x.yaml:3:5: clé inconnue 'levle' (vouliez-vous dire 'level'\u202f?)",
        ),
        (  # the command line reads French level names: they are listed
            "--set 'foo': unknown evidence level 'bar'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
            f"--set 'foo'{N}: niveau de preuve inconnu 'bar'{N}; les niveaux sont{N}: "
            "écarté, non établi, vraisemblable, indices graves, charges suffisantes, prouvé",
        ),
        (  # a YAML file takes the ids: they are listed with their French names
            "c.yaml:11:49: unknown evidence level 'certain'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
            f"c.yaml:11:49: niveau de preuve inconnu 'certain'{N}; les niveaux sont{N}: disproved (écarté), "
            "not_shown (non établi), plausible (vraisemblable), serious (indices graves), "
            "sufficient (charges suffisantes), proven (prouvé)",
        ),
        (  # no pattern reads inside a quoted value; 12:30 stays as written
            "c.yaml:6:1: 'no such file: unknown key' must be text, not the number 12:30: put it in quotes",
            f"c.yaml:6:1: 'no such file: unknown key' doit être un texte, pas le nombre 12:30{N}: "
            "mettez-le entre guillemets",
        ),
        (  # nor inside a path
            "/tmp/unknown key 'x'/the file is empty/c.yaml: no such file",
            "/tmp/unknown key 'x'/the file is empty/c.yaml: fichier introuvable",
        ),
        (
            "/tmp/out.html: already exists; use --force to overwrite it",
            f"/tmp/out.html: existe déjà{N}; utilisez --force pour l'écraser",
        ),
        (
            "h/huge.yaml: file is 2,100,013 bytes, over the 2,000,000-byte limit for a case or rule file",
            f"h/huge.yaml: le fichier fait 2{N}100{N}013 octets, "
            f"au-delà de la limite de 2{N}000{N}000 octets pour un fichier d'affaire ou de règles",
        ),
        (
            "r/law.yaml:12:5: rule 'aid_alone', condition 'aid': "
            "unknown fact or conclusion 'positive_act_of_ayd'",
            f"r/law.yaml:12:5: règle 'aid_alone', condition 'aid'{N}: fait ou conclusion inconnu "
            "'positive_act_of_ayd'",
        ),
    ],
)
def test_french_keeps_names_and_places(english: str, expected: str) -> None:
    assert i18n.error(english, "fr") == PREFIX + expected


def test_usage_error_in_french(cli: Cli) -> None:
    run = cli("explain", "--lang", "fr", "qosmos", "--format", "pdf")
    assert run.err == (
        f"{PREFIX}valeur invalide pour '--format' / '-f'{N}: 'pdf' n'est pas l'une des valeurs "
        "'text', 'json', 'markdown', 'html'. (voir verdict --help --lang fr)\n"
    )


def test_english_is_unchanged(cli: Cli) -> None:
    run = cli("whatif", "qosmos", "--set", "foo=bar")
    assert run.err == (
        "error: --set 'foo': unknown evidence level 'bar'; the levels are: "
        "disproved, not_shown, plausible, serious, sufficient, proven\n"
    )
