"""The command line as a student uses it: explain in every format and language, and the library commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]


def _blocking_quotes(cli: Cli, case: str) -> list[str]:
    """The court's own words in every finding under the facts that hold the first blocker back."""
    data = json.loads(cli("explain", case, "--format", "json", "--backend", "reference").out)
    quotes = {f["id"]: f.get("quote") for f in data["findings"] if f.get("voice") in (None, "court")}
    first = data["charges"][0]["blocking"][0]
    return [q for w in first["because"] for f in w["findings"] if (q := quotes.get(f))]


def test_explain_summary_fits_one_screen_and_gives_the_reason(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    run = cli("explain", "qosmos", "--backend", "reference")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    # one screen: the element of French jurisdiction, reached on a ground of its own for each charge,
    # takes a line of its own for the two charges that otherwise share their reasoning
    assert len(lines) <= 44, len(lines)
    assert "Outcome: non-lieu" in run.out
    assert "requires sufficient" in run.out  # the stage's standard
    assert "1. ✘" in run.out and "2. ✘" in run.out  # a line per charge
    assert run.out.count("Route:") == 1  # two charges sharing their reasoning are shown once
    element_lines = [line.strip() for line in lines if line.startswith("  ✔ ") or line.startswith("  ✘ ")]
    # the blocker first; elements by their titles (identifiers are for what users type)
    assert element_lines[0].startswith("✘ The aid facilitated the offence")
    for element in ("A punishable principal offence", "An act of aid", "Aid prior", "Knowingly"):
        assert any(line.startswith(f"✔ {element}") for line in element_lines)
    flat = " ".join(run.out.split())
    for quote in _blocking_quotes(cli, "qosmos"):
        assert f"«{' '.join(quote.split())}»" in flat  # the court's words, none folded away
    assert "+" not in flat.split("Why:")[1].split("Note:")[0]  # no "+N more"
    assert "Attempted complicity" in run.out
    assert "record the court's weighing, not the computation" in run.out


def test_explain_tree_and_detail_show_the_proof_once_per_shared_element(cli: Cli) -> None:
    tree = cli("explain", "qosmos", "--tree", "--backend", "reference").out
    assert tree.count("BLOCKED BY") == 2  # facilitation, in each charge
    assert "as for charge 1" in tree  # the second charge does not repeat the shared elements
    assert tree.count("causal_link_probes_to_crimes") == 1
    detail = cli("explain", "qosmos", "--detail", "--backend", "reference").out
    assert len(detail.splitlines()) > len(tree.splitlines())


def test_explain_default_output_stays_short(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert len(cli("explain", "qosmos", "--tree", "--backend", "reference").out.splitlines()) > 120
    assert len(cli("explain", "qosmos", "--backend", "reference").out.splitlines()) <= 120


def test_charge_option_picks_one_charge(cli: Cli) -> None:
    data = json.loads(cli("explain", "qosmos", "--format", "json", "--backend", "reference").out)
    second = data["charges"][1]
    key = f"{second['offence']}/{second['accused']}"
    for wanted in ("2", key, second["offence"]):
        run = cli("explain", "qosmos", "--charge", wanted, "--format", "json", "--backend", "reference")
        assert [c["offence"] for c in json.loads(run.out)["charges"]] == [second["offence"]]
    run = cli("explain", "qosmos", "--charge", "nothing_like_it", "--backend", "reference")
    assert run.code == 2 and key in run.err


def test_explain_in_french_uses_french_legal_terms(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--lang", "fr", "--backend", "reference")
    assert run.code == 0
    assert "Décision\u202f: non-lieu (charges insuffisantes)" in run.out
    assert "complicité de crimes contre l'humanité" in run.out  # lower case inside the sentence
    assert "complicité d'actes de torture —" in run.out  # the charge as the decision names it
    assert "31 décembre 2020" in run.out
    for english in ("Outcome", "Route", "Why", "held back", "complicity", "plausible", "required"):
        assert english not in run.out
    tree = cli("explain", "qosmos", "--lang", "fr", "--tree", "--backend", "reference").out
    assert "FAIT OBSTACLE" in tree


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


def test_explain_markdown_is_a_case_note_with_a_footnote_per_claim(cli: Cli) -> None:
    import re

    run = cli("explain", "qosmos", "--format", "markdown", "--backend", "reference")
    headings = [line for line in run.out.splitlines() if line.startswith("## ")]
    assert headings == ["## Facts", "## Procedure", "## Issue", "## Rule", "## Application", "## Conclusion"]
    issue = run.out.split("## Issue")[1].split("## Rule")[0].strip()
    assert issue.endswith("?")  # the issue is a question
    markers = set(re.findall(r"\[\^(\d+)\](?!:)", run.out))
    notes = set(re.findall(r"^\[\^(\d+)\]:", run.out, re.M))
    assert markers and markers == notes  # every claim's footnote is defined, none left over
    assert "Code pénal, art. 121-7" in run.out
    flat = " ".join(run.out.split())
    for quote in _blocking_quotes(cli, "qosmos"):
        assert f"«{' '.join(quote.split())}»" in flat  # the court's decisive words
    data = json.loads(cli("explain", "qosmos", "--format", "json", "--backend", "reference").out)
    against = [f for f in data["findings"] if f.get("weighs_against") and f.get("quote")]
    assert against and all(f"«{' '.join(f['quote'].split())}»" in flat for f in against)  # contrary evidence
    assert "do not enter the computation" in flat


def test_the_french_memo_has_the_french_plan(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--format", "markdown", "--lang", "fr", "--backend", "reference")
    headings = [line for line in run.out.splitlines() if line.startswith("#") and not line.startswith("# ")]
    assert headings[:6] == [
        "## Faits",
        "## Procédure",
        "## Problème de droit",
        "## Solution",
        "### Majeure",
        "### Mineure",
    ]
    assert "### Conclusion" in headings
    import re

    interface = re.sub(r"«[^«»]*»", "", run.out)  # the quoted words are left as written
    assert "\u202f:" in interface and " :" not in interface and "]\u202f:" not in interface
    for english in ("## Facts", "## Issue", "required", "the court", "complicity in"):
        assert english not in run.out


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
    assert "verdict explain CASE" in run.out and "--stage" in run.out


def test_check_all_bundled(cli: Cli) -> None:
    run = cli("check")
    assert run.code == 0, run.out
    assert " 0 invalid" in run.out


def test_check_speaks_french(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    english, french = cli("check", str(bad)), cli("check", str(bad), "--lang", "fr")
    assert english.code == french.code == 2
    en, fr = " ".join(english.out.split()), " ".join(french.out.split())  # lines wrap at 80
    assert "invalid YAML" in en and "0 valid, 1 invalid" in en
    assert f"{bad}:2:1: YAML invalide" in fr and "invalid YAML" not in fr and " valid," not in fr
    assert "valides\u202f: 0, invalides\u202f: 1" in french.out


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


def test_counterfactuals_print_a_ready_to_run_whatif_per_set(cli: Cli) -> None:
    import shlex

    run = cli("counterfactuals", "qosmos", "--backend", "reference")
    assert run.code == 0, run.err
    commands = [line.strip() for line in run.out.splitlines() if line.strip().startswith("verdict whatif ")]
    data = json.loads(cli("counterfactuals", "qosmos", "--format", "json", "--backend", "reference").out)
    assert len(commands) == min(12, len(data["counterfactuals"]))
    first = data["counterfactuals"][0]
    assert commands[0] == first["command"]
    for change in first["changes"]:
        assert f"--set {change['fact']}={change['to']}" in commands[0]
        assert change["fact"] in run.out  # identifiers whole, never broken
    outcome = json.loads(
        cli(*shlex.split(commands[0])[1:], "--format", "json", "--backend", "reference").out
    )["outcome"]
    assert outcome["to"] == first["outcome"] != outcome["from"]


def test_list_names_every_bundled_case_overlay_variant_and_stage(cli: Cli, base: Any) -> None:
    from verdict.cli.names import bundled_cases, bundled_overlays, bundled_variants

    data = json.loads(cli("list", "--format", "json").out)
    assert [c["name"] for c in data["cases"]] == list(bundled_cases())
    assert [o["name"] for o in data["overlays"]] == list(bundled_overlays())
    assert [v["name"] for v in data["variants"]] == list(bundled_variants())
    assert [s["name"] for s in data["stages"]] == list(base.stages)
    text = cli("list").out
    for name in [*bundled_cases(), *bundled_overlays(), *bundled_variants()]:
        assert any(line.split()[:1] == [name] for line in text.splitlines()), name  # a line each, name whole


def test_overlays_and_variants_by_name_from_any_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.cli.names import bundled_cases, bundled_overlays, bundled_variants

    monkeypatch.chdir(tmp_path)
    overlay = next(iter(bundled_overlays()))
    variant = next(iter(bundled_variants()))
    by_path = json.loads(
        cli("whatif", str(bundled_overlays()[overlay]), "--format", "json", "--backend", "reference").out
    )
    base_case = Path(by_path["baseline"]["case"]).name
    assert base_case in bundled_cases()
    by_name = cli("whatif", base_case, "--overlay", overlay, "--format", "json", "--backend", "reference")
    assert by_name.code == 0, by_name.err
    assert json.loads(by_name.out)["outcome"] == by_path["outcome"]
    run = cli("whatif", base_case, "--rules", variant, "--format", "json", "--backend", "reference")
    assert run.code == 0, run.err
    assert json.loads(run.out)["changes"]["rules"]["to"] != "bundled"
    assert cli("explain", overlay, "--backend", "reference").code == 0
    bad = cli("whatif", base_case, "--overlay", overlay + "x")
    assert bad.code == 2 and overlay in bad.err  # the closest name suggested


def test_facts_search_finds_ids_titles_and_quotes(cli: Cli, case_named: Any) -> None:
    case = case_named("qosmos")
    quoted = next(f for f in case.findings if f.quote and f.fact)
    word = max(quoted.quote.split(), key=len)
    data = json.loads(cli("facts", "qosmos", "--search", word.upper(), "--format", "json").out)
    assert quoted.id in [f["id"] for f in data["findings"]]
    assert all(
        word.lower() in " ".join(str(v) for v in f.values()).lower() or f["fact"] for f in data["findings"]
    )
    by_fact = json.loads(cli("facts", "qosmos", "--search", quoted.fact, "--format", "json").out)
    assert {f["id"] for f in by_fact["findings"]} >= {f.id for f in case.findings if f.fact == quoted.fact}
    text = cli("facts", "qosmos", "--search", quoted.fact).out
    assert quoted.id in text.split()  # identifiers never broken across lines


def test_rules_search_finds_the_rules_that_read_a_fact(cli: Cli, base: Any) -> None:
    from verdict.engine.model.expressions import names_in

    fact = next(iter(base.predicates))
    readers = {r.id for r in base.rules if any(fact in names_in(e) for _, e in r.conditions())}
    assert readers
    found = {r["id"] for r in json.loads(cli("rules", "--search", fact, "--format", "json").out)["rules"]}
    assert readers <= found


@pytest.mark.parametrize("command", [("facts", "qosmos"), ("rules",)])
def test_facts_and_rules_honour_every_format(cli: Cli, command: tuple[str, ...]) -> None:
    markdown = cli(*command, "--format", "markdown")
    assert markdown.code == 0 and markdown.out.startswith("# ") and "|---|" in markdown.out
    assert json.loads(cli(*command, "--format", "json").out)
    assert cli(*command, "--format", "html").code == 2


def test_conventions_version_short_help_completion(cli: Cli) -> None:
    from importlib.metadata import version

    run = cli("--version")
    assert run.code == 0 and run.out.strip() == f"verdict {version('verdict')}"
    assert cli("-h").out == cli("--help").out
    assert "--install-completion" in cli("--help").out
    assert cli("explain", "-h").code == 0 and "--tree" in cli("explain", "-h").out


def test_debug_and_no_pager_after_the_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from verdict.cli import app as app_module

    run = cli("explain", "no_such_case", "--no-pager")
    assert run.code == 2 and run.err.startswith("error: no case")
    monkeypatch.setitem(app_module._state, "debug", False)
    monkeypatch.setitem(app_module._state, "pager", True)
    monkeypatch.setattr(sys, "argv", ["verdict", "explain", "no_such_case", "--debug"])
    with pytest.raises(Exception, match="no case"):  # the traceback is not swallowed
        app_module.main()


def test_the_pager_pages_long_output_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console
    from rich.text import Text

    from verdict.cli import shared

    paged: list[bool] = []

    class Pager:
        def __enter__(self) -> None:
            paged.append(True)

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(Console, "pager", lambda self, **kw: Pager())
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    monkeypatch.setitem(shared.state, "pager", True)
    monkeypatch.delenv("VERDICT_NO_PAGER", raising=False)
    tall = Text("\n".join(str(i) for i in range(500)))
    shared.show(tall)
    assert paged == [True]
    shared.show(Text("short"))
    assert paged == [True]
    monkeypatch.setitem(shared.state, "pager", False)  # --no-pager
    shared.show(tall)
    assert paged == [True]
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: False))  # piped
    monkeypatch.setitem(shared.state, "pager", True)
    shared.show(tall)
    assert paged == [True]


def _help_pages(cli: Cli, *lang: str) -> dict[str, str]:
    from verdict.cli.app import app

    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    return {name: cli(name, "--help", *lang).out for name in names}


def test_help_in_french_with_lang_or_the_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from verdict.cli.app import app
    from verdict.cli.help import COMMANDS, METAVARS, PARAMS

    command: Any = typer.main.get_command(app)
    assert command.commands
    for name, sub in command.commands.items():
        assert name in COMMANDS, f"no French help for the command {name}"
        for param in sub.params:
            assert param.name in PARAMS, f"no French help for {name} {param.name}"
    for param in command.params:
        assert param.name in PARAMS, f"no French help for verdict {param.name}"
    french = _help_pages(cli, "--lang", "fr")
    for page in french.values():
        assert "Commandes" in page or "Options" in page
    assert "Statuer sur une affaire" in french["explain"]
    assert "Show this message" not in french["explain"]
    for page in french.values():  # the usage line and its placeholders, in French too
        assert "Utilisation\u202f: verdict" in page and "Usage:" not in page
        assert not any(f"{{{english}}}" in page or f" {english} " in page for english in METAVARS)
    assert "{AFFAIRE}" in french["explain"]
    run = cli("explain", "--lang", "fr")
    assert run.code == 2 and "argument manquant 'AFFAIRE'" in run.err
    monkeypatch.setenv("VERDICT_LANG", "fr")
    assert cli("explain", "--help").out == french["explain"]
    top = cli("--help").out
    assert "Commandes" in top and "Raisonnement juridique" in top


def test_errors_in_french(cli: Cli) -> None:
    run = cli("explain", "qosmoz", "--lang", "fr")
    assert run.code == 2 and run.err.startswith("erreur\u202f: pas d'affaire 'qosmoz'")
    assert "vouliez-vous dire 'qosmos'" in run.err
    run = cli("whatif", "qosmos", "--set", "aid_effective=enorme", "--lang", "fr")
    assert run.code == 2 and "niveau de preuve inconnu 'enorme'" in run.err and "unknown" not in run.err
    run = cli("explain", "qosmos", "--no-such-option", "--lang", "fr")
    assert run.code == 2 and "option inconnue" in run.err


_STATED = ("principal_act_committed", "positive_act_of_aid", "aid_prior_or_concomitant", "aid_effective",
           "aid_used_in_principal_act", "knew_principal_offence")
WITH_A_WARNING = "\n".join(
    [
        "case: piped",
        "title: {en: Piped, fr: Transmis}",
        "court: Textbook problem",
        "date: '2024'",
        "sources: [Code pénal, art. 121-7]",
        "stage: judgment",
        "parties:",
        "- {id: a, name: A, kind: natural_person}",
        "- {id: b, name: B, kind: natural_person}",
        "charges:",
        "- {accused: a, offence: theft}",
        "findings:",
        *(f"- {{id: f{n}, fact: {fact}, level: proven}}" for n, fact in enumerate(_STATED)),
        "",
    ]
)
"""Complicity by aid with the accused's own part left unstated: one warning (unstated_element)."""


@pytest.mark.parametrize("command", [["explain"], ["test"], ["whatif", "--stage", "mise_en_examen"]])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_case_read_from_standard_input_gets_the_warnings_hint(
    command: list[str], lang: str, tmp_path: Path
) -> None:
    """As a file does, with the command that lists the warnings, given the same input again."""

    def verdict(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "VERDICT_CACHE": "off", "VERDICT_LANG": lang}
        argv = [sys.executable, "-m", "verdict.cli.entry", *args, "--backend", "reference"]
        return subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, timeout=300)

    piped = verdict(command[0], "-", *command[1:], stdin=WITH_A_WARNING)
    (hint,) = [line for line in piped.stderr.splitlines() if "verdict check" in line]
    checked = subprocess.run(
        [sys.executable, "-m", "verdict.cli.entry", "check", "-", "--format", "json"],
        input=WITH_A_WARNING, capture_output=True, text=True, timeout=300,
    )
    assert len(json.loads(checked.stdout)["files"][0]["warnings"]) == 1  # what the hint counts
    said = {
        "en": "warning: the file read from standard input has 1 warning; verdict check - lists it, given the "
        "same input",
        "fr": "avertissement\u202f: le fichier lu sur l'entrée standard compte 1 avertissement\u202f; "
        "verdict check - le détaille, sur la même entrée",
    }
    assert hint == said[lang]
    (tmp_path / "piped.yaml").write_text(WITH_A_WARNING, encoding="utf-8")
    from_file = verdict(command[0], str(tmp_path / "piped.yaml"), *command[1:], stdin="")
    assert [line for line in from_file.stderr.splitlines() if "verdict check" in line]  # a file hints too
    clean = WITH_A_WARNING + "- {id: own, fact: personally_took_part, level: proven}\n"
    assert "verdict check" not in verdict(command[0], "-", *command[1:], stdin=clean).stderr
