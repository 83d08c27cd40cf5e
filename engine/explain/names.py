"""The titles of the names of a case and its rule base (facts, conclusions, rules and their
conditions, offences, parties, stages, charges), for surfaces that name each by its title."""

from __future__ import annotations

from dataclasses import dataclass, field

from verdict.engine.model.base import Text
from verdict.engine.model.case import Case
from verdict.engine.model.case_law import case_law
from verdict.engine.model.rule_base import RuleBase


@dataclass(frozen=True)
class Names:
    """The titles of the names a what-if or a search mentions (facts, conclusions, rules and
    their conditions, offences, parties, stages), so that a surface can name each by its title
    in the reader's language and show an identifier only where the reader types it."""

    facts: dict[str, Text]
    """Every fact by its title, and every conclusion by the title of the first rule drawing it."""
    rules: dict[str, Text]
    conditions: dict[tuple[str, str], Text]
    """Each condition of each rule, by (rule, condition)."""
    offences: dict[str, Text]
    accused_as: dict[str, str]
    parties: dict[str, Text]
    stages: dict[str, Text]
    charges: dict[tuple[str, str], Text] = field(default_factory=dict)
    """The charges the decision names otherwise than by their offence, by (offence, accused)."""

    def fact(self, name: str, lang: str) -> str:
        """A fact's title in ``lang`` (its id when it has none)."""
        title = self.facts.get(name)
        return title(lang) if title is not None else name

    def rule(self, name: str, lang: str) -> str:
        """A rule's title in ``lang`` (its id when it has none)."""
        title = self.rules.get(name)
        return title(lang) if title is not None else name

    def condition(self, rule: str, name: str, lang: str) -> str:
        """A condition's title in ``lang`` (its id when it has none)."""
        title = self.conditions.get((rule, name))
        return title(lang) if title is not None else name

    def element(self, name: str, lang: str) -> str:
        """A condition's title in ``lang`` when its rule is not known: the first rule's that has it."""
        title = next((t for (_, c), t in self.conditions.items() if c == name), None)
        return title(lang) if title is not None else name

    def charge(self, offence: str, accused: str) -> tuple[Text | None, str, Text | None, Text | None]:
        """A charge's offence title, how its accused is charged, the charge's own title (as the
        decision names it) and the accused's name."""
        return (
            self.offences.get(offence),
            self.accused_as.get(offence, "accomplice"),
            self.charges.get((offence, accused)),
            self.parties.get(accused),
        )

    def merged(self, other: Names) -> Names:
        """These names, with ``other``'s added (a variant's rules and parties beside the baseline's)."""
        return Names(
            {**other.facts, **self.facts},
            {**other.rules, **self.rules},
            {**other.conditions, **self.conditions},
            {**other.offences, **self.offences},
            {**other.accused_as, **self.accused_as},
            {**other.parties, **self.parties},
            {**other.stages, **self.stages},
            {**other.charges, **self.charges},
        )


def names(base: RuleBase, case: Case) -> Names:
    """The titles of the names of ``case`` decided under ``base``."""
    base = case_law(base, case)
    facts = {p.id: p.title for p in base.predicates.values()}
    for rule in base.rules:
        facts.setdefault(rule.concludes, rule.title)
    return Names(
        facts=facts,
        rules={r.id: r.title for r in base.rules},
        conditions={
            **{(r.id, c.id): c.title for r in base.rules for c in r.elements},
            **{(r.id, x.id): x.title for r in base.rules for x in r.exceptions},
        },
        offences={o.id: o.title for o in base.offences.values()},
        accused_as={o.id: o.accused_as for o in base.offences.values()},
        parties={p.id: p.name for p in case.parties},
        stages={s.id: s.title for s in base.stages.values()},
        charges={(c.offence, c.accused): c.title for c in case.charges if c.title is not None},
    )
