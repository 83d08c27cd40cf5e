"""The commented skeleton `verdict new` writes: the findings every charge needs, each with what
its fact means, and comments in the chosen language. The findings are drawn from the rule
base (the first route of complicity, its first alternative wherever there are several), so the
skeleton follows the law as it is written in rules/."""

from __future__ import annotations

from verdict.engine.decide.compiled import compile_base
from verdict.engine.model.base import GOAL
from verdict.engine.model.expressions import All, Any_, Expr
from verdict.engine.model.rule_base import RuleBase

HEADER = {
    "en": """\
# yaml-language-server: $schema=../docs/schema/case.schema.json
# A case for verdict. Fill it in from the ruling, then run:
#   verdict check {file}      (is it well formed? what is likely wrong?)
#   verdict explain {file}    (what does the law make of it?)
# Guide: docs/writing-a-case.md. Levels, weakest to strongest:
#   disproved, not_shown, plausible, serious, sufficient, proven
case: {name}
title:
  en: "TODO: a short English title"
  fr: "TODO : un titre court en français"
court: "TODO: court, chamber"
date: "2024"   # TODO: the decision's date, YYYY-MM-DD (or YYYY-MM, YYYY): the law in force then applies
decision: "TODO: e.g. Arrêt de rejet"
sources:
  - "TODO: where the ruling is published (reference, n° de pourvoi)"
# source_text: ruling.txt   # the ruling's text beside this file: verdict check finds every quote in it
stage: {stage}   # {stages}
parties:
  - id: accused_one
    name: "TODO: name"
    kind: natural_person   # or legal_person
    role: accused
charges:
  - accused: accused_one
    offence: {offence}   # verdict rules lists what applies to each; the catalogue: rules/offences.yaml
findings:
  # The findings every charge of complicity by aid needs, at not_shown: set each to the level
  # the court found (disproved if it ruled it out), quote its words, or delete the finding if
  # the court said nothing. Unstated, a fact is not_shown, and the charge fails on it.
""",
    "fr": """\
# yaml-language-server: $schema=../docs/schema/case.schema.json
# Une affaire pour verdict. Remplissez-la d'après la décision, puis lancez :
#   verdict check {file}      (est-elle bien formée ? qu'y a-t-il de probablement faux ?)
#   verdict explain {file} --lang fr   (qu'en fait le droit ?)
# Guide : docs/writing-a-case.md. Niveaux, du plus faible au plus fort :
#   disproved, not_shown, plausible, serious, sufficient, proven
case: {name}
title:
  en: "TODO: a short English title"
  fr: "TODO : un titre court en français"
court: "TODO : juridiction, chambre"
date: "2000-01-01"   # TODO : la date de la décision, AAAA-MM-JJ
decision: "TODO : par ex. Arrêt de rejet"
sources:
  - "TODO : où la décision est publiée (référence, n° de pourvoi)"
# source_text: decision.txt   # le texte de la décision, à côté : verdict check y cherche les citations
stage: {stage}   # {stages}
parties:
  - id: accused_one
    name: "TODO : nom"
    kind: natural_person   # ou legal_person
    role: accused
charges:
  - accused: accused_one
    offence: {offence}   # le catalogue : rules/offences.yaml ; verdict rules : à quoi s'applique chaque règle
findings:
  # Les constatations dont toute poursuite pour complicité par aide a besoin, à not_shown :
  # portez chacune au niveau retenu par la juridiction (disproved si elle l'a écarté), citez ses
  # termes, ou supprimez la constatation si la juridiction n'a rien dit. Non énoncé, un fait est
  # not_shown, et la poursuite échoue sur lui.
""",
}

FINDING = {
    "en": """\
  - id: {id}
    fact: {fact}   # {title}
{help}    level: not_shown
    quote: "TODO: the court's words, verbatim and short"
    section: "TODO: where in the ruling"
""",
    "fr": """\
  - id: {id}
    fact: {fact}   # {title}
{help}    level: not_shown
    quote: "TODO : les termes de la juridiction, exacts et brefs"
    section: "TODO : où dans la décision"
""",
}

FOOTER = {
    "en": """\
  # The other facts the rules read (verdict rules --search FACT says which rule reads it):
{vocabulary}
# What the court decided, for `verdict test` (the engine never reads it). Uncomment:
# expect:
#   - outcome: non_lieu          # the court's outcome at the case's stage
#     why: "the court's reason in one sentence"
#     charges:
#       - {{offence: {offence}, accused: accused_one, outcome: non_lieu, blocking: [facilitation]}}
""",
    "fr": """\
  # Les autres faits que lisent les règles (verdict rules --search FAIT dit quelle règle le lit) :
{vocabulary}
# Ce que la juridiction a décidé, pour `verdict test` (le moteur ne le lit jamais). Décommentez :
# expect:
#   - outcome: non_lieu          # la décision de la juridiction au stade de l'affaire
#     why: "la raison de la juridiction en une phrase"
#     charges:
#       - {{offence: {offence}, accused: accused_one, outcome: non_lieu, blocking: [facilitation]}}
""",
}


def needed_facts(base: RuleBase, offence: str, kind: str) -> list[str]:
    """The facts a charge of ``offence`` against a ``kind`` of person needs on the first route of
    complicity: every element's facts, the first of each alternative (exceptions left out)."""
    plan = dict(compile_base(base).plan(offence, kind))
    out: dict[str, None] = {}
    seen: set[str] = set()

    def visit(expr: Expr) -> None:
        if isinstance(expr, str):
            if expr in base.predicates:
                out[expr] = None
            elif expr not in seen and plan.get(expr):
                seen.add(expr)
                for element in plan[expr][0].elements:
                    visit(element.when)
        elif isinstance(expr, All):
            for part in expr.all:
                visit(part)
        elif isinstance(expr, Any_):
            visit(expr.any[0])

    routes = plan.get(GOAL, ())
    if routes:
        for element in routes[0].elements:
            visit(element.when)
    return list(out)


def _comment(text: str, indent: str = "    # ") -> str:
    """``text`` as YAML comment lines of at most about 96 characters."""
    import textwrap

    return "".join(f"{indent}{line}\n" for line in textwrap.wrap(text, 96 - len(indent)))


def skeleton(base: RuleBase, name: str, file: str, lang: str) -> str:
    """The text of a new case's skeleton in ``lang`` (``en`` or ``fr``)."""
    offence = next(iter(base.offences))
    needed = needed_facts(base, offence, "natural_person")
    findings = []
    for fact in needed:
        predicate = base.predicates[fact]
        help_ = _comment(predicate.help(lang)) if predicate.help is not None else ""
        findings.append(FINDING[lang].format(id=fact, fact=fact, title=predicate.title(lang), help=help_))
    others = [p for p in base.predicates.values() if p.id not in needed]
    vocabulary = "\n".join(f"  #   {p.id:32} {p.title(lang)}" for p in others)
    values = {
        "name": name,
        "file": file,
        "stage": base.default_stage,
        "stages": ", ".join(base.stages),
        "offence": offence,
        "vocabulary": vocabulary,
    }
    return HEADER[lang].format(**values) + "".join(findings) + FOOTER[lang].format(**values)


__all__ = ["needed_facts", "skeleton"]
