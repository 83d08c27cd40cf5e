"""Hints for a name that is not known: the closest known names, or a list of them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

from verdict.engine.model.offences import Offence
from verdict.messages import Join, Message


def suggest(name: str, known: Iterable[str]) -> Message | str:
    """A ' (did you mean ...?)' hint naming the closest known names, or ''."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return Message("hint.did_you_mean", names=Join([repr(c) for c in close], "join.or")) if close else ""


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case, accents dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return re.findall(r"[a-z0-9]+", folded)


def offence_hint(name: str, offences: Mapping[str, Offence]) -> Message | str:
    """The closest offence ids to ``name``; else the offences whose title, in English or French,
    holds each of its words («vol» → theft and its aggravated forms), the shortest titles first."""
    close = suggest(name, offences)
    if close:
        return close
    wanted = set(_words(name.replace("_", " ")))
    if not wanted:
        return ""
    found = sorted(
        (len(_words(o.title.en)), oid)
        for oid, o in offences.items()
        if any(wanted <= set(_words(title)) for title in (o.title.en, o.title.fr))
    )
    names = [repr(oid) for _, oid in found[:3]]
    return Message("hint.did_you_mean", names=Join(names, "join.or")) if names else ""


def stages_hint(name: str, stages: Iterable[str]) -> Message | str:
    """The closest stage names to ``name``, or, when none is close, the list of the stages."""
    return suggest(name, stages) or Message("hint.stages", names=Join(list(stages)))
