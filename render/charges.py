"""How a charge is named in words: the charge as the decision names it or «complicity in
<offence>», with its accused, and its outcome (a committal before its court)."""

from __future__ import annotations

from verdict.engine.explain.explanation import ChargeExplanation

from . import i18n


def offence_phrase(c: ChargeExplanation, lang: str) -> str:
    """«complicity in <offence>», the offence's title in lower case (and elided in French); the
    offence's title alone when the accused is charged as its author."""
    return i18n.charge_phrase(c.offence_title(lang), c.accused_as, lang, c.title)


def charge_title(c: ChargeExplanation, lang: str) -> str:
    """«complicity in <offence> — <accused> (<kind of person>)» in ``lang``."""
    return f"{offence_phrase(c, lang)} — {c.accused_name(lang)} ({i18n.KINDS[lang][c.accused_kind]})"


def charge_outcome(c: ChargeExplanation, lang: str) -> str:
    """A charge's outcome in ``lang``, named by the class of its offence where the language does."""
    if c.committal is not None and c.court_named is not None:
        return i18n.committal(c.committal, c.court_named, lang)
    return i18n.outcome(c.outcome, lang, c.offence_class)
