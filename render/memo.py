"""The explanation as a case note a student can hand in, in Markdown.

English: facts, procedure, issue (a question), rule, application, conclusion. French: faits,
procédure, problème de droit, solution (majeure, mineure, conclusion). Every sentence is
drawn from the explanation object; every claim carries a footnote citing the article or
decision it rests on, or the finding with its quote, section and whose words it records.
Findings cited against an element are included, marked as the court's weighing.
"""

from __future__ import annotations

from verdict.engine.explain.explanation import ChargeExplanation, Condition, Explanation, FactUse, FindingRef
from verdict.engine.model.base import Text

from . import i18n
from .charges import charge_outcome, offence_phrase
from .safety import markdown_output
from .text import ordered_elements, shared_groups

SECTIONS = {
    "en": {
        "facts": "Facts",
        "procedure": "Procedure",
        "issue": "Issue",
        "rule": "Rule",
        "application": "Application",
        "conclusion": "Conclusion",
    },
    "fr": {
        "facts": "Faits",
        "procedure": "Procédure",
        "issue": "Problème de droit",
        "solution": "Solution",
        "rule": "Majeure",
        "application": "Mineure",
        "conclusion": "Conclusion",
    },
}

PHRASES = {
    "en": {
        "title": "Case note",
        "charged": "{accused} ({kind}) is prosecuted for {offences}.",
        "found": "{fact} — the court's findings reach «{level}»:",
        "found_short": "{fact}: {level}.",
        "by_level": "{fact} — the court's words, the decisive ones first:",
        "found_none": "No finding bears on this: {fact} is not shown.",
        "stage": "The case is decided at the stage of {stage}, which requires the level «{level}»: "
        "{standard}.",
        "decided": "The court decided: {outcome}.",
        "question": "Does the file hold against {accused}, to the level «{level}» that {stage} requires, "
        "each element of {offences}, and in particular: {element}?",
        "question_all": "Does the file hold against {accused}, to the level «{level}» that {stage} "
        "requires, each element of {offences}?",
        "route": "{route} requires these elements:",
        "exceptions": "unless one of these exceptions defeats the charge:",
        "exception": "**{element}** (exception): {status}.",
        "element_holds": "**{element}** is established: {level}, for {required} required.",
        "element_fails": "**{element}** is not established: only {level}, for {required} required.",
        "weak": "What holds it back: {fact} is only {level} (it would need {need} {bound}).",
        "against": "Against this the court weighed the following; such findings record the court's "
        "weighing and do not enter the computation:",
        "outcome_holds": "{charge}: the charge holds ({level}, {required} required): **{outcome}**.",
        "outcome_fails": "{charge}: the charge fails ({level}, {required} required): **{outcome}**.",
        "because": "It fails because {element} is not established.",
        "overall": "Outcome of the case: **{outcome}**.",
        "quote_of": "quoting {voice}",
        "section": "section",
        "at_least": "at least",
        "at_most": "at most",
    },
    "fr": {
        "title": "Note d'arrêt",
        "charged": "Poursuites contre {accused} ({kind}) du chef de {offences}.",
        "found": "{fact} — les constatations du juge atteignent le niveau «{level}» :",
        "found_short": "{fact} : {level}.",
        "by_level": "{fact} — les mots du juge, les décisifs d'abord :",
        "found_none": "Aucune constatation ne porte sur ce point : {fact} n'est pas établi.",
        "stage": "L'affaire est jugée au stade du {stage}, qui exige le niveau «{level}» : {standard}.",
        "decided": "Le juge a décidé : {outcome}.",
        "question": "Le dossier établit-il contre {accused}, au niveau «{level}» qu'exige le {stage}, "
        "chacun des éléments de la {offences}, et notamment : {element} ?",
        "question_all": "Le dossier établit-il contre {accused}, au niveau «{level}» qu'exige le {stage}, "
        "chacun des éléments de la {offences} ?",
        "route": "La {route} suppose les éléments suivants :",
        "exceptions": "sauf si l'une de ces exceptions fait obstacle aux poursuites :",
        "exception": "**{element}** (exception) : {status}.",
        "element_holds": "**{element}** : établi ({level}, pour {required} exigé).",
        "element_fails": "**{element}** : non établi (seulement {level}, pour {required} exigé).",
        "weak": "Ce qui le retient : {fact}, seulement {level} (il faudrait {need} {bound}).",
        "against": "En sens contraire, le juge a retenu ce qui suit ; ces constatations rendent compte de "
        "sa pesée et n'entrent pas dans le calcul :",
        "outcome_holds": "{charge} : le chef est établi ({level}, pour {required} exigé) : **{outcome}**.",
        "outcome_fails": "{charge} : le chef n'est pas établi ({level}, pour {required} exigé) : "
        "**{outcome}**.",
        "because": "Fait obstacle : {element}.",
        "overall": "Décision sur l'affaire : **{outcome}**.",
        "quote_of": "propos de : {voice}",
        "section": "partie",
        "at_least": "au moins",
        "at_most": "au plus",
    },
}

class Notes:
    """The footnotes of a memo, numbered in order of first citation; the same text is cited once."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}

    def cite(self, text: str) -> str:
        """The marker ``[^n]`` for ``text``."""
        number = self.texts.setdefault(text, len(self.texts) + 1)
        return f"[^{number}]"

    def lines(self, lang: str) -> list[str]:
        """The footnotes, as Markdown (the marker's colon is Markdown syntax, never typography)."""
        return [f"[^{n}]: {i18n.typo(text, lang)}" for text, n in self.texts.items()]


JUDGE_FEMININE: dict[str, dict[str, str]] = {
    "fr": {
        "found": "{fact} — les constatations de la juge atteignent le niveau «{level}» :",
        "by_level": "{fact} — les mots de la juge, les décisifs d'abord :",
        "decided": "La juge a décidé : {outcome}.",
        "against": "En sens contraire, la juge a retenu ce qui suit ; ces constatations rendent compte de "
        "sa pesée et n'entrent pas dans le calcul :",
    },
}
"""The phrases that name the judge, where the case says she is a woman (``i18n.judge_words``)."""


def _finding_note(f: FindingRef, e: Explanation, lang: str) -> str:
    """Where a finding comes from: its quote, section, date, whose words, and the decision."""
    parts = [f"«{f.quote}»" if f.quote else (f.summary(lang) if f.summary else f.id)]
    if f.section:
        parts.append(f"{PHRASES[lang]['section']} «{f.section(lang)}»")
    if f.date:
        parts.append(i18n.date(f.date, lang))
    if f.voice or f.speaker:
        parts.append(PHRASES[lang]["quote_of"].format(voice=i18n.voice(f, lang, court=True)))
    decision = (e.decision or e.court)(lang)
    parts.append(f.source or f"{decision}, {i18n.date(e.date, lang)}")
    parts.append(f"`{f.id}`")
    return "; ".join(parts)


def _quote(f: FindingRef, lang: str) -> str:
    return f"«{f.quote}»" if f.quote else (f.summary(lang) if f.summary else f.id)


class _Memo:
    def __init__(self, e: Explanation, lang: str) -> None:
        self.e, self.lang, self.notes = e, lang, Notes()
        self.p = {**PHRASES[lang], **(JUDGE_FEMININE.get(lang, {}) if i18n.judge_feminine() else {})}

    def w(self, key: str) -> str:
        return i18n.word(key, self.lang)

    def finding(self, f: FindingRef) -> str:
        return f"{_quote(f, self.lang)}{self.notes.cite(_finding_note(f, self.e, self.lang))}"

    def where(self) -> str:
        """The court, the date and the decision, as a citation."""
        e, lang = self.e, self.lang
        return f"{e.court(lang)}, {i18n.date(e.date, lang)}" + (f", {e.decision(lang)}" if e.decision else "")

    def charge_name(self, c: ChargeExplanation) -> str:
        return f"{offence_phrase(c, self.lang)} — {c.accused_name(self.lang)}"

    def law(self, text: str, sources: tuple[Text, ...]) -> str:
        return text + (self.notes.cite(i18n.cite(sources, self.lang)) if sources else "")

    def offences(self, charges: list[ChargeExplanation]) -> str:
        phrases = list(dict.fromkeys(offence_phrase(c, self.lang) for c in charges))
        joined = (
            phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} {self.w('and')} {phrases[-1]}"
        )
        return joined

    def stage_title(self) -> str:
        return i18n.lower_first(self.e.stage.title(self.lang))

    def facts(self) -> list[str]:
        out = []
        by_accused: dict[str, list[ChargeExplanation]] = {}
        for c in self.e.charges:
            by_accused.setdefault(c.accused, []).append(c)
        for charges in by_accused.values():
            c = charges[0]
            kind = i18n.KINDS[self.lang][c.accused_kind]
            out.append(
                self.p["charged"].format(
                    accused=c.accused_name(self.lang), kind=kind, offences=self.offences(charges)
                )
            )
        seen: set[str] = set()
        for c in self.e.charges:
            for x in c.elements:
                for u in x.facts:
                    if u.fact in seen or not u.findings or u.against:
                        continue
                    seen.add(u.fact)
                    short = self.p["found_short"].format(
                        fact=u.title(self.lang), level=i18n.level(u.level, self.lang)
                    )
                    decisive = next(f for f in u.findings if f.level == u.level)
                    out.append(short[:-1] + self.notes.cite(_finding_note(decisive, self.e, self.lang)) + ".")
        return [" ".join(out[: len(by_accused)]), "", *[f"- {line}" for line in out[len(by_accused) :]]]

    def fact_sentence(self, u: FactUse) -> str:
        """A fact, its level and the court's words: under a blocking fact, every finding, by level."""
        level = i18n.level(u.level, self.lang)
        head = self.p["found"].format(fact=u.title(self.lang), level=level)
        if u.status != "blocks":
            decisive = [f for f in u.findings if f.level == u.level] or list(u.findings)
            return head + " " + "; ".join(self.finding(f) for f in decisive) + "."
        head = self.p["by_level"].format(fact=u.title(self.lang))
        parts = []
        for lv in sorted({f.level for f in u.findings}):  # the court's decisive words first
            words = "; ".join(self.finding(f) for f in u.findings if f.level == lv)
            parts.append(f"{i18n.level(lv, self.lang)}: {words}")
        return head + " " + ". ".join(parts) + "."

    def procedure(self) -> list[str]:
        e = self.e
        stage = self.p["stage"].format(
            stage=self.stage_title(),
            level=i18n.level(e.stage.required, self.lang),
            standard=e.stage.standard(self.lang),
        )
        decided = self.p["decided"].format(outcome=i18n.outcome(e.outcome, self.lang))
        where = self.where()
        return [
            self.law(stage, e.stage.sources)
            + " "
            + decided
            + self.notes.cite("; ".join([where, *(s(self.lang) for s in e.sources)]))
        ]

    def issue(self) -> list[str]:
        out = []
        for group in shared_groups(self.e.charges):
            charges = [self.e.charges[i] for i in group]
            c = charges[0]
            blocking = [b for b in c.blocking]
            common = {
                "accused": c.accused_name(self.lang),
                "level": i18n.level(c.required, self.lang),
                "stage": self.stage_title(),
                "offences": self.offences(charges),
            }
            if blocking:
                cond = next(x for x in c.elements if x.id == blocking[0].element)
                out.append(
                    self.p["question"].format(element=i18n.lower_first(cond.title(self.lang)), **common)
                )
            else:
                out.append(self.p["question_all"].format(**common))
        return list(dict.fromkeys(out))

    def rule(self) -> list[str]:
        out: list[str] = []
        routes: dict[str, ChargeExplanation] = {}
        for c in self.e.charges:
            if c.route is not None:
                routes.setdefault(c.route.id, c)
        for c in routes.values():
            assert c.route is not None
            title = c.route.title(self.lang)
            out.append(
                self.law(
                    self.p["route"].format(route=i18n.lower_first(title) if self.lang == "fr" else title),
                    c.route.sources,
                )
            )
            out.append("")
            for x in c.elements:
                if x.kind == "element":
                    out.append(f"- {self.law(x.title(self.lang), x.sources)}")
            exceptions = [x for x in c.elements if x.kind == "exception"]
            if exceptions:
                out += ["", self.p["exceptions"]]
                out += [f"- {self.law(x.title(self.lang), x.sources)}" for x in exceptions]
            out.append("")
        notes = {n.id: n for c in self.e.charges for n in c.notes}
        for n in notes.values():
            text = f"**{n.title(self.lang)}.**" + (f" {n.note(self.lang)}" if n.note else "")
            out += [self.law(text, n.sources), ""]
        return out

    def element(self, c: ChargeExplanation, x: Condition, uses: list[FactUse]) -> list[str]:
        """An element: established or not, what holds it back, the facts with the court's words, and
        the findings cited against them (the court's weighing, outside the computation)."""
        p = self.p
        args = {
            "element": x.title(self.lang),
            "level": i18n.level(x.level, self.lang),
            "required": i18n.level(x.required, self.lang),
        }
        if x.kind == "exception":
            state = i18n.condition_state(x.kind, x.status, x.level, x.required, x.own_level, self.lang)
            line = p["exception"].format(element=x.title(self.lang), status=state)
        else:
            line = (p["element_holds"] if x.holds else p["element_fails"]).format(**args)
        if x.undecided:
            line += " *" + i18n.word("undecided", self.lang).format(level=args["level"]) + ".*"
            for f in x.undecided:
                if f.undecided is not None and f.undecided.quote:
                    line += f" «{f.undecided.quote}»"
        out = [f"- {line}"]
        blocking = next((b for b in c.blocking if b.element == x.id), None)
        for weak in blocking.because if blocking else ():
            out.append(
                "  - "
                + p["weak"].format(
                    fact=f"«{weak.title(self.lang)}»",
                    level=i18n.level(weak.level, self.lang),
                    need=p[weak.direction],
                    bound=i18n.level(weak.bound, self.lang),
                )
            )
        for u in uses:
            if u.status == "neutral" and not u.findings:
                continue
            if u.findings:
                out.append(f"  - {self.fact_sentence(u)}")
            elif not u.against:
                out.append(f"  - {p['found_none'].format(fact=i18n.lower_first(u.title(self.lang)))}")
            if u.contrary:
                out.append(f"  - {p['against']}")
                out += [f"    - {self.finding(f)} ({i18n.level(f.level, self.lang)})" for f in u.contrary]
        return out

    def application(self, level: str) -> list[str]:
        out: list[str] = []
        for group in shared_groups(self.e.charges):
            charges = [self.e.charges[i] for i in group]
            c = charges[0]
            names = "; ".join(self.charge_name(x) for x in charges)
            out += [f"{level}# {names}", ""]
            for x in ordered_elements(c):
                # the charges of a group share each element's level; the facts beneath may differ
                uses: dict[str, FactUse] = {}
                for other in charges:
                    for same in other.elements:
                        if same.id == x.id:
                            uses.update((u.fact, u) for u in same.facts if u.fact not in uses)
                out += self.element(c, x, list(uses.values()))
            out.append("")
        return out

    def conclusion(self) -> list[str]:
        out = []
        for c in self.e.charges:
            key = "outcome_holds" if c.holds else "outcome_fails"
            line = self.p[key].format(
                charge=self.charge_name(c),
                level=i18n.level(c.level, self.lang),
                required=i18n.level(c.required, self.lang),
                outcome=charge_outcome(c, self.lang),
            )
            for b in c.blocking[:1]:
                cond = next(x for x in c.elements if x.id == b.element)
                line += " " + self.law(
                    self.p["because"].format(element=i18n.lower_first(cond.title(self.lang))), cond.sources
                )
            for n in c.notes:
                line += " " + self.law(f"{n.title(self.lang)}.", n.sources)
            out.append(f"- {line}")
        out += ["", self.p["overall"].format(outcome=i18n.outcome(self.e.outcome, self.lang))]
        return out

    def render(self) -> str:
        s = SECTIONS[self.lang]
        e = self.e
        where = self.where()
        out = [
            f"# {self.p['title']} : {e.title(self.lang)}"
            if self.lang == "fr"
            else f"# {self.p['title']}: {e.title(self.lang)}",
            "",
            f"*{where}*",
            "",
        ]
        out += [f"## {s['facts']}", "", *self.facts(), ""]
        out += [f"## {s['procedure']}", "", *self.procedure(), ""]
        out += [f"## {s['issue']}", "", *self.issue(), ""]
        if "solution" in s:
            out += [f"## {s['solution']}", ""]
            level = "###"
        else:
            level = "##"
        out += [f"{level} {s['rule']}", "", *self.rule()]
        out += [f"{level} {s['application']}", "", *self.application(level)]
        out += [f"{level} {s['conclusion']}", "", *self.conclusion(), ""]
        body = i18n.typo("\n".join([*out, "---", ""]), self.lang)
        return body + "\n" + "\n".join([*self.notes.lines(self.lang), ""])


@markdown_output
def render(e: Explanation, lang: str = "en") -> str:
    """The case note as Markdown text."""
    with i18n.stage_words(e.stage.judgment), i18n.judge_words(e.judge_gender):
        return _Memo(e, lang).render()
