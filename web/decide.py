"""Deciding a page's state: the case with its overlay, law and changes, against the case as decided.

The variant is built exactly as ``verdict whatif`` builds it (overlay first, then the law,
then the findings set and the stage) and compared with ``engine.whatif.what_if``. What does
not depend on the findings set (the opened case, the overlay and the law applied, the
counterfactuals) is kept, keyed by the content of every file it was read from: each request
reads those files again and compares their digests, so a case, overlay or rule folder
changed on disk is decided anew at the next request, never served stale.

Counterfactual searches are also kept in a folder the server's worker processes share
(``Shared``), so that the one worker that searched serves them all.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from verdict.engine.decide.evaluate import Backend, evaluate
from verdict.engine.explain.builder import explain
from verdict.engine.explain.counterfactuals import Search, search
from verdict.engine.explain.explanation import Explanation
from verdict.engine.explain.whatif import Side, WhatIf, side, what_if
from verdict.engine.io import files
from verdict.engine.load.changes import Changes, Variant, apply
from verdict.engine.load.overlay import open_file, parse_overlay, read
from verdict.render.i18n import stage_name

from .library import CaseEntry, Library
from .state import State

LARGE_CHARGES = 20
"""A case with more charges than this is heavy work: decided by the workers kept for it."""

LARGE_FINDINGS = 1000
"""A case with more findings than this is heavy work too."""

KEPT = 64
"""The most variants (case, overlay, law) a worker keeps; the least recently used go first."""


class Heavy(Exception):
    """Raised, in a worker kept for light work, by a request that needs heavy work."""


@dataclass(frozen=True)
class Decision:
    """What a case page shows: the changed case explained, and its what-if if anything changed."""

    explanation: Explanation
    whatif: WhatIf | None
    counterfactuals: Search
    state: State
    """The state decided, its stage named by its id (as the command line folds it)."""


@dataclass
class _Kept:
    inputs: list[files.Input]
    digest: str
    variant: Variant
    plain: Explanation | None = None
    side: Side | None = None
    """The variant decided at its case's stage: the «before» of every what-if made from it."""
    searches: dict[str | None, Search] = field(default_factory=dict)


class Shared:
    """Values kept in a private folder for every worker of one server, keyed by content digests."""

    def __init__(self, folder: Path | None, limit: int = 256) -> None:
        self.folder, self.limit = folder, limit

    def _entry(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest() + ".pickle")

    def get(self, key: str) -> object | None:
        """The value kept for ``key``, or ``None`` (a missing or unreadable entry is a miss)."""
        entry = self._entry(key)
        if entry is None:
            return None
        try:
            stored_key, value = pickle.loads(entry.read_bytes())
        except Exception:  # missing, partial or corrupt: a miss
            return None
        return value if stored_key == key else None

    def put(self, key: str, value: object) -> None:
        """Keep ``value`` for ``key`` (written whole: a temporary file, then a rename)."""
        entry = self._entry(key)
        if entry is None or self.folder is None:
            return
        with contextlib.suppress(OSError, pickle.PicklingError):
            data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
            files.replace_atomic(entry, data)
            kept = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[self.limit :]:
                old.unlink()


def _digest(inputs: list[files.Input]) -> str:
    return hashlib.sha256(repr(sorted(set(inputs))).encode("utf-8", "surrogateescape")).hexdigest()


class Decider:
    """Decides page states for one library on one backend, in one process."""

    def __init__(self, library: Library, backend: Backend, shared: Shared | None = None) -> None:
        self.library, self.backend = library, backend
        self.shared = shared or Shared(None)
        self._kept: dict[tuple[str, str | None, str | None], _Kept] = {}
        self._checked: set[tuple[str, str | None, str | None]] = set()

    def begin(self) -> None:
        """Start a request: what is kept is checked fresh (its files read again) once in it."""
        self._checked.clear()

    def _build(self, entry: CaseEntry, overlay: str | None, rules: str | None) -> Variant:
        variant = open_file(entry.path).baseline
        if overlay is not None:
            chosen = entry.overlays[overlay]
            data = read(chosen.path)  # read again: the overlay may have changed on disk
            patch = parse_overlay(data, str(chosen.path))
            changes = data.get("changes") if isinstance(data, dict) else None
            variant = apply(variant, patch.changes, chosen.path.parent, str(chosen.path), changes)
            variant = replace(
                variant, title=patch.title, rationale=patch.rationale, sources=tuple(patch.sources)
            )
        if rules is not None:
            law = self.library.laws[rules].path
            variant = apply(variant, Changes.model_validate({"rules": str(law.resolve())}))
        return variant

    def _fresh(self, entry: CaseEntry, overlay: str | None, rules: str | None) -> _Kept:
        """What is kept for this variant, built anew if any file it was read from has changed."""
        key = (entry.name, overlay, rules)
        kept = self._kept.pop(key, None)
        if kept is None or (key not in self._checked and not files.unchanged(kept.inputs)):
            with files.recording() as inputs:
                variant = self._build(entry, overlay, rules)
            unique = sorted(set(inputs))
            kept = _Kept(unique, _digest(unique), variant)
        self._checked.add(key)
        self._kept[key] = kept  # most recently used last
        while len(self._kept) > KEPT:
            del self._kept[next(iter(self._kept))]
        return kept

    def start(self, entry: CaseEntry, overlay: str | None, rules: str | None) -> Variant:
        """The case with its overlay and law variant applied, before any finding is set."""
        return self._fresh(entry, overlay, rules).variant

    def digests(self, entry: CaseEntry, state: State) -> tuple[str, str]:
        """The content digests of every file the case as decided and this variant were read from
        (each file read again now): what a page kept for ``state`` depends on."""
        return self._fresh(entry, None, None).digest, self._fresh(entry, state.overlay, state.rules).digest

    def large(self, entry: CaseEntry, state: State) -> bool:
        """Whether deciding ``state`` is heavy work by the size of the case."""
        case = self.start(entry, state.overlay, state.rules).case
        return len(case.charges) > LARGE_CHARGES or len(case.findings) > LARGE_FINDINGS

    def _search(self, kept: _Kept, stage: str | None, light: bool) -> Search:
        if stage in kept.searches:
            return kept.searches[stage]
        key = f"search\0{self.backend}\0{stage}\0{kept.digest}"
        found = self.shared.get(key)
        if isinstance(found, Search):
            kept.searches[stage] = found
            return found
        if light:
            raise Heavy
        start = kept.variant
        kept.searches[stage] = search(start.base, start.case, stage, backend=self.backend)
        self.shared.put(key, kept.searches[stage])
        return kept.searches[stage]

    def decide(self, entry: CaseEntry, state: State, light: bool = False) -> Decision:
        """The decision a page state shows; with ``light``, ``Heavy`` if it needs heavy work."""
        if light and (entry.charges > LARGE_CHARGES or entry.findings > LARGE_FINDINGS):
            raise Heavy  # known large at start: not even opened here
        baseline = self._fresh(entry, None, None)
        kept = self._fresh(entry, state.overlay, state.rules)
        if light and self.large(entry, state):
            raise Heavy
        if state.stage is not None:
            state = state.with_(stage=stage_name(state.stage, kept.variant.base.stages))
        changes = Changes.model_construct(
            set_=dict(state.sets),
            drop=[],
            add=[],
            parties=[],
            charges=[],
            drop_charges=[],
            stage=state.stage,
            rules=None,
            without_rules=[],
        )
        variant = apply(kept.variant, changes) if state.sets or state.stage else kept.variant
        found = self._search(kept, state.stage, light)
        if not state.changed:
            if kept.plain is None:
                trace = evaluate(variant.base, variant.case, None, self.backend)
                kept.plain = explain(trace, variant.base, variant.case)
            return Decision(kept.plain, None, found, state)
        if baseline.side is None:
            baseline.side = side(baseline.variant, self.backend)
        result = what_if(baseline.variant, variant, self.backend, baseline.side)
        return Decision(result.variant, result, found, state)
