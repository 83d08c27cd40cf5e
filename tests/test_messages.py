"""The message catalogue (verdict.messages): every id used in the code exists, each language has
every message with the same values, French typography is in the French templates, and a command
that succeeds never loads a catalogue."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from verdict.engine.errors import VerdictError
from verdict.messages import NNBSP, Join, Message, Term, catalogue

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("engine", "render", "cli", "web") for p in sorted((ROOT / folder).rglob("*.py"))]
ONLY_TRANSLATED = ("os.", "yaml.said.", "yaml.thing.", "level.", "pydantic.said.")
"""Ids of words that keep their English as given (``Term``), so only other languages list them."""
AREAS = sorted({key.split(".")[0] for key in catalogue("en")} - {"join"})
"""The areas of the catalogue: a constant ``area.name`` in the code is taken for a message id."""
MORE_THAN_ENGLISH = {"hint.level_id_and_name": {"name"}}
"""Values a translation shows that the English leaves out."""
YAML_SYNTAX = ("yaml.said.mapping values", "rules.bad_condition", "dates.prescription_years")
"""Messages that quote YAML's own syntax (``key: value``), whose colon is no French punctuation."""


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _ids_used() -> dict[str, str]:
    """Every id written as the first argument of ``Message(...)`` in the code (or in a table of
    ids, a constant starting with an area of the catalogue), with its place."""
    used: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message" and node.args:
                for leaf in ast.walk(node.args[0]):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        used[leaf.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
            elif isinstance(node, ast.Dict | ast.IfExp):  # a table of ids, or a choice of two
                leaves = node.values if isinstance(node, ast.Dict) else [node.body, node.orelse]
                for leaf in leaves:
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str) and re.fullmatch(
                        rf"(?:{'|'.join(AREAS)})\.[a-z_.]*[a-z_]", leaf.value
                    ):
                        used[leaf.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return used


def test_every_id_used_has_an_english_template() -> None:
    used = _ids_used()
    assert used, "no Message(...) found: the scan is broken"
    missing = {i: where for i, where in used.items() if i not in catalogue("en")}
    assert not missing


def test_every_message_is_used() -> None:
    code = "".join(path.read_text(encoding="utf-8") for path in [*SOURCES, ROOT / "messages" / "__init__.py"])
    unused = [key for key in catalogue("en") if f'"{key}"' not in code and f"'{key}'" not in code]
    assert not unused


def test_every_language_has_every_message_with_the_same_values() -> None:
    english, french = catalogue("en"), catalogue("fr")
    assert set(english) == {i for i in french if not i.startswith(ONLY_TRANSLATED)}
    for key, template in english.items():
        # a translation may leave out a value the English shows (the parser's own words); it
        # shows more only where the English needs no more than an id (a level's id and name)
        assert _fields(french[key]) <= _fields(template) | MORE_THAN_ENGLISH.get(key, set()), key


def test_level_names_agree_with_the_interface() -> None:
    from verdict.engine.model.levels import Level
    from verdict.render import i18n

    for level in Level:
        assert catalogue("fr")[f"level.{level.name_id}"] == i18n.LEVELS["fr"][level]


def test_french_templates_carry_french_typography() -> None:
    for key, template in catalogue("fr").items():
        if key.startswith(YAML_SYNTAX):
            continue
        # : ; ! ? used as punctuation (followed by a space, a bracket or the end) take a
        # narrow no-break space before them, never a plain space or none
        for match in re.finditer(r"[:;!?](?=[ )]|$)", template):
            before = template[match.start() - 1] if match.start() else ""
            assert before == NNBSP, (key, template)
    english = "".join(catalogue("en").values())
    assert NNBSP not in english


def test_values_are_shown_in_the_message_language() -> None:
    hint = Message("hint.did_you_mean", names=Join(["'a'", "'b'"], "join.or"))
    assert hint.text("en") == " (did you mean 'a' or 'b'?)"
    assert hint.text("fr") == f" (vouliez-vous dire 'a' ou 'b'{NNBSP}?)"
    reason = Term("os.ENOSPC", "No space left on device")
    said = Message("file.cannot_write", reason=reason)
    assert said.text("en") == "cannot write: No space left on device"
    assert said.text("fr") == f"écriture impossible{NNBSP}: plus d'espace libre sur le périphérique"
    unknown = Message("file.cannot_read", reason=Term("os.EWHATEVER", "Strange failure"))
    assert unknown.text("fr").endswith(": Strange failure")  # a reason the catalogue lacks stays as given


def test_an_error_keeps_its_place_in_every_language() -> None:
    err = VerdictError(Message("file.no_such_file"), "facts/x.yaml", 3, 5)
    assert str(err) == "facts/x.yaml:3:5: no such file"
    assert err.text("fr") == "facts/x.yaml:3:5: fichier introuvable"
    assert VerdictError("plain text", "f").text("fr") == "f: plain text"


def test_a_message_crosses_processes() -> None:
    import pickle

    err = VerdictError(Message("hint.did_you_mean", names=Join([Term("os.EIO", "x")], "join.or")), "f", 1)
    again = pickle.loads(pickle.dumps(err))
    assert again == err and again.text("fr") == err.text("fr")


@pytest.mark.parametrize("args", [["explain", "lacour", "--lang", "fr", "--backend", "reference"], ["list"]])
def test_a_command_that_succeeds_loads_no_catalogue(args: list[str]) -> None:
    """A command that succeeds and says nothing on standard error loads no language."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['verdict', *{args!r}, '--no-pager']\n"
        "from verdict.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('verdict.messages.'))\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    # nothing shown on standard error (a warning is a message, and loads its language), no catalogue
    assert done.stderr.startswith("LOADED="), done.stderr
    assert done.stderr.rsplit("LOADED=", 1)[1] == "", done.stderr


def test_a_command_that_fails_loads_its_language_only() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['verdict', 'explain', 'no_such_file.yaml', '--lang', 'fr']\n"
        "from verdict.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('verdict.messages.'))\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert f"erreur{NNBSP}: no_such_file.yaml: fichier introuvable" in done.stderr
    assert done.stderr.rsplit("LOADED=", 1)[1] == "verdict.messages.fr", done.stderr
