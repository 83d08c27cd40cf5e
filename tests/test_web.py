"""`verdict serve`: its routes through Starlette's test client, against the engine's own answers."""

from __future__ import annotations

import inspect
import json
import re
import shlex
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import yaml
from starlette.testclient import TestClient

from verdict.cli import serve_cmd
from verdict.engine.evaluate import evaluate
from verdict.engine.loader import bundled_facts, bundled_rules, find_case, load_case, load_rules
from verdict.engine.overlay import open_file, parse_overlay
from verdict.render import i18n
from verdict.web.app import create_app
from verdict.web.library import Library, build
from verdict.web.state import parse

Cli = Callable[..., Any]
CAUSAL = ("aid_effective", "aid_used_in_principal_act")
"""The facts of the causal link (rules/facts.yaml), set in the what-ifs below."""


@pytest.fixture(scope="module")
def library() -> Library:
    return build()


@pytest.fixture(scope="module")
def client(library: Library) -> TestClient:
    return TestClient(create_app(library, "reference"))


def outcome_of(page: str) -> str:
    """The case outcome a page shows (the id the engine gave, carried in the page)."""
    found = re.search(r'id="outcome" data-outcome="([^"]+)"', page)
    assert found, "no outcome on the page"
    return found.group(1)


def causal_findings(name: str) -> list[str]:
    """The first finding on each causal fact of a bundled case."""
    case = load_case(find_case(name), load_rules())
    return [next(f.id for f in case.findings if f.fact == fact) for fact in CAUSAL]


def test_the_list_shows_every_bundled_case(client: TestClient) -> None:
    page = client.get("/").text
    bundled = {p.stem for p in bundled_facts().rglob("*.yaml") if "overlays" not in p.parts}
    assert set(re.findall(r'href="/cases/([^"?]+)', page)) == bundled
    assert '<html lang="fr">' in client.get("/?lang=fr").text


def test_a_case_page_shows_the_decision_picture_and_a_get_form(client: TestClient) -> None:
    response = client.get("/cases/qosmos")
    assert response.status_code == 200
    page = response.text
    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    assert outcome_of(page) == evaluate(base, case, backend="reference").outcome
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="graph"') == len(case.charges)
    assert '<form class="controls noprint" id="controls" method="get"' in page
    selects = set(re.findall(r'<select name="set" class="set" data-finding="([^"]+)"', page))
    assert selects == {f.id for f in case.findings if f.fact}


def test_setting_the_causal_link_changes_the_decision_and_shows_the_difference(client: TestClient) -> None:
    ids = causal_findings("qosmos")
    query = "&".join(f"set={i}=sufficient" for i in ids)
    page = client.get(f"/cases/qosmos?{query}").text
    run = TestClient(create_app(build(), "reference"))  # a fresh app decides the same
    assert outcome_of(run.get(f"/cases/qosmos?{query}").text) == outcome_of(page)
    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    from verdict.engine.levels import Level

    moved = evaluate(base, case, backend="reference", levels=dict.fromkeys(ids, Level.SUFFICIENT))
    assert outcome_of(page) == moved.outcome != evaluate(base, case, backend="reference").outcome
    shifts = re.search(r'<table id="shifts">.*?</table>', page, flags=re.S)
    assert shifts and "<code>facilitation</code>" in shifts.group(0)
    assert page.count('class="blocking"') < client.get("/cases/qosmos").text.count('class="blocking"')


def test_the_state_round_trips_through_the_url(library: Library) -> None:
    entry = library.case("qosmos")
    query = (
        "set=aid_effective=sufficient&set=probes_worked_in_lab=plausible&overlay=victim_testimony"
        "&rules=attempt_punishable&stage=mise_en_examen&lang=fr"
    )
    state = parse(parse_qsl(query), library, entry)
    assert parse(parse_qsl(state.query()), library, entry) == state
    assert state.query() == query


@pytest.mark.parametrize(
    "query, cli_args",
    [
        ("set=aid_effective=blah", ["--set", "aid_effective=blah"]),
        ("set=no_such_finding=sufficient", ["--set", "no_such_finding=sufficient"]),
        ("set=aid_effective", ["--set", "aid_effective"]),
        ("stage=trial_by_ordeal", ["--stage", "trial_by_ordeal"]),
    ],
)
def test_bad_input_is_a_400_with_the_command_lines_message(
    client: TestClient, cli: Cli, query: str, cli_args: list[str]
) -> None:
    response = client.get(f"/cases/qosmos?{query}")
    run = cli("whatif", "qosmos", *cli_args, "--backend", "reference")
    assert run.code == 2
    assert response.status_code == 400
    assert response.text == run.err


@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/cases/qosmoss", 404, "did you mean 'qosmos'"),
        ("/cases/..%2F..%2Fetc%2Fpasswd", 404, "nothing at"),
        ("/cases/qosmos?overlay=../../qosmos.yaml", 400, "has no overlay"),
        ("/cases/qosmos?rules=/etc", 400, "unknown law variant"),
        ("/cases/qosmos?rules=..", 400, "unknown law variant"),
        ("/cases/qosmos?lang=de", 400, "unknown language"),
        ("/cases/qosmos?file=/etc/passwd", 400, "unknown parameter 'file'"),
        ("/cases/qosmos?stage=judgment&stage=temoin_assiste", 400, "given twice"),
        ("/nowhere", 404, "nothing at"),
    ],
)
def test_names_never_become_paths_and_errors_are_one_line(
    client: TestClient, url: str, status: int, words: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.text.startswith("error: ") and response.text.count("\n") == 1
    assert words in response.text and "Traceback" not in response.text


def test_an_overlay_a_law_variant_and_a_stage_decide_as_the_engine_does(client: TestClient) -> None:
    overlay = bundled_facts() / "qosmos" / "overlays" / "causal_link_shown.yaml"
    opened = open_file(overlay)
    expected = evaluate(opened.variant.base, opened.variant.case, backend="reference").outcome
    assert outcome_of(client.get("/cases/qosmos?overlay=causal_link_shown").text) == expected
    law = load_rules(bundled_rules() / "variants" / "attempt_punishable")
    case = load_case(find_case("qosmos"), law)
    expected = evaluate(law, case, backend="reference").outcome
    assert outcome_of(client.get("/cases/qosmos?rules=attempt_punishable").text) == expected
    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    outcomes = set()
    for stage in base.stages:
        page = client.get(f"/cases/qosmos?stage={stage}").text
        assert outcome_of(page) == evaluate(base, case, stage, backend="reference").outcome
        outcomes.add(outcome_of(page))
    assert len(outcomes) > 1


def test_french(client: TestClient) -> None:
    page = client.get("/cases/qosmos?lang=fr").text
    assert '<html lang="fr">' in page
    assert i18n.outcome(outcome_of(page), "fr") in unescape(page)
    assert i18n.word("findings_levels", "fr") in unescape(page)


def test_counterfactual_links_lead_to_the_outcome_they_announce(client: TestClient) -> None:
    page = client.get("/cases/qosmos").text
    block = re.search(r'<details class="noprint" id="counterfactuals">.*?</details>', page, flags=re.S)
    assert block
    links = re.findall(r'<li><a href="\?([^"]+)">[^<]*</a> → ([^<]+)</li>', block.group(0))
    assert links
    for query, announced in links[:5]:
        variant = client.get(f"/cases/qosmos?{unescape(query)}").text
        assert i18n.outcome(outcome_of(variant), "en") == unescape(announced)
        assert outcome_of(variant) != outcome_of(page) or "→" in announced


def test_the_copied_command_shows_the_same_what_if(client: TestClient, cli: Cli) -> None:
    ids = causal_findings("qosmos")
    page = client.get(f"/cases/qosmos?set={ids[0]}=sufficient&set={ids[1]}=sufficient&stage=judgment").text
    found = re.search(r'<input id="command" readonly value="([^"]*)"', page)
    assert found
    words = shlex.split(unescape(found.group(1)))
    assert words[:2] == ["verdict", "whatif"]
    run = cli(*words[1:], "--format", "json", "--backend", "reference")
    assert run.code == 0, run.err
    assert json.loads(run.out)["outcome"]["to"] == outcome_of(page)


def test_the_downloaded_overlay_decides_the_same(client: TestClient, tmp_path: Path) -> None:
    ids = causal_findings("qosmos")
    query = f"set={ids[0]}=sufficient&set={ids[1]}=sufficient&overlay=ceo_accused"
    page = client.get(f"/cases/qosmos?{query}").text
    response = client.get(f"/cases/qosmos/overlay.yaml?{query}")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    data = yaml.safe_load(response.text)
    parse_overlay(data, "download")
    # saved at the root of a checkout: facts/ and rules/ beside it
    (tmp_path / "facts").symlink_to(bundled_facts())
    (tmp_path / "rules").symlink_to(bundled_rules())
    saved = tmp_path / "whatif.yaml"
    saved.write_text(response.text, encoding="utf-8")
    opened = open_file(saved)
    assert len(opened.variant.case.charges) > len(opened.baseline.case.charges)  # the overlay's added charges
    assert evaluate(opened.variant.base, opened.variant.case, backend="reference").outcome == outcome_of(page)


def test_a_request_that_runs_too_long_is_cut(library: Library) -> None:
    slow = TestClient(create_app(library, "reference", timeout=1e-9))
    response = slow.get("/cases/qosmos?set=aid_effective=sufficient")
    assert response.status_code == 503
    assert response.text == "error: cut: the request took longer than 1e-09 s\n"


def test_folders_named_on_the_command_line_are_served_beside_the_bundled_cases(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(find_case("lacour"), mine / "my_case.yaml")
    served = build([mine], bundled=False)
    assert list(served.cases) == ["my_case"]
    client = TestClient(create_app(served, "reference"))
    assert client.get("/cases/my_case").status_code == 200
    assert client.get("/cases/qosmos").status_code == 404


def test_serve_listens_on_loopback_by_default() -> None:
    assert inspect.signature(serve_cmd.serve).parameters["host"].default == "127.0.0.1"


def test_the_form_works_without_script(client: TestClient) -> None:
    ids = causal_findings("qosmos")
    # what a browser without JavaScript sends: every control, the unchanged ones empty, '=' encoded
    sent = f"overlay=&rules=&stage=&lang=en&set=&set={ids[0]}%3Dsufficient&set=&set={ids[1]}%3Dsufficient"
    scripted = f"set={ids[0]}=sufficient&set={ids[1]}=sufficient"
    plain, canonical = client.get(f"/cases/qosmos?{sent}"), client.get(f"/cases/qosmos?{scripted}")
    assert plain.status_code == canonical.status_code == 200
    assert (
        outcome_of(plain.text) == outcome_of(canonical.text) != outcome_of(client.get("/cases/qosmos").text)
    )


def test_a_whole_fact_set_in_the_url_stays_in_the_form(client: TestClient) -> None:
    page = client.get(f"/cases/qosmos?set={CAUSAL[0]}=sufficient").text
    assert f'<input type="hidden" name="set" value="{CAUSAL[0]}=sufficient">' in page
