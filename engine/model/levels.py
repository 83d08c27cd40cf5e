"""The evidence scale and its algebra: how levels of findings and conclusions combine.

One ordinal scale serves every finding and every conclusion. Its meaning, and the
meaning of each operation below, is written in docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from verdict.messages import Join, Message, Term


class Level(IntEnum):
    """How firmly a proposition is shown, from refuted to beyond doubt."""

    DISPROVED = 0  # shown to be false
    NOT_SHOWN = 1  # nothing in the file supports it (the default)
    PLAUSIBLE = 2  # «indices rendant vraisemblable» (CPP 113-2)
    SERIOUS = 3  # «indices graves ou concordants» (CPP 80-1)
    SUFFICIENT = 4  # «charges suffisantes» (CPP 176, 177, 184)
    PROVEN = 5  # intime conviction (judgment)

    @property
    def name_id(self) -> str:
        """The level's identifier as written in YAML and JSON (``not_shown``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        """The level named ``text`` (``"serious"``); ``KeyError`` if there is none."""
        return cls[text.upper()]


LEVEL_NAMES: tuple[str, ...] = tuple(level.name_id for level in Level)
BOTTOM = Level.DISPROVED
TOP = Level.PROVEN
DEFAULT = Level.NOT_SHOWN


def conj(levels: Iterable[int]) -> Level:
    """``all``: a conjunction is as strong as its weakest part; the empty one is proven."""
    return Level(min(levels, default=TOP))


def disj(levels: Iterable[int]) -> Level:
    """``any``: a disjunction is as strong as its strongest part; the empty one is disproved."""
    return Level(max(levels, default=BOTTOM))


def mirror(level: int) -> Level:
    """``not`` with the burden on the prosecution: the scale read backwards.

    ``not X`` is proven only when X is disproved, and disproved when X is proven;
    a merely unshown X leaves ``not X`` at ``sufficient``, short of ``proven``.
    """
    return Level(TOP - level)


def defeat(level: int) -> Level:
    """``unless``: a defence the accused must raise; it weighs only from ``plausible`` up.

    While the defence is not shown, ``unless X`` is proven; once X is at least
    plausible, it is X read backwards, as for ``not``.
    """
    return TOP if level <= DEFAULT else mirror(level)


def supported(levels: Iterable[int]) -> Level:
    """A fact's level from the findings bearing on it: the strongest; none is ``not_shown``."""
    return Level(max(levels, default=DEFAULT))


def disproves(level: int) -> bool:
    """Whether a finding at ``level`` disproves its fact (``disproved``)."""
    return level == BOTTOM


def establishes(level: int) -> bool:
    """Whether a finding at ``level`` establishes its fact (``sufficient`` or above).

    A case may not have, for one charge, a finding that disproves a fact and one that
    establishes it: that is a contradiction (docs/semantics.md §2), refused when a case is
    read and never produced by a counterfactual.
    """
    return level >= Level.SUFFICIENT


def level_term(level: Level) -> Term:
    """A level as a message names it: its id, in another language its name there."""
    return Term(f"level.{level.name_id}", level.name_id)


def levels_hint(command_line: bool = False) -> Message:
    """«; the levels are: disproved, …», as ids with their names in another language (a YAML file
    takes the ids), or by their names in the language (``command_line``: names are read there)."""
    if command_line:
        return Message("hint.levels", names=Join([level_term(v) for v in Level]))
    names = [Message("hint.level_id_and_name", id=v.name_id, name=level_term(v)) for v in Level]
    return Message("hint.levels", names=Join(names))
