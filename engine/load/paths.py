"""Where the bundled law and cases are, and how a case is found by name.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from verdict.engine.errors import VerdictError
from verdict.engine.io import yamlio
from verdict.engine.model.hints import suggest
from verdict.messages import Message


def bundled_rules() -> Path:
    """The folder of the bundled rule base."""
    return Path(str(files("verdict.rules")))


def bundled_facts() -> Path:
    """The folder of the bundled cases."""
    return Path(str(files("verdict.facts")))


def find_case(name: str) -> Path:
    """The case file ``name``: a path, ``-`` (standard input), or the name of a bundled case."""
    path = Path(name)
    if name == "-" or path.suffix in (".yaml", ".yml") or os.path.lexists(path):
        return path
    bundled = {p.stem: p for p in bundled_facts().rglob("*.yaml") if "overlays" not in p.parts}
    if name in bundled:
        return bundled[name]
    raise VerdictError(Message("case.no_case", name=yamlio.quoted(name), hint=suggest(name, bundled)))
