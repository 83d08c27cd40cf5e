"""The backends a test runs on, the durable one skipped visibly where durable_rules cannot import.

Such skips are counted and said once at the end of the run (``conftest.py``), never dropped in
silence by leaving the durable backend out of a list.
"""

from __future__ import annotations

from typing import Any

import pytest

from verdict.engine.decide.evaluate import durable_available

DURABLE_MISSING = "durable_rules does not import on this Python"
needs_durable = pytest.mark.skipif(not durable_available(), reason=DURABLE_MISSING)
"""Marks a test of the durable backend."""

BACKENDS: list[Any] = ["reference", pytest.param("durable", marks=needs_durable)]
"""Both backends, as ``pytest.mark.parametrize`` values."""
