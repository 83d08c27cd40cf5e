"""The JSON Schemas in docs/schema match the model, and accept every bundled file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from verdict.engine.io import yamlio
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.model.schema import render, schemas

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema"


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schema_is_current(name: str) -> None:
    path = DOCS / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run python -m verdict.engine.model.schema docs/schema")
    assert path.read_text(encoding="utf-8") == render(schemas()[name]), (
        "stale schema: run python -m verdict.engine.model.schema docs/schema"
    )


def plain(data: object) -> object:
    return json.loads(json.dumps(data))


def test_every_bundled_case_validates() -> None:
    validator = jsonschema.Draft202012Validator(schemas()["case.schema.json"])
    cases = [p for p in bundled_facts().rglob("*.yaml") if "overlays" not in p.parts]
    assert cases
    for path in cases:
        errors = list(validator.iter_errors(plain(yamlio.load(path))))
        assert not errors, f"{path}: {errors[0].message}"


def test_every_bundled_rule_file_validates() -> None:
    validator = jsonschema.Draft202012Validator(schemas()["rules.schema.json"])
    files = list(bundled_rules().rglob("*.yaml"))
    assert files
    for path in files:
        errors = list(validator.iter_errors(plain(yamlio.load(path))))
        assert not errors, f"{path}: {errors[0].message}"


def test_schema_rejects_an_unknown_level() -> None:
    validator = jsonschema.Draft202012Validator(schemas()["case.schema.json"])
    case = plain(yamlio.load(bundled_facts() / "qosmos.yaml"))
    case["findings"][0]["level"] = "certain"  # type: ignore[index]
    assert not validator.is_valid(case)
