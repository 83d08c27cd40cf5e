"""`verdict serve`: its routes through Starlette's test client, against the engine's own answers."""

from __future__ import annotations

import html
import inspect
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import yaml
from starlette.testclient import TestClient

from verdict.cli import serve_cmd
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.load.case_file import load_case
from verdict.engine.load.overlay import open_file, parse_overlay
from verdict.engine.load.paths import bundled_facts, bundled_rules, find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.render import html_page, i18n, svg
from verdict.web import site as site_module
from verdict.web.app import create_app
from verdict.web.decide import Shared
from verdict.web.library import Library, build
from verdict.web.site import CACHE_HEADER, Job, Site
from verdict.web.state import parse

Cli = Callable[..., Any]
CAUSAL = ("aid_effective", "aid_used_in_principal_act")
"""The facts of the causal link (rules/facts.yaml), set in the what-ifs below."""


@pytest.fixture(scope="module")
def library() -> Library:
    return build()


@pytest.fixture(scope="module")
def client(library: Library) -> Iterator[TestClient]:
    """The app as `verdict serve` runs it: two worker processes for what-ifs, one for heavy work."""
    with TestClient(create_app(library, "reference", workers=2)) as running:
        yield running


def clear_render_memos() -> None:
    """Forget what the renderers keep between pages (wrapped titles, facts drawn)."""
    svg._wrap.cache_clear()
    html_page._fact_in.cache_clear()


def error_of(response: Any) -> str:
    """The one-line message an error page shows, as the command line would print it."""
    found = re.search(r'<p id="error" class="blocked" data-status="(\d+)">([^<]*)</p>', response.text)
    assert found, response.text[:300]
    assert int(found.group(1)) == response.status_code
    assert 'id="back" href="/' in response.text  # a way back
    assert response.headers["content-type"].startswith("text/html")
    return unescape(found.group(2)) + "\n"


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
    from verdict.engine.model.levels import Level

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


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "query, cli_args",
    [
        ("set=aid_effective=blah", ["--set", "aid_effective=blah"]),
        ("set=no_such_finding=sufficient", ["--set", "no_such_finding=sufficient"]),
        ("set=aid_effective", ["--set", "aid_effective"]),
        ("stage=trial_by_ordeal", ["--stage", "trial_by_ordeal"]),
        ("set=A=proven", ["--set", "A=proven"]),
        ("set=%C3%A9t%C3%A9=proven", ["--set", "été=proven"]),
        ("set=aid%20effective=proven", ["--set", "aid effective=proven"]),
        ("set=aid_effective=%C5%BFufficient", ["--set", "aid_effective=ſufficient"]),
    ],
)
def test_bad_input_is_a_400_page_with_the_command_lines_message(
    client: TestClient, cli: Cli, query: str, cli_args: list[str], lang: str
) -> None:
    response = client.get(f"/cases/qosmos?{query}&lang={lang}")
    run = cli("whatif", "qosmos", *cli_args, "--backend", "reference", "--lang", lang)
    assert run.code == 2
    assert response.status_code == 400
    said = [line for line in run.err.splitlines() if line.startswith(("error", "erreur"))]  # not the hints
    assert said and error_of(response) == said[-1] + "\n"
    assert f'<html lang="{lang}">' in response.text


@pytest.mark.parametrize(
    "query", ["set=a%00b=proven", "set=%00=proven", "stage=%00", "overlay=%00", "rules=%00", "set=x=%00"]
)
def test_a_nul_byte_anywhere_is_a_400_naming_it(client: TestClient, query: str) -> None:
    response = client.get(f"/cases/qosmos?{query}")
    assert response.status_code == 400
    message = error_of(response)
    assert message.startswith("error: ") and message.count("\n") == 1 and "\\x00" in message


def test_a_stage_is_folded_as_the_command_line_folds_it(client: TestClient, cli: Cli) -> None:
    folded = client.get("/cases/qosmos?stage=Judgment")
    assert folded.status_code == 200
    assert outcome_of(folded.text) == outcome_of(client.get("/cases/qosmos?stage=judgment").text)
    run = cli("whatif", "qosmos", "--stage", "Judgment", "--format", "json", "--backend", "reference")
    assert run.code == 0 and json.loads(run.out)["outcome"]["to"] == outcome_of(folded.text)
    assert "--stage judgment" in unescape(folded.text)  # the command shown names the stage by its id


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
    message = error_of(response)
    assert message.startswith("error: ") and message.count("\n") == 1
    assert words in message and "Traceback" not in response.text


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


def test_a_request_that_runs_too_long_is_cut_and_its_worker_replaced(library: Library) -> None:
    app = create_app(library, "reference", timeout=0.05, workers=1, heavy_workers=1)
    with TestClient(app) as slow:
        pools = app.state.pools.values()

        def pids() -> set[int]:
            return {pid for pool in pools for pid in pool.pids}

        before = pids()
        assert len(before) == 2
        response = slow.get("/cases/qosmos?set=aid_effective=sufficient")  # opens and searches: > 50 ms
        assert response.status_code == 503
        assert error_of(response) == "error: cut: the request took longer than 0.05 s\n"
        assert sum(pool.replaced for pool in pools) == 1
        cut = before - pids()
        assert len(cut) == 1
        (pid,) = cut
        assert not Path(f"/proc/{pid}").exists()  # stopped and reaped, not left deciding
        deadline = time.monotonic() + 60
        while len(pids()) < 2:
            assert time.monotonic() < deadline, "the cut worker was not replaced"
            time.sleep(0.05)
        assert all(Path(f"/proc/{pid}").exists() for pid in pids())  # the new worker runs


def test_served_files_are_decided_anew_when_they_change_on_disk(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    text = find_case("qosmos").read_text(encoding="utf-8")
    case = mine / "fresh.yaml"
    case.write_text(text, encoding="utf-8")
    with TestClient(create_app(build([mine], bundled=False), "reference", workers=1)) as fresh:
        before = outcome_of(fresh.get("/cases/fresh").text)
        ids = causal_findings("qosmos")
        data = yaml.safe_load(text)
        for finding in data["findings"]:
            if finding["id"] in ids:
                finding["level"] = "sufficient"
        case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        after = outcome_of(fresh.get("/cases/fresh").text)
        assert after != before
        case.write_text(text, encoding="utf-8")
        assert outcome_of(fresh.get("/cases/fresh").text) == before


def test_the_flagship_what_if_says_which_fact_moved_and_what_still_blocks(client: TestClient) -> None:
    page = client.get("/cases/qosmos?set=probes_functioned_effectively_in_field=sufficient").text
    section = re.search(r'<section id="difference">.*?</section>', page, flags=re.S)
    assert section
    text = unescape(section.group(0))
    assert i18n.word("no_element_change", "en") not in text
    changes = re.search(r'<ul id="changes">(.*?)</ul>', text, flags=re.S)
    assert changes and "probes_functioned_effectively_in_field" in changes.group(1)
    why = re.search(r'<ul id="why">(.*)</ul>', text, flags=re.S)
    assert why and "aid_effective: plausible → sufficient" in why.group(1)
    assert f"{i18n.word('still_blocking', 'en')}: facilitation" in why.group(1)
    assert "aid_used_in_principal_act" in why.group(1)  # the fact that still holds it back


def test_an_overlay_shows_its_legal_note_and_why(client: TestClient) -> None:
    overlay = parse_overlay(
        yaml.safe_load((bundled_facts() / "qosmos" / "overlays" / "ceo_accused.yaml").read_text("utf-8")), "x"
    )
    for lang in ("en", "fr"):
        page = unescape(client.get(f"/cases/qosmos?overlay=ceo_accused&lang={lang}").text)
        note = re.search(r'<div id="rationale">(.*?)</div>', page, flags=re.S)
        assert note and i18n.typo(overlay.rationale(lang), lang) in note.group(1)  # in French typography
        assert i18n.typo(i18n.cite(overlay.sources, lang), lang) in note.group(1)
        rows = re.findall(r"<tr><td>.*?</td></tr>", page.split('<table id="shifts">')[1].split("</table>")[0])
        assert rows and all(not row.endswith("<td></td></tr>") for row in rows)  # every row says why


def test_the_list_names_each_case_by_its_title(client: TestClient) -> None:
    for lang in ("en", "fr"):
        page = unescape(client.get(f"/?lang={lang}").text)
        case = load_case(find_case("qosmos"), load_rules())
        assert f">{case.title(lang)}</a>" in page


def test_the_copied_command_runs_as_given_from_any_folder(
    client: TestClient, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for query in ("", "overlay=ceo_accused&rules=attempt_punishable", "stage=Judgment&lang=fr"):
        page = client.get(f"/cases/qosmos?{query}").text
        found = re.search(r'<input id="command" readonly value="([^"]*)"', page)
        assert found
        words = shlex.split(unescape(found.group(1)))
        assert words[0] == "verdict"
        run = cli(*words[1:], "--format", "json", "--backend", "reference")
        assert run.code == 0, (words, run.err)
        document = json.loads(run.out)
        shown = document["outcome"]["to"] if "whatif" in words else document["outcome"]
        assert shown == outcome_of(page)


def test_folders_named_on_the_command_line_are_served_beside_the_bundled_cases(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(find_case("lacour"), mine / "my_case.yaml")
    served = build([mine], bundled=False)
    assert list(served.cases) == ["my_case"]
    client = TestClient(create_app(served, "reference"))  # no workers: in this process
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


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _serving(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
            return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "verdict serve did not start"
            time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("how", ["interrupt", "kill"])
def test_the_workers_end_with_the_server(how: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    verdict = Path(sys.executable).with_name("verdict")
    process = subprocess.Popen(
        [str(verdict), "serve", "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _serving(port, process)
        workers = _children(process.pid)
        assert len(workers) >= 3  # two for what-ifs, one for heavy work
        if how == "interrupt":  # Ctrl-C reaches the whole process group
            os.killpg(process.pid, signal.SIGINT)
            assert process.wait(timeout=60) == 130  # the status of an interrupted command
            said = process.stderr.read() if process.stderr else ""
            assert "Traceback" not in said and said.rstrip().endswith("interrupted")
        else:
            process.kill()
            process.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(_alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived the server"
            time.sleep(0.1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_busy_only_when_every_queue_is_full(library: Library) -> None:
    app = create_app(library, "reference", workers=1, heavy_workers=1, queue=0, heavy_queue=1)
    with TestClient(app) as client:
        light, heavy = app.state.pools["light"], app.state.pools["heavy"]
        taken = light._idle.pop()  # the what-if worker busy, its queue (0) full
        try:
            # the request goes to the heavy pool, which has room: answered
            assert client.get("/cases/qosmos?set=aid_effective=sufficient").status_code == 200
            held = heavy._idle.pop()  # now the heavy worker is busy too, but its queue has a place
            try:
                heavy.queue = 0  # and now no place anywhere
                response = client.get("/cases/qosmos?lang=fr")
                assert response.status_code == 503 and response.headers["retry-after"] == "2"
                assert error_of(response).startswith("erreur")
            finally:
                heavy._idle.append(held)
        finally:
            light._idle.append(taken)
        assert client.get("/cases/qosmos").status_code == 200


def test_a_large_case_and_a_new_search_go_to_the_heavy_workers(library: Library, tmp_path: Path) -> None:
    data = yaml.safe_load(find_case("qosmos").read_text(encoding="utf-8"))
    data.pop("expect", None)
    for n in range(12):  # 2 + 24 charges: more than LARGE_CHARGES
        data["parties"].append(
            {"id": f"company_{n}", "name": f"C {n}", "kind": "legal_person", "role": "accused"}
        )
        data["charges"] += [
            {"accused": f"company_{n}", "offence": c} for c in ("torture", "crimes_against_humanity")
        ]
    (tmp_path / "large.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    served = build([tmp_path / "large.yaml"])
    site = Site(served, "reference", Shared(tmp_path))
    first = Job("case", "qosmos", ())
    assert site.respond(first, light=True).heavy  # its search is not made yet
    assert site.respond(first).status == 200  # made, and shared
    other = Site(served, "reference", Shared(tmp_path))  # another worker finds the search made
    whatif = Job("case", "qosmos", (("set", "aid_effective=sufficient"),))
    assert not other.respond(whatif, light=True).heavy
    assert other.respond(Job("case", "large", ()), light=True).heavy
    app = create_app(served, "reference", workers=1, heavy_workers=1)
    with TestClient(app) as client:
        assert client.get("/cases/large?set=aid_effective=sufficient").status_code == 200
        assert client.get("/cases/qosmos?set=aid_effective=sufficient").status_code == 200
        workers = {name: sum(w.jobs for w in pool._all) for name, pool in app.state.pools.items()}
        # the light worker sent the large case back, and the first page of qosmos (a new search)
        assert workers == {"light": 2, "heavy": 2}


def test_a_kept_page_is_the_page_made_and_gzip_only_for_clients_that_take_it(library: Library) -> None:
    site = Site(library, "reference")
    job = Job("case", "qosmos", (("set", "aid_effective=sufficient"),))
    made, kept = site.respond(job), site.respond(job)
    assert (made.headers[CACHE_HEADER], kept.headers[CACHE_HEADER]) == ("miss", "hit")
    assert made.text() == kept.text() and outcome_of(kept.text())
    with TestClient(create_app(library, "reference", workers=0)) as local:
        url = "/cases/qosmos?set=aid_effective=sufficient"
        plain = local.get(url, headers={"Accept-Encoding": "identity"})
        refused = local.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
        packed = local.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert "content-encoding" not in plain.headers and "content-encoding" not in refused.headers
        assert packed.headers["content-encoding"] == "gzip"
        assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
        assert plain.text == refused.text == packed.text == made.text()


def test_the_pages_a_worker_keeps_are_bounded_in_number_and_bytes(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    levels = ("serious", "sufficient", "proven")
    jobs = [Job("case", "qosmos", (("set", f"aid_effective={level}"),)) for level in levels]
    monkeypatch.setattr(site_module, "PAGES_KEPT", 2)
    site = Site(library, "reference")
    said = [site.respond(job).headers[CACHE_HEADER] for job in [*jobs, jobs[2], jobs[0]]]
    assert said == ["miss", "miss", "miss", "hit", "miss"]  # the least recently used went first
    assert len(site._pages) == 2
    size = max(len(site.respond(job).compressed) for job in jobs)
    monkeypatch.setattr(site_module, "PAGES_KEPT", 1000)
    monkeypatch.setattr(site_module, "PAGES_KEPT_BYTES", size + size // 2)  # one page and a half
    site = Site(library, "reference")
    said = [site.respond(job).headers[CACHE_HEADER] for job in [*jobs, jobs[2], jobs[1]]]
    assert said == ["miss", "miss", "miss", "hit", "miss"]
    assert site._pages_bytes <= site_module.PAGES_KEPT_BYTES and len(site._pages) == 1
    monkeypatch.setattr(site_module, "PAGE_KEPT_BYTES", size // 2)  # no page small enough to keep
    site = Site(library, "reference")
    said = [site.respond(job).headers[CACHE_HEADER] for job in [*jobs, *jobs]]
    assert said == ["miss"] * 6 and not site._pages and outcome_of(site.respond(jobs[0]).text())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_what_a_worker_keeps_never_changes_a_page(library: Library, lang: str) -> None:
    """Pages made after many others (the baseline's decision kept, titles wrapped and facts drawn
    once) are those a fresh worker makes, at a judgment and before one (where «proven» reads
    otherwise)."""
    states = [
        (("stage", "judgment"), ("set", "aid_effective=proven")),
        (("stage", "mise_en_examen"), ("set", "aid_effective=proven")),
        (("set", "aid_effective=sufficient"), ("set", "aid_used_in_principal_act=sufficient")),
        (),
    ]
    warm = Site(library, "reference")
    made = [warm.respond(Job("case", "qosmos", (*state, ("lang", lang)))).text() for state in states]
    for state, page in zip(states, made, strict=True):
        clear_render_memos()
        fresh = Site(library, "reference").respond(Job("case", "qosmos", (*state, ("lang", lang))))
        assert fresh.text() == page
    assert len(set(made)) == len(made)



@pytest.mark.parametrize(
    "query, named",
    [
        ("stage=judgment&stage=Judgment", "'stage' given twice ('judgment' and 'Judgment')"),
        ("stage=judgment&stage=judgment", "'stage' given twice ('judgment' and 'judgment')"),
        ("overlay=causal_link_shown&overlay=causal_link_shown", "'overlay' given twice"),
        ("rules=attempt_punishable&rules=attempt_punishable", "'rules' given twice"),
        ("lang={lang}&lang={lang}", "'lang' given twice"),
        (
            "set=aid_effective=proven&set=aid_effective=Proven",
            "'set' gives 'aid_effective' twice ('aid_effective=proven' and 'aid_effective=Proven')",
        ),
        ("set=aid_effective=proven&set=aid_effective=serious", "'set' gives 'aid_effective' twice"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_parameter_given_twice_is_a_400_naming_it(
    library: Library, query: str, named: str, lang: str
) -> None:
    """Even with the same value, or values folded alike: which was meant is not guessed."""
    with TestClient(create_app(library, "reference", workers=0)) as local:
        asked = query.format(lang=lang) if "{lang}" in query else f"{query}&lang={lang}"
        response = local.get(f"/cases/qosmos?{asked}")
    assert response.status_code == 400 and f'<html lang="{lang}">' in response.text
    message = error_of(response)
    assert message.count("\n") == 1
    if lang == "en":
        assert message.startswith("error: ") and named in message
    else:
        assert message.startswith("erreur") and "deux fois" in message and named.split(" ")[0] in message


@pytest.mark.parametrize(("lang", "word"), [("en", "proven"), ("fr", "prouvé")])
def test_no_level_on_the_page_of_an_investigation_reads_proven(
    client: TestClient, lang: str, word: str
) -> None:
    """The order closing an investigation proves nothing: its findings, as the form lists them
    and as the report's other findings give their levels, read «established by the investigation»."""
    page = client.get(f"/cases/qosmos?set=probes_functioned_effectively_in_field=sufficient&lang={lang}").text
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
    as_found = i18n.word("as_found", lang) + i18n.colon(lang)
    assert f"{as_found}{i18n.BEFORE_JUDGMENT[lang]}" in shown
    assert not re.search(rf"{re.escape(as_found)}{word}\b|\({word}[,)]|>{word}</option>", shown + page), lang
