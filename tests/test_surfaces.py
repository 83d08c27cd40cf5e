"""Every surface shows what the explanation holds: each bundled case and overlay is rendered in
every format and language, and each condition's status read back from the output (HTML and
SVG by an HTML parser, JSON by a JSON parser, text and Markdown line by line) must be the
object's. A renderer that decided a status of its own would disagree somewhere here."""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from verdict.cli.names import bundled_cases, bundled_overlays
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.explain.explanation import Condition, Explanation
from verdict.engine.explain.whatif import WhatIf, what_if
from verdict.engine.load.overlay import Opened, open_file
from verdict.render import html_page, i18n, json_doc, memo, text
from verdict.render.whatif import (
    counterfactuals_markdown,
    counterfactuals_text,
    whatif_dict,
    whatif_markdown,
    whatif_text,
)

LANGS = ("en", "fr")
FILES: dict[str, Path] = {**bundled_cases(), **bundled_overlays()}


@cache
def opened(name: str) -> Opened:
    return open_file(FILES[name])


@cache
def explained(name: str) -> Explanation:
    variant = opened(name).variant
    return explain(evaluate(variant.base, variant.case, backend="reference"), variant.base, variant.case)


@cache
def whatif(name: str) -> WhatIf:
    found = opened(name)
    return what_if(found.baseline, found.variant, "reference")


def plain(renderable: object) -> str:
    console = Console(width=400, record=True, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


class Statuses(HTMLParser):
    """The ``data-condition``/``data-status`` pairs of a page, and the mark drawn inside each."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (condition, status, tag)
        self.marks: list[tuple[str, str]] = []  # (status of the enclosing condition, mark's status)
        self.stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        status = a.get("data-status")
        if status is not None:
            self.found.append((a.get("data-condition") or "", status, tag))
        if tag in ("li", "g"):
            self.stack.append(status)
        mark = a.get("data-mark")
        if mark is not None:
            enclosing = next((s for s in reversed(self.stack) if s is not None), None)
            if enclosing is not None:
                self.marks.append((enclosing, mark))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "g") and self.stack:
            self.stack.pop()


def expected(e: Explanation) -> set[tuple[str, str]]:
    return {(x.id, x.status) for c in e.charges for x in c.elements}


def conditions(e: Explanation) -> list[Condition]:
    return [x for c in e.charges for x in c.elements]


NAMES = sorted(FILES)


@pytest.mark.parametrize("name", NAMES)
def test_every_status_shown_is_the_explanations(name: str) -> None:
    e = explained(name)
    want = expected(e)
    with i18n.stage_words(e.stage.judgment):  # the words the renderers use for this stage
        for lang in LANGS:
            check_surfaces(name, e, want, lang)


def check_surfaces(name: str, e: Explanation, want: set[tuple[str, str]], lang: str) -> None:
    """Every status the surfaces show for ``e`` in ``lang`` is the object's."""
    # HTML and its pictures: every condition of every charge, in the list and in the picture
    page = html_page.render(e, lang)
    parsed = Statuses()
    parsed.feed(page)
    shown = {(cid, status) for cid, status, _ in parsed.found}
    assert shown == want, (name, lang)
    assert {tag for *_, tag in parsed.found} <= {"li", "g"}
    if want:
        assert {tag for *_, tag in parsed.found} == {"li", "g"}
    assert all(enclosing == mark for enclosing, mark in parsed.marks), (name, lang)
    # JSON
    data = json.loads(json_doc.dumps(json_doc.to_dict(e, lang)))
    from_json = {(x["id"], x["status"]) for c in data["charges"] for x in c["elements"]}
    assert from_json == want
    # text: the tree draws every condition with its status's mark and words
    tree = plain(text.tree(e, lang))
    for x in conditions(e):
        state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)
        lines = [ln for ln in tree.splitlines() if x.title(lang) in ln and i18n.typo(state, lang) in ln]
        assert lines, (name, lang, x.id)
        assert all(f"{i18n.STATUS_MARKS[x.status]} " in ln for ln in lines), (name, lang, x.id)
    # the summary names the exceptions not raised on one line, and gives the others their status
    summary = plain(text.summary(e, lang))
    quiet = [ln for ln in summary.splitlines() if i18n.word("not_raised", lang) in ln]
    for x in conditions(e):
        if x.kind != "exception":
            continue
        if x.status == "not_raised":
            called = x.title(lang) if lang == "fr" else x.id
            assert any(called in ln for ln in quiet), (name, lang, x.id)
        else:
            state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)
            assert i18n.typo(state, lang) in summary, (name, lang, x.id)
    # Markdown: an exception is given its status, never the words of an element that holds
    note = memo.render(e, lang)
    for x in conditions(e):
        if x.kind == "exception":
            state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)
            assert i18n.typo(state, lang) in note, (name, lang, x.id)


@pytest.mark.parametrize("name", sorted(bundled_overlays()))
def test_every_whatif_shows_the_statuses_of_both_explanations(name: str) -> None:
    w = whatif(name)
    sides = {"from": w.baseline, "to": w.variant}
    for lang in LANGS:
        data = whatif_dict(w, lang)
        for row in data["changed"] + [u for c in data["charges"] for u in c["unmoved"]]:
            for side, e in sides.items():
                status = row["status"][side]
                if status is None:
                    continue
                charge = next(
                    (c for c in e.charges if (c.offence, c.accused) == (row["offence"], row["accused"])), None
                )
                if charge is None or charge.route is None or charge.route.id != row["rule"]:
                    continue
                x = next(x for x in charge.elements if x.id == row["element"])
                assert status == x.status, (name, lang, side, x.id)
        shown = plain(whatif_text(w, lang))
        for c in w.charges:
            for shift in (*c.elements, *c.unmoved):
                if shift.kind == "exception" and shift.status_after is not None:
                    words = i18n.status(shift.status_after, lang).split(":")[0].strip()
                    assert words in shown, (name, lang, shift.element)
                    assert i18n.STATUS_MARKS[shift.status_after] in shown


def test_no_defence_reads_as_established_unless_it_is() -> None:
    """The what-if that charges the chief executive and the report of the flagship case:
    the defences no finding raises say «not raised», in both languages."""
    w = whatif("ceo_accused")
    for lang in LANGS:
        shown = plain(whatif_text(w, lang))
        for c in w.charges:
            for shift in c.elements:
                if shift.kind == "exception":
                    assert shift.status_after == "not_raised"
        assert i18n.status("not_raised", lang) in shown
        assert "proven ✔" not in "\n".join(ln for ln in shown.splitlines() if "withdrawal" in ln)
    e = explained("qosmos")
    for lang in LANGS:
        parsed = Statuses()
        parsed.feed(html_page.render(e, lang))
        defences = {cid: status for cid, status, _ in parsed.found if cid in ("withdrawal", "personal_cause")}
        assert defences and set(defences.values()) == {"not_raised"}


def outside_quotes(shown: str) -> str:
    """``shown`` without the court's words (between « and »)."""
    return re.sub(r"«[^«»]*»", "", shown)


BEFORE_JUDGMENT = [name for name in NAMES if not explained(name).stage.judgment]


@pytest.mark.parametrize("name", BEFORE_JUDGMENT)
def test_no_level_is_proven_before_judgment(name: str) -> None:
    """An investigating judge is not the judge of guilt: no level reads «proven» before judgment
    (the words of the case's own summaries aside, which are prose, not levels)."""
    e = explained(name)
    for lang, word in (("en", "proven"), ("fr", "prouvé")):
        tree = plain(text.tree(e, lang, detail=True))
        for shown in (plain(text.summary(e, lang)), tree, memo.render(e, lang)):
            assert not re.search(rf"\b{word}\b", outside_quotes(shown)), (name, lang)


@pytest.mark.parametrize("name", NAMES)
def test_the_french_first_screen_names_things_by_their_titles(name: str) -> None:
    e = explained(name)
    shown = outside_quotes(plain(text.summary(e, "fr")))
    shown = "\n".join(ln for ln in shown.splitlines() if "verdict " not in ln and "--" not in ln)
    for c in e.charges:
        idents = [x.id for x in c.elements] + [u.fact for x in c.elements for u in x.facts]
        idents += [b.element for b in c.blocking] + [c.route.id] if c.route else []
        for ident in idents:
            if "_" in ident:
                assert not re.search(rf"\b{re.escape(ident)}\b", shown), (name, ident)


def prose(shown: str) -> str:
    """What a surface says in its own words: without the court's words and the commands shown."""
    lines = outside_quotes(shown).splitlines()
    return "\n".join(ln for ln in lines if "verdict " not in ln and "--" not in ln)


def assert_no_identifier(shown: str, idents: set[str], where: object) -> None:
    """No identifier of ``idents`` (those with an underscore, which no French word has) in ``shown``."""
    for ident in sorted(idents):
        if "_" in ident:
            assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", shown), (where, ident)


@pytest.mark.parametrize("name", NAMES)
def test_the_french_tree_and_case_note_name_things_by_their_titles(name: str) -> None:
    e = explained(name)
    idents = {c.route.id for c in e.charges if c.route}
    idents |= {o for c in e.charges for o in (c.outcome, c.offence)}
    idents |= {x.id for c in e.charges for x in c.elements} | {u.fact for c in e.charges for x in c.elements
                                                                for u in x.facts}
    idents |= {p.id for c in e.charges for p in c.procedure} | {n.id for c in e.charges for n in c.notes}
    for shown in (plain(text.tree(e, "fr", detail=True)), memo.render(e, "fr")):
        assert_no_identifier(prose(shown), idents, name)
        assert "bundled" not in shown and "moteur : " not in shown


class Words(HTMLParser):
    """The text of a page, each piece of text on a line of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)


WHATIFS = sorted(bundled_overlays())


def whatif_identifiers(w: WhatIf) -> set[str]:
    """Every identifier a what-if's object holds: findings, facts, rules, conditions, charges, outcomes."""
    idents = {f.finding for f in w.findings} | {f.fact for f in w.findings if f.fact}
    idents |= {*w.rules.added, *w.rules.removed, *w.rules.changed}
    for c in w.charges:
        idents |= {c.offence, c.accused, *(o for o in (c.before, c.after) if o)}
        for e in (*c.elements, *c.unmoved):
            idents |= {e.rule, e.element, *e.rules, *(f.fact for f in e.facts)}
            idents |= {g for f in e.facts for g in f.findings}
    return idents


@pytest.mark.parametrize("name", WHATIFS)
def test_a_french_whatif_names_things_by_their_titles(name: str) -> None:
    w = whatif(name)
    idents = whatif_identifiers(w)
    page = Words()
    page.feed(html_page.whatif_html(w, "fr"))
    for shown in (plain(whatif_text(w, "fr")), whatif_markdown(w, "fr"), "\n".join(page.words)):
        assert_no_identifier(prose(shown), idents, name)
    english = plain(whatif_text(w, "en"))  # English keeps the identifiers beside the titles
    shifts = [e for c in w.charges for e in c.elements]
    assert not shifts or any(re.search(rf"\b{re.escape(e.element)}\b", english) for e in shifts)


@pytest.mark.parametrize("name", ["qosmos", "textbook_court_by_date"])
def test_french_counterfactuals_name_things_by_their_titles(name: str) -> None:
    from verdict.engine.explain.counterfactuals import search

    variant = opened(name).variant
    found = search(variant.base, variant.case, backend="reference")
    assert found.results, name
    idents = {found.stage, found.outcome}
    for cf in found.results:
        idents |= {cf.outcome, *(m.finding for m in cf.moves), *(m.fact for m in cf.moves)}
        for c in cf.charges:
            idents |= {c.offence, c.accused, c.before, c.after, *c.repairs, *c.breaks}
    command = f"verdict whatif {name}"
    shown = plain(counterfactuals_text(found, "fr", limit=None, command=command))
    for said in (shown, counterfactuals_markdown(found, "fr")):
        assert_no_identifier(prose(said), idents, name)
    moved = found.results[0].moves[0].finding
    assert f"--set {moved}=" in shown  # the identifiers stay in the commands the reader types


def test_the_judge_is_named_in_the_gender_the_case_gives() -> None:
    for name in NAMES:
        e = explained(name)
        shown = [plain(text.summary(e, "fr")), plain(text.tree(e, "fr", detail=True)), memo.render(e, "fr")]
        said = "\n".join(prose(s) for s in shown)
        if e.judge_gender == "feminine":
            assert "la juge" in said.lower() and not re.search(r"\b(le|du) juge\b", said, re.I), name
        else:  # the interface's own words keep «le juge» (a rule's prose may name a judge of its own)
            assert "la pesée de la juge" not in said and "La juge a décidé" not in said, name
    assert explained("qosmos").judge_gender == "feminine"


def test_a_lesser_outcome_short_of_the_standard_says_on_what_it_rests() -> None:
    e = explained("mise_en_examen")
    procedures = [p for c in e.charges for p in c.procedure]
    assert procedures and all(p.short_of for p in procedures)
    for lang in LANGS:
        shown = plain(text.summary(e, lang))
        word = i18n.WORDS[lang]["short_of"].split("{")[0].strip(", ")
        assert word in shown and i18n.WORDS[lang]["ground"] not in shown
        key = "short_of_evidence" if procedures[0].by is None else "short_of_ground"
        on = i18n.WORDS[lang][key].split("{")[0]
        assert on in shown


@pytest.mark.parametrize("name", NAMES)
def test_every_format_says_which_points_the_decision_left_open(name: str) -> None:
    e = explained(name)
    with i18n.stage_words(e.stage.judgment):
        for lang in LANGS:
            data = json.loads(json_doc.dumps(json_doc.to_dict(e, lang)))
            decided = {(x["id"], x["decided"]) for c in data["charges"] for x in c["elements"]}
            assert decided == {(x.id, not x.undecided) for x in conditions(e)}
            shown = {
                "summary": plain(text.summary(e, lang)),
                "tree": plain(text.tree(e, lang)),
                "html": html_page.render(e, lang),
                "markdown": memo.render(e, lang),
            }
            for x in conditions(e):
                if not x.undecided:
                    continue
                said = i18n.typo(i18n.word("undecided", lang).format(level=i18n.level(x.level, lang)), lang)
                for surface, out in shown.items():
                    flat = " ".join(out.split())
                    assert " ".join(said.split()) in flat, (name, lang, surface, x.id)
                words = [f.undecided.quote for f in x.undecided if f.undecided and f.undecided.quote]
                for quote in words:
                    for surface in ("tree", "html", "markdown"):
                        assert " ".join(quote.split()) in " ".join(shown[surface].split()), (surface, x.id)


def test_qosmos_records_the_points_its_order_left_open() -> None:
    """Which organ acted (121-2), and whether the company knew of the crimes rather than of an
    evident risk: not decided by the order, taken at the level of the words it reports."""
    e = explained("qosmos")
    for c in e.charges:
        open_points = {x.id for x in c.elements if x.undecided}
        assert open_points == {"knowledge", "attribution"}
        knowledge = next(x for x in c.elements if x.id == "knowledge")
        assert any(f.undecided and f.undecided.quote and "Quand bien même" in f.undecided.quote
                   for f in knowledge.undecided)


BARE_STANDARD = re.compile(
    r"(il faut|exigé|exige|au moins|au plus) (charges suffisantes|indices graves|vraisemblable)\b"
)
"""A standard named bare where French needs its article: «il faut des charges suffisantes»."""


def html_text(page: str) -> str:
    """The text an HTML page shows, without its pictures."""

    class Words(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("svg", "style", "script")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("svg", "style", "script")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    words = Words()
    words.feed(page)
    return "".join(words.parts)


@pytest.mark.parametrize("name", ["qosmos", "lafarge", "amesys", "ceo_accused"])
def test_french_names_the_standard_asked_for_with_its_article(name: str) -> None:
    """«vraisemblable, alors qu'il faut des charges suffisantes», never «exigé charges suffisantes»,
    and the stage's standard and the line of what blocks in French typography, on every surface."""
    e = explained(name)
    surfaces = [plain(text.summary(e, "fr")), plain(text.tree(e, "fr")), html_text(html_page.render(e, "fr"))]
    if name in bundled_overlays():
        surfaces.append(plain(whatif_text(whatif(name), "fr")))
    for shown in surfaces:
        bare = BARE_STANDARD.search(outside_quotes(shown))
        assert bare is None, (name, bare)
        for line in shown.splitlines():
            if "Fait obstacle" in line or "Stade" in line:
                assert not re.search(r"[^\u202f][:;](\s|$)", line), (name, line)


@pytest.mark.parametrize("name", ["qosmos", "lafarge", "amesys", "textbook_withdrawal"])
def test_the_french_html_report_is_in_french_typography(name: str) -> None:
    """A narrow no-break space before : ; ! ? in every text of the French HTML report (the web
    page's body and its what-if difference go through the same ``typeset``); the court's words,
    between « », as written."""
    e = explained(name)
    page = html_page.render(e, "fr")
    shown = html_text(page)
    bad = re.findall(r".{0,30}[^\u202f][:;!?](?=\s|$)", outside_quotes(shown))
    assert not bad, (name, bad[:5])
    flat = " ".join(shown.split())
    quotes = [" ".join(f.quote.split()) for f in opened(name).variant.case.findings if f.quote]
    shown_quotes = [q for q in quotes if f"«{q[:20]}" in flat and "«" not in q]
    assert all(f"«{q}»" in flat for q in shown_quotes), name
    assert shown_quotes or name != "qosmos"  # the flagship shows the judge's words
    assert html_page.render(e, "en") == html_page.render(e, "en").replace("\u202f", " ")  # English as written


def test_french_counterfactuals_name_the_standard_and_each_finding_moved() -> None:
    """«exige des charges suffisantes», and each move said to be one finding of its fact: the
    fact's own level (vraisemblable) is not the finding's (non établi)."""
    from verdict.engine.explain.counterfactuals import search

    variant = opened("qosmos").variant
    found = search(variant.base, variant.case, backend="reference")
    first = found.results[0].moves[0]
    assert found.names is not None
    said = f"{found.names.fact(first.fact, 'fr')} : une constatation, {i18n.level(first.before, 'fr')} →"
    for shown in (plain(counterfactuals_text(found, "fr", limit=3)), counterfactuals_markdown(found, "fr")):
        flat = " ".join(shown.replace("\u202f", " ").split())
        assert not BARE_STANDARD.search(outside_quotes(flat)), BARE_STANDARD.search(outside_quotes(flat))
        assert said in flat, said


@pytest.mark.parametrize(("name", "holds"), [("qosmos", False), ("papon", True)])
def test_the_outcome_is_coloured_by_the_explanation_s_word(name: str, holds: bool) -> None:
    """A non-lieu is shown as failing, a committal as holding, in the terminal and the HTML alike:
    both read ``outcome_holds``, which the explanation sets from the trace."""
    e = explained(name)
    assert e.outcome_holds is holds
    console = Console(record=True, width=120, color_system="truecolor")
    console.print(text.render(e, "en"))
    styled = console.export_text(styles=True)
    outcome = i18n.outcome(e.outcome, "en")
    assert re.search(r"\x1b\[[0-9;]*" + ("32" if holds else "31") + r"[0-9;]*m" + re.escape(outcome), styled)
    assert f'class="outcome {"holds" if holds else "fails"}' in html_page.render(e, "en")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["qosmos", "papon", "textbook_abuse_of_weakness"])
def test_the_json_names_each_charge_and_outcome_in_the_words_of_the_text(name: str, lang: str) -> None:
    """The words come from one place (``render/charges.py``): what the JSON gives a reader of
    another program is what the terminal shows a student."""
    e = explained(name)
    data = json_doc.to_dict(e, lang)
    console = Console(record=True, width=400)
    console.print(text.render(e, lang))
    shown = console.export_text().replace("\u202f", " ")  # French typography aside
    assert (data["outcome_title"] in shown, data["outcome_holds"]) == (True, e.outcome_holds)
    for charge in data["charges"]:
        assert f"{charge['charge']} — {charge['accused_name']}" in shown
        assert charge["outcome_title"] in shown
