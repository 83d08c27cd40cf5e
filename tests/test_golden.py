"""Golden files: the text, Markdown and French output of a few bundled cases, byte for byte.

A change to a renderer, a rule or a case that changes these outputs fails here until the
golden files are refreshed, on purpose, with one command:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

then read with ``git diff tests/golden``. Outputs are taken at 100 columns, so that they do not
depend on the terminal, and on both backends: durable_rules must give the very bytes the reference
evaluator gives, but for the name of the backend where the output states it (the files are written
from the reference; where durable_rules cannot import, its runs are skipped and the run says so).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS

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


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(
    name: str, backend: str, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    run = cli(*CASES[name], "--backend", backend)
    assert run.code == 0, run.err
    path = GOLDEN / name
    if update_golden and backend == "reference":
        path.write_text(run.out, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run pytest tests/test_golden.py --update-golden"
    assert run.out == as_on(backend, path.read_text(encoding="utf-8")), (
        f"{name} differs on the {backend} backend; if the change is intended: "
        "pytest tests/test_golden.py --update-golden"
    )


def as_on(backend: str, golden: str) -> str:
    """The golden output as ``backend`` gives it: the same bytes, but for the name of the backend
    where the output states it."""
    for said in ("backend: {}", "on the {} backend"):
        golden = golden.replace(said.format("reference"), said.format(backend))
    return golden


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(CASES)
