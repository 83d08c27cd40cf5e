"""Deciding a page's state: the case with its overlay, law and changes, against the case as decided.

The variant is built exactly as ``verdict whatif`` builds it (overlay first, then the law,
then the findings set and the stage) and compared with ``engine.whatif.what_if``. What does
not depend on the findings set (the opened case, the overlay and the law applied, the
counterfactuals) is kept per name, so a change of a finding costs one what-if.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from verdict.engine.counterfactuals import Search, search
from verdict.engine.evaluate import Backend, evaluate
from verdict.engine.explain import Explanation, explain
from verdict.engine.overlay import Changes, Opened, Variant, apply, open_file
from verdict.engine.whatif import WhatIf, what_if

from .library import CaseEntry, Library
from .state import State


@dataclass(frozen=True)
class Decision:
    """What a case page shows: the changed case explained, and its what-if if anything changed."""

    explanation: Explanation
    whatif: WhatIf | None
    counterfactuals: Search


class Decider:
    """Decides page states for one library on one backend; safe to call from several threads."""

    def __init__(self, library: Library, backend: Backend) -> None:
        self.library, self.backend = library, backend
        self._lock = threading.Lock()
        self._opened: dict[str, Opened] = {}
        self._starts: dict[tuple[str, str | None, str | None], Variant] = {}
        self._plain: dict[str, Explanation] = {}
        self._searches: dict[tuple[str, str | None, str | None, str | None], Search] = {}

    def opened(self, entry: CaseEntry) -> Opened:
        """The case file opened (kept)."""
        if entry.name not in self._opened:
            self._opened[entry.name] = open_file(entry.path)
        return self._opened[entry.name]

    def start(self, entry: CaseEntry, overlay: str | None, rules: str | None) -> Variant:
        """The case with its overlay and law variant applied, before any finding is set (kept)."""
        key = (entry.name, overlay, rules)
        if key not in self._starts:
            variant = self.opened(entry).baseline
            if overlay is not None:
                chosen = entry.overlays[overlay]
                patch = chosen.overlay
                variant = apply(
                    variant, patch.changes, chosen.path.parent, str(chosen.path), chosen.data.get("changes")
                )
                variant = replace(
                    variant, title=patch.title, rationale=patch.rationale, sources=tuple(patch.sources)
                )
            if rules is not None:
                law = self.library.laws[rules].path
                variant = apply(variant, Changes.model_validate({"rules": str(law.resolve())}))
            self._starts[key] = variant
        return self._starts[key]

    def decide(self, entry: CaseEntry, state: State) -> Decision:
        """The decision a page state shows."""
        with self._lock:
            opened = self.opened(entry)
            start = self.start(entry, state.overlay, state.rules)
            changes = Changes.model_validate({"set": dict(state.sets), "stage": state.stage})
            variant = apply(start, changes) if changes != Changes() else start
            key = (entry.name, state.overlay, state.rules, state.stage)
            if key not in self._searches:
                self._searches[key] = search(start.base, start.case, state.stage, backend=self.backend)
            if not state.changed:
                if entry.name not in self._plain:
                    trace = evaluate(variant.base, variant.case, None, self.backend)
                    self._plain[entry.name] = explain(trace, variant.base, variant.case)
                return Decision(self._plain[entry.name], None, self._searches[key])
            result = what_if(opened.baseline, variant, self.backend)
            return Decision(result.variant, result, self._searches[key])
