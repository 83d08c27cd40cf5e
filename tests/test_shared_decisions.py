"""The decisions every backend shares hold on every backend: the checks of ``decisions.py``
(a stage's threshold, grounds and bars; the kind of accused and the offence's attributes;
the strongest finding and charge-scoped findings; the case's outcome) on the reference
evaluator, durable_rules and the generated evaluator; and the backend chosen is the one named."""

from __future__ import annotations

import sys

import pytest
from backends import needs_durable
from decisions import BACKENDS, CHECKS, Decide, case, rule, rule_base

from verdict.engine.decide.evaluate import Backend, default_backend, durable_available, evaluate
from verdict.engine.errors import VerdictError
from verdict.engine.model.base import OUTSIDE_SCOPE
from verdict.engine.model.case import Case
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase

S = Level.SERIOUS


@pytest.fixture(
    params=[pytest.param(n, marks=needs_durable) if n == "durable" else n for n in sorted(BACKENDS)]
)
def decide(request: pytest.FixtureRequest) -> Decide:
    """Each backend in turn (durable's skipped where durable_rules cannot import, and said so)."""
    return BACKENDS[request.param]


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_shared_decision_holds_on_every_backend(name: str, decide: Decide) -> None:
    CHECKS[name](decide)


@pytest.mark.parametrize("backend", ["reference", pytest.param("durable", marks=needs_durable)])
def test_a_charge_outside_the_scope_does_not_hold(backend: Backend) -> None:
    """Its outcome says it is not decided, and it is not counted among the charges that hold."""
    base = rule_base(["a", "beyond"], [rule("r", "a"), rule("scope", "beyond", concludes=OUTSIDE_SCOPE)])
    trace = evaluate(base, case([("a", Level.PROVEN), ("beyond", S)]), "trial", backend=backend)
    assert (trace.charges[0].outcome, trace.charges[0].holds) == (OUTSIDE_SCOPE, False)


def test_a_charge_s_input_cannot_be_changed_once_built() -> None:
    import dataclasses

    from verdict.engine.decide.scenario import ChargeFacts
    from verdict.engine.model.case import Charge

    facts = ChargeFacts(charge=Charge(accused="p", offence="o"), kind="natural_person",
                        offence_class="crime", facts={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.kind = "legal_person"  # type: ignore[misc]


# ---------------------------------------------------------------- choosing a backend


def _tiny() -> tuple[RuleBase, Case]:
    base = rule_base(["a"], [rule("r", "a")])
    return base, case([("a", S)])


def test_the_backend_named_is_the_backend_used() -> None:
    base, the_case = _tiny()
    # a name built at run time, as one read from a command line: compared by value
    reference = "".join(["refer", "ence"])
    assert evaluate(base, the_case, "trial", backend=reference).backend == "reference"  # type: ignore[arg-type]
    assert evaluate(base, the_case, "trial").backend == default_backend()
    if durable_available():
        durable = "".join(["dur", "able"])
        assert evaluate(base, the_case, "trial", backend=durable).backend == "durable"  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["a", "e", "s", "Durable"])
def test_an_unknown_backend_is_refused(name: str) -> None:
    base, the_case = _tiny()
    with pytest.raises(VerdictError):
        evaluate(base, the_case, "trial", backend=name)  # type: ignore[arg-type]


def test_durable_rules_is_used_exactly_where_it_imports() -> None:
    try:
        import durable.engine  # noqa: F401

        imports = sys.version_info < (3, 13)  # its C core does not run on 3.13 and later
    except ImportError:
        imports = False
    assert durable_available() == imports
    assert default_backend() == ("durable" if imports else "reference")
