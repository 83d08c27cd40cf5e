"""JSON Schemas of case and rule files, drawn from the model, for editors to validate with.

Regenerate the files in docs/schema with ``python -m verdict.engine.model.schema docs/schema``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from verdict.engine.io.files import write_atomic
from verdict.engine.model.case import Case
from verdict.engine.model.rule_base import RuleFile


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by file name."""
    out: dict[str, dict[str, Any]] = {}
    for name, model, title in (
        ("case.schema.json", Case, "A verdict case file"),
        ("rules.schema.json", RuleFile, "A verdict rule file"),
    ):
        schema = model.model_json_schema(by_alias=True)
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
    return out


def render(schema: dict[str, Any]) -> str:
    """A schema as the text written to disk."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomic(path, render(schema), force=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(path)
