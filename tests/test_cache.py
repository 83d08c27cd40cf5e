"""The cache on disk (engine/cache.py): a value is reused only while its inputs are unchanged."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine import cache
from verdict.engine.durable_backend import DurableProgram, compile_durable
from verdict.engine.evaluate import durable_available, evaluate
from verdict.engine.files import read_bytes
from verdict.engine.loader import bundled_facts, bundled_rules, load_rules
from verdict.engine.model import RuleBase
from verdict.engine.trace import Trace

Cli = Callable[..., Any]


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VERDICT_CACHE", str(folder))
    return folder


class Counter:
    """A build function that reads ``path`` and counts its calls."""

    def __init__(self, path: Path) -> None:
        self.path, self.calls = path, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return read_bytes(self.path, 1000)


def test_a_value_is_reused_while_its_inputs_are_unchanged(place: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    build = Counter(source)
    assert cache.remembered("k", build) == b"x: 1\n"
    assert cache.remembered("k", build) == b"x: 1\n"
    assert build.calls == 1
    source.write_text("x: 2\n")  # the input changed: built again
    assert cache.remembered("k", build) == b"x: 2\n"
    assert build.calls == 2
    assert cache.remembered("other key", build) == b"x: 2\n"
    assert build.calls == 3


def test_a_new_file_in_a_rule_folder_makes_the_rule_base_stale(place: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules(), folder)
    calls: list[RuleBase] = []

    def build() -> RuleBase:
        calls.append(load_rules(folder))
        return calls[-1]

    first = cache.remembered("rules", build)
    assert cache.remembered("rules", build) == first and len(calls) == 1
    (folder / "more.yaml").write_text(
        "facts:\n  - id: an_extra_fact\n    title: {en: An extra fact, fr: Un fait de plus}\n"
    )
    again = cache.remembered("rules", build)
    assert len(calls) == 2 and "an_extra_fact" in again.predicates


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_entry_is_a_miss(place: Path, tmp_path: Path, damage: bytes) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    build = Counter(source)
    cache.remembered("k", build)
    (entry,) = place.glob("*.pickle")
    entry.write_bytes(damage)
    assert cache.remembered("k", build) == b"x: 1\n"
    assert build.calls == 2


def test_off_means_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERDICT_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    build = Counter(source)
    cache.remembered("k", build)
    cache.remembered("k", build)
    assert build.calls == 2
    assert not (tmp_path / "verdict").exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_never_read(place: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    build = Counter(source)
    cache.remembered("k", build)
    place.chmod(0o777)
    cache.remembered("k", build)
    assert build.calls == 2


def test_what_was_read_from_standard_input_is_not_kept(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x: 1\n")))
    assert cache.remembered("k", lambda: read_bytes(Path("-"), 100)) == b"x: 1\n"
    assert not list(place.glob("*.pickle"))


def test_the_folder_keeps_a_bounded_number_of_entries(
    place: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for n in range(6):
        cache.remembered(f"k{n}", functools.partial(int, n))
    assert len(list(place.glob("*.pickle"))) == 3
    assert not list(place.glob(".entry.*"))  # no temporary file left


def _decide(base: RuleBase) -> Trace:
    from verdict.engine.loader import find_case, load_case

    case = load_case(find_case("qosmos"), base)
    return evaluate(base, case, backend="durable")


@pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python")
def test_a_durable_program_read_back_decides_as_a_fresh_one(place: Path) -> None:
    fresh = DurableProgram(load_rules())
    kept = cache.remembered("program", lambda: fresh)
    read_back: DurableProgram = cache.remembered("program", lambda: pytest.fail("built twice"))
    assert read_back is not kept and read_back.handle != kept.handle
    base = load_rules()  # another object: compile_durable reads its program from the cache
    assert compile_durable(base).base is base
    assert _decide(base).charges == _decide(load_rules()).charges


def test_commands_give_the_same_output_from_the_cache_and_see_edited_files(
    cli: Cli, place: Path, tmp_path: Path
) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(bundled_facts() / "textbook_useless_aid.yaml", case)
    cold = cli("explain", str(case), "--format", "json")
    assert list(place.glob("*.pickle")), "the first run fills the cache"
    warm = cli("explain", str(case), "--format", "json")
    assert (cold.code, cold.out) == (warm.code, warm.out)
    case.write_text(case.read_text().replace('  en: "Textbook:', '  en: "Edited:', 1))
    edited = cli("explain", str(case), "--format", "json")
    assert edited.out != warm.out and '"Edited:' in edited.out


def test_a_cold_and_a_warm_process_print_the_same_bytes(place: Path) -> None:
    command = [sys.executable, "-m", "verdict.cli.entry", "explain", "qosmos"]
    runs = [subprocess.run(command, capture_output=True, check=True, env=os.environ) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
