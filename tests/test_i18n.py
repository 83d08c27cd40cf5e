"""The words of the interface: French typography, elision, dates, and French names read as input."""

from __future__ import annotations

import pytest

from verdict.engine.explain.explanation import FindingRef
from verdict.engine.model.base import Text
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.render import i18n


@pytest.mark.parametrize(
    ("iso", "lang", "long"),
    [
        ("2020-12-31", "fr", "31 décembre 2020"),
        ("2011-03-01", "fr", "1er mars 2011"),
        ("2011-03-01", "en", "1 March 2011"),
        ("2011-08", "fr", "août 2011"),
        ("2010/2011-10", "fr", "2010/2011-10"),  # not a date: as written
        ("2011-13", "en", "2011-13"),
    ],
)
def test_dates_in_long_form(iso: str, lang: str, long: str) -> None:
    assert i18n.date(iso, lang) == long


def test_french_typography_outside_the_courts_words() -> None:
    assert i18n.typo("Décision: non-lieu; pourquoi? voilà!", "fr") == (
        "Décision\u202f: non-lieu\u202f; pourquoi\u202f? voilà\u202f!"
    )
    assert i18n.typo("«a: b» c: d", "fr") == "«a: b» c\u202f: d"  # a quotation is left as written
    assert i18n.typo("12:30 https://x.org a:b", "fr") == "12:30 https://x.org a:b"
    assert i18n.typo("Outcome: x", "en") == "Outcome: x"


def test_elision_and_lower_case_inside_a_sentence() -> None:
    assert i18n.of("complicité", "assassinat", "fr") == "complicité d'assassinat"
    assert i18n.of("faute", "éléments", "fr") == "faute d'éléments"
    assert i18n.of("complicité", "vol", "fr") == "complicité de vol"
    assert i18n.of("complicity in", "theft", "en") == "complicity in theft"
    assert i18n.lower_first("Crimes contre l'humanité") == "crimes contre l'humanité"
    assert i18n.lower_first("SA Qosmos") == "SA Qosmos"


def test_every_level_read_back_from_its_names(base: RuleBase) -> None:
    for level in Level:
        for lang in i18n.LANGS:
            assert i18n.level_name(i18n.level(level, lang)) == level.name_id
        assert i18n.level_name(level.name_id.upper()) == level.name_id
    assert i18n.level_name("suffisant") == "sufficient"
    assert i18n.level_name("nonsense") == "nonsense"  # left for the engine to refuse with a hint


def test_every_stage_read_back_from_its_titles(base: RuleBase) -> None:
    for stage in base.stages.values():
        for lang in i18n.LANGS:
            assert i18n.stage_name(stage.title(lang), base.stages) == stage.id
            assert i18n.stage_name(stage.title(lang).upper(), base.stages) == stage.id
    assert i18n.stage_name("nonsense", base.stages) == "nonsense"


def test_every_outcome_of_the_stages_read_back_from_its_names(base: RuleBase) -> None:
    outcomes = {o for s in base.stages.values() for o in s.outcomes()}
    for outcome in outcomes:
        for lang in i18n.LANGS:
            assert outcome in i18n.OUTCOMES[lang]  # every outcome has a name
            assert i18n.outcome_name(i18n.outcome(outcome, lang)) == outcome


def test_a_committal_names_the_court_of_its_offence(base: RuleBase) -> None:
    committing = {o for s in base.stages.values() for o in s.holds.values()} & set(base.committals)
    assert committing  # some stage sends a charge for trial
    for offence in base.offences.values():
        court = base.courts[base.trial_court(offence) or ""]
        assert offence.class_ in court.tries
        for outcome in committing:
            for lang in i18n.LANGS:
                shown = i18n.committal(base.committals[outcome].title, court.named, lang)
                assert court.named(lang) in shown and base.committals[outcome].title(lang) in shown
    for stage in base.stages.values():  # an outcome that sends no charge for trial is no committal
        fails = [stage.fails] if isinstance(stage.fails, str) else list(stage.fails.values())
        assert not set(fails) & set(base.committals), stage.id


def test_whose_words_a_finding_quotes() -> None:
    def quoted(voice: str | None, speaker: Text | None) -> FindingRef:
        return FindingRef("f", None, Level.PROVEN, None, None, None, None, None, None, voice, speaker)

    witness = Text(en="the Italian engineers", fr="les ingénieurs italiens")
    assert i18n.voice(quoted("witness", witness), "fr") == "un témoin, les ingénieurs italiens"
    assert i18n.voice(quoted("witness", witness), "en") == "a witness, the Italian engineers"
    assert i18n.voice(quoted("court", None), "en") is None  # the court's own words need no tag
    assert i18n.voice(quoted("court", None), "fr", court=True) == i18n.VOICES["fr"]["court"]
    assert i18n.voice(quoted(None, None), "en") is None  # a finding that records no voice


def test_french_errors_keep_names_and_places() -> None:
    from verdict.engine.errors import VerdictError
    from verdict.engine.model.hints import suggest
    from verdict.messages import Message

    unknown = Message("key.unknown", key="'levle'", hint=suggest("levle", ["level"]))
    err = VerdictError(unknown, "facts/x.yaml", 3, 5)
    assert i18n.error(err, "fr") == (
        "erreur\u202f: facts/x.yaml:3:5: clé inconnue 'levle' (vouliez-vous dire 'level'\u202f?)"
    )
    assert i18n.error(err, "en") == "error: facts/x.yaml:3:5: unknown key 'levle' (did you mean 'level'?)"


def test_every_interface_word_exists_in_both_languages() -> None:
    assert set(i18n.WORDS["en"]) == set(i18n.WORDS["fr"])
    assert set(i18n.OUTCOMES["en"]) == set(i18n.OUTCOMES["fr"])
