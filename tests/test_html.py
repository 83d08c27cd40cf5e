"""`verdict explain --format html`: one self-contained page, a picture per charge drawn from the
explanation, findings collapsed, English and French; `--output` written whole or not at all."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import pytest
from generators import write_large_case

from verdict.cli.output import write_atomic
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.explain.builder import explain
from verdict.engine.explain.explanation import Explanation, FindingRef
from verdict.engine.load.case_file import load_case
from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts, find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import Text
from verdict.engine.model.levels import Level
from verdict.render import i18n
from verdict.render.html_page import finding_html, render

Cli = Callable[..., Any]
SVG = "{http://www.w3.org/2000/svg}"


def explained(name: str) -> Explanation:
    opened = open_file(find_case(name))
    base, case = opened.variant.base, opened.variant.case
    return explain(evaluate(base, case, backend="reference"), base, case)


@pytest.fixture(scope="module")
def qosmos() -> Explanation:
    return explained("qosmos")


def svgs(page: str) -> list[ET.Element]:
    """Every picture of the page, parsed as XML (so each is well formed)."""
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", page, flags=re.S)]


def nodes(svg: ET.Element) -> list[tuple[str, str, str, str]]:
    """Each box of a picture: its classes, its shape, its tooltip and its text."""
    out = []
    for g in svg.iter(f"{SVG}g"):
        shape = next(
            child.tag.removeprefix(SVG) for child in g if child.tag in (f"{SVG}rect", f"{SVG}polygon")
        )
        text = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        out.append((g.get("class", ""), shape, g.findtext(f"{SVG}title", ""), text))
    return out


def test_the_page_is_self_contained_and_names_its_language(cli: Cli) -> None:
    run = cli("explain", "qosmos", "--format", "html", "--backend", "reference")
    assert run.code == 0, run.err
    page = run.out
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<style>" in page and "@media print" in page
    # nothing is fetched: no link, no source, no import, and "http" only as the SVG namespace
    for outside in ("<link", " src=", "@import", "url("):
        assert outside not in page
    assert set(re.findall(r"https?://[^\"'\s<]*", page)) == {"http://www.w3.org/2000/svg"}
    assert "<details open" not in page


def test_each_charge_is_drawn_from_its_explanation(qosmos: Explanation) -> None:
    page = render(qosmos, "en")
    pictures = svgs(page)
    assert len(pictures) == len(qosmos.charges) + 1  # one per charge, and the key
    for charge, svg in zip(qosmos.charges, pictures[1:], strict=True):
        boxes = nodes(svg)
        blocked = {b.element for b in charge.blocking}
        assert blocked  # the Qosmos charges are blocked: the picture must show it
        for x in charge.elements:
            (classes, shape, _, text) = next(b for b in boxes if b[2].startswith(f"{x.title('en')} ({x.id})"))
            # holding and failing differ by shape and by text, not only by colour; a defence
            # that is not raised is neither: grey, with its own mark
            failing = x.status in ("fails", "established", "not_excluded")
            assert ("holds" in classes.split()) == (x.status == "holds")
            assert ("neutral" in classes.split()) == (x.status in ("not_raised", "rebutted"))
            assert shape == ("polygon" if failing else "rect")
            assert text.startswith(i18n.STATUS_MARKS[x.status])
            assert ("blocking" in classes.split()) == (x.id in blocked)
            assert (i18n.word("blocked_by", "en").upper() in text) == (x.id in blocked)
            for use in x.facts:
                if use.status != "neutral" or use.findings:
                    assert any(b[2].startswith(f"{use.title('en')} ({use.fact})") for b in boxes)
        thick = [p for p in svg.iter(f"{SVG}path") if p.get("stroke-width") == "3"]
        assert thick  # the blocking path is drawn with thick lines


def test_a_charge_that_holds_has_no_blocking_path() -> None:
    e = explained(str(bundled_facts() / "qosmos" / "overlays" / "causal_link_shown.yaml"))
    assert all(c.holds for c in e.charges)
    for svg in svgs(render(e, "en"))[1:]:
        assert not [p for p in svg.iter(f"{SVG}path") if p.get("stroke-width") == "3"]
        assert all("blocking" not in classes.split() for classes, *_ in nodes(svg))


def test_findings_are_collapsed_with_their_quotes_and_sections(qosmos: Explanation) -> None:
    page = render(qosmos, "en")
    blocks = re.findall(r"<details>.*?</details>", page, flags=re.S)
    shown = [f for c in qosmos.charges for x in c.elements for u in x.facts for f in u.findings]
    assert shown
    for f in shown:
        holder = next(b for b in blocks if f"<b>{escape(f.id)}</b>" in b)
        if f.quote:
            assert f"«{escape(f.quote)}»" in holder
        if f.section:
            assert escape(f.section("en")) in holder


def test_whose_words_a_finding_quotes_is_shown() -> None:
    engineer = Text(en="an engineer", fr="un ingénieur")
    said = FindingRef("f1", "aid", Level.PROVEN, None, "q", None, None, None, None, "witness", engineer)
    assert f"{i18n.word('whose_words', 'fr')}\u202f: {i18n.voice(said, 'fr')}" in finding_html(said, "fr")
    own = FindingRef("f2", "aid", Level.PROVEN, None, "q", None, None, None, None, "court", None)
    assert i18n.word("whose_words", "en") not in finding_html(own, "en")


def test_french_page(cli: Cli, qosmos: Explanation) -> None:
    run = cli("explain", "qosmos", "--format", "html", "--lang", "fr", "--backend", "reference")
    page = run.out
    assert '<html lang="fr">' in page
    assert escape(i18n.outcome(qosmos.outcome, "fr"), quote=True) in page
    assert i18n.word("blocked_by", "fr").upper() in page
    assert "Outcome" not in page and "Blocked by" not in page


def test_the_page_is_deterministic(qosmos: Explanation) -> None:
    again = explained("qosmos")
    assert render(qosmos, "fr") == render(again, "fr")


def test_a_2000_finding_case_stays_usable(tmp_path: Path) -> None:
    rules_dir, case_file = write_large_case(tmp_path, seed=1, layers=4)
    base = load_rules(rules_dir)
    case = load_case(case_file, base)
    e = explain(evaluate(base, case, backend="reference"), base, case)
    page = render(e, "en")
    assert len(case.findings) == 2000
    assert len(page.encode("utf-8")) <= 3_000_000
    assert "<details open" not in page and page.count("<details>") > 100
    assert len(svgs(page)) == len(e.charges) + 1


# ---------------------------------------------------------------- --output


def test_output_writes_the_page_and_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "qosmos.html"
    args = ("explain", "qosmos", "--format", "html", "--backend", "reference")
    printed = cli(*args).out
    run = cli(*args, "--output", str(target))
    assert run.code == 0 and run.out == ""
    assert target.read_text(encoding="utf-8") == printed
    target.write_text("kept", encoding="utf-8")
    refused = cli(*args, "--output", str(target))
    assert (
        refused.code == 2
        and refused.err.strip() == f"error: {target}: already exists; use --force to overwrite it"
    )
    assert target.read_text(encoding="utf-8") == "kept"
    assert cli(*args, "--output", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qosmos.html"]


def test_output_into_a_missing_folder_is_one_line(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.md"
    run = cli("explain", "qosmos", "--format", "markdown", "--backend", "reference", "--output", str(target))
    assert run.code == 2 and run.err.count("\n") == 1 and "nowhere" in run.err
    assert not target.parent.exists()


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)  # a file put in place by a rename
    monkeypatch.setattr(os, "link", broken)  # or by a link, which never overwrites
    with pytest.raises(VerdictError, match="No space left on device"):
        write_atomic(tmp_path / "out.html", "text")
    assert list(tmp_path.iterdir()) == []
