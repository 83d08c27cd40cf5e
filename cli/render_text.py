"""The explanation as a rich tree for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text as RichText
from rich.tree import Tree

from verdict.engine.explain import (
    Blocking,
    ChargeExplanation,
    Condition,
    Explanation,
    FactUse,
    FindingRef,
)

from . import i18n

MARK = {"supports": "[green]✔[/]", "blocks": "[red]✘[/]", "neutral": "[dim]·[/]"}


def _finding(tree: Tree, f: FindingRef, lang: str) -> None:
    head = f"[dim]{escape(f.id)}[/] ({i18n.level(f.level, lang)})"
    if f.date:
        head += f" [dim]{escape(f.date)}[/]"
    node = tree.add(head)
    if f.quote:
        node.add(f"[italic]«{escape(f.quote)}»[/]" + (f" [dim]— {escape(f.section)}[/]" if f.section else ""))
    elif f.summary:
        node.add(escape(f.summary) + (f" [dim]— {escape(f.section)}[/]" if f.section else ""))


def _fact(tree: Tree, use: FactUse, lang: str, detail: bool) -> None:
    arrow = f" [magenta]({i18n.word('weighs_against', lang)})[/]" if use.against else ""
    node = tree.add(
        f"{MARK[use.status]} {escape(use.title(lang))} [dim]({use.fact})[/]: "
        f"[bold]{i18n.level(use.level, lang)}[/]{arrow}"
    )
    if not use.findings:
        node.add(f"[dim]{i18n.word('no_finding', lang)}[/]")
    shown = use.findings if detail else [f for f in use.findings if f.level == use.level]
    for f in shown:
        _finding(node, f, lang)
    if len(shown) < len(use.findings):
        node.add(f"[dim]+{len(use.findings) - len(shown)} {i18n.word('more_findings', lang)}[/]")
    if use.contrary:
        contrary = node.add(f"[magenta]{i18n.word('cited_against', lang)}[/]")
        for f in use.contrary:
            _finding(contrary, f, lang)


def _condition(tree: Tree, c: Condition, blocking: bool, lang: str, detail: bool) -> None:
    mark = "[green]✔[/]" if c.holds else "[bold red]✘[/]"
    cmp = "≥" if c.holds else "<"
    label = f"{mark} [bold]{c.id}[/] — {escape(c.title(lang))}: "
    label += f"{i18n.level(c.level, lang)} {cmp} {i18n.level(c.required, lang)}"
    if c.kind == "exception":
        label += f" [dim]({i18n.word('exception', lang)}, {i18n.word('burden_' + str(c.burden), lang)})[/]"
    if blocking:
        label = f"[on red] {i18n.word('blocked_by', lang).upper()} [/] " + label
    node = tree.add(label)
    if c.sources:
        node.add(f"[dim]{escape('; '.join(c.sources))}[/]")
    for use in c.facts:
        if use.status != "neutral" or use.findings:
            _fact(node, use, lang, detail)


def blocking_reason(b: Blocking, lang: str) -> str:
    """One line saying why a condition fails, in ``lang``."""
    text = (
        f"{b.element}: {i18n.level(b.level, lang)}, {i18n.word('required', lang)} "
        f"{i18n.level(b.required, lang)}"
    )
    if b.because:
        parts = [
            f"{w.fact} ({i18n.level(w.level, lang)}; "
            f"{i18n.word('needs_' + w.direction, lang)} {i18n.level(w.bound, lang)})"
            for w in b.because
        ]
        text += f" — {i18n.word('held_back_by', lang)} " + ", ".join(parts)
    return text


def charge_title(c: ChargeExplanation, lang: str) -> str:
    """'complicity in Torture — SA Qosmos' in ``lang``."""
    return (
        f"{i18n.word('complicity_in', lang)} {c.offence_title(lang)} "
        f"— {c.accused_name} ({i18n.KINDS[lang][c.accused_kind]})"
    )


def _charge(root: Tree, c: ChargeExplanation, lang: str, detail: bool) -> None:
    colour = "red" if not c.holds else "green"
    node = root.add(
        f"[bold]{i18n.word('charge', lang)}:[/] {escape(charge_title(c, lang))} "
        f"[dim]({escape('; '.join(c.offence_sources))})[/]\n"
        f"[bold {colour}]{i18n.outcome(c.outcome, lang)}[/] — "
        f"{i18n.level(c.level, lang)} {'≥' if c.holds else '<'} {i18n.level(c.required, lang)}"
    )
    if c.route is not None:
        route = node.add(
            f"[bold]{i18n.word('route', lang)}:[/] {escape(c.route.title(lang))} "
            f"[dim]({escape('; '.join(c.route.sources))})[/]"
        )
        blocked = {b.element for b in c.blocking}
        for cond in c.elements:
            _condition(route, cond, cond.id in blocked, lang, detail)
    for b in c.blocking:
        node.add(f"[bold red]{i18n.word('blocked_by', lang)}:[/] {escape(blocking_reason(b, lang))}")
    if c.alternatives:
        alts = ", ".join(f"{a.title(lang)} ({i18n.level(a.level, lang)})" for a in c.alternatives)
        node.add(f"[dim]{i18n.word('other_routes', lang)}: {escape(alts)}[/]")
    for n in c.notes:
        note = (
            f"[bold yellow]{i18n.word('note', lang)}:[/] {escape(n.title(lang))} "
            f"— {i18n.level(n.level, lang)}"
        )
        if n.note is not None:
            note += f". {escape(n.note(lang))}"
        node.add(note + f" [dim]({escape('; '.join(n.sources))})[/]")


def render(e: Explanation, lang: str = "en", detail: bool = False) -> Group:
    """The explanation as a rich renderable; ``detail`` shows every finding, not the decisive ones."""
    header = RichText.from_markup(
        f"[bold]{escape(e.title(lang))}[/]\n{escape(e.court)}, {escape(e.date)}"
        + (f" — {escape(e.decision)}" if e.decision else "")
        + f"\n{i18n.word('stage', lang)}: {escape(e.stage.title(lang))} — "
        f"{i18n.word('requires', lang)} [bold]{i18n.level(e.stage.required, lang)}[/] "
        f"(«{escape(e.stage.standard(lang))}»; {escape(', '.join(e.stage.sources))})"
    )
    colour = "green" if e.outcome in {c.outcome for c in e.charges if c.holds} else "red"
    root = Tree(
        f"[bold]{i18n.word('outcome', lang)}: [{colour}]{i18n.outcome(e.outcome, lang)}[/][/]"
        f" [dim]({i18n.word('backend', lang)}: {e.backend}, "
        f"{i18n.word('rules', lang)}: {escape(e.rule_base)})[/]"
    )
    for c in e.charges:
        _charge(root, c, lang, detail)
    if e.context and detail:
        ctx = root.add(f"[dim]{i18n.word('context', lang)}[/]")
        for f in e.context:
            _finding(ctx, f, lang)
    return Group(Panel(header, expand=False), root)
