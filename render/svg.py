"""One charge's reasoning as an SVG picture: charge → route → elements → facts → findings.

A layered layout computed here, in plain Python: one column per layer, left to right;
each leaf takes the next free row and each node is centred on its children. Holding and
failing are told apart by shape and by text as well as by colour (so the picture reads
in black and white): a holding node is a rounded box marked ✔, a failing one a box with
cut corners marked ✘, a fact that reads no way a dotted box marked ·. The blocking path
(the charge, its route, each blocking element and the facts that hold it back) is drawn
with thick lines. Everything shown comes from the explanation; nothing is decided here.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, field
from html import escape

from verdict.engine.explain.explanation import ChargeExplanation, FactUse, FindingRef

from . import i18n

COLUMNS = (160, 175, 195, 210, 180)
"""Width of a node in each layer: charge, route, element, fact, finding."""
GAP = 32
"""Horizontal space between two layers, where the edges run."""
LINE = 15
"""Height of a line of text."""
PAD = 6
"""Space inside a node, and between two rows."""
CHAR = 6.2
"""The average width of a character at the picture's font size (12 px)."""
MAX_LINES = 3
"""Lines of a title before it is cut with an ellipsis (the whole title is in the tooltip)."""
FINDINGS_DRAWN = 3
"""Findings drawn under a fact; the rest are counted in one node (all are listed in the page)."""

STYLE = {
    "holds": ("#e8f5e9", "#1b5e20", ""),
    "fails": ("#ffebee", "#b71c1c", ""),
    "neutral": ("#f5f5f5", "#616161", "2 3"),
    "finding": ("#ffffff", "#455a64", ""),
}
"""Fill, stroke and dash pattern of each kind of node."""
MARK = {"holds": "✔", "fails": "✘", "neutral": "·", "finding": ""}
KIND_OF_STATUS = {
    "holds": "holds",
    "fails": "fails",
    "not_raised": "neutral",
    "rebutted": "neutral",
    "established": "fails",
    "not_excluded": "fails",
}
"""The kind of box a condition's status is drawn as: a defence not raised or rebutted is grey."""


@dataclass
class Node:
    """A box of the picture, its text and its children in the next layer."""

    layer: int
    lines: list[str]
    kind: str
    tooltip: str
    blocking: bool = False
    children: list[Node] = field(default_factory=list)
    status: str | None = None
    """A condition's status (``explain.Status``), written on its box for readers and tests."""
    condition: str | None = None
    x: float = 0.0
    y: float = 0.0

    @property
    def height(self) -> float:
        """The box's height, from its number of lines."""
        return len(self.lines) * LINE + 2 * PAD


@functools.lru_cache(maxsize=8192)
def _wrap(text: str, layer: int, lines: int = MAX_LINES) -> tuple[str, ...]:
    """``text`` in the lines of a box of ``layer``, at most ``lines`` (kept: a page wraps the same
    titles again and again)."""
    width = max(8, int((COLUMNS[layer] - 2 * PAD) / CHAR))
    out = textwrap.wrap(text, width) or [""]
    if len(out) > lines:
        out = [*out[: lines - 1], textwrap.shorten(" ".join(out[lines - 1 :]), width, placeholder="…")]
    return tuple(out)


def _node(
    layer: int, kind: str, title: str, detail: str, blocking: bool = False, mark: str | None = None
) -> Node:
    mark = MARK[kind] if mark is None else mark
    head = f"{mark} {title}" if mark else title
    return Node(layer, [*_wrap(head, layer), *_wrap(detail, layer, 2)], kind, f"{title} — {detail}", blocking)


def _finding(f: FindingRef, lang: str) -> Node:
    detail = i18n.level(f.level, lang) + (f", {f.date}" if f.date else "")
    return _node(4, "finding", f.id, detail)


def _fact(use: FactUse, lang: str) -> Node:
    kind = {"supports": "holds", "blocks": "fails", "neutral": "neutral"}[use.status]
    detail = i18n.level(use.level, lang)
    if use.against:
        detail += f" ({i18n.word('weighs_against', lang)})"
    node = _node(3, kind, f"{use.title(lang)} ({use.fact})", detail, blocking=use.status == "blocks")
    decisive = [f for f in use.findings if f.level == use.level]
    for f in decisive[:FINDINGS_DRAWN]:
        node.children.append(_finding(f, lang))
    rest = len(use.findings) - min(len(decisive), FINDINGS_DRAWN)
    if not use.findings:
        node.children.append(_node(4, "finding", i18n.word("no_finding", lang), ""))
    elif rest:
        node.children.append(_node(4, "finding", f"+{rest}", i18n.word("more_in_list", lang)))
    return node


def tree(c: ChargeExplanation, lang: str) -> Node:
    """The nodes of one charge's picture, before layout."""
    cmp = "≥" if c.holds else "<"
    root = _node(
        0,
        "holds" if c.holds else "fails",
        f"{i18n.charge_phrase(c.offence_title(lang), c.accused_as, lang, c.title)} — {c.accused_name(lang)}",
        f"{i18n.outcome(c.outcome, lang)}: {i18n.level(c.level, lang)} {cmp} {i18n.level(c.required, lang)}",
        blocking=bool(c.blocking),
    )
    if c.route is None:
        return root
    route = _node(
        1,
        "holds" if c.route.holds else "fails",
        c.route.title(lang),
        f"{i18n.word('route', lang)}: {i18n.level(c.route.level, lang)}",
        blocking=bool(c.blocking),
    )
    root.children.append(route)
    blocked = {b.element for b in c.blocking}
    for x in c.elements:
        state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, lang)
        detail = f"{i18n.status(x.status, lang)}: {state}" if x.kind == "element" else state
        if x.undecided:
            detail += " — " + i18n.word("undecided", lang).format(level=i18n.level(x.level, lang))
        if x.id in blocked:
            detail = f"{i18n.word('blocked_by', lang).upper()} — {detail}"
        kind = KIND_OF_STATUS[x.status]
        title = x.title(lang) if lang == "fr" else f"{x.title(lang)} ({x.id})"
        element = _node(2, kind, title, detail, blocking=x.id in blocked, mark=i18n.STATUS_MARKS[x.status])
        element.status, element.condition = x.status, x.id
        element.children = [_fact(u, lang) for u in x.facts if u.status != "neutral" or u.findings]
        for fact in element.children:
            fact.blocking = fact.blocking and element.blocking
        route.children.append(element)
    return root


def _place(node: Node, top: float) -> float:
    """Lay out ``node`` and its subtree from height ``top``; return the height below it."""
    node.x = sum(COLUMNS[: node.layer]) + GAP * node.layer
    if not node.children:
        node.y = top
        return top + node.height + PAD
    bottom = top
    for child in node.children:
        bottom = _place(child, bottom)
    first, last = node.children[0], node.children[-1]
    centre = (first.y + last.y + last.height) / 2
    node.y = max(top, centre - node.height / 2)
    return max(bottom, node.y + node.height + PAD)


def _shape(n: Node) -> str:
    fill, stroke, dash = STYLE[n.kind]
    width = COLUMNS[n.layer]
    sw = 3.5 if n.blocking else 1.2
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if n.kind == "fails":  # cut corners: a failing node is not only red
        c = 9
        x0, y0, x1, y1 = n.x, n.y, n.x + width, n.y + n.height
        points = (
            f"{x0 + c},{y0} {x1 - c},{y0} {x1},{y0 + c} {x1},{y1 - c} "
            f"{x1 - c},{y1} {x0 + c},{y1} {x0},{y1 - c} {x0},{y0 + c}"
        )
        return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{extra}/>'
    rx = 2 if n.kind == "finding" else 10
    return (
        f'<rect x="{n.x:g}" y="{n.y:g}" width="{width}" height="{n.height:g}" rx="{rx}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{extra}/>'
    )


def _draw(node: Node, out: list[str]) -> None:
    for child in node.children:
        x0 = node.x + COLUMNS[node.layer]
        y0 = node.y + node.height / 2
        x1, y1 = child.x, child.y + child.height / 2
        mid = (x0 + x1) / 2
        thick = node.blocking and child.blocking
        style = 'stroke="#222" stroke-width="3"' if thick else 'stroke="#9e9e9e" stroke-width="1"'
        out.append(
            f'<path d="M{x0:g},{y0:g} C{mid:g},{y0:g} {mid:g},{y1:g} {x1:g},{y1:g}" fill="none" {style}/>'
        )
    data = (
        f' data-condition="{escape(node.condition)}" data-status="{escape(node.status)}"'
        if node.status is not None and node.condition is not None
        else ""
    )
    out.append(f'<g class="n {node.kind}{" blocking" if node.blocking else ""}"{data}>')
    out.append(f"<title>{escape(node.tooltip)}</title>")
    out.append(_shape(node))
    weight = ' font-weight="bold"' if node.blocking or node.layer == 0 else ""
    for i, line in enumerate(node.lines):
        y = node.y + PAD + LINE * (i + 1) - 3
        out.append(f'<text x="{node.x + PAD:g}" y="{y:g}"{weight}>{escape(line)}</text>')
    out.append("</g>")
    for child in node.children:
        _draw(child, out)


def charge_svg(c: ChargeExplanation, lang: str) -> str:
    """The picture of one charge's reasoning, as an inline SVG element."""
    with i18n.stage_words(c.judgment):
        return _charge_svg(c, lang)


def _charge_svg(c: ChargeExplanation, lang: str) -> str:
    root = tree(c, lang)
    height = _place(root, PAD)
    width = sum(COLUMNS) + GAP * (len(COLUMNS) - 1) + 4
    label = escape(f"{i18n.word('charge', lang)}: {root.tooltip}")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" aria-label="{label}" '
        f'viewBox="-2 0 {width} {height:g}" width="{width}" height="{height:g}" '
        'font-family="sans-serif" font-size="12">'
    ]
    _draw(root, out)
    out.append("</svg>")
    return "\n".join(out)


def legend_svg(lang: str) -> str:
    """A small key to the shapes: holds, fails, reads no way, a finding, the blocking path."""
    items = [
        _node(0, "holds", i18n.word("holds", lang), ""),
        _node(0, "fails", i18n.word("fails", lang), ""),
        _node(0, "neutral", i18n.word("neutral", lang), ""),
        _node(0, "finding", i18n.word("finding", lang), ""),
        _node(0, "fails", i18n.word("blocking_path", lang), "", blocking=True),
    ]
    out: list[str] = []
    for i, n in enumerate(items):
        n.lines = n.lines[:1]
        n.x, n.y = 4 + i * (COLUMNS[0] + 12), 4
        _draw(n, out)
    width = len(items) * (COLUMNS[0] + 12)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="legend" viewBox="0 0 {width} 40" width="{width}" '
        f'height="40" font-family="sans-serif" font-size="12">' + "".join(out) + "</svg>"
    )
