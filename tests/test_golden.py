"""Golden files: the text, Markdown and French output of a few bundled cases, byte for byte.

A change to a renderer, a rule or a case that changes these outputs fails here until the
golden files are refreshed, on purpose, with one command:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

then read with ``git diff tests/golden``. Outputs are taken at 100 columns on the reference
backend, so that they do not depend on the terminal or on durable_rules being installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).parent / "golden"

CASES: dict[str, tuple[str, ...]] = {
    "explain_qosmos.en.txt": ("explain", "qosmos"),
    "explain_qosmos.fr.txt": ("explain", "qosmos", "--lang", "fr"),
    "explain_qosmos_tree.en.txt": ("explain", "qosmos", "--tree"),
    "explain_papon.en.txt": ("explain", "papon"),
    "explain_lacour.fr.txt": ("explain", "lacour", "--lang", "fr"),
    "memo_qosmos.en.md": ("explain", "qosmos", "--format", "markdown"),
    "memo_qosmos.fr.md": ("explain", "qosmos", "--format", "markdown", "--lang", "fr"),
    "memo_lacour.fr.md": ("explain", "lacour", "--format", "markdown", "--lang", "fr"),
    "whatif_qosmos.en.txt": (
        "whatif", "qosmos", "--set", "probes_functioned_effectively_in_field=sufficient"
    ),
    "whatif_qosmos.fr.txt": ("whatif", "qosmos", "--overlay", "causal_link_shown", "--lang", "fr"),
    "counterfactuals_qosmos.en.txt": ("counterfactuals", "qosmos"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(
    name: str, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    run = cli(*CASES[name], "--backend", "reference")
    assert run.code == 0, run.err
    path = GOLDEN / name
    if update_golden:
        path.write_text(run.out, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run pytest tests/test_golden.py --update-golden"
    assert run.out == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended: pytest tests/test_golden.py --update-golden"
    )


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(CASES)
