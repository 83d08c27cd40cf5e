"""A case of 2,000 findings under a rule base of 500 rules: loads, decides on both backends
with identical results, explains and renders in every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from generators import write_large_case

from verdict.cli.render_json import to_dict
from verdict.cli.render_markdown import render as render_markdown
from verdict.cli.render_text import render as render_text
from verdict.engine.evaluate import durable_available, evaluate
from verdict.engine.explain import explain
from verdict.engine.loader import load_case, load_rules


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_large_case(tmp_path_factory.mktemp("large"))


def test_large_case_decides_explains_and_renders(large: tuple[Path, Path]) -> None:
    rules_dir, case_path = large
    base = load_rules(rules_dir)
    case = load_case(case_path, base)
    assert len(base.rules) == 500 and len(case.findings) == 2000
    reference = evaluate(base, case, backend="reference")
    if durable_available():
        durable = evaluate(base, case, backend="durable")
        assert durable.decisions() == reference.decisions()
        assert durable.outcome == reference.outcome
    explanation = explain(reference, base, case)
    assert len(explanation.charges) == len(case.charges)
    assert to_dict(explanation)["outcome"] == reference.outcome
    assert render_markdown(explanation).startswith("# ")
    assert render_text(explanation) is not None
