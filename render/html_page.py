"""The explanation as one self-contained HTML page: the outcome, a picture per charge, the findings.

The page carries its CSS and its one short script inline and refers to nothing outside
itself, so it can be mailed, opened offline and printed (printing opens every collapsed
list). Findings are collapsed (``<details>``), so a case of thousands stays readable.
Everything comes from the explanation object; labels come from ``i18n``.
"""

from __future__ import annotations

import functools
import re
from html import escape, unescape

from verdict.engine.explain.explanation import (
    ChargeExplanation,
    Condition,
    Explanation,
    FactUse,
    FindingRef,
)
from verdict.engine.explain.names import Names
from verdict.engine.explain.whatif import ChargeShift, ElementShift, FactShift, WhatIf
from verdict.engine.model.levels import Level

from . import i18n
from .charges import charge_title
from .svg import charge_svg, legend_svg
from .text import blocking_reason

CSS = """
:root { --holds: #1b5e20; --fails: #b71c1c; --muted: #555; }
body { font-family: system-ui, sans-serif; line-height: 1.4; margin: 1.5rem auto; max-width: 1300px;
       padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; } .meta, .muted { color: var(--muted); }
.outcome { font-size: 1.15rem; font-weight: bold; padding: .4rem .6rem; border-left: .4rem solid; }
.outcome.holds { border-color: var(--holds); } .outcome.fails { border-color: var(--fails); }
.mark-holds { color: var(--holds); } .mark-fails { color: var(--fails); }
.blocked { font-weight: bold; border: 2px dashed var(--fails); padding: .3rem .5rem; }
.scroll { overflow-x: auto; border: 1px solid #ddd; padding: .3rem; }
svg.graph { max-width: none; } svg text { fill: #111; }
ol.elements > li { margin: .4rem 0; } ol.elements > li.blocking { border-left: 4px solid var(--fails);
       padding-left: .4rem; }
details { margin: .15rem 0; } summary { cursor: pointer; }
.finding { margin: .3rem 0 .3rem 1.2rem; padding: .2rem .5rem; border-left: 2px solid #ccc; }
blockquote { margin: .2rem 0; font-style: italic; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .4rem;
       text-align: left; vertical-align: top; }
@media print {
  body { max-width: none; margin: 0; } .scroll { overflow: visible; border: none; }
  svg.graph { width: 100%; height: auto; } .noprint { display: none; }
  details::details-content { content-visibility: visible; display: block; }
}
"""

SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
)
"""Printing opens every collapsed list, so paper shows everything."""



def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _lv(level: Level | None, lang: str) -> str:
    return "—" if level is None else i18n.level(level, lang)


def mark(holds: bool) -> str:
    """✔ or ✘, coloured."""
    cls, sign = ("holds", "✔") if holds else ("fails", "✘")
    return f'<span class="mark-{cls}">{sign}</span>'


def finding_html(f: FindingRef, lang: str) -> str:
    """One finding: id, level, date, the quoted words, where they are and whose they are."""
    head = f"<b>{_e(f.id)}</b> ({_e(i18n.level(f.level, lang))}" + (f", {_e(f.date)}" if f.date else "") + ")"
    parts = [head]
    if f.quote:
        parts.append(f"<blockquote>«{_e(f.quote)}»</blockquote>")
    who = i18n.voice(f, lang)
    if who:
        parts.append(f"<div>{_e(i18n.word('whose_words', lang))}{i18n.colon(lang)}{_e(who)}</div>")
    if f.section:
        section = i18n.word("under_heading", lang).format(heading=f.section(lang))
        parts.append(f'<div class="muted section">{_e(section)}</div>')
    if f.summary:
        parts.append(f"<div>{_e(f.summary(lang))}</div>")
    return '<div class="finding">' + "".join(parts) + "</div>"


def _fact(use: FactUse, lang: str) -> str:
    return _fact_in(use, lang, i18n.judgment_words())


@functools.lru_cache(maxsize=4096)
def _fact_in(use: FactUse, lang: str, judgment: bool) -> str:
    """One fact and its findings, in the words of a judgment or not (kept: the facts of a case
    come back unchanged on every page of its what-ifs)."""
    sign = {"supports": mark(True), "blocks": mark(False), "neutral": "·"}[use.status]
    against = f" ({_e(i18n.word('weighs_against', lang))})" if use.against else ""
    count = len(use.findings) + len(use.contrary)
    summary = (
        f"{sign} {_e(use.title(lang))}{'' if lang == 'fr' else f' <code>{_e(use.fact)}</code>'}"
        f"{i18n.colon(lang)}<b>{_e(i18n.level(use.level, lang))}</b>"
        f"{against} — {count} {_e(i18n.word('findings', lang))}"
    )
    inner = [finding_html(f, lang) for f in use.findings] or [
        f'<div class="finding muted">{_e(i18n.word("no_finding", lang))}</div>'
    ]
    if use.contrary:
        inner.append(f"<div><i>{_e(i18n.word('cited_against', lang))}</i></div>")
        inner += [finding_html(f, lang) for f in use.contrary]
    return f"<li><details><summary>{summary}</summary>{''.join(inner)}</details></li>"


def status_mark(state: str) -> str:
    """A condition's status drawn as its mark (``i18n.STATUS_MARKS``), coloured."""
    failing = ("fails", "established", "not_excluded")
    cls = "holds" if state == "holds" else "fails" if state in failing else "muted"
    return f'<span class="mark-{cls}" data-mark="{_e(state)}">{i18n.STATUS_MARKS[state]}</span>'


def _condition(x: Condition, blocking: bool, lang: str) -> str:
    state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)
    ident = "" if lang == "fr" else f" <code>{_e(x.id)}</code>"
    text = f"{status_mark(x.status)} <b>{_e(x.title(lang))}</b>{ident}{i18n.colon(lang)}{_e(state)}"
    if x.undecided:
        undecided = i18n.word("undecided", lang).format(level=i18n.level(x.level, lang))
        text += f' <span class="undecided">— {_e(undecided)}</span>'
        for f in x.undecided:
            if f.undecided is not None and f.undecided.quote:
                text += f"<blockquote>«{_e(f.undecided.quote)}»</blockquote>"
    if x.kind == "exception":
        text += f" ({_e(i18n.word('exception', lang))}, {_e(i18n.word('burden_' + str(x.burden), lang))})"
    if blocking:
        text = f"<b>{_e(i18n.word('blocked_by', lang).upper())}</b> " + text
    if x.sources:
        text += f' <span class="muted">— {_e(i18n.typo(i18n.cite(x.sources, lang), lang))}</span>'
    facts = [_fact(u, lang) for u in x.facts if u.status != "neutral" or u.findings]
    cls = ' class="blocking"' if blocking else ""
    data = f' data-condition="{_e(x.id)}" data-status="{_e(x.status)}"'
    return f"<li{cls}{data}>{text}<ul>{''.join(facts)}</ul></li>"


def charge_html(c: ChargeExplanation, lang: str) -> str:
    """One charge: its outcome, what blocked it, its picture, its elements and findings."""
    with i18n.stage_words(c.judgment):
        return _charge_html(c, lang)


def _charge_html(c: ChargeExplanation, lang: str) -> str:

    def w(key: str) -> str:
        return _e(i18n.word(key, lang))

    cmp = "≥" if c.holds else "<"
    state = "holds" if c.holds else "fails"
    out = [
        '<section class="charge">',
        f"<h2>{w('charge')}{i18n.colon(lang)}{_e(charge_title(c, lang))}</h2>",
        f'<p class="muted">{_e(i18n.typo(i18n.cite(c.offence_sources, lang), lang))}</p>',
        f'<p class="outcome {state}">{mark(c.holds)} {_e(i18n.outcome(c.outcome, lang))} — '
        f"{_e(i18n.level(c.level, lang))} {cmp} {_e(i18n.level(c.required, lang))}</p>",
    ]
    colon = i18n.colon(lang)
    out += [f'<p class="blocked">{w("blocked_by")}{colon}{_e(blocking_reason(b, lang))}</p>'
            for b in c.blocking]
    out.append(
        f'<figure><figcaption>{w("picture")}</figcaption><div class="scroll">'
        f"{charge_svg(c, lang)}</div></figure>"
    )
    if c.route is not None:
        out.append(f"<h3>{w('route')}{i18n.colon(lang)}{_e(c.route.title(lang))}</h3>")
        out.append(f'<p class="muted">{_e(i18n.typo(i18n.cite(c.route.sources, lang), lang))}</p>')
        blocked = {b.element for b in c.blocking}
        out.append('<ol class="elements">')
        out += [_condition(x, x.id in blocked, lang) for x in c.elements]
        out.append("</ol>")
    if c.alternatives:
        alts = ", ".join(f"{a.title(lang)} ({i18n.level(a.level, lang)})" for a in c.alternatives)
        out.append(f'<p class="muted">{w("other_routes")}{i18n.colon(lang)}{_e(alts)}</p>')
    for n in c.notes:
        text = n.title(lang) + (f". {n.note(lang)}" if n.note else "")
        out.append(
            f'<p><b>{w("note")}:</b> {_e(text)} '
            f'<span class="muted">({_e(i18n.typo(i18n.cite(n.sources, lang), lang))})</span></p>'
        )
    out.append("</section>")
    return "\n".join(out)


_TAG = re.compile(r"(<[^>]*>)")


def typeset(body: str, lang: str) -> str:
    """``body`` with French typography in the text between its tags (``i18n.typo``: a narrow
    no-break space before : ; ! ?, the court's words between « » left as written); the tags, the
    attributes and English text are returned unchanged."""
    if lang != "fr":
        return body
    parts = _TAG.split(body)
    return "".join(
        part if part.startswith("<") or not part else _e(i18n.typo(unescape(part), lang)) for part in parts
    )


def explanation_html(e: Explanation, lang: str, heading: bool = True) -> str:
    """The body of the report: the case, its stage and outcome, the key, then every charge;
    levels named in the words of the case's stage, wherever the body is shown (the web page too)."""
    with i18n.stage_words(e.stage.judgment), i18n.judge_words(e.judge_gender):
        return typeset(_explanation_html(e, lang, heading), lang)


def _explanation_html(e: Explanation, lang: str, heading: bool) -> str:
    def w(key: str) -> str:
        return _e(i18n.word(key, lang))

    holds = e.outcome_holds
    decided = i18n.word("decided_on", lang).format(
        backend=i18n.backend(e.backend, lang), rules=i18n.rule_base(e.rule_base, lang, e.rule_base_title)
    )
    out = []
    if heading:
        out += [
            f"<h1>{_e(e.title(lang))}</h1>",
            f'<p class="meta">{_e(e.court(lang))}, {_e(i18n.date(e.date, lang))}'
            + (f" — {_e(e.decision(lang))}" if e.decision else "")
            + "</p>",
        ]
    out += [
        f"<p>{w('stage')}{i18n.colon(lang)}{_e(e.stage.title(lang))} — {w('requires')} "
        f"<b>{_e(i18n.required_phrase(e.stage.required, lang))}</b> "
        f"(«{_e(i18n.typo(e.stage.standard(lang), lang))}»{_e(i18n.typo('; ', lang))}"
        f"{_e(i18n.typo(i18n.cite(e.stage.sources, lang, ', '), lang))})</p>",
        f'<p class="outcome {"holds" if holds else "fails"}" id="outcome" data-outcome="{_e(e.outcome)}">'
        f"{w('outcome')}{i18n.colon(lang)}{_e(i18n.outcome(e.outcome, lang))}</p>",
        f'<p class="muted">{_e(decided)}</p>',
        f'<p class="muted">{w("key")}{i18n.colon(lang).rstrip()}</p>{legend_svg(lang)}',
    ]
    out += [charge_html(c, lang) for c in e.charges]
    if e.context:
        items = "".join(finding_html(f, lang) for f in e.context)
        out.append(f"<details><summary>{w('context')} ({len(e.context)})</summary>{items}</details>")
    if e.sources:
        cited = "".join(f"<li>{_e(s(lang))}</li>" for s in e.sources)
        out.append(f"<h2>{w('sources')}</h2><ul>{cited}</ul>")
    return "\n".join(out)


def page(title: str, body: str, lang: str, script: str = "") -> str:
    """A whole HTML page around ``body``, with the inline style and ``script``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(i18n.typo(title, lang))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{SCRIPT}{script}</script>\n</body>\n</html>\n"
    )


def render(e: Explanation, lang: str = "en") -> str:
    """The explanation as one self-contained HTML page (docs/web.md)."""
    with i18n.stage_words(e.stage.judgment), i18n.judge_words(e.judge_gender):
        return _render(e, lang)


def _render(e: Explanation, lang: str) -> str:
    """The explanation as a self-contained HTML page in ``lang``."""
    return page(e.title(lang), explanation_html(e, lang), lang)


# ---------------------------------------------------------------- what-ifs


def _shift_row(c: ChargeShift, x: ElementShift, lang: str, names: Names | None = None) -> str:
    """One row of the table of a what-if; given ``names`` (French), every charge, element, fact
    and rule by its title, with no identifier, as ``verdict whatif --lang fr`` names them."""

    def state(value: bool | None) -> str:
        return "—" if value is None else mark(value)

    def moved(f: FactShift) -> str:
        line = f"{_lv(f.before, lang)} → {_lv(f.after, lang)}"
        if names is not None:
            return f"{names.fact(f.fact, lang)}{i18n.colon(lang)}{line}"
        return f"{f.fact}{i18n.colon(lang)}{line}" + (f" ({', '.join(f.findings)})" if f.findings else "")

    facts = "; ".join(moved(f) for f in x.facts)
    shown = x.rules if names is None else tuple(names.rule(r, lang) for r in x.rules)
    rules = f" {i18n.word('rules_differ', lang)}{i18n.colon(lang)}{', '.join(shown)}" if x.rules else ""
    if not facts and not rules and (c.before is None or c.after is None):
        facts = i18n.word("charge_added" if c.before is None else "charge_dropped", lang)
    if names is not None:
        charge, element = _e(charge_title_shift(c, lang)), _e(x.title(lang))
    else:
        charge = f"{_e(c.accused_name(lang))} — {_e(c.offence_title(lang))}"
        element = f"{_e(x.title(lang))} <code>{_e(x.element)}</code>"
    return (
        f"<tr><td>{charge}</td><td>{element}</td>"
        f"<td>{state(x.held)} {_e(_lv(x.before, lang))}</td>"
        f"<td>{state(x.holds)} {_e(_lv(x.after, lang))}</td>"
        f"<td>{_e(i18n.typo(facts + rules, lang))}</td></tr>"
    )


def whatif_html(wi: WhatIf, lang: str) -> str:
    """The difference a what-if makes, as ``verdict whatif`` tells it: the overlay's title, legal
    note and sources; every finding, stage or law changed; each charge before and after; and why,
    charge by charge: each element that moved or whose facts moved, then what still blocks it."""
    from .whatif import finding_lines, why_lines

    def w(key: str) -> str:
        return _e(i18n.word(key, lang))

    colon = i18n.colon(lang)

    def outcome(value: str | None, c: ChargeShift) -> str:
        if value is None:
            return i18n.word("not_charged", lang)
        return i18n.outcome(value, lang, c.offence_class)

    out = [f'<section id="difference"><h2>{w("difference")}</h2>']
    if wi.title is not None:
        out.append(f'<h3 id="whatif-title">{_e(wi.title(lang))}</h3>')
    if wi.rationale is not None:
        out.append(f'<div id="rationale"><p><b>{w("rationale")}{colon}</b>{_e(wi.rationale(lang))}</p>')
        if wi.sources:
            out.append(f'<p class="muted">{_e(i18n.typo(i18n.cite(wi.sources, lang), lang))}</p>')
        out.append("</div>")
    changes = "".join(f"<li>{_e(i18n.typo(line, lang))}</li>" for line in finding_lines(wi, lang))
    out.append(f'<h3>{w("changes")}</h3><ul id="changes">{changes}</ul>')
    out.append(
        '<p class="outcome">'
        f"{w('outcome')}{colon}{_e(i18n.outcome(wi.baseline.outcome, lang))} → "
        f"{_e(i18n.outcome(wi.variant.outcome, lang))}</p>"
    )
    rows = [
        f"<li>{_e(charge_title_shift(c, lang) + colon + outcome(c.before, c))} → "
        f"<b>{_e(outcome(c.after, c))}</b></li>"
        for c in wi.charges
    ]
    out.append("<ul>" + "".join(rows) + "</ul>")
    names = wi.names if lang != "en" else None  # in French, things by their titles (as render/whatif.py)
    shifts = [_shift_row(c, x, lang, names) for c in wi.charges for x in (*c.elements, *c.unmoved)]
    if shifts:
        head = "".join(
            f"<th>{_e(h)}</th>"
            for h in (
                i18n.word("charge", lang),
                i18n.word("elements", lang),
                i18n.word("baseline", lang),
                i18n.word("variant", lang),
                i18n.word("why_it_changed", lang),
            )
        )
        out.append(f'<table id="shifts"><tr>{head}</tr>{"".join(shifts)}</table>')
    why = []
    for c in wi.charges:
        lines = "".join(
            f'<li class="depth-{depth}">{_e(i18n.typo(line, lang))}</li>'
            for depth, line in why_lines(c, lang, wi.names)
        )
        why.append(f"<li>{_e(charge_title_shift(c, lang))}<ul>{lines}</ul></li>")
    out.append(f'<h3>{w("why")}</h3><ul id="why">{"".join(why)}</ul>')
    out.append("</section>")
    return typeset("\n".join(out), lang)


def charge_title_shift(c: ChargeShift, lang: str) -> str:
    """'complicity in Torture — SA X' for a charge of a what-if."""
    offence = i18n.charge_phrase(c.offence_title(lang), c.accused_as, lang, c.title)
    return f"{offence} — {c.accused_name(lang)}"
