"""`verdict serve` in a real headless browser: the system's Chromium, driven by Playwright.

The server runs as the `verdict serve` command on a free loopback port. The test opens the
Qosmos page, sets one finding on each fact of the causal link to sufficient through the
page's own controls, sees the decision and the picture change, switches to French, and
keeps a screenshot in test-artifacts/ (ignored by git).

Chromium comes from the Debian package (`.ci/run` installs it). When /usr/bin/chromium is
missing, ``chromium`` below installs it with apt-get if this runs as root, as CI does; it
never downloads a browser of Playwright's own.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.load.case_file import load_case
from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts, find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.levels import Level
from verdict.render import i18n

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CAUSAL = ("aid_effective", "aid_used_in_principal_act")
"""The facts of the causal link (rules/facts.yaml)."""


def install_chromium() -> None:
    """Install Debian's Chromium with apt-get; only as root, where apt-get exists."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package (apt-get install -y chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, env=env)


@pytest.fixture(scope="module")
def chromium() -> Path:
    """The system Chromium, installed first if it is missing."""
    if not CHROMIUM.exists():
        install_chromium()
    return CHROMIUM


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`verdict serve` on a free loopback port; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    verdict = Path(sys.executable).with_name("verdict")
    process = subprocess.Popen(
        [str(verdict), "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"verdict serve did not start: {process.stderr.read() if process.stderr else ''}"
                    )
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def page(chromium: Path) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 1000})
        finally:
            browser.close()


def expected_outcome() -> str:
    """What the engine decides with one finding on each causal fact at sufficient."""
    base = load_rules()
    case = load_case(find_case("qosmos"), base)
    moved = {next(f.id for f in case.findings if f.fact == fact): Level.SUFFICIENT for fact in CAUSAL}
    return evaluate(base, case, levels=moved).outcome


def test_the_causal_link_set_in_the_browser_commits_for_trial(server: str, page: Page) -> None:
    expected = expected_outcome()
    # the same outcome the bundled overlay for this what-if expects of the court
    overlay = open_file(bundled_facts() / "qosmos" / "overlays" / "causal_link_shown.yaml")
    assert expected in {x.outcome for x in overlay.variant.case.expect}

    page.goto(f"{server}/cases/qosmos")
    before = page.get_attribute("#outcome", "data-outcome")
    assert before != expected
    picture = page.inner_html("section.charge svg")
    blocking = page.locator("svg.graph g.blocking").count()
    assert blocking > 0

    page.click("#controls details > summary")
    for fact in CAUSAL:
        control = page.locator(f'select.set[data-fact="{fact}"]').first
        finding = control.get_attribute("data-finding")
        with page.expect_navigation():
            control.select_option(f"{finding}=sufficient")  # the page submits itself on change
        assert f"set={finding}=sufficient" in page.url

    assert page.get_attribute("#outcome", "data-outcome") == expected
    assert i18n.outcome(expected, "en") in page.inner_text("#outcome")
    assert page.inner_html("section.charge svg") != picture
    assert page.locator("svg.graph g.blocking").count() < blocking
    assert "facilitation" in page.inner_text("#shifts")

    with page.expect_navigation():
        page.click("#lang-fr")
    assert page.get_attribute("html", "lang") == "fr"
    assert i18n.outcome(expected, "fr") in page.inner_text("#outcome")
    assert all(f'data-fact="{fact}"' in page.content() for fact in CAUSAL)
    assert page.url.count("set=") == len(CAUSAL)

    artefacts = Path(__file__).resolve().parent.parent / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    shot = artefacts / "qosmos_causal_link_fr.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_the_flagship_what_if_and_an_error_page_in_the_browser(server: str, page: Page) -> None:
    page.goto(f"{server}/cases/qosmos")
    page.click("#controls details > summary")
    control = page.locator('select.set[data-finding="probes_functioned_effectively_in_field"]')
    with page.expect_navigation():
        control.select_option("probes_functioned_effectively_in_field=sufficient")
    changes, why = page.inner_text("#changes"), page.inner_text("#why")
    assert "probes_functioned_effectively_in_field" in changes
    assert "still blocking" in why and "aid_used_in_principal_act" in why
    assert i18n.word("no_element_change", "en") not in page.inner_text("#difference")

    response = page.goto(f"{server}/cases/qosmos?stage=nowhere&lang=fr")
    assert response is not None and response.status == 400
    assert page.get_attribute("html", "lang") == "fr"
    assert page.inner_text("#error").startswith("erreur")
    with page.expect_navigation():
        page.click("#back")
    assert page.url.endswith("/cases/qosmos?lang=fr")
    assert page.get_attribute("#outcome", "data-outcome")
