"""What-ifs and counterfactuals as text, JSON and Markdown, in English and French.

Everything shown here was decided by the engine (``engine/explain/whatif.py``,
``engine/explain/counterfactuals.py``); these functions only lay it out.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text as RichText
from rich.tree import Tree

from verdict.engine.explain.counterfactuals import Counterfactual, Search
from verdict.engine.explain.names import Names
from verdict.engine.explain.whatif import ChargeShift, ElementShift, WhatIf
from verdict.engine.model.levels import Level

from . import i18n
from .json_doc import blocking_dict, to_dict
from .safety import markdown_output, terminal_output
from .text import blocking_reason

WHATIF_FORMAT = "verdict.whatif/1"
COUNTERFACTUALS_FORMAT = "verdict.counterfactuals/1"


def _lv(level: Level | None, lang: str) -> str:
    return "—" if level is None else i18n.level(level, lang)


def _id(level: Level | None) -> str | None:
    return None if level is None else level.name_id


def _outcome(value: str | None, lang: str, offence_class: str | None = None) -> str:
    return i18n.word("not_charged", lang) if value is None else i18n.outcome(value, lang, offence_class)


def _titled(names: Names | None, lang: str) -> Names | None:
    """The names to show things by in ``lang``: in French, every fact, rule, condition, charge
    and stage by its title (identifiers only in the commands shown); in English, as before,
    by identifier and title."""
    return names if lang != "en" else None


def _titled_finding_lines(w: WhatIf, names: Names, lang: str) -> list[str]:
    lines = []
    for f in w.findings:
        fact = names.fact(f.fact, lang) if f.fact else i18n.word("context", lang)
        if f.whole_fact:
            if f.after is not None:
                replaced = sum(1 for g in w.findings if g.whole_fact and g.fact == f.fact and g.after is None)
                whole = i18n.word("whole_fact", lang).format(n=replaced)
                lines.append(f"{fact}: {whole} {_lv(f.after, lang)}")
        elif f.before is None:
            lines.append(f"{fact}: {i18n.word('a_finding', lang)} {i18n.word('finding_added', lang)}, "
                         f"{_lv(f.after, lang)}")
        elif f.after is None:
            lines.append(f"{fact}: {i18n.word('a_finding', lang)} {i18n.word('finding_dropped', lang)} "
                         f"({_lv(f.before, lang)})")
        else:  # one finding moved, not the fact: the fact's own level may differ from either side
            one = i18n.word("a_finding", lang)
            lines.append(f"{fact}: {one}, {_lv(f.before, lang)} → {_lv(f.after, lang)}")
    return lines


def finding_lines(w: WhatIf, lang: str) -> list[str]:
    """Each change a what-if made, one line each: findings set, added or dropped, stage, law."""
    names = _titled(w.names, lang)
    lines = [] if names is None else _titled_finding_lines(w, names, lang)
    for f in w.findings if names is None else ():
        fact = f" [{f.fact}]" if f.fact else ""
        if f.whole_fact:
            if f.after is not None:
                replaced = sum(1 for g in w.findings if g.whole_fact and g.fact == f.fact and g.after is None)
                whole = i18n.word("whole_fact", lang).format(n=replaced)
                lines.append(f"{f.fact}: {whole} {_lv(f.after, lang)} ({f.finding})")
        elif f.before is None:
            lines.append(f"{f.finding}{fact}: {i18n.word('finding_added', lang)}, {_lv(f.after, lang)}")
        elif f.after is None:
            lines.append(f"{f.finding}{fact}: {i18n.word('finding_dropped', lang)} ({_lv(f.before, lang)})")
        else:
            lines.append(f"{f.finding}{fact}: {_lv(f.before, lang)} → {_lv(f.after, lang)}")
    if w.baseline.stage.id != w.variant.stage.id:
        before, after = w.baseline.stage.title(lang), w.variant.stage.title(lang)
        lines.append(f"{i18n.word('stage_changed', lang)}: {before} → {after}")
    if w.rules.before != w.rules.after or w.rules.differs:
        lines.append(
            f"{i18n.word('rules', lang)}: {i18n.rule_base(w.rules.before, lang, w.rules.before_title)} → "
            f"{i18n.rule_base(w.rules.after, lang, w.rules.after_title)}"
        )
    r = w.rules
    for key, ids in (("rules_added", r.added), ("rules_removed", r.removed), ("rules_changed", r.changed)):
        if ids:
            shown = ids if names is None else [names.rule(i, lang) for i in ids]
            lines.append(f"{i18n.word(key, lang)}: {'; '.join(shown) if names else ', '.join(shown)}")
    return lines


def _element_line(e: ElementShift, lang: str, names: Names | None = None) -> str:
    def side(level: Level | None, state: str | None, own: Level | None) -> str:
        if state is None:
            return _lv(level, lang)
        if e.kind == "exception":
            shown = own is not None and state in ("rebutted", "established")
            own_words = f" ({_lv(own, lang)})" if shown else ""
            return f"{i18n.status(state, lang).split(':')[0].strip()}{own_words} {i18n.STATUS_MARKS[state]}"
        return f"{_lv(level, lang)} {i18n.STATUS_MARKS[state]}"

    before = side(e.before, e.status_before, e.own_before)
    after = side(e.after, e.status_after, e.own_after)
    if names is not None:
        return f"{e.title(lang)} ({names.rule(e.rule, lang)}): {before} → {after}"
    return f"{e.element} — {e.title(lang)} ({e.rule}): {before} → {after}"


def _why_lines(e: ElementShift, lang: str, names: Names | None = None) -> list[str]:
    if names is not None:
        lines = [f"{names.fact(s.fact, lang)}: {_lv(s.before, lang)} → {_lv(s.after, lang)}" for s in e.facts]
    else:
        lines = [
            f"{s.fact}: {_lv(s.before, lang)} → {_lv(s.after, lang)}"
            + (f" ({', '.join(s.findings)})" if s.findings else "")
            for s in e.facts
        ]
    if e.rules:
        shown = e.rules if names is None else tuple(names.rule(r, lang) for r in e.rules)
        lines.append(f"{i18n.word('rules_differ', lang)}: {'; '.join(shown) if names else ', '.join(shown)}")
    if e.required_before != e.required_after:
        lines.append(
            f"{i18n.word('required', lang)}: {_lv(e.required_before, lang)} → {_lv(e.required_after, lang)}"
        )
    return lines


def _charge_name(c: ChargeShift, lang: str) -> str:
    phrase = i18n.charge_phrase(c.offence_title(lang), c.accused_as, lang, c.title)
    return f"{phrase} — {c.accused_name(lang)}"


def _grouped(charges: tuple[ChargeShift, ...]) -> list[list[ChargeShift]]:
    """The charges, those with the same change (outcomes, elements, blockers) together."""
    groups: dict[object, list[ChargeShift]] = {}
    for c in charges:
        key = (c.before, c.after, c.elements, c.unmoved, c.blocking_after)
        groups.setdefault(key, []).append(c)
    return list(groups.values())


def _outcome_change(c: ChargeShift, lang: str) -> str:
    if not c.changed:
        return f"{_outcome(c.after, lang, c.offence_class)} ({i18n.word('unchanged', lang)})"
    return f"{_outcome(c.before, lang, c.offence_class)} → {_outcome(c.after, lang, c.offence_class)}"


def why_lines(c: ChargeShift, lang: str, names: Names | None = None) -> list[tuple[int, str]]:
    """Why a charge did or did not change, as (depth, line): each element that moved and the facts
    beneath, each element that stayed although facts beneath it moved, then what still blocks it.
    Given ``names``, things are named by their titles in the reader's language (``_titled``)."""
    names = _titled(names, lang)
    lines: list[tuple[int, str]] = []
    for e in (*c.elements, *c.unmoved):
        lines.append((0, _element_line(e, lang, names)))
        lines += [(1, line) for line in _why_lines(e, lang, names)]
    for b in c.blocking_after:
        lines.append((0, f"{i18n.word('still_blocking', lang)}: {blocking_reason(b, lang)}"))
    if not lines:
        lines.append((0, i18n.word("nothing_moved", lang)))
    return lines


# ---------------------------------------------------------------- what-if


def _heading(w: WhatIf, lang: str) -> tuple[str, str]:
    """The what-if's label («What if: ») and title; no label when the title begins with it."""
    title = w.title(lang) if w.title else w.variant.title(lang)
    word = i18n.word("what_if", lang)
    return ("" if title.casefold().startswith(word.casefold()) else f"{word}: "), title


@terminal_output
def whatif_text(w: WhatIf, lang: str = "en") -> RenderableType:
    """A what-if for the terminal: the changes, each charge before and after, why, and the outcome."""
    with (i18n.stage_words(w.baseline.stage.judgment and w.variant.stage.judgment),
          i18n.judge_words(w.variant.judge_gender)):
        return _whatif_text(w, lang)


def _whatif_text(w: WhatIf, lang: str) -> RenderableType:

    def t(markup: str) -> RichText:
        return RichText.from_markup(i18n.typo(markup, lang))

    label, title = _heading(w, lang)
    head = f"[bold]{label}[/]{escape(title)}"
    if w.rationale:
        head += f"\n\n[bold]{i18n.word('rationale', lang)}:[/] {escape(w.rationale(lang))}"
    if w.sources:
        head += f"\n[dim]{escape(i18n.cite(w.sources, lang))}[/]"
    parts: list[RenderableType] = [Panel(t(head), expand=False)]
    changes = Tree(t(f"[bold]{i18n.word('changes', lang)}[/]"))
    for line in finding_lines(w, lang):
        changes.add(t(escape(line)))
    parts.append(changes)
    table = Table(show_lines=False)
    table.add_column(i18n.word("charge", lang))
    table.add_column(i18n.word("baseline", lang))
    table.add_column(i18n.word("variant", lang))
    for c in w.charges:
        style = "bold" if c.changed else "dim"
        before, after = _outcome(c.before, lang, c.offence_class), _outcome(c.after, lang, c.offence_class)
        table.add_row(
            escape(_charge_name(c, lang)),
            f"{escape(before)}\n[dim]{_lv(c.level_before, lang)}[/]",
            f"[{style}]{escape(after)}[/]\n[dim]{_lv(c.level_after, lang)}[/]",
        )
    parts.append(table)
    why = Tree(t(f"[bold]{i18n.word('why', lang)}[/]"))
    for group in _grouped(w.charges):
        names = "; ".join(_charge_name(c, lang) for c in group)
        node = why.add(t(f"[bold]{escape(names)}[/]: {escape(_outcome_change(group[0], lang))}"))
        parent = node
        for depth, line in why_lines(group[0], lang, w.names):
            if depth == 0:
                parent = node.add(t(escape(line)))
            else:
                parent.add(t(f"[dim]{escape(line)}[/]"))
    parts.append(why)
    if w.baseline.outcome == w.variant.outcome:
        outcome = f"{escape(i18n.outcome(w.variant.outcome, lang))} ({i18n.word('unchanged', lang)})"
    else:
        outcome = (
            f"{escape(i18n.outcome(w.baseline.outcome, lang))} → "
            f"[bold]{escape(i18n.outcome(w.variant.outcome, lang))}[/]"
        )
    parts.append(t(f"[bold]{i18n.word('outcome', lang)}:[/] {outcome}"))
    return Group(*parts)


def _element_dict(c: ChargeShift, e: ElementShift) -> dict[str, Any]:
    return {
        "offence": c.offence,
        "accused": c.accused,
        "element": e.element,
        "rule": e.rule,
        "from": _id(e.before),
        "to": _id(e.after),
        "held": e.held,
        "holds": e.holds,
        "kind": e.kind,
        "status": {"from": e.status_before, "to": e.status_after},
        **(
            {"own_level": {"from": _id(e.own_before), "to": _id(e.own_after)}}
            if e.kind == "exception"
            else {}
        ),
        "required": {"from": e.required_before.name_id, "to": e.required_after.name_id},
        "facts": [
            {"fact": s.fact, "from": _id(s.before), "to": _id(s.after), "findings": list(s.findings)}
            for s in e.facts
        ],
        "rules": list(e.rules),
    }


def whatif_dict(w: WhatIf, lang: str = "en") -> dict[str, Any]:
    """A what-if as JSON-ready data (docs/whatif.md)."""
    return {
        "format": WHATIF_FORMAT,
        "title": w.title(lang) if w.title else None,
        "rationale": w.rationale(lang) if w.rationale else None,
        "sources": [s(lang) for s in w.sources],
        "changes": {
            "findings": [
                {
                    "finding": f.finding,
                    "fact": f.fact,
                    "from": _id(f.before),
                    "to": _id(f.after),
                    "whole_fact": f.whole_fact,
                }
                for f in w.findings
            ],
            "stage": {"from": w.baseline.stage.id, "to": w.variant.stage.id},
            "rules": {
                "from": w.rules.before,
                "to": w.rules.after,
                "added": list(w.rules.added),
                "removed": list(w.rules.removed),
                "changed": list(w.rules.changed),
            },
        },
        "outcome": {"from": w.baseline.outcome, "to": w.variant.outcome},
        "charges": [
            {
                "offence": c.offence,
                "accused": c.accused,
                "from": c.before,
                "to": c.after,
                "level": {"from": _id(c.level_before), "to": _id(c.level_after)},
                "route": {"from": c.route_before, "to": c.route_after},
                "changed": c.changed,
                "unmoved": [_element_dict(c, e) for e in c.unmoved],
                "still_blocking": [blocking_dict(b) for b in c.blocking_after],
            }
            for c in w.charges
        ],
        "changed": [_element_dict(c, e) for c in w.charges for e in c.elements],
        "baseline": to_dict(w.baseline, lang),
        "variant": to_dict(w.variant, lang),
    }


@markdown_output
def whatif_markdown(w: WhatIf, lang: str = "en") -> str:
    """A what-if as a short Markdown memo."""
    with (i18n.stage_words(w.baseline.stage.judgment and w.variant.stage.judgment),
          i18n.judge_words(w.variant.judge_gender)):
        return _whatif_markdown(w, lang)


def _whatif_markdown(w: WhatIf, lang: str) -> str:
    label, title = _heading(w, lang)
    out = [f"# {label}{title}", ""]
    if w.rationale:
        out += [f"**{i18n.word('rationale', lang)}.** {w.rationale(lang)}", ""]
        if w.sources:
            out += [f"*{i18n.cite(w.sources, lang)}*", ""]
    out += [f"## {i18n.word('changes', lang)}", ""]
    out += [f"- {line}" for line in finding_lines(w, lang)] + [""]
    out += [
        f"## {i18n.word('outcomes', lang)}",
        "",
        f"| {i18n.word('charge', lang)} | {i18n.word('baseline', lang)} | {i18n.word('variant', lang)} |",
        "|---|---|---|",
    ]
    for c in w.charges:
        before, after = _outcome(c.before, lang, c.offence_class), _outcome(c.after, lang, c.offence_class)
        out.append(
            f"| {_charge_name(c, lang)} | {before} ({_lv(c.level_before, lang)}) | "
            f"{f'**{after}**' if c.changed else after} ({_lv(c.level_after, lang)}) |"
        )
    out += [
        "",
        f"**{i18n.word('outcome', lang)}: {i18n.outcome(w.baseline.outcome, lang)} → "
        f"{i18n.outcome(w.variant.outcome, lang)}.**",
        "",
    ]
    if not any(c.changed for c in w.charges):
        out += [i18n.word("no_outcome_change", lang), ""]
    out += [f"## {i18n.word('why', lang)}", ""]
    for group in _grouped(w.charges):
        names = "; ".join(_charge_name(c, lang) for c in group)
        out += [f"### {names}: {_outcome_change(group[0], lang)}", ""]
        out += [f"{'  ' * depth}- {line}" for depth, line in why_lines(group[0], lang, w.names)]
        out.append("")
    return i18n.typo("\n".join(out), lang)


# ---------------------------------------------------------------- counterfactuals


def moved_finding(fact: str, lang: str) -> str:
    """A finding that moved, named by the title of its fact: «L'aide a … : une constatation,»."""
    return f"{fact}: {i18n.word('a_finding', lang)},"


def _move_line(cf: Counterfactual, lang: str, names: Names | None = None) -> list[str]:
    if names is not None:
        # a finding moves, not the fact: the fact's own level may differ
        return [
            f"{moved_finding(names.fact(m.fact, lang), lang)} {_lv(m.before, lang)} → {_lv(m.after, lang)}"
            for m in cf.moves
        ]
    return [f"{m.finding} [{m.fact}]: {_lv(m.before, lang)} → {_lv(m.after, lang)}" for m in cf.moves]


def _effect_lines(cf: Counterfactual, lang: str, names: Names | None = None) -> list[str]:
    lines = []
    for c in cf.charges:
        if c.before == c.after and not c.repairs and not c.breaks:
            continue
        if names is not None:
            title, accused_as, named, party = names.charge(c.offence, c.accused)
            phrase = i18n.charge_phrase(title(lang) if title else c.offence, accused_as, lang, named)
            text = (f"{phrase} — {party(lang) if party else c.accused}: "
                    f"{i18n.outcome(c.before, lang)} → {i18n.outcome(c.after, lang)}")
        else:
            text = f"{c.offence}/{c.accused}: {c.before} → {c.after}"

        def shown(ids: tuple[str, ...]) -> str:
            return "; ".join(names.element(i, lang) for i in ids) if names is not None else ", ".join(ids)

        labels = []
        if c.repairs:
            labels.append(f"{i18n.word('repairs', lang)} {shown(c.repairs)}")
        if c.breaks:
            labels.append(f"{i18n.word('breaks', lang)} {shown(c.breaks)}")
        lines.append(text + (f" ({'; '.join(labels)})" if labels else ""))
    return lines


def _summary(s: Search, lang: str) -> str:
    text = (
        f"{len(s.results)} {i18n.word('smallest_changes', lang)} "
        f"({i18n.word('at_most_findings', lang).format(n=s.max_changes)}"
    )
    if s.toward:
        text += f", {i18n.word('toward', lang)} {i18n.outcome(s.toward, lang)}"
    return text + f"); {i18n.word('confirmed_by', lang).format(backend=i18n.backend(s.confirmed_by, lang))}."


class Unwrapped:
    """A line printed whole, never wrapped nor cropped, so that a command can be copied as is."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.text, Style(color="cyan"))
        yield Segment.line()


def whatif_command(cf: Counterfactual, prefix: str) -> str:
    """The ``verdict whatif`` command that decides the case with this change set."""
    return " ".join([prefix, *(f"--set {m.finding}={m.after.name_id}" for m in cf.moves)])


def _groups(s: Search, lang: str) -> dict[tuple[tuple[str, str], ...], list[tuple[int, Counterfactual]]]:
    """The ranked sets grouped by the facts they move and where to (several findings bear on one fact)."""
    groups: dict[tuple[tuple[str, str], ...], list[tuple[int, Counterfactual]]] = {}
    for rank, cf in enumerate(s.results, 1):
        key = tuple(sorted({(m.fact, i18n.level(m.after, lang)) for m in cf.moves}))
        groups.setdefault(key, []).append((rank, cf))
    return groups


@terminal_output
def counterfactuals_text(
    s: Search, lang: str = "en", limit: int | None = 12, command: str | None = None
) -> RenderableType:
    """The counterfactuals for the terminal: grouped by the facts they move, each set ranked with its
    outcome and, given the ``command`` prefix (``verdict whatif CASE``), the command that decides it."""

    def t(markup: str) -> RichText:
        return RichText.from_markup(i18n.typo(markup, lang))

    names = _titled(s.names, lang)
    stage = s.stage if names is None or s.stage not in names.stages else names.stages[s.stage](lang)
    head = (
        f"[bold]{i18n.word('counterfactuals', lang)}:[/] {escape(s.title(lang))}\n"
        f"{i18n.word('stage', lang)}: {escape(stage)} — {i18n.word('requires', lang)} "
        f"[bold]{i18n.required_phrase(s.required, lang)}[/]; {i18n.word('outcome', lang)}: "
        f"[bold]{escape(i18n.outcome(s.outcome, lang))}[/] "
        f"[dim]({i18n.word('rules', lang)}: {escape(i18n.rule_base(s.rule_base, lang, s.rule_base_title))}; "
        f"{s.movable} {i18n.word('findings_movable', lang)})[/]"
    )
    parts: list[RenderableType] = [Panel(t(head), expand=False)]
    if not s.results:
        parts.append(t(i18n.word("none_found", lang).format(n=s.max_changes)))
        return Group(*parts)
    parts.append(t(_summary(s, lang)))
    shown = 0
    for key, members in _groups(s, lang).items():
        facts = "; ".join(
            f"{fact if names is None else names.fact(fact, lang)} → {level}" for fact, level in key
        )
        parts.append(t(f"\n[bold]{escape(facts)}[/] [dim]({len(members)} {i18n.word('sets', lang)})[/]"))
        first_effects = _effect_lines(members[0][1], lang, names)
        for rank, cf in members:
            if limit is not None and shown >= limit:
                break
            shown += 1
            moves = "; ".join(
                f"{m.finding if names is None else moved_finding(names.fact(m.fact, lang), lang)} "
                f"{_lv(m.before, lang)} → "
                f"{_lv(m.after, lang)}"
                for m in cf.moves
            )
            parts.append(t(f"  {rank}. → [bold]{escape(i18n.outcome(cf.outcome, lang))}[/]: {escape(moves)}"))
            effects = _effect_lines(cf, lang, names)
            if rank == members[0][0] or effects != first_effects:
                parts += [t(f"     [dim]{escape(line)}[/]") for line in effects]
            if command:
                parts.append(Unwrapped(f"     {whatif_command(cf, command)}"))
    if shown < len(s.results):
        parts.append(t(i18n.word("more_sets", lang).format(n=len(s.results) - shown)))
    return Group(*parts)


def counterfactuals_dict(s: Search, lang: str = "en", command: str | None = None) -> dict[str, Any]:
    """The counterfactuals as JSON-ready data (docs/whatif.md)."""
    return {
        "format": COUNTERFACTUALS_FORMAT,
        "case": s.case,
        "title": s.title(lang),
        "stage": s.stage,
        "required": s.required.name_id,
        "rules": s.rule_base,
        "outcome": s.outcome,
        "charges": [{"offence": o, "accused": a, "outcome": out} for o, a, out in s.charges],
        "toward": s.toward,
        "max_changes": s.max_changes,
        "confirmed_by": s.confirmed_by,
        "counterfactuals": [
            {
                "rank": rank,
                "changes": [
                    {"fact": m.finding, "bears_on": m.fact, "from": m.before.name_id, "to": m.after.name_id}
                    for m in cf.moves
                ],
                "distance": cf.distance,
                "outcome": cf.outcome,
                **({"command": whatif_command(cf, command)} if command else {}),
                "charges": [
                    {
                        "offence": c.offence,
                        "accused": c.accused,
                        "from": c.before,
                        "outcome": c.after,
                        "repairs": list(c.repairs),
                        "breaks": list(c.breaks),
                    }
                    for c in cf.charges
                ],
            }
            for rank, cf in enumerate(s.results, 1)
        ],
    }


@markdown_output
def counterfactuals_markdown(s: Search, lang: str = "en") -> str:
    """The counterfactuals as a Markdown list, ranked."""
    names = _titled(s.names, lang)
    stage = f"`{s.stage}`" if names is None or s.stage not in names.stages else names.stages[s.stage](lang)
    out = [
        f"# {i18n.word('counterfactuals', lang)}: {s.title(lang)}",
        "",
        f"{i18n.word('stage', lang)}: {stage} — {i18n.word('requires', lang)} "
        f"{i18n.required_phrase(s.required, lang)}. {i18n.word('outcome', lang)}: "
        f"**{i18n.outcome(s.outcome, lang)}**.",
        "",
    ]
    if not s.results:
        return i18n.typo("\n".join([*out, i18n.word("none_found", lang).format(n=s.max_changes), ""]), lang)
    out += [_summary(s, lang), ""]
    for rank, cf in enumerate(s.results, 1):
        out.append(f"{rank}. **{i18n.outcome(cf.outcome, lang)}**")
        out += [f"   - `{line}`" if names is None else f"   - {line}" for line in _move_line(cf, lang, names)]
        out += [f"   - {line}" for line in _effect_lines(cf, lang, names)]
    return i18n.typo("\n".join([*out, ""]), lang)
