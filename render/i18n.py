"""Words the renderers use, in English and in French legal terms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from verdict.engine.errors import VerdictError
from verdict.engine.model.levels import Level
from verdict.messages import Message

if TYPE_CHECKING:
    from verdict.engine.explain.explanation import FindingRef
    from verdict.engine.model.base import Text

LEVELS: dict[str, dict[Level, str]] = {
    "en": {
        Level.DISPROVED: "disproved",
        Level.NOT_SHOWN: "not shown",
        Level.PLAUSIBLE: "plausible",
        Level.SERIOUS: "serious",
        Level.SUFFICIENT: "sufficient",
        Level.PROVEN: "proven",
    },
    "fr": {
        Level.DISPROVED: "écarté",
        Level.NOT_SHOWN: "non établi",
        Level.PLAUSIBLE: "vraisemblable",
        Level.SERIOUS: "indices graves",
        Level.SUFFICIENT: "charges suffisantes",
        Level.PROVEN: "prouvé",
    },
}

OUTCOMES: dict[str, dict[str, str]] = {
    "en": {
        "non_lieu": "non-lieu (insufficient charges)",
        "mise_en_accusation": "mise en accusation (committal for trial of a crime)",
        "renvoi": "renvoi (committal for trial)",
        "mise_en_examen": "mise en examen (charged)",
        "temoin_assiste": "témoin assisté (not charged)",
        "temoin": "witness only",
        "conviction": "conviction",
        "acquittement": "acquittal (acquittement)",
        "relaxe": "acquittal (relaxe)",
        "mise_en_examen_required": "sufficient charges, but a témoin assisté must first be placed under examination",
        "outside_scope": "outside the law this rule base decides: not decided",
    },
    "fr": {
        "non_lieu": "non-lieu (charges insuffisantes)",
        "mise_en_accusation": "mise en accusation",
        "renvoi": "renvoi devant la juridiction de jugement",
        "mise_en_examen": "mise en examen",
        "temoin_assiste": "témoin assisté",
        "temoin": "simple témoin",
        "conviction": "condamnation",
        "acquittement": "acquittement",
        "relaxe": "relaxe",
        "mise_en_examen_required": "charges suffisantes, mais le témoin assisté doit d'abord être mis en examen",
        "outside_scope": "hors du droit que décide cette base de règles : non décidé",
    },
}

COMMITTAL = {"en": "{outcome} (trial at {court})", "fr": "{outcome} devant {court}"}
"""A committal (an outcome the rules send for trial) with the court that will try the charge."""

KINDS: dict[str, dict[str, str]] = {
    "en": {"natural_person": "natural person", "legal_person": "legal person"},
    "fr": {"natural_person": "personne physique", "legal_person": "personne morale"},
}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "outcome": "Outcome",
        "why": "Why",
        "confirming": "Confirming each change set by a full evaluation",
        "check_summary": "{valid} valid, {invalid} invalid",
        "test_case": "case",
        "expected": "expected",
        "got": "got",
        "pass": "pass",
        "fail": "FAIL",
        "error": "ERROR",
        "reproduce": "reproduce",
        "test_summary": "{passed} passed, {failed} failed",
        "test_unreadable": ", {n} unreadable",
        "reads": "reads",
        "findings": "findings",
        "list_cases": "Bundled cases: verdict explain NAME",
        "list_overlays": "Overlays (what-ifs): verdict whatif BASE --overlay NAME, or verdict explain NAME",
        "list_variants": "Law variants: --rules NAME",
        "list_stages": "Stages: --stage NAME",
        "unchanged": "unchanged",
        "still_blocking": "still blocking",
        "nothing_moved": "no element of its route moved",
        "why_line": "{element} is {level}, {required} required",
        "held_back": "held back by",
        "and": "and",
        "charges": "Charges",
        "no_route": "no rule of the law applies to this charge",
        "not_raised": "exceptions not raised",
        "under_heading": "under the heading «{heading}»",
        "undecided": "not decided by the decision; taken at {level} for the reasoning",
        "ground": "Holds by a procedural ground",
        "short_of": "Short of the stage's standard, {outcome}",
        "short_of_evidence": "on the evidence",
        "short_of_ground": "on a procedural ground, «{ground}»",
        "bar": "Stopped by a procedural bar",
        "other_voices": "(and {n} in other words than the court's: --tree)",
        "tree_hint": "The full proof tree, every element, fact and finding: --tree "
        "(every finding: --detail).",
        "weighing_note": "{n} findings cited against these facts record the court's weighing, "
        "not the computation.",
        "same_as": "as for",
        "stage": "Stage",
        "requires": "requires",
        "charge": "Charge",
        "complicity_in": "complicity in",
        "against": "against",
        "route": "Route",
        "level": "level",
        "required": "required",
        "required_level": "required {level}",
        "blocked_by": "Blocked by",
        "held_back_by": "held back by",
        "needs_at_least": "needs at least",
        "needs_at_most": "needs at most",
        "other_routes": "Other routes",
        "note": "Note",
        "weighs_against": "would defeat it",
        "context": "Other findings cited",
        "backend": "backend",
        "backend_used": "backend: {backend}",
        "rules": "rules",
        "holds": "holds",
        "exception": "exception",
        "burden_defence": "raised by the defence",
        "burden_prosecution": "to be excluded by the prosecution",
        "no_finding": "no finding: not shown",
        "issue": "Issue",
        "rule": "Rule",
        "application": "Application",
        "conclusion": "Conclusion",
        "sources": "Sources",
        "facts": "facts",
        "more_findings": "more findings at lower levels (--detail shows them)",
        "cited_against": "cited against it: the court's weighing, which does not enter the computation",
        "sets": "sets",
        "more_sets": "+{n} more sets: --all lists them, --format json gives them all",
        "what_if": "What if",
        "baseline": "Decided",
        "variant": "What if",
        "changes": "Changes",
        "finding_added": "added",
        "a_finding": "a finding",
        "finding_dropped": "dropped",
        "stage_changed": "stage",
        "rules_added": "rules added",
        "rules_removed": "rules left out",
        "rules_changed": "rules changed",
        "not_charged": "not charged",
        "no_outcome_change": "No charge's outcome changes.",
        "rules_differ": "rules that differ",
        "rationale": "The law",
        "counterfactuals": "Counterfactuals",
        "smallest_changes": "smallest changes to the findings that change an outcome",
        "at_most_findings": "at most {n} findings moved",
        "toward": "toward",
        "confirmed_by": "each confirmed by a full evaluation on the {backend} backend",
        "none_found": "No change of at most {n} findings changes a charge's outcome.",
        "repairs": "repairs",
        "breaks": "breaks",
        "rank": "#",
        "elements": "Elements",
        "outcomes": "Outcomes",
        "findings_movable": "findings that may move",
        "whole_fact": "its {n} findings replaced by one at",
    },
    "fr": {
        "outcome": "Décision",
        "why": "Pourquoi",
        "confirming": "Vérification de chaque modification par une évaluation complète",
        "check_summary": "valides\u202f: {valid}, invalides\u202f: {invalid}",
        "test_case": "affaire",
        "expected": "attendu",
        "got": "obtenu",
        "pass": "réussi",
        "fail": "ÉCHEC",
        "error": "ERREUR",
        "reproduce": "pour reproduire",
        "test_summary": "{passed} réussis, {failed} en échec",
        "test_unreadable": ", {n} illisibles",
        "reads": "lit",
        "findings": "constatations",
        "list_cases": "Affaires fournies : verdict explain NOM",
        "list_overlays": "Variantes des faits : verdict whatif BASE --overlay NOM, ou verdict explain NOM",
        "list_variants": "Variantes du droit : --rules NOM",
        "list_stages": "Stades : --stage NOM",
        "unchanged": "inchangé",
        "still_blocking": "fait encore obstacle",
        "nothing_moved": "aucun élément de son fondement ne bouge",
        "why_line": "{element} : {level}, alors qu'il faut {required}",
        "held_back": "ce qui le retient",
        "and": "et",
        "charges": "Chefs",
        "no_route": "aucune règle ne s'applique à ce chef",
        "not_raised": "exceptions non soulevées",
        "under_heading": "sous l'intertitre « {heading} »",
        "undecided": "non tranché par la décision ; retenu au niveau « {level} » pour le raisonnement",
        "ground": "Retenu au titre de la procédure",
        "short_of": "Faute d'atteindre le niveau du stade, {outcome}",
        "short_of_evidence": "au vu des indices",
        "short_of_ground": "au titre de la procédure, «{ground}»",
        "bar": "Arrêté par une règle de procédure",
        "other_voices": "(et {n} en d'autres mots que ceux du juge : --tree)",
        "tree_hint": "L'arbre complet, chaque élément, fait et constatation : --tree "
        "(toutes les constatations : --detail).",
        "weighing_note": "{n} constatations en sens contraire : la pesée du juge, hors du calcul.",
        "same_as": "comme pour le",
        "stage": "Stade",
        "requires": "exige",
        "charge": "Chef",
        "complicity_in": "complicité",
        "against": "contre",
        "route": "Fondement",
        "level": "niveau",
        "required": "exigé",
        "required_level": "alors qu'il faut {level}",
        "blocked_by": "Fait obstacle",
        "held_back_by": "retenu par",
        "needs_at_least": "il faudrait au moins",
        "needs_at_most": "il faudrait au plus",
        "other_routes": "Autres fondements",
        "note": "Observation",
        "weighs_against": "l’écarterait",
        "context": "Autres constatations citées",
        "backend": "moteur",
        "backend_used": "moteur {backend}",
        "rules": "règles",
        "holds": "établi",
        "exception": "exception",
        "burden_defence": "à invoquer par la défense",
        "burden_prosecution": "à écarter par l'accusation",
        "no_finding": "aucune constatation : non établi",
        "issue": "Question",
        "rule": "Règle",
        "application": "Application",
        "conclusion": "Conclusion",
        "sources": "Sources",
        "facts": "faits",
        "more_findings": "autres constatations de moindre niveau (--detail les montre)",
        "cited_against": "retenu en sens contraire : la pesée du juge, qui n'entre pas dans le calcul",
        "sets": "ensembles",
        "more_sets": "+{n} autres ensembles : --all les liste, --format json les donne tous",
        "what_if": "Et si",
        "baseline": "Décidé",
        "variant": "Et si",
        "changes": "Modifications",
        "finding_added": "ajoutée",
        "a_finding": "une constatation",
        "finding_dropped": "retirée",
        "stage_changed": "stade",
        "rules_added": "règles ajoutées",
        "rules_removed": "règles écartées",
        "rules_changed": "règles modifiées",
        "not_charged": "non poursuivi",
        "no_outcome_change": "Aucune décision ne change.",
        "rules_differ": "règles qui diffèrent",
        "rationale": "Le droit",
        "counterfactuals": "Contrefactuels",
        "smallest_changes": "plus petites modifications des constatations qui changent une décision",
        "at_most_findings": "au plus {n} constatations modifiées",
        "toward": "vers",
        "confirmed_by": "chacune confirmée par une évaluation complète (moteur {backend})",
        "none_found": "Aucune modification d'au plus {n} constatations ne change la décision sur un chef.",
        "repairs": "rétablit",
        "breaks": "fait tomber",
        "rank": "n°",
        "elements": "Éléments",
        "outcomes": "Décisions",
        "findings_movable": "constatations modifiables",
        "whole_fact": "ses {n} constatations remplacées par une seule, au niveau",
    },
}

LANGS = ("en", "fr")

COLUMNS: dict[str, dict[str, str]] = {
    "en": {},
    "fr": {
        "id": "identifiant",
        "name": "nom",
        "title": "intitulé",
        "base": "affaire",
        "required": "exigé",
        "fact": "fait",
        "level": "niveau",
        "quote": "citation",
        "summary": "résumé",
        "section": "partie",
        "concludes": "conclut",
        "reads": "lit",
    },
}
"""Column headings of the library's tables where they differ from the field names (English)."""


def colon(lang: str) -> str:
    """A label's colon and the space after it, with French typography in French."""
    return f"{NNBSP}: " if lang == "fr" else ": "


def cite(sources: Iterable[Text], lang: str, sep: str = "; ") -> str:
    """Citations in ``lang``, joined by ``sep``."""
    return sep.join(s(lang) for s in sources)


def column(key: str, lang: str) -> str:
    """A table column's heading in ``lang``."""
    return COLUMNS[lang].get(key, key)

VOICES: dict[str, dict[str, str]] = {
    "en": {
        "court": "the court",
        "witness": "a witness",
        "party": "a party",
        "expert": "an expert",
        "author": "the author quoting the ruling",
    },
    "fr": {
        "court": "le juge",
        "witness": "un témoin",
        "party": "une partie",
        "expert": "un expert",
        "author": "l'auteur qui cite la décision",
    },
}
"""Whose words a finding quotes (a finding's ``voice``), for the reader."""


JUDGE_FEMININE: dict[str, dict[str, str]] = {
    "fr": {
        "court": "la juge",
        "other_voices": "(et {n} en d'autres mots que ceux de la juge : --tree)",
        "weighing_note": "{n} constatations en sens contraire : la pesée de la juge, hors du calcul.",
        "cited_against": "retenu en sens contraire : la pesée de la juge, qui n'entre pas dans le calcul",
    },
}
"""The words that name the judge, where the case says she is a woman («la juge»): French only,
the English «the court» / «the judge» having no gender."""

_JUDGE: ContextVar[str | None] = ContextVar("verdict_judge", default=None)


@contextmanager
def judge_words(gender: str | None) -> Iterator[None]:
    """Name the judge, while rendering, in the grammatical gender the case gives (``feminine``:
    «la juge»); ``None`` keeps the usual «le juge»."""
    token = _JUDGE.set(gender)
    try:
        yield
    finally:
        _JUDGE.reset(token)


def judge_feminine() -> bool:
    """Whether the judge being rendered is named in the feminine (``judge_words``)."""
    return _JUDGE.get() == "feminine"


def voice(finding: FindingRef, lang: str, court: bool = False) -> str | None:
    """Whose words a finding quotes: «a witness, J. Doe»; ``None`` for the court's own words,
    unless ``court`` asks for them to be named too."""
    who, speaker = finding.voice, finding.speaker
    if who in (None, "court") and not speaker and not court:
        return None
    if who == "court" and judge_feminine() and "court" in JUDGE_FEMININE.get(lang, {}):
        return ", ".join(x for x in (JUDGE_FEMININE[lang]["court"], speaker(lang) if speaker else None) if x)
    named = VOICES[lang].get(who, who) if who else None
    return ", ".join(x for x in (named, speaker(lang) if speaker else None) if x) or None

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}


BEFORE_JUDGMENT: dict[str, str] = {
    "en": "established by the investigation",
    "fr": "établi par l'information",
}
"""The top level's name before judgment: an investigating judge is not the judge of guilt."""

_JUDGMENT: ContextVar[bool] = ContextVar("verdict_judgment", default=True)


@contextmanager
def stage_words(judgment: bool) -> Iterator[None]:
    """Name levels, while rendering, in the words of a judgment or of an earlier stage."""
    token = _JUDGMENT.set(judgment)
    try:
        yield
    finally:
        _JUDGMENT.reset(token)


def judgment_words() -> bool:
    """Whether levels are named, now, in the words of a judgment (``stage_words``)."""
    return _JUDGMENT.get()


def level(value: Level, lang: str) -> str:
    """A level's name in ``lang``, in the words of the stage being rendered (``stage_words``)."""
    if value == Level.PROVEN and not _JUDGMENT.get():
        return BEFORE_JUDGMENT[lang]
    return LEVELS[lang][value]


REQUIRES: dict[str, dict[Level, str]] = {
    "fr": {
        Level.PLAUSIBLE: "des indices rendant vraisemblable",
        Level.SERIOUS: "des indices graves ou concordants",
        Level.SUFFICIENT: "des charges suffisantes",
        Level.PROVEN: "l'intime conviction",
    },
}
"""What a stage requires, as the object of «exige» where the level's name is no noun phrase."""


def required_phrase(value: Level, lang: str) -> str:
    """The level a stage requires, as it reads after «requires» / «exige»."""
    return REQUIRES.get(lang, {}).get(value) or level(value, lang)


def outcome(value: str, lang: str, offence_class: str | None = None) -> str:
    """An outcome's name in ``lang`` (its id when unknown)."""
    return OUTCOMES[lang].get(value, value)


def committal(title: Text, court: Text, lang: str) -> str:
    """A committal of one charge, naming the court that will try it: «renvoi devant le tribunal
    correctionnel»; both words come from the rules."""
    return COMMITTAL[lang].format(outcome=title(lang), court=court(lang))


def date(value: str | None, lang: str) -> str:
    """An ISO date (``2020-12-31``, ``2011-03``) in long form: «31 December 2020», «1er mars 2011».

    Anything else (``2010/2011-10``) is returned as written.
    """
    if not value:
        return ""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match or not 1 <= int(match[2]) <= 12:
        return value
    month = MONTHS[lang][int(match[2]) - 1]
    if match[3] is None:
        return f"{month} {match[1]}"
    day = int(match[3])
    day_text = "1er" if lang == "fr" and day == 1 else str(day)
    return f"{day_text} {month} {match[1]}"


def lower_first(title: str) -> str:
    """A title as it reads inside a sentence: «Wilful violence» → «wilful violence».

    An acronym or a proper noun written in capitals (``SA``, ``ONU``) keeps its case.
    """
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


_VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")


def charge_phrase(offence_title: str, accused_as: str, lang: str, title: Text | None = None) -> str:
    """The charge as the decision names it (``title``, when the case gives it); otherwise
    «complicity in <offence>» (elided in French), or the offence's title alone when the
    accused is charged as the author of an offence that punishes the instigator."""
    if title is not None:
        return title(lang)
    if accused_as == "author":
        return offence_title
    return of(word("complicity_in", lang), lower_first(offence_title), lang)


def of(head: str, noun: str, lang: str) -> str:
    """``head`` then «of» ``noun``, with French elision: «complicité d'assassinat», «faute d'éléments»."""
    if lang != "fr":
        return f"{head} {noun}".strip()
    word = noun[:1].lower()
    return f"{head} d'{noun}" if word in _VOWELS else f"{head} de {noun}"


_FRENCH_SPACE = re.compile(r"[ \u00a0\u202f]*([:;!?])(?=\s|$|\[)")
_QUOTED = re.compile(r"(«[^«»]*»)")


def typo(text: str, lang: str) -> str:
    """Interface text with French typography in French: a narrow no-break space before : ; ! ?.

    The court's words between « » are left as written; English text is returned unchanged.
    """
    if lang != "fr":
        return text
    parts = _QUOTED.split(text)
    return "".join(
        part if part.startswith("«") else _FRENCH_SPACE.sub("\u202f\\1", part) for part in parts
    )


def fold(text: str) -> str:
    """``text`` for searching: lower case, accents dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def slug(text: str) -> str:
    """A name as typed, folded the one documented way (docs/errors.md, "Names"): accents dropped,
    ASCII letters lower-cased, spaces and punctuation read as ``_``. Anything else does not fold:
    a leading or trailing space, a control character, or a letter outside ASCII once its accent is
    gone (``ſ``, ``ﬁ``) gives ``""``, which matches no name."""
    if text != text.strip() or not text.isprintable():
        return ""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    if not plain.isascii():
        return ""
    return "_".join(re.findall(r"[a-z0-9]+", plain.lower()))


# Short French names a user may type for a level, besides the names above.
LEVEL_ALIASES = {
    "ecarte": Level.DISPROVED,
    "exclu": Level.DISPROVED,
    "non_etabli": Level.NOT_SHOWN,
    "vraisemblable": Level.PLAUSIBLE,
    "graves": Level.SERIOUS,
    "grave": Level.SERIOUS,
    "suffisant": Level.SUFFICIENT,
    "suffisantes": Level.SUFFICIENT,
    "prouve": Level.PROVEN,
    "etabli": Level.PROVEN,
}


def level_name(text: str) -> str:
    """The level id a user means by ``text``: an id, or a level's name in English or French.

    This and ``stage_name`` and ``outcome_name`` are the one place where French input is read.
    """
    wanted = slug(text)
    if wanted in LEVEL_ALIASES:
        return LEVEL_ALIASES[wanted].name_id
    for names in LEVELS.values():
        for value, name in names.items():
            if slug(name) == wanted or value.name_id == wanted:
                return value.name_id
    return text


def assignment(text: str) -> str:
    """``NAME=LEVEL`` with LEVEL read in English or French and written as its id."""
    name, sep, value = text.partition("=")
    return f"{name}={level_name(value)}" if sep else text


def outcome_name(text: str) -> str:
    """The outcome id a user means by ``text``: an id, or an outcome's name in any language."""
    wanted = slug(text)
    pairs = [pair for names in OUTCOMES.values() for pair in names.items()]
    for value, name in pairs:
        if wanted in (slug(value), slug(name), slug(name.split(" (")[0])):
            return value
    return text


def word(key: str, lang: str) -> str:
    """A fixed word of the interface in ``lang`` (naming the judge in the case's gender)."""
    if judge_feminine():
        feminine = JUDGE_FEMININE.get(lang, {}).get(key)
        if feminine is not None:
            return feminine
    return WORDS[lang][key]


def stage_name(text: str, stages: dict[str, Any]) -> str:
    """The stage id a user means by ``text``: an id, or a stage's title in English or French."""
    wanted = slug(text)
    for stage_id, stage in stages.items():
        titles = (stage.title("en"), stage.title("fr"))
        if wanted == stage_id or any(wanted == slug(t) or wanted == slug(t.split(" (")[0]) for t in titles):
            return str(stage_id)
    return text


BACKENDS: dict[str, dict[str, str]] = {
    "fr": {"reference": "de référence", "durable": "durable_rules", "generated": "généré"},
}
"""The evaluators' names in a sentence where the language does not keep the English word."""


def backend(name: str, lang: str) -> str:
    """An evaluator's name as the reader is told of it: «moteur de référence», «moteur durable_rules»."""
    return BACKENDS.get(lang, {}).get(name, name)


def rule_base(name: str, lang: str, title: Text | None = None) -> str:
    """A rule base as the reader is told of it: its title in ``lang``, else its name."""
    return title(lang) if title is not None else name


NNBSP = "\u202f"
"""The narrow no-break space French typography puts before : ; ! ?"""


def error_message(err: VerdictError | str, lang: str) -> str:
    """An error's one-line text in ``lang``, without the «error:» prefix: its place, then its
    message from the catalogue (verdict.messages) in ``lang``; text as it is."""
    if isinstance(err, VerdictError):
        return err.text(lang)
    return err


def error(err: VerdictError | str, lang: str) -> str:
    """The one-line error message for the user, in ``lang`` (docs/errors.md gives the English)."""
    return Message("shown.error", message=error_message(err, lang)).text(lang)


def usage_error(message: str, lang: str) -> str:
    """The one-line message of a command-line usage error (click's words), in ``lang``."""
    if lang == "fr":
        from .usage_fr import usage

        message = usage(message)
    return Message("shown.usage", message=message).text(lang)


# ---------------------------------------------------------------- the HTML report and the web app
WORDS["en"].update(
    {
        "fails": "fails",
        "why_it_changed": "why",
        "picture": "The reasoning, drawn",
        "key": "Key",
        "neutral": "no bearing",
        "finding": "finding",
        "findings": "findings",
        "blocking_path": "blocking path",
        "more_in_list": "more in the list",
        "section": "section",
        "source": "source",
        "whose_words": "whose words",
        "decided_on": "decided on the {backend} backend, rules: {rules}",
        "cases": "Cases",
        "controls": "Try a change",
        "findings_levels": "Findings: set a level",
        "as_found": "as found",
        "overlay": "Overlay",
        "law": "The law",
        "bundled_law": "the bundled law",
        "none": "none",
        "language": "Language",
        "apply": "Apply",
        "reset": "Back to the case as decided",
        "copy_command": "Copy as a verdict whatif command",
        "download_overlay": "Download as an overlay YAML",
        "difference": "Difference from the case as decided",
        "as_decided": "The case as decided",
        "no_element_change": "No element changes.",
        "one_click": "one click applies a smallest change that flips an outcome",
        "overlays_count": "{n} overlays",
        "back": "Back",
        "status_400": "Bad request",
        "status_404": "Not found",
        "status_500": "Internal error",
        "status_503": "Busy",
        "copy_any_command": "Copy as a verdict command",
        "charge_added": "a charge the change adds",
        "charge_dropped": "a charge the change drops",
    }
)
WORDS["fr"].update(
    {
        "fails": "non établi",
        "why_it_changed": "pourquoi",
        "picture": "Le raisonnement, en schéma",
        "key": "Légende",
        "neutral": "sans incidence",
        "finding": "constatation",
        "findings": "constatations",
        "blocking_path": "ce qui fait obstacle",
        "more_in_list": "autres dans la liste",
        "section": "passage",
        "source": "source",
        "whose_words": "auteur des propos",
        "decided_on": "décidé par le moteur {backend}, règles : {rules}",
        "cases": "Affaires",
        "controls": "Essayer une modification",
        "findings_levels": "Constatations : fixer un niveau",
        "as_found": "tel que constaté",
        "overlay": "Variante des faits",
        "law": "Le droit",
        "bundled_law": "le droit en vigueur",
        "none": "aucune",
        "language": "Langue",
        "apply": "Appliquer",
        "reset": "Revenir à l'affaire telle que décidée",
        "copy_command": "Copier comme commande verdict whatif",
        "download_overlay": "Télécharger comme variante (fichier YAML)",
        "difference": "Différence avec l'affaire telle que décidée",
        "as_decided": "L'affaire telle que décidée",
        "no_element_change": "Aucun élément ne change.",
        "one_click": "un clic applique une plus petite modification qui change une décision",
        "overlays_count": "{n} variantes",
        "back": "Retour",
        "status_400": "Requête invalide",
        "status_404": "Introuvable",
        "status_500": "Erreur interne",
        "status_503": "Serveur occupé",
        "copy_any_command": "Copier comme commande verdict",
        "charge_added": "un chef que la modification ajoute",
        "charge_dropped": "un chef que la modification retire",
    }
)


# ---------------------------------------------------------------- conditions' statuses
STATUSES: dict[str, dict[str, str]] = {
    "en": {
        "holds": "holds",
        "fails": "fails",
        "not_raised": "not raised",
        "rebutted": "raised and rebutted",
        "established": "established: it defeats the charge",
        "not_excluded": "not excluded by the prosecution: it defeats the charge",
    },
    "fr": {
        "holds": "réuni",
        "fails": "non réuni",
        "not_raised": "non soulevée",
        "rebutted": "soulevée et écartée",
        "established": "établie : elle fait obstacle aux poursuites",
        "not_excluded": "non écartée par l'accusation : elle fait obstacle aux poursuites",
    },
}
"""What a condition's status (``explain.Status``) is called: an element holds or fails; an
exception is not raised, raised and rebutted, or established."""

STATUS_MARKS: dict[str, str] = {
    "holds": "✔",
    "fails": "✘",
    "not_raised": "○",
    "rebutted": "○",
    "established": "✘",
    "not_excluded": "✘",
}
"""The mark each status is drawn with: a defence that is not raised or is rebutted is no
element that holds (○), one that defeats the charge blocks it (✘)."""


def status(value: str, lang: str) -> str:
    """A condition's status in ``lang``."""
    return STATUSES[lang][value]


def condition_state(kind: str, state: str, value: Level, required: Level, own: Level | None, lang: str) -> str:
    """A condition's standing in a few words: an element's level against the one required
    («plausible < sufficient»), an exception's status with its own facts' level
    («not raised»; «raised and rebutted (plausible)»)."""
    if kind != "exception":
        return f"{level(value, lang)} {'≥' if state == 'holds' else '<'} {level(required, lang)}"
    words = STATUSES[lang][state]
    if own is None or state in ("not_raised", "not_excluded"):
        return words
    head, sep, tail = words.partition(" : " if lang == "fr" else ": ")
    return f"{head} ({level(own, lang)}){sep}{tail}"
