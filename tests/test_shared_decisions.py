"""The decisions every backend shares hold on every backend: the checks of ``decisions.py``
(a stage's threshold, grounds and bars; the kind of accused and the offence's attributes;
the strongest finding and charge-scoped findings; the case's outcome) on the reference
evaluator, durable_rules and the generated evaluator."""

from __future__ import annotations

import pytest
from backends import needs_durable
from decisions import BACKENDS, CHECKS, Decide


@pytest.fixture(
    params=[pytest.param(n, marks=needs_durable) if n == "durable" else n for n in sorted(BACKENDS)]
)
def decide(request: pytest.FixtureRequest) -> Decide:
    """Each backend in turn (durable's skipped where durable_rules cannot import, and said so)."""
    return BACKENDS[request.param]


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_shared_decision_holds_on_every_backend(name: str, decide: Decide) -> None:
    CHECKS[name](decide)


def test_a_charge_s_input_cannot_be_changed_once_built() -> None:
    import dataclasses

    from verdict.engine.model import Charge
    from verdict.engine.scenario import ChargeFacts

    facts = ChargeFacts(charge=Charge(accused="p", offence="o"), kind="natural_person",
                        offence_class="crime", facts={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.kind = "legal_person"  # type: ignore[misc]
