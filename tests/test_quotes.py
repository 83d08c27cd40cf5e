"""Quotes verified against the ruling's text: found whatever the typography, located under
their heading, and a quote changed by one word reported with the right closest passage.
The tests use a small ruling of their own (tests/ruling/); the real Qosmos article, when the
shared folder beside the clone holds it, must yield every quote of facts/qosmos.yaml."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from verdict.engine.load.case_file import load_case
from verdict.engine.load.quotes import Source, normalise
from verdict.engine.model.rule_base import RuleBase

RULING = Path(__file__).resolve().parent / "ruling"
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "ruling" / "qosmos-non-lieu-2020.article-fr.txt"


def test_normalising_sets_typography_aside() -> None:
    assert normalise("l’aide « servi »\n au  vol").text == "l'aide servi au vol"
    assert normalise("Le cœur, l'ﬁn").text == "Le coeur, l'fin"
    assert normalise("“x” – y").text == "x - y"


def test_every_quote_of_the_small_case_is_found_under_its_heading(base: RuleBase) -> None:
    case = load_case(RULING / "small_case.yaml", base)
    source = Source((RULING / "small_ruling.txt").read_text(encoding="utf-8"))
    located = source.locate_all(case.findings)
    assert len(located) == len(case.findings)
    assert all(q.found for q in located), [q.finding for q in located if not q.found]
    assert [q.heading for q in located] == [str(f.section and f.section("en")) for f in case.findings]
    assert all(q.section_matches for q in located)
    by_id = {q.finding: q for q in located}
    # a quote cut with […] and one across a line break of the text
    assert by_id["keys_before_the_theft"].found and by_id["knew_the_plan"].found
    assert by_id["knew_the_plan"].sentence.startswith("A déclare qu’il ignorait tout du projet")


def copy_case(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = (RULING / "small_case.yaml").read_text(encoding="utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    shutil.copy(RULING / "small_ruling.txt", tmp_path / "small_ruling.txt")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_changed_by_one_word_is_reported(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = copy_case(tmp_path, "a remis à B un double", "a donné à B un double")
    run = cli("check", str(path))
    (line,) = [ln.strip() for ln in run.out.splitlines() if "is not in the text" in ln]
    place = next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if "id: keys_copied" in ln)
    assert line.startswith(f"{path}:{place}:5: the quote of finding 'keys_copied' is not in the text")
    assert "«A a remis à B un double des clés de la boutique»" in line
    assert line.endswith("(under «Les faits»)")
    assert "(6/7 quotes found)" in run.out
    assert run.code == 0 and cli("check", str(path), "--strict").code == 2
    data = json.loads(cli("check", str(path), "--format", "json").out)
    missing = [q for q in data["files"][0]["quotes"] if not q["found"]]
    assert [(q["finding"], q["closest"]) for q in missing] == [
        ("keys_copied", "A a remis à B un double des clés de la boutique")
    ]


def test_a_quote_under_another_heading_is_reported(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = copy_case(tmp_path, 'section: "Les faits"', 'section: "Sur la complicité"')
    run = cli("check", str(path), "--lang", "fr")
    said = "la constatation 'till_stolen' figure sous «Les faits», et non sous «Sur la complicité»"
    assert said in run.out


def test_source_on_the_command_line_overrides_source_text(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = copy_case(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("Un tout autre texte, où rien de la décision ne figure, pas même un mot du dossier.\n")
    run = cli("check", str(path), "--source", str(other))
    assert "(0/7 quotes found)" in run.out
    assert cli("check", str(path)).out.count("(7/7 quotes found)") == 1


def test_facts_shows_the_sentence_around_each_quote(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = copy_case(tmp_path)
    data = json.loads(cli("facts", str(path), "--format", "json").out)
    by_id = {row["id"]: row for row in data["findings"]}
    assert by_id["keys_opened_the_door"]["heading"] == "Sur la complicité"
    assert by_id["keys_opened_the_door"]["sentence"].startswith("La chambre relève que «")
    text = cli("facts", str(path), "--source", str(RULING / "small_ruling.txt")).out
    assert "Il résulte de l’enquête que A a remis à B un double des clés" in text


def test_every_qosmos_quote_is_in_the_article(cli: Callable[..., Run]) -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"the Qosmos article is not beside the clone ({ARTICLE}): its quotes were not checked")
    run = cli("check", str(ROOT / "facts" / "qosmos.yaml"), "--source", str(ARTICLE), "--strict")
    assert run.code == 0, run.out
    found, total = (int(n) for n in run.out.split("(")[1].split(" quotes found")[0].split("/"))
    assert found == total >= 70
