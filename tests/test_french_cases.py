"""The bundled cases speak French with `--lang fr`: no English sentence of theirs, nor of the
interface, is left in the French explanation, memo or what-if."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from verdict.engine.load.overlay import open_file
from verdict.engine.load.paths import bundled_facts
from verdict.engine.model.base import Text

Cli = Callable[..., Any]

CASES = sorted(p.stem for p in bundled_facts().glob("*.yaml"))
OVERLAYS = sorted(bundled_facts().glob("*/overlays/*.yaml"))

ENGLISH = {
    "the", "and", "of", "was", "were", "is", "are", "with", "which", "that", "has", "had",
    "not", "but", "by", "from", "his", "her", "their", "who", "for", "on", "in", "at", "to",
    "it", "this", "these", "an", "as", "be", "been", "no", "or", "if", "when", "only",
    "what", "because", "should", "would", "could", "there", "they", "he", "she", "its", "into",
    "than", "then", "also", "any", "all", "textbook", "problem", "court", "finding", "findings",
    "evidence", "rule", "rules", "law", "shown", "held", "found", "proven", "sufficient",
}
"""Common English words: one of them in a French sentence betrays an untranslated text
(French shares none of them but «a», «est», which are left out)."""

_SKIP = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|`[^`]*`|\([a-z0-9_]+\)|\b[a-z0-9]+_[a-z0-9_]+\b|\S+\.ya?ml\b")
"""What may stay as written: the court's words, quotes, identifiers, file names."""


def english_words(text: str) -> list[str]:
    """The common English words of ``text`` outside quotes and identifiers."""
    plain = _SKIP.sub(" ", text)
    return sorted({w for w in re.findall(r"[^\W\d_]+", plain) if w.lower() in ENGLISH})


def test_the_detector_finds_english_and_spares_quotes() -> None:
    assert english_words("Prouvé : the probes were delivered.") == ["the", "were"]
    assert english_words("Prouvé : «the probes» ; `the_fact` ; aid_used_in_the_act") == []


UNSHOWN = {"notes", "expect", "why"}
"""What a case file holds for its readers and tests only: never printed."""


def _prose(value: Any) -> list[Text]:
    """Every text of ``value`` that the output may show."""
    found: list[Text] = []
    if isinstance(value, Text):
        found.append(value)
    elif isinstance(value, list | tuple):
        for item in value:
            found += _prose(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in UNSHOWN:
                found += _prose(getattr(value, name))
    return found


FILES = [bundled_facts() / f"{c}.yaml" for c in CASES] + OVERLAYS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_english_sentence_of_a_bundled_file_has_a_french_one(path: Path) -> None:
    opened = open_file(path)
    texts = _prose(opened.variant.case) + _prose(opened.overlay)
    left = [t.en for t in texts if t.en == t.fr and english_words(t.en)]
    assert not left, f"{path.name}: English only: {left[:3]}"


@pytest.mark.parametrize("case", CASES)
def test_french_explanation_and_memo_hold_no_english(cli: Cli, case: str) -> None:
    for extra in ([ "--tree", "--detail"], ["--format", "markdown"]):
        run = cli("explain", case, "--lang", "fr", "--backend", "reference", *extra)
        assert run.code == 0, run.err
        found = english_words(run.out)
        assert not found, f"{case} {' '.join(extra)}: English words {found}"


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.stem)
def test_french_what_ifs_hold_no_english(cli: Cli, overlay: Path) -> None:
    run = cli("whatif", str(overlay), "--lang", "fr", "--backend", "reference", "--format", "markdown")
    assert run.code == 0, run.err
    assert not english_words(run.out), f"{overlay.name}: English words {english_words(run.out)}"
