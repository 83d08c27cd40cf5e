"""Every error in French with ``--lang fr``: the same exit code as in English, ``erreur : `` and
French words only, names, quoted values, paths and option names kept as written.

Each hostile input of tests/hostile/ and a set of command-line misuses are run in English and in
French; every French template of the message catalogue (messages/fr.py) is checked for English
words, those that no input here reaches (rule folders, the durable backend, the web app) included.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.errors import VerdictError
from verdict.engine.io.yamlio import describe
from verdict.engine.load.changes import parse_assignment
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import Level, level_term, levels_hint
from verdict.messages import Message, catalogue
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


N = "\u202f"


def assert_french(cli: Cli, args: list[str], *paths: Path | str) -> None:
    """``verdict ARGS`` fails in French as in English: same exit code, one line, French words."""
    english = cli(*args)
    assert english.code not in (0, 1), (args, english.err)
    assert english.err.splitlines()[-1].startswith("error: "), english.err
    run = cli(*french(args))
    assert run.code == english.code, (args, run.err)
    assert run.out == ""
    # the error is the last line; a case's warnings may come before it, in French too
    *before, line = run.err.rstrip("\n").split("\n")
    assert all(w.startswith(f"avertissement{N}: ") for w in before), run.err
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


# ---------------------------------------------------------------- every message of the catalogue


def _filled(template: str) -> str:
    """``template`` with a quoted stand-in for each value (a number where it groups digits)."""
    values = {
        name: 2_000_000 if spec == "," else "'v'"
        for _, name, spec, _ in string.Formatter().parse(template)
        if name
    }
    return template.format(**values)


@pytest.mark.parametrize("key", sorted(catalogue("fr")))
def test_message_in_french(key: str) -> None:
    """Every French template (messages/fr.py), its values aside, is in French words only."""
    line = PREFIX + _filled(catalogue("fr")[key])
    assert not english_words(line), line


# ---------------------------------------------------------------- names, places and typography


def _raised(call: Callable[[], object]) -> VerdictError:
    with pytest.raises(VerdictError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("error", "english", "french"),
    [
        (  # the location keeps its plain colons, a quoted value is kept
            VerdictError(
                Message("key.unknown", key="'levle'", hint=suggest("levle", ["level"])), "facts/x.yaml", 3, 5
            ),
            "facts/x.yaml:3:5: unknown key 'levle' (did you mean 'level'?)",
            "facts/x.yaml:3:5: clé inconnue 'levle' (vouliez-vous dire 'level'\u202f?)",
        ),
        (  # the command line reads French level names: they are listed
            _raised(lambda: parse_assignment("foo=bar")),
            "--set 'foo': unknown evidence level 'bar'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
            f"--set 'foo'{N}: niveau de preuve inconnu 'bar'{N}; les niveaux sont{N}: "
            "écarté, non établi, vraisemblable, indices graves, charges suffisantes, prouvé",
        ),
        (  # a YAML file takes the ids: they are listed with their French names
            VerdictError(
                Message("value.unknown_level", value="'certain'", levels=levels_hint()), "c.yaml", 11, 49
            ),
            "c.yaml:11:49: unknown evidence level 'certain'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
            f"c.yaml:11:49: niveau de preuve inconnu 'certain'{N}; les niveaux sont{N}: disproved (écarté), "
            "not_shown (non établi), plausible (vraisemblable), serious (indices graves), "
            "sufficient (charges suffisantes), proven (prouvé)",
        ),
        (  # a value is never read as words; 12:30 stays as written
            VerdictError(
                Message("value.must_be_text", subject="'no such file: unknown key'",
                        value=describe(750, "12:30"), hint=Message("hint.put_in_quotes")),
                "c.yaml", 6, 1,
            ),
            "c.yaml:6:1: 'no such file: unknown key' must be text, not the number 12:30: put it in quotes",
            f"c.yaml:6:1: 'no such file: unknown key' doit être un texte, pas le nombre 12:30{N}: "
            "mettez-le entre guillemets",
        ),
        (  # nor a path
            VerdictError(Message("file.no_such_file"), "/tmp/unknown key 'x'/the file is empty/c.yaml"),
            "/tmp/unknown key 'x'/the file is empty/c.yaml: no such file",
            "/tmp/unknown key 'x'/the file is empty/c.yaml: fichier introuvable",
        ),
        (
            VerdictError(Message("file.already_exists"), "/tmp/out.html"),
            "/tmp/out.html: already exists; use --force to overwrite it",
            f"/tmp/out.html: existe déjà{N}; utilisez --force pour l'écraser",
        ),
        (
            VerdictError(Message("file.over_limit_size", size=2_100_013, limit=2_000_000), "h/huge.yaml"),
            "h/huge.yaml: file is 2,100,013 bytes, over the 2,000,000-byte limit for a case or rule file",
            f"h/huge.yaml: le fichier fait 2{N}100{N}013 octets, "
            f"au-delà de la limite de 2{N}000{N}000 octets pour un fichier d'affaire ou de règles",
        ),
        (
            VerdictError(
                Message("rules.condition_unknown", rule="'aid_alone'", condition="'aid'",
                        name="'positive_act_of_ayd'", hint=""),
                "r/law.yaml", 12, 5,
            ),
            "r/law.yaml:12:5: rule 'aid_alone', condition 'aid': "
            "unknown fact or conclusion 'positive_act_of_ayd'",
            f"r/law.yaml:12:5: règle 'aid_alone', condition 'aid'{N}: fait ou conclusion inconnu "
            "'positive_act_of_ayd'",
        ),
        (  # a level named in a message is named in its language
            VerdictError(
                Message("case.contradiction", fact="'aid'", charge="theft/ann", establishes="'a'",
                        level=level_term(Level.PROVEN), disproves="'b'"),
                "c.yaml", 13, 5,
            ),
            "c.yaml:13:5: contradiction on 'aid' for charge theft/ann: finding 'a' establishes it (proven) "
            "while 'b' disproves it",
            f"c.yaml:13:5: contradiction sur 'aid' pour le chef theft/ann{N}: la constatation 'a' l'établit "
            "(prouvé) tandis que 'b' l'écarte",
        ),
    ],
)
def test_french_keeps_names_and_places(error: VerdictError, english: str, french: str) -> None:
    assert str(error) == english
    assert i18n.error(error, "en") == f"error: {english}"
    assert i18n.error(error, "fr") == PREFIX + french


def test_usage_error_in_french(cli: Cli) -> None:
    run = cli("explain", "--lang", "fr", "qosmos", "--format", "pdf")
    assert run.err == (
        f"{PREFIX}valeur invalide pour '--format' / '-f'{N}: 'pdf' n'est pas l'une des valeurs "
        "'text', 'json', 'markdown', 'html'. (voir verdict --help --lang fr)\n"
    )


def test_english_is_unchanged(cli: Cli) -> None:
    run = cli("whatif", "qosmos", "--set", "foo=bar")
    assert run.err.splitlines(keepends=True)[-1] == (
        "error: --set 'foo': unknown evidence level 'bar'; the levels are: "
        "disproved, not_shown, plausible, serious, sufficient, proven\n"
    )
