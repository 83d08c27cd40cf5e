"""The explanation as a short legal memo in Markdown: issue, rule, application, conclusion."""

from __future__ import annotations

from verdict.engine.explain import ChargeExplanation, Explanation, FindingRef

from . import i18n
from .render_text import blocking_reason, charge_title


def _cite(f: FindingRef) -> str:
    where = f"{f.id}" + (f", {f.section}" if f.section else "")
    if f.quote:
        return f"«{f.quote}» [{where}]"
    return f"{f.summary or f.id} [{where}]"


def _application(c: ChargeExplanation, lang: str) -> list[str]:
    lines = [f"### {charge_title(c, lang)}", ""]
    for x in c.elements:
        cmp = "≥" if x.holds else "<"
        mark = "✔" if x.holds else "✘"
        lines.append(
            f"- {mark} **{x.title(lang)}** (`{x.id}`): {i18n.level(x.level, lang)} {cmp} "
            f"{i18n.level(x.required, lang)}" + (f" — {'; '.join(x.sources)}" if x.sources else "")
        )
        for u in x.facts:
            if u.status == "neutral" and not u.findings:
                continue
            cites = "; ".join(_cite(f) for f in u.findings) or i18n.word("no_finding", lang)
            lines.append(f"  - {u.title(lang)}: {i18n.level(u.level, lang)}. {cites}")
    lines.append("")
    return lines


def render(e: Explanation, lang: str = "en") -> str:
    """The memo as Markdown text."""

    def w(key: str) -> str:
        return i18n.word(key, lang)

    offences = ", ".join(sorted({c.offence_title(lang) for c in e.charges}))
    accused = ", ".join(sorted({c.accused_name for c in e.charges}))
    out = [
        f"# {w('memo')}: {e.title(lang)}",
        "",
        f"*{e.court}, {e.date}" + (f", {e.decision}" if e.decision else "") + "*",
        "",
        f"## {w('issue')}",
        "",
        f"{accused} — {w('complicity_in')} {offences}. {w('stage')}: {e.stage.title(lang)}; "
        f"{w('requires')} «{e.stage.standard(lang)}» ({', '.join(e.stage.sources)}).",
        "",
        f"## {w('rule')}",
        "",
    ]
    routes = {c.route.id: c.route for c in e.charges if c.route is not None}
    for route in routes.values():
        out.append(f"- **{route.title(lang)}** — {'; '.join(route.sources)}.")
    for c in e.charges:
        for x in c.elements:
            line = f"  - {x.title(lang)} (`{x.id}`)" + (f": {'; '.join(x.sources)}" if x.sources else "")
            if line not in out:
                out.append(line)
    out += ["", f"## {w('application')}", ""]
    for c in e.charges:
        out += _application(c, lang)
    out += [f"## {w('conclusion')}", ""]
    for c in e.charges:
        out.append(f"- {charge_title(c, lang)}: **{i18n.outcome(c.outcome, lang)}**.")
        out += [f"  - {w('blocked_by')}: {blocking_reason(b, lang)}." for b in c.blocking]
        out += [
            f"  - {w('note')}: {n.title(lang)} ({i18n.level(n.level, lang)})."
            + (f" {n.note(lang)}" if n.note else "")
            + f" ({'; '.join(n.sources)})"
            for n in c.notes
        ]
    out += ["", f"**{w('outcome')}: {i18n.outcome(e.outcome, lang)}.**", ""]
    out += [f"## {w('sources')}", ""] + [f"- {s}" for s in e.sources] + [""]
    return "\n".join(out)
