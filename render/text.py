"""The explanation for the terminal: a one-screen summary, or the full proof tree.

The summary gives, in this order: the outcome and the stage's standard; a line per charge;
for each group of charges that share their reasoning, the elements of the route (the
blocking ones first, in the engine's order); why each blocker fails, with the court's
own words under the facts that hold it back; and the notes (attempted complicity). The
tree (``--tree``, ``--detail``) shows every element, fact and finding beneath.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text as RichText
from rich.tree import Tree

from verdict.engine.explain.explanation import (
    Blocking,
    ChargeExplanation,
    Condition,
    Explanation,
    FactUse,
    FindingRef,
)
from verdict.engine.model.base import Text

from . import i18n
from .charges import charge_outcome, charge_title, offence_phrase
from .safety import terminal_output

MARK = {"supports": "[green]✔[/]", "blocks": "[red]✘[/]", "neutral": "[dim]·[/]"}


def _w(key: str, lang: str) -> str:
    return i18n.word(key, lang)


def _t(markup: str, lang: str) -> RichText:
    return RichText.from_markup(i18n.typo(markup, lang))


def named(ident: str, title: Text | None, lang: str) -> str:
    """A thing as the reader is told of it: its identifier in English, its title in French."""
    return title(lang) if lang == "fr" and title is not None else ident


def blocking_reason(b: Blocking, lang: str) -> str:
    """One line saying why a condition fails, in ``lang``."""
    text = (
        f"{named(b.element, b.title, lang)}: {i18n.level(b.level, lang)}, "
        + _w("required_level", lang).format(level=i18n.required_phrase(b.required, lang))
    )
    if b.because:
        parts = [
            f"{named(w.fact, w.title, lang)} ({i18n.level(w.level, lang)}; "
            f"{_w('needs_' + w.direction, lang)} {i18n.required_phrase(w.bound, lang)})"
            for w in b.because
        ]
        if lang == "fr":  # inside the sentence: «retenu par l'aide a …»
            parts = [i18n.lower_first(part) for part in parts]
        text += f" — {_w('held_back_by', lang)} " + ", ".join(parts)
    return i18n.typo(text, lang)


def shared_groups(charges: tuple[ChargeExplanation, ...], same_levels: bool = True) -> list[list[int]]:
    """Indexes of the charges that share their reasoning: same route, outcome, elements, blockers
    and notes; with ``same_levels=False``, elements that hold may hold at different levels."""

    def key(c: ChargeExplanation) -> object:
        return (
            c.route.id if c.route else None,
            c.outcome,
            c.level if same_levels else c.holds,
            tuple(
                (x.id, x.level if same_levels or not x.holds else None, x.holds, x.status, x.undecided)
                for x in c.elements
            ),
            c.blocking,
            tuple(n.id for n in c.notes),
        )

    groups: dict[object, list[int]] = {}
    for index, c in enumerate(charges):
        groups.setdefault(key(c), []).append(index)
    return list(groups.values())


def _numbers(indexes: list[int], lang: str) -> str:
    names = [str(i + 1) for i in indexes]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {_w('and', lang)} {names[-1]}"
    return f"{_w('charge' if len(names) == 1 else 'charges', lang)} {joined}"


def ordered_elements(c: ChargeExplanation) -> list[Condition]:
    """The route's conditions, the blocking ones first in the engine's order, then the others."""
    by_id = {x.id: x for x in c.elements}
    first = [by_id[b.element] for b in c.blocking if b.element in by_id]
    return first + [x for x in c.elements if x not in first]


def _fact_uses(c: ChargeExplanation) -> dict[str, FactUse]:
    uses: dict[str, FactUse] = {}
    for x in c.elements:
        for u in x.facts:
            uses.setdefault(u.fact, u)
    return uses


def _quotes_by_level(findings: list[FindingRef], lang: str, decisive_first: bool = False) -> str:
    """The court's words on a fact, by level, strongest first: «plausible: «…»; «…». not shown: «…»»;
    with ``decisive_first`` (a fact that blocks), the weakest first: the court's sentence that
    the fact is not shown, then its hedges."""
    parts: list[str] = []
    for level in sorted({f.level for f in findings}, reverse=not decisive_first):
        words = [
            (f"[italic]«{escape(f.quote)}»[/]" if f.quote else escape(f.summary(lang) if f.summary else f.id))
            + (f" [dim]({escape(who)})[/]" if (who := i18n.voice(f, lang)) else "")
            for f in findings
            if f.level == level
        ]
        parts.append(f"[bold]{i18n.level(level, lang)}[/]: " + "; ".join(words))
    return ". ".join(parts)


MARK_STYLE = {"holds": "green", "fails": "bold red", "established": "bold red", "not_excluded": "bold red"}


def _mark(x: Condition) -> str:
    """The mark of a condition's status, coloured."""
    return f"[{MARK_STYLE.get(x.status, 'dim')}]{i18n.STATUS_MARKS[x.status]}[/]"


def _state(x: Condition, lang: str) -> str:
    """A condition's standing: an element's level against the required one, an exception's status."""
    return i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)


def _states(e: Explanation, group: list[int], x: Condition, lang: str) -> str:
    """A condition's standing in a group of charges: once when it is the same in each, else each
    charge's, named by its number."""
    same = [next(y for y in e.charges[i].elements if y.id == x.id) for i in group]
    states = [_state(y, lang) for y in same]
    if len(set(states)) == 1:
        return states[0]
    named = zip(group, states, strict=True)
    return "; ".join(f"{state} ({_numbers([i], lang).lower()})" for i, state in named)


def _undecided_tail(x: Condition, lang: str) -> str:
    """«— not decided by the decision; taken at LEVEL for the reasoning», when so."""
    if not x.undecided:
        return ""
    return f" [magenta]— {escape(_w('undecided', lang).format(level=i18n.level(x.level, lang)))}[/]"


def _why(c: ChargeExplanation, b: Blocking, lang: str) -> list[str]:
    """Why the blocking element fails: its standard, each fact below it, and the court's words."""
    lines = [
        f"[bold]{_w('why', lang)}:[/] "
        + _w("why_line", lang).format(
            element=escape(named(b.element, b.title, lang)),
            level=i18n.level(b.level, lang),
            required=i18n.required_phrase(b.required, lang),
        )
        + (f"; {_w('held_back', lang)}:" if b.because else "")
    ]
    uses = _fact_uses(c)
    contrary: dict[str, FindingRef] = {}
    for weak in b.because:
        cmp = "<" if weak.direction == "at_least" else ">"
        ident = f" [dim]({weak.fact})[/]" if lang != "fr" else ""
        lines.append(
            f"  [red]✘[/] {escape(weak.title(lang))}{ident}: "
            f"{i18n.level(weak.level, lang)} {cmp} {i18n.level(weak.bound, lang)}"
        )
        use = uses.get(weak.fact)
        found = [f for f in (use.findings if use else ()) if f.id in weak.findings]
        own = [f for f in found if f.voice in (None, "court")] or found  # the court's own words first
        none = f"[dim]{_w('no_finding', lang)}[/]"
        words = _quotes_by_level(own, lang, decisive_first=True) if own else none
        if len(own) < len(found):
            words += f" [dim]{_w('other_voices', lang).format(n=len(found) - len(own))}[/]"
        lines.append(f"    {words}")
        contrary.update((f.id, f) for f in (use.contrary if use else ()))
    if contrary:
        lines.append(f"  [magenta]{_w('weighing_note', lang).format(n=len(contrary))}[/]")
    return lines


def _procedure_lines(c: ChargeExplanation, lang: str) -> list[str]:
    """The procedural ground that made the charge hold, the bar that gave its outcome, or the
    lesser outcome a charge short of the stage's standard gets, and on what."""
    lines = []
    for p in c.procedure:
        if p.short_of:
            head = _w("short_of", lang).format(outcome=i18n.outcome(p.outcome, lang))
            on = (_w("short_of_evidence", lang) if p.by is None
                  else _w("short_of_ground", lang).format(ground=p.by(lang)))
            lines.append(
                f"[bold cyan]{escape(head)}:[/] {escape(on)}, {i18n.level(p.level, lang)} — "
                f"{escape(p.title(lang))} [dim]({escape(i18n.cite(p.sources, lang))})[/]"
            )
            continue
        lines.append(
            f"[bold cyan]{_w('ground' if p.kind == 'ground' else 'bar', lang)}:[/] {escape(p.title(lang))} "
            f"— {i18n.level(p.level, lang)} [dim]({escape(i18n.cite(p.sources, lang))})[/]"
        )
    return lines


def _note_lines(c: ChargeExplanation, lang: str, sources: bool = True) -> list[str]:
    out = []
    for n in c.notes:
        note = f"[bold yellow]{_w('note', lang)}:[/] {escape(n.title(lang))}"
        if n.note is not None:
            note += f". {escape(n.note(lang))}"
        out.append(note + (f" [dim]({escape(i18n.cite(n.sources, lang))})[/]" if sources else ""))
    return out


def _outcome_line(e: Explanation, lang: str) -> str:
    colour = "green" if e.outcome_holds else "red"
    return f"[bold]{_w('outcome', lang)}: [{colour}]{escape(i18n.outcome(e.outcome, lang))}[/][/]"


def _stage_line(e: Explanation, lang: str, sources: bool = True) -> str:
    standard = i18n.typo(e.stage.standard(lang), lang)
    return (
        f"{_w('stage', lang)}: {escape(e.stage.title(lang))} — {_w('requires', lang)} "
        f"[bold]{i18n.required_phrase(e.stage.required, lang)}[/]: «{escape(standard)}»"
        + (f" [dim]({escape(i18n.cite(e.stage.sources, lang))})[/]" if sources else "")
    )


def _header(e: Explanation, lang: str) -> list[str]:
    decision = f" — {escape(e.decision(lang))}" if e.decision else ""
    return [
        f"[bold]{escape(e.title(lang))}[/]",
        f"[dim]{escape(e.court(lang))}, {escape(i18n.date(e.date, lang))}{decision}[/]",
        _outcome_line(e, lang),
        _stage_line(e, lang),
    ]


def summary(e: Explanation, lang: str = "en") -> RenderableType:
    """The explanation on one screen: outcome, charges, elements, the blocker and the court's words."""
    with i18n.stage_words(e.stage.judgment), i18n.judge_words(e.judge_gender):
        return _summary(e, lang)


def _summary(e: Explanation, lang: str) -> RenderableType:
    decision = f", {escape(e.decision(lang))}" if e.decision else ""
    lines = [
        f"[bold]{escape(e.title(lang))}[/]",
        _outcome_line(e, lang) + f" [dim]— {escape(i18n.date(e.date, lang))}{decision}[/]",
        _stage_line(e, lang, sources=False),
        "",
    ]
    for index, c in enumerate(e.charges, 1):
        mark = "[green]✔[/]" if c.holds else "[red]✘[/]"
        lines.append(
            f"{index}. {mark} {escape(offence_phrase(c, lang))} — {escape(c.accused_name(lang))}: "
            f"[bold]{escape(charge_outcome(c, lang))}[/]"
        )
    for group in shared_groups(e.charges, same_levels=False):
        c = e.charges[group[0]]
        lines.append("")
        who = _numbers(group, lang) if len(e.charges) > 1 else _w("charge", lang)
        if c.route is None:
            lines.append(f"[bold]{who}:[/] {_w('no_route', lang)}")
            lines += _note_lines(c, lang, sources=False)
            continue
        lines.append(f"[bold]{who} — {_w('route', lang)}:[/] {escape(c.route.title(lang))}")
        quiet = [x for x in c.elements if x.status == "not_raised"]
        for x in ordered_elements(c):
            if x in quiet:
                continue
            dagger = " [magenta]†[/]" if x.undecided else ""
            lines.append(f"  {_mark(x)} {escape(x.title(lang))}: {_states(e, group, x, lang)}{dagger}")
        open_levels = sorted({x.level for x in c.elements if x.undecided}, reverse=True)
        if open_levels:
            said = "; ".join(_w("undecided", lang).format(level=i18n.level(lv, lang)) for lv in open_levels)
            lines.append(f"  [magenta]† {escape(said)}[/]")
        if quiet:
            colon = i18n.NNBSP + ":" if lang == "fr" else ":"
            names = [x.title(lang) if lang == "fr" else x.id for x in quiet]
            lines.append(f"  [dim]{_w('not_raised', lang)}{colon} {escape(', '.join(names))}[/]")
        for b in c.blocking:
            lines += _why(c, b, lang)
        lines += _procedure_lines(c, lang)
        lines += _note_lines(c, lang, sources=False)
    lines.append(f"[dim]{_w('tree_hint', lang)}[/]")
    return Group(*(_t(line, lang) for line in lines))


# ---------------------------------------------------------------- the tree


def _finding(tree: Tree, f: FindingRef, lang: str) -> None:
    head = f"[dim]{escape(f.id)}[/] ({i18n.level(f.level, lang)})"
    if f.date:
        head += f" [dim]{escape(i18n.date(f.date, lang))}[/]"
    node = tree.add(_t(head, lang))
    text = f"[italic]«{escape(f.quote)}»[/]" if f.quote else escape(f.summary(lang) if f.summary else "")
    if text:
        node.add(_t(text, lang))
    if f.section:
        node.add(_t(f"[dim]{escape(_w('under_heading', lang).format(heading=f.section(lang)))}[/]", lang))


def _ident(ident: str, lang: str) -> str:
    """`` (ident)`` after a title in English; nothing in French, where titles stand alone."""
    return "" if lang == "fr" else f" [dim]({ident})[/]"


def _fact(tree: Tree, use: FactUse, lang: str, detail: bool) -> None:
    arrow = f" [magenta]({_w('weighs_against', lang)})[/]" if use.against else ""
    node = tree.add(
        _t(
            f"{MARK[use.status]} {escape(use.title(lang))}{_ident(use.fact, lang)}: "
            f"[bold]{i18n.level(use.level, lang)}[/]{arrow}",
            lang,
        )
    )
    if not use.findings:
        node.add(_t(f"[dim]{_w('no_finding', lang)}[/]", lang))
    # under a blocking fact every finding is the court's reason: none is folded away
    folded = not detail and use.status != "blocks"
    shown = [f for f in use.findings if f.level == use.level] if folded else use.findings
    for f in shown:
        _finding(node, f, lang)
    if len(shown) < len(use.findings):
        node.add(_t(f"[dim]+{len(use.findings) - len(shown)} {_w('more_findings', lang)}[/]", lang))
    if use.contrary:
        contrary = node.add(_t(f"[magenta]{_w('cited_against', lang)}[/]", lang))
        for f in use.contrary:
            _finding(contrary, f, lang)


def _condition(
    tree: Tree, c: Condition, blocking: bool, lang: str, detail: bool, same_as: str | None
) -> None:
    ident = "" if lang == "fr" else f"[bold]{c.id}[/] — "
    label = f"{_mark(c)} {ident}{escape(c.title(lang))}: {_state(c, lang)}{_undecided_tail(c, lang)}"
    if c.kind == "exception":
        label += f" [dim]({_w('exception', lang)}, {_w('burden_' + str(c.burden), lang)})[/]"
    if blocking:
        label = f"[on red] {_w('blocked_by', lang).upper()} [/] " + label
    if same_as is not None:
        tree.add(_t(label + f" [dim]({_w('same_as', lang)} {same_as})[/]", lang))
        return
    node = tree.add(_t(label, lang))
    for f in c.undecided:
        if f.undecided is not None and (f.undecided.quote or f.undecided.note):
            words = f"[italic]«{escape(f.undecided.quote)}»[/] " if f.undecided.quote else ""
            note = escape(f.undecided.note(lang)) if f.undecided.note else ""
            node.add(_t(f"[magenta]{words}{note}[/]", lang))
    if c.sources:
        node.add(_t(f"[dim]{escape(i18n.cite(c.sources, lang))}[/]", lang))
    for use in c.facts:
        if use.status != "neutral" or use.findings:
            _fact(node, use, lang, detail)


def _charge(
    root: Tree, index: int, c: ChargeExplanation, lang: str, detail: bool, seen: dict[Condition, int]
) -> None:
    colour = "red" if not c.holds else "green"
    node = root.add(
        _t(
            f"[bold]{index}. {_w('charge', lang)}:[/] {escape(charge_title(c, lang))} "
            f"[dim]({escape(i18n.cite(c.offence_sources, lang))})[/]\n"
            f"[bold {colour}]{escape(charge_outcome(c, lang))}[/] — "
            f"{i18n.level(c.level, lang)} {'≥' if c.holds else '<'} {i18n.level(c.required, lang)}",
            lang,
        )
    )
    if c.route is not None:
        route = node.add(
            _t(
                f"[bold]{_w('route', lang)}:[/] {escape(c.route.title(lang))} "
                f"[dim]({escape(i18n.cite(c.route.sources, lang))})[/]",
                lang,
            )
        )
        blocked = {b.element for b in c.blocking}
        for cond in ordered_elements(c):
            earlier = seen.get(cond)
            same_as = None if earlier is None else f"{_w('charge', lang).lower()} {earlier}"
            _condition(route, cond, cond.id in blocked, lang, detail, same_as)
            seen.setdefault(cond, index)
    for b in c.blocking:
        node.add(_t(f"[bold red]{_w('blocked_by', lang)}:[/] {escape(blocking_reason(b, lang))}", lang))
    if c.alternatives:
        alts = ", ".join(f"{a.title(lang)} ({i18n.level(a.level, lang)})" for a in c.alternatives)
        node.add(_t(f"[dim]{_w('other_routes', lang)}: {escape(alts)}[/]", lang))
    for line in [*_procedure_lines(c, lang), *_note_lines(c, lang)]:
        node.add(_t(line, lang))


def tree(e: Explanation, lang: str = "en", detail: bool = False) -> RenderableType:
    """The full proof tree; an element already shown for an earlier charge is named, not repeated."""
    with i18n.stage_words(e.stage.judgment), i18n.judge_words(e.judge_gender):
        return _tree(e, lang, detail)


def _tree(e: Explanation, lang: str, detail: bool) -> RenderableType:
    header = _t("\n".join(_header(e, lang)), lang)
    used = _w("backend_used", lang).format(backend=i18n.backend(e.backend, lang))
    root = Tree(
        _t(
            f"[bold]{_w('charges', lang)}[/] [dim]({used}, "
            f"{_w('rules', lang)}: {escape(i18n.rule_base(e.rule_base, lang, e.rule_base_title))})[/]",
            lang,
        )
    )
    seen: dict[Condition, int] = {}
    for index, c in enumerate(e.charges, 1):
        _charge(root, index, c, lang, detail, seen)
    if e.context and detail:
        ctx = root.add(_t(f"[dim]{_w('context', lang)}[/]", lang))
        for f in e.context:
            _finding(ctx, f, lang)
    return Group(Panel(header, expand=False), root)


@terminal_output
def render(e: Explanation, lang: str = "en", detail: bool = False, as_tree: bool = False) -> RenderableType:
    """The explanation as a rich renderable: the summary, or the tree (``detail``: every finding)."""
    return tree(e, lang, detail) if detail or as_tree else summary(e, lang)


def pick_charge(e: Explanation, wanted: str) -> Explanation:
    """``e`` keeping one charge: by number (from 1), ``offence/accused``, offence or accused id."""
    from dataclasses import replace

    from verdict.engine.errors import VerdictError

    names = [f"{c.offence}/{c.accused}" for c in e.charges]
    chosen = [
        c
        for i, c in enumerate(e.charges, 1)
        if wanted in (str(i), f"{c.offence}/{c.accused}", c.offence, c.accused)
    ]
    if len(chosen) != 1:
        from verdict.messages import Join, Message

        problem = "option.charge_several" if chosen else "option.charge_none"
        raise VerdictError(Message(problem, charge=repr(wanted), charges=Join(names)))
    return replace(e, charges=tuple(chosen))
