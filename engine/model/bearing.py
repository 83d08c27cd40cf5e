"""Which findings bear on which fact for which charge, without scanning every finding per charge.

A finding without scope bears on every charge; one scoped to accused or offences only on
the charges it names (``Finding.applies``). ``Bearing`` indexes a case's findings once, so
that the scenario, the contradiction check and the explanation of a case of many charges and
many findings take time in proportion to the findings, not to charges × findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from verdict.engine.model.case import Charge, Finding

Key = tuple[str, bool]
"""A fact and whether the findings are cited against it (``weighs_against``) rather than on it."""


class Bearing:
    """The findings of a case indexed by fact and by scope; indexes are positions in the file."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings
        self._common: dict[Key, list[int]] = {}
        self._by_accused: dict[str, dict[Key, list[int]]] = {}
        self._by_offence: dict[str, dict[Key, list[int]]] = {}
        self._scoped: dict[tuple[str, str, bool], dict[str, list[int]]] = {}
        for index, finding in enumerate(findings):
            for name, against in ((finding.fact, False), (finding.weighs_against, True)):
                if name is None:
                    continue
                key = (name, against)
                if finding.accused is not None:  # filed under each accused, checked by offence on use
                    for accused in dict.fromkeys(finding.accused):
                        self._by_accused.setdefault(accused, {}).setdefault(key, []).append(index)
                elif finding.offence is not None:
                    for offence in dict.fromkeys(finding.offence):
                        self._by_offence.setdefault(offence, {}).setdefault(key, []).append(index)
                else:
                    self._common.setdefault(key, []).append(index)

    def common(self, name: str, against: bool = False) -> list[int]:
        """The findings on ``name`` without scope: they bear on every charge."""
        return self._common.get((name, against), [])

    def common_names(self) -> list[str]:
        """The facts some finding without scope bears on, in order of their first finding."""
        return [name for name, against in self._common if not against]

    def scoped(self, charge: Charge, against: bool = False) -> dict[str, list[int]]:
        """For each fact, the scoped findings bearing on it for ``charge``, in file order."""
        key = (charge.accused, charge.offence, against)
        if key in self._scoped:
            return self._scoped[key]
        out: dict[str, list[int]] = {}
        for group in (self._by_accused.get(charge.accused, {}), self._by_offence.get(charge.offence, {})):
            for (name, cited_against), indexes in group.items():
                if cited_against == against:
                    found = [i for i in indexes if self.findings[i].applies(charge)]
                    if found:
                        out.setdefault(name, []).extend(found)
        for indexes in out.values():
            indexes.sort()
        self._scoped[key] = out
        return out

    def on(self, name: str, charge: Charge, against: bool = False) -> list[Finding]:
        """The findings bearing on ``name`` for ``charge`` (or cited against it), in file order."""
        scoped = self.scoped(charge, against).get(name, [])
        indexes = sorted([*self.common(name, against), *scoped]) if scoped else self.common(name, against)
        return [self.findings[i] for i in indexes]
