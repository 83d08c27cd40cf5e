"""Procedural stages: the level each requires, their outcomes, grounds and bars.

Meaning: docs/rules.md (rule files), docs/cases.md (case files), docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import (
    Field,
    field_validator,
)

from verdict.engine.model.base import (
    GOAL,
    OFFENCE_CLASSES,
    OUTSIDE_SCOPE,
    Identifier,
    IdList,
    LevelField,
    OffenceClass,
    Sources,
    Strict,
    Text,
)
from verdict.engine.model.levels import Level
from verdict.messages import Message


class Bar(Strict):
    """A procedural bar: when its condition reaches the stage's level, a holding charge gets ``outcome``."""

    id: Identifier
    title: Text
    when: Identifier
    outcome: Identifier
    sources: Sources = Field(min_length=1)


class ShortOf(Strict):
    """What a charge short of a stage's level still gets: ``outcome`` when ``liable``, or one
    of the ``grounds``, reaches ``required`` (a mise en examen refused leaves a témoin
    assisté only on a ground or plausible indices, CPP 113-1, 113-2)."""

    id: Identifier
    title: Text
    outcome: Identifier
    required: LevelField
    grounds: IdList = []
    sources: Sources = Field(min_length=1)

    def reached(self, levels: Mapping[str, int]) -> str | None:
        """The name that reaches ``required`` (``liable`` first, then the grounds), or None."""
        for name in (GOAL, *self.grounds):
            if levels.get(name, Level.NOT_SHOWN) >= self.required:
                return name
        return None


class Stage(Strict):
    """A procedural stage: the level a charge must reach there, and what follows.

    A charge holds when ``liable``, or one of the stage's procedural ``grounds``, reaches
    ``required``; a holding charge whose ``bars`` condition reaches it gets the bar's outcome.
    """

    id: Identifier
    title: Text
    required: LevelField
    sources: Sources = Field(min_length=1)
    standard: Text
    holds: dict[OffenceClass, Identifier]
    fails: Identifier | dict[OffenceClass, Identifier]
    severity: list[Identifier] = Field(min_length=1)
    grounds: IdList = []
    bars: list[Bar] = []
    short_of: list[ShortOf] = []

    def outcome(self, holds: bool, offence_class: str) -> str:
        """The outcome of one charge at this stage, by the class of its offence."""
        if holds:
            return self.holds[offence_class]  # type: ignore[index]
        return self.fails if isinstance(self.fails, str) else self.fails[offence_class]  # type: ignore[index]

    def outcomes(self) -> list[str]:
        """Every outcome this stage can give."""
        fails = [self.fails] if isinstance(self.fails, str) else list(self.fails.values())
        short = [s.outcome for s in self.short_of]
        return [*self.holds.values(), *fails, *(b.outcome for b in self.bars), *short, OUTSIDE_SCOPE]

    def decide(self, levels: Mapping[str, int], offence_class: str) -> tuple[bool, str]:
        """Whether a charge holds at this stage, and its outcome, from its levels.

        A ground, bar or ``outside_scope`` the levels do not name is ``not_shown``.
        """
        return self.settle(levels[GOAL] >= self.required, levels, offence_class)

    def settle(self, liable_holds: bool, levels: Mapping[str, int], offence_class: str) -> tuple[bool, str]:
        """The charge's standing once it is known whether ``liable`` reached ``required``:
        a procedural ground may make it hold, a bar may give a holding charge another outcome;
        a charge ``outside_scope`` at the stage's level is not decided at all."""
        if levels.get(OUTSIDE_SCOPE, Level.NOT_SHOWN) >= self.required:
            return False, OUTSIDE_SCOPE
        holds = liable_holds or any(levels.get(g, Level.NOT_SHOWN) >= self.required for g in self.grounds)
        if holds:
            for bar in self.bars:
                if levels.get(bar.when, Level.NOT_SHOWN) >= self.required:
                    return holds, bar.outcome
        else:
            for short in self.short_of:
                if short.reached(levels) is not None:
                    return holds, short.outcome
        return holds, self.outcome(holds, offence_class)

    def names(self) -> list[str]:
        """The facts and conclusions the stage reads besides ``liable`` (``outside_scope`` last)."""
        short = [GOAL, *(g for s in self.short_of for g in s.grounds)] if self.short_of else []
        return list(dict.fromkeys([*self.grounds, *(b.when for b in self.bars), *short, OUTSIDE_SCOPE]))

    @field_validator("severity")
    @classmethod
    def _scope_last(cls, value: list[str]) -> list[str]:
        """``outside_scope`` is an outcome of every stage, the least severe unless placed."""
        return value if OUTSIDE_SCOPE in value else [*value, OUTSIDE_SCOPE]

    @field_validator("holds", "fails")
    @classmethod
    def _every_class(cls, value: Any) -> Any:
        if isinstance(value, dict):
            missing = set(OFFENCE_CLASSES) - set(value)
            if missing:
                listed = ", ".join(sorted(missing))
                raise ValueError(Message("stage.outcome_per_class", missing=listed))
        return value
