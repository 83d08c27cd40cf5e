"""The explanation of an evaluation: plain data that every renderer draws from.

For each charge: the route the law offers (the rule concluding ``liable`` that came
closest), each of its conditions with its level against the stage's and its status (an
element holds or fails; an exception is not raised, raised and rebutted, or established),
the facts and findings beneath, and for each condition that fails, the facts that keep it
down ("why not"). ``builder.py`` builds it from a trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from verdict.engine.decide.compiled import Direction
from verdict.engine.model.base import Text
from verdict.engine.model.case import Undecided
from verdict.engine.model.levels import Level

Status = Literal["holds", "fails", "not_raised", "rebutted", "established", "not_excluded"]
"""A condition's status. An element ``holds`` or ``fails``. An exception (a defence or a
cause of non-liability) is ``not_raised`` when no finding puts it above ``not_shown`` and
it leaves the charge standing; ``rebutted`` when raised, but below the level that would
defeat the charge; ``established`` when it defeats the charge; ``not_excluded`` when the
prosecution had to exclude it, did not, and the charge falls although nothing raised it."""

STATUSES: tuple[str, ...] = get_args(Status)


@dataclass(frozen=True)
class FindingRef:
    """A finding of the court, as cited under a fact."""

    id: str
    fact: str | None
    level: Level
    date: str | None
    quote: str | None
    section: Text | None
    summary: Text | None
    source: str | None
    weighs_against: str | None
    voice: str | None = None
    speaker: Text | None = None
    undecided: Undecided | None = None


@dataclass(frozen=True)
class FactUse:
    """A fact a condition reads (directly or through the rules beneath it)."""

    fact: str
    title: Text
    level: Level
    against: bool
    status: Literal["supports", "blocks", "neutral"]
    findings: tuple[FindingRef, ...]
    contrary: tuple[FindingRef, ...] = ()

    @property
    def undecided(self) -> tuple[FindingRef, ...]:
        """The findings that give the fact its level when the court did not decide the point:
        every finding at the fact's level says so (empty otherwise)."""
        top = [f for f in self.findings if f.level == self.level]
        return tuple(top) if top and all(f.undecided is not None for f in top) else ()


@dataclass(frozen=True)
class Weak:
    """A fact that keeps a condition from holding, and the level it would need."""

    fact: str
    title: Text
    level: Level
    direction: Direction
    bound: Level
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """An element or exception of the route rule, evaluated for one charge."""

    id: str
    title: Text
    kind: Literal["element", "exception"]
    burden: str | None
    level: Level
    required: Level
    holds: bool
    sources: tuple[Text, ...]
    facts: tuple[FactUse, ...]
    status: Status = "holds"
    own_level: Level | None = None

    @property
    def undecided(self) -> tuple[FindingRef, ...]:
        """The findings of points the court did not decide that this condition's level rests on:
        those under each fact it reads (not through a negation) whose level they alone give."""
        out: dict[str, FindingRef] = {}
        for use in self.facts:
            if not use.against and use.status != "neutral":
                out.update((f.id, f) for f in use.undecided)
        return tuple(out.values())


@dataclass(frozen=True)
class Blocking:
    """A condition that fails, and the facts responsible."""

    element: str
    level: Level
    required: Level
    because: tuple[Weak, ...]
    primary: bool = False
    title: Text | None = None

    @property
    def reason(self) -> str:
        """The reason in one English sentence (renderers may phrase it in other languages)."""
        head = f"{self.element} is {self.level.name_id}; {self.required.name_id} is required"
        if not self.because:
            return head
        parts = [
            f"{w.fact} ({w.level.name_id}, needs "
            f"{'at least' if w.direction == 'at_least' else 'at most'} {w.bound.name_id})"
            for w in self.because
        ]
        return f"{head}; held back by {', '.join(parts)}"


@dataclass(frozen=True)
class RuleRef:
    """A rule named in an explanation, with its level for the charge."""

    id: str
    title: Text
    sources: tuple[Text, ...]
    level: Level
    note: Text | None = None
    holds: bool = False
    """Whether the rule reaches the stage's required level for the charge."""


@dataclass(frozen=True)
class Procedure:
    """A procedural ground or bar of the stage that decided a charge's outcome."""

    id: str
    kind: Literal["ground", "bar"]
    title: Text
    sources: tuple[Text, ...]
    level: Level
    outcome: str
    short_of: bool = False
    """A ground of the stage's ``short_of``: the charge fails the stage's standard and gets this
    lesser outcome, by ``by`` (a procedural ground) or, when ``by`` is ``None``, on its evidence."""
    by: Text | None = None


@dataclass(frozen=True)
class ChargeExplanation:
    """One charge: outcome, route, conditions, and what blocked it."""

    offence: str
    offence_title: Text
    offence_class: str
    offence_sources: tuple[Text, ...]
    accused: str
    accused_name: Text
    accused_kind: str
    court: str | None
    """The court that tries the charge (its id), by the texts in force at the decision's date;
    ``None`` when the rule base names no court for its offence."""
    outcome: str
    holds: bool
    level: Level
    required: Level
    route: RuleRef | None
    elements: tuple[Condition, ...]
    blocking: tuple[Blocking, ...]
    alternatives: tuple[RuleRef, ...]
    notes: tuple[RuleRef, ...]
    procedure: tuple[Procedure, ...] = ()
    judgment: bool = False
    """Whether the charge is decided at a judgment (``StageRef.judgment``)."""
    accused_as: str = "accomplice"
    """``accomplice`` of the offence, or ``author`` of an offence that punishes the instigator."""
    scope: tuple[RuleRef, ...] = ()
    """The rules that left the charge outside what the rule base decides (its outcome is then
    ``outside_scope``): each with its note, the reason; the route, elements and notes are empty."""
    title: Text | None = None
    """The charge as the decision names it, when the case says (``Charge.title``)."""
    court_named: Text | None = None
    """The court as a sentence names it («the cour d'assises», «la cour d'assises»)."""
    committal: Text | None = None
    """The outcome's title when the outcome sends the charge for trial (a committal of the rules:
    the charge is then tried by ``court``); ``None`` otherwise."""


@dataclass(frozen=True)
class StageRef:
    """The procedural stage the case is judged at."""

    id: str
    title: Text
    required: Level
    standard: Text
    sources: tuple[Text, ...]
    judgment: bool = False
    """Whether the stage is a judgment (it requires ``proven``): before one, nothing is «proven»."""


@dataclass(frozen=True)
class Explanation:
    """A case evaluated and explained: what every renderer shows."""

    case: str
    title: Text
    court: Text
    date: str
    decision: Text | None
    sources: tuple[Text, ...]
    stage: StageRef
    backend: str
    rule_base: str
    rule_base_title: Text | None
    outcome: str
    charges: tuple[ChargeExplanation, ...]
    context: tuple[FindingRef, ...]
    judge_gender: str | None = None
    """The judge's grammatical gender, where the case says (``Case.judge_gender``)."""
    outcome_holds: bool = False
    """Whether the case's outcome is that of a charge that holds (a committal, a charge kept)."""
