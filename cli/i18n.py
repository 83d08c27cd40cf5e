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
