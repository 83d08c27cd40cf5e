"""Words the renderers use, in English and in French legal terms."""

from __future__ import annotations

from verdict.engine.levels import Level

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
        "non_lieu": "non-lieu (no sufficient charges: the case against the accused is dismissed)",
        "mise_en_accusation": "committal for trial before the cour d'assises (mise en accusation)",
        "renvoi": "committal for trial before the tribunal correctionnel (renvoi)",
        "mise_en_examen": "charged by the investigating judge (mise en examen)",
        "temoin_assiste": "assisted witness (témoin assisté), not charged",
        "temoin": "witness only",
        "conviction": "conviction",
        "acquittal": "acquittal",
    },
    "fr": {
        "non_lieu": "non-lieu (charges insuffisantes)",
        "mise_en_accusation": "mise en accusation devant la cour d'assises",
        "renvoi": "renvoi devant le tribunal correctionnel",
        "mise_en_examen": "mise en examen",
        "temoin_assiste": "témoin assisté",
        "temoin": "simple témoin",
        "conviction": "condamnation",
        "acquittal": "acquittement ou relaxe",
    },
}

KINDS: dict[str, dict[str, str]] = {
    "en": {"natural_person": "natural person", "legal_person": "legal person"},
    "fr": {"natural_person": "personne physique", "legal_person": "personne morale"},
}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "outcome": "Outcome",
        "stage": "Stage",
        "requires": "requires",
        "charge": "Charge",
        "complicity_in": "complicity in",
        "against": "against",
        "route": "Route",
        "level": "level",
        "required": "required",
        "blocked_by": "Blocked by",
        "held_back_by": "held back by",
        "needs_at_least": "needs at least",
        "needs_at_most": "needs at most",
        "other_routes": "Other routes",
        "note": "Note",
        "weighs_against": "would defeat it",
        "context": "Other findings cited",
        "backend": "backend",
        "rules": "rules",
        "holds": "holds",
        "fails": "fails",
        "exception": "exception",
        "burden_defence": "raised by the defence",
        "burden_prosecution": "to be excluded by the prosecution",
        "no_finding": "no finding: not shown",
        "issue": "Issue",
        "rule": "Rule",
        "application": "Application",
        "conclusion": "Conclusion",
        "sources": "Sources",
        "memo": "Memo",
        "facts": "facts",
        "is": "is",
        "more_findings": "more findings at lower levels (--detail shows them)",
        "cited_against": "cited against it",
        "what_if": "What if",
        "baseline": "Decided",
        "variant": "What if",
        "changes": "Changes",
        "finding_added": "added",
        "finding_dropped": "dropped",
        "stage_changed": "stage",
        "rules_added": "rules added",
        "rules_removed": "rules left out",
        "rules_changed": "rules changed",
        "not_charged": "not charged",
        "no_outcome_change": "No charge's outcome changes.",
        "elements_changed": "Elements that change",
        "why_it_changed": "why",
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
        "stage": "Stade",
        "requires": "exige",
        "charge": "Chef",
        "complicity_in": "complicité de",
        "against": "contre",
        "route": "Fondement",
        "level": "niveau",
        "required": "exigé",
        "blocked_by": "Fait obstacle",
        "held_back_by": "faute de",
        "needs_at_least": "il faudrait au moins",
        "needs_at_most": "il faudrait au plus",
        "other_routes": "Autres fondements",
        "note": "Observation",
        "weighs_against": "l'écarterait",
        "context": "Autres constatations citées",
        "backend": "moteur",
        "rules": "règles",
        "holds": "établi",
        "fails": "non établi",
        "exception": "exception",
        "burden_defence": "à invoquer par la défense",
        "burden_prosecution": "à écarter par l'accusation",
        "no_finding": "aucune constatation : non établi",
        "issue": "Question",
        "rule": "Règle",
        "application": "Application",
        "conclusion": "Conclusion",
        "sources": "Sources",
        "memo": "Note",
        "facts": "faits",
        "is": "est",
        "more_findings": "autres constatations de moindre niveau (--detail les montre)",
        "cited_against": "retenu en sens contraire",
        "what_if": "Et si",
        "baseline": "Décidé",
        "variant": "Et si",
        "changes": "Modifications",
        "finding_added": "ajoutée",
        "finding_dropped": "retirée",
        "stage_changed": "stade",
        "rules_added": "règles ajoutées",
        "rules_removed": "règles écartées",
        "rules_changed": "règles modifiées",
        "not_charged": "non poursuivi",
        "no_outcome_change": "Aucune décision ne change.",
        "elements_changed": "Éléments qui changent",
        "why_it_changed": "pourquoi",
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


def level(value: Level, lang: str) -> str:
    """A level's name in ``lang``."""
    return LEVELS[lang][value]


def outcome(value: str, lang: str) -> str:
    """An outcome's name in ``lang`` (its id when unknown)."""
    return OUTCOMES[lang].get(value, value)


def word(key: str, lang: str) -> str:
    """A fixed word of the interface in ``lang``."""
    return WORDS[lang][key]
