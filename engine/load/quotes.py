"""Quotes checked against the text of the ruling: found, where, under which heading.

A finding's ``quote`` must occur in the ruling's text (or the text that quotes it) once both
are normalised: compatibility forms (ligatures such as ﬁ, and œ, æ spelled out), every
apostrophe as ', quotation marks dropped, dashes as -, whitespace and line breaks as one
space. A cut marked in the quote (``[…]``, ``[...]``, ``(…)``, ``…``) lets its parts occur in
order. A quote not found is reported with the closest passage of the text (by words).

Headings are found as the text lays them out: after the first paragraph of prose, a
paragraph of one short line that does not end a sentence.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from verdict.engine.model.case import Finding

_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}
_APOSTROPHES = "'’‘ʼ′`´‛"
_QUOTATION_MARKS = "\"«»“”„‟‹›"
_DASHES = "‐‑‒–—―−"
_CUT = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)\s*")
_SOFT = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


@dataclass(frozen=True)
class Normalised:
    """A text normalised for comparison, with the index in the original of each character."""

    text: str
    origin: tuple[int, ...]


def normalise(text: str) -> Normalised:
    """``text`` normalised (see the module's docstring), with a map back to the original."""
    out: list[str] = []
    origin: list[int] = []
    space = True  # no leading space
    for index, char in enumerate(text):
        if char in _SOFT or char in _QUOTATION_MARKS:
            continue
        if char in _LIGATURES:
            pieces = _LIGATURES[char]
        elif char in _APOSTROPHES:
            pieces = "'"
        elif char in _DASHES:
            pieces = "-"
        elif char.isspace():
            pieces = " "
        else:
            pieces = unicodedata.normalize("NFKC", char)
        for piece in pieces:
            if piece.isspace():
                if space:
                    continue
                space = True
                piece = " "
            else:
                space = False
            out.append(piece)
            origin.append(index)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Normalised("".join(out), tuple(origin))


@dataclass(frozen=True)
class Located:
    """Where one finding's quote stands in the text, or the passage closest to it."""

    finding: str
    quote: str
    found: bool
    start: int
    end: int
    heading: str | None
    sentence: str
    closest: str | None = None
    similarity: float = 1.0
    section: str | None = None
    section_matches: bool = True


class Source:
    """The text of a ruling, normalised once, its headings found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalise(text)
        self.headings = _headings(text)
        self._words = [(m.start(), m.end()) for m in re.finditer(r"\S+", self.norm.text)]
        self._tokens = [self.norm.text[a:b].casefold() for a, b in self._words]

    def heading_at(self, index: int) -> str | None:
        """The heading the character at ``index`` (in the original) stands under, if any."""
        starts = [s for s, _ in self.headings]
        at = bisect.bisect_right(starts, index) - 1
        return self.headings[at][1] if at >= 0 else None

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence (or sentences) around the original span ``start:end``, on one line."""
        text = self.text
        left = start
        while left > 0 and not (text[left - 1] in ".!?" and text[left].isspace()) and text[left - 1] != "\n":
            left -= 1
        right = end
        while right < len(text) and text[right] != "\n" and not (
            text[right] in ".!?" and (right + 1 == len(text) or text[right + 1].isspace())
        ):
            right += 1
        right = min(len(text), right + 1)
        return " ".join(text[left:right].split())

    def find(self, quote: str) -> tuple[int, int] | None:
        """The original span of ``quote`` in the text, its cut parts in order; None if absent."""
        parts = [normalise(p).text for p in _CUT.split(quote)]
        parts = [p for p in parts if p]
        if not parts:
            return None
        position = 0
        first = last = None
        for part in parts:
            at = self.norm.text.find(part, position)
            if at < 0:
                return None
            first = at if first is None else first
            last = at + len(part)
            position = last
        assert first is not None and last is not None
        return self.norm.origin[first], self.norm.origin[last - 1] + 1

    def closest(self, quote: str) -> tuple[str, float, int, int]:
        """The passage of the text closest to ``quote``, its similarity (0 to 1) and span: the best
        windows word for word, then their edges moved a few words to match character for character."""
        text = normalise(" ".join(_CUT.split(quote))).text
        wanted = [w.casefold() for w in text.split()]
        size = max(1, len(wanted))
        tokens = self._tokens
        if not tokens:
            return "", 0.0, 0, 0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        scored: list[tuple[float, int]] = []
        for start in range(max(1, len(tokens) - size + 1)):
            matcher.set_seq1(tokens[start : start + size])
            if scored and matcher.quick_ratio() < scored[-1][0] * 0.9:
                continue
            scored.append((matcher.ratio(), start))
            scored.sort(key=lambda x: (-x[0], x[1]))
            del scored[5:]
        chars = difflib.SequenceMatcher(autojunk=False)
        chars.set_seq2(text.casefold())
        best = (-1.0, 0, 0)
        for _, start in scored:
            for a in range(max(0, start - 2), min(len(tokens), start + 3)):
                for b in range(max(a + 1, start + size - 2), min(len(tokens), start + size + 2) + 1):
                    a_char, b_char = self._words[a][0], self._words[b - 1][1]
                    chars.set_seq1(self.norm.text[a_char:b_char].casefold())
                    ratio = chars.ratio()
                    if ratio > best[0]:
                        best = (ratio, a, b)
        ratio, a, b = best
        start_char = self.norm.origin[self._words[a][0]]
        end_char = self.norm.origin[self._words[b - 1][1] - 1] + 1
        passage = " ".join(self.text[start_char:end_char].split()).rstrip(",;:")
        return passage, max(ratio, 0.0), start_char, end_char

    def locate(self, finding: Finding) -> Located | None:
        """Where ``finding``'s quote stands, or the closest passage; None when it has no quote."""
        if not finding.quote:
            return None
        section = [finding.section("en"), finding.section("fr")] if finding.section else []
        span = self.find(finding.quote)
        if span is not None:
            start, end = span
            heading = self.heading_at(start)
            return Located(
                finding.id,
                finding.quote,
                True,
                start,
                end,
                heading,
                self.sentence_at(start, end),
                section=section[0] if section else None,
                section_matches=_same_section(section, heading),
            )
        passage, ratio, start, end = self.closest(finding.quote)
        heading = self.heading_at(start)
        return Located(
            finding.id,
            finding.quote,
            False,
            start,
            end,
            heading,
            self.sentence_at(start, end),
            closest=passage,
            similarity=round(ratio, 2),
            section=section[0] if section else None,
            section_matches=_same_section(section, heading),
        )

    def locate_all(self, findings: Sequence[Finding]) -> list[Located]:
        """Every quoted finding located, in the order of the file."""
        return [found for f in findings if (found := self.locate(f)) is not None]


def _same_section(section: list[str], heading: str | None) -> bool:
    """Whether the finding's ``section`` names ``heading`` (any section goes before the first heading)."""
    if not section or heading is None:
        return True
    wanted = normalise(heading).text.casefold()
    return any(normalise(s).text.casefold() == wanted for s in section)


def _headings(text: str) -> list[tuple[int, str]]:
    """The headings of ``text``: (start index, heading), after its first paragraph of prose."""
    out: list[tuple[int, str]] = []
    prose = False
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        paragraph = match.group(0).strip()
        if not paragraph:
            continue
        one_line = "\n" not in paragraph
        if not prose:
            prose = len(paragraph) > 200
            continue
        if one_line and len(paragraph) <= 100 and paragraph[-1] not in ".,;:)\"…!?":
            out.append((match.start(), paragraph))
    return out


__all__ = ["Located", "Normalised", "Source", "normalise"]
