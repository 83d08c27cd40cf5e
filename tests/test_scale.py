"""A large case end to end: 500 rules and a case of 2,000 findings, written as YAML and
read back through the loader, evaluate alike on both backends, explain and render."""

from __future__ import annotations

import io
import json

import pytest
from generators import write_large_case
from rich.console import Console

from verdict.engine.decide.evaluate import evaluate
from verdict.engine.decide.trace import Trace
from verdict.engine.explain.builder import explain
from verdict.engine.explain.explanation import Explanation
from verdict.engine.load.case_file import load_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL
from verdict.engine.model.case import Case
from verdict.engine.model.graph import dependencies, evaluation_order
from verdict.engine.model.rule_base import RuleBase
from verdict.render.json_doc import dumps, to_dict
from verdict.render.memo import render as render_markdown
from verdict.render.text import render as render_text

LAYERS = 4
"""Conclusions chained four deep (the explanation's cost grows quickly with the depth)."""

Large = tuple[RuleBase, Case]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Large:
    rules_dir, case_file = write_large_case(tmp_path_factory.mktemp("large"), seed=1, layers=LAYERS)
    base = load_rules(rules_dir)
    return base, load_case(case_file, base)


@pytest.fixture(scope="module")
def reference(large: Large) -> Trace:
    return evaluate(*large, backend="reference")


def test_the_large_case_is_as_large_as_announced(large: Large) -> None:
    base, case = large
    assert len(base.rules) == 500
    assert len(case.findings) == 2000
    assert {f.fact for f in case.findings} == set(base.predicates)
    assert any(f.offence for f in case.findings) and any(f.accused for f in case.findings)
    assert {(c.offence, case.party(c.accused).kind) for c in case.charges} >= {
        ("o_crime_a", "natural_person"),
        ("o_crime_a", "legal_person"),
    }
    assert any(len(r.conditions()) > 16 for r in base.rules)
    assert any(r.applies_to is not None for r in base.rules)
    assert {x.burden for r in base.rules for x in r.exceptions} == {"prosecution", "defence"}
    # every fact is read, and conclusions chain LAYERS deep
    deps = dependencies(base)
    assert set(base.predicates) <= {n for names in deps.values() for n in names}
    depth: dict[str, int] = {}
    for conclusion in evaluation_order(base):
        depth[conclusion] = 1 + max((depth[n] for n in deps[conclusion] if n in deps), default=0)
    assert depth[GOAL] == LAYERS


def outputs(explanation: Explanation) -> tuple[str, str, str]:
    """The explanation as text (with every finding), JSON and Markdown."""
    console = Console(file=io.StringIO(), width=120, highlight=False, color_system=None)
    console.print(render_text(explanation, "en", detail=True))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return text, dumps(to_dict(explanation, "fr")), render_markdown(explanation, "en")


def test_the_reference_backend_evaluates_explains_and_renders(large: Large, reference: Trace) -> None:
    base, case = large
    assert len(reference.charges) == len(case.charges) == 4
    assert {c.holds for c in reference.charges} == {True, False}
    assert all(len(c.rules) > 300 for c in reference.charges)
    explanation = explain(reference, base, case)
    assert [c.outcome for c in explanation.charges] == [c.outcome for c in reference.charges]
    assert all(c.route is not None and c.elements for c in explanation.charges)
    assert any(c.blocking for c in explanation.charges if not c.holds)
    text, data, markdown = outputs(explanation)
    parsed = json.loads(data)
    assert parsed["outcome"] == reference.outcome
    assert [c["outcome"] for c in parsed["charges"]] == [c.outcome for c in reference.charges]
    for charge in case.charges:
        assert charge.offence in text and charge.offence in markdown
    cited = {f["id"] for f in parsed["findings"]}
    assert len(cited) > 100 and cited <= {f.id for f in case.findings}


def test_the_durable_backend_refuses_the_large_case_in_one_line(large: Large) -> None:
    """500 rules compile into more durable rules than one durable_rules ruleset holds (4,096):
    the backend says so before durable_rules is given the ruleset."""
    pytest.importorskip("durable.engine")
    from verdict.engine.errors import EngineError

    base, case = large
    with pytest.raises(EngineError) as refused:
        evaluate(base, case, backend="durable")
    message = str(refused.value)
    assert "\n" not in message
    assert "durable rules" in message and "(use --backend reference)" in message
