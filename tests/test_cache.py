"""The cache on disk (engine/io/cache.py): a value is reused only while its inputs are unchanged."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.decide.durable_backend import DurableProgram, compile_durable
from verdict.engine.decide.evaluate import durable_available, evaluate
from verdict.engine.decide.trace import Trace
from verdict.engine.io import cache
from verdict.engine.io.files import read_bytes
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.rule_base import RuleBase

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


def _entry_of(place: Path, key: str) -> Path:
    return place / f"{hashlib.sha256(cache._full_key(key)).hexdigest()}.pickle"


def test_another_requests_entry_copied_over_an_entry_is_never_used(place: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(f"x: {name}\n")
    build_a, build_b = Counter(tmp_path / "a.yaml"), Counter(tmp_path / "b.yaml")
    cache.remembered("a", build_a)
    cache.remembered("b", build_b)
    _entry_of(place, "a").write_bytes(_entry_of(place, "b").read_bytes())
    assert cache.remembered("a", build_a) == b"x: a\n" and build_a.calls == 2
    assert cache.remembered("a", build_a) == b"x: a\n" and build_a.calls == 2  # replaced: a hit again


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps(42),
        pickle.dumps((b"x", 42)),
        pickle.dumps([("file", 1, 2)]),
        pickle.dumps((cache._FORMAT, None, None, None)),
        pickle.dumps((cache._FORMAT, b"key", [("file", "p", "p")], b"v")),
    ],
    ids=["an int", "a pair", "a list", "no key", "bad inputs"],
)
def test_an_entry_of_the_wrong_shape_is_a_miss_and_replaced(
    place: Path, tmp_path: Path, payload: bytes
) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    build = Counter(source)
    cache.remembered("k", build)
    _entry_of(place, "k").write_bytes(payload)
    assert cache.remembered("k", build) == b"x: 1\n" and build.calls == 2
    assert cache.remembered("k", build) == b"x: 1\n" and build.calls == 2


def test_a_value_of_the_wrong_type_for_its_key_is_a_miss(place: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    full_key = cache._full_key("k")
    inputs: list[Any] = []
    _entry_of(place, "k").parent.mkdir(mode=0o700)
    _entry_of(place, "k").write_bytes(pickle.dumps((cache._FORMAT, full_key, inputs, 42)))
    assert cache.remembered("k", Counter(source), bytes) == b"x: 1\n"


def test_a_symbolic_link_repointed_is_a_change(place: Path, tmp_path: Path) -> None:
    first, second, link = tmp_path / "first.yaml", tmp_path / "second.yaml", tmp_path / "link.yaml"
    first.write_text("x: 1\n")
    second.write_text("x: 1\n")  # the same content: the link itself changed
    link.symlink_to(first)
    build = Counter(link)
    cache.remembered("k", build)
    link.unlink()
    link.symlink_to(second)
    cache.remembered("k", build)
    assert build.calls == 2
    second.write_text("x: 2\n")
    assert cache.remembered("k", build) == b"x: 2\n"


def test_a_symlinked_rule_file_repointed_decides_by_the_new_target(
    cli: Cli, place: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules(), folder)
    file = folder / "stages.yaml"
    kept, edited = tmp_path / "kept.yaml", tmp_path / "edited.yaml"
    shutil.copy(file, kept)
    # the law now asks less at the end of the investigation: the decision changes
    edited.write_text(kept.read_text().replace("required: sufficient", "required: plausible", 1))
    file.unlink()
    file.symlink_to(kept)
    command = ("explain", str(tmp_path / "qosmos.yaml"), "--rules", str(folder), "--format", "json")
    shutil.copy(bundled_facts() / "qosmos.yaml", tmp_path / "qosmos.yaml")
    before = cli(*command)
    file.unlink()
    file.symlink_to(edited)
    after = cli(*command)
    monkeypatch.setenv("VERDICT_CACHE", "off")
    assert before.code == after.code == 0
    assert after.out == cli(*command).out != before.out
    assert json.loads(after.out)["outcome"] != json.loads(before.out)["outcome"]


def test_the_code_is_named_by_the_content_of_its_modules(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, text in ((one, "x = 1\n"), (two, "x = 2\n")):
        folder.mkdir()
        (folder / "m.py").write_text(text)
        os.utime(folder / "m.py", ns=(1_000_000_000, 1_000_000_000))  # same size, same time
    assert cache._modules(one) != cache._modules(two)


def test_a_librarys_version_and_installed_files_are_in_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "somelib").mkdir(parents=True)
    (site / "somelib" / "__init__.py").write_text("")
    info = site / "somelib-1.0.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("somelib/__init__.py,sha256=a,0\n")
    monkeypatch.syspath_prepend(str(site))
    first = cache._library("somelib", "somelib")
    (info / "RECORD").write_text("somelib/__init__.py,sha256=b,0\n")
    cache._listed.cache_clear()
    rebuilt = cache._library("somelib", "somelib")
    info.rename(site / "somelib-1.1.dist-info")
    cache._listed.cache_clear()
    upgraded = cache._library("somelib", "somelib")
    assert len({first, rebuilt, upgraded}) == 3
    assert cache._library("no_such_library_here", "no_such_library_here").endswith(b"absent")


def test_the_key_changes_with_any_library(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = set()
    for module, _ in cache._LIBRARIES:
        monkeypatch.setattr(cache, "_library", lambda m, d, changed=module: f"{m}{m == changed}".encode())
        cache._code.cache_clear()
        seen.add(cache._code())
    cache._code.cache_clear()
    assert len(seen) == len(cache._LIBRARIES) == 4


def test_the_folder_is_bounded_in_bytes(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", 50_000)
    for n in range(10):
        cache.remembered(f"k{n}", functools.partial(bytes, [n] * 20_000))
    sizes = [p.stat().st_size for p in place.glob("*.pickle")]
    assert 1 <= len(sizes) <= 2 and sum(sizes) <= 50_000
    assert cache.remembered("huge", lambda: b"x" * 60_000) and not _entry_of(place, "huge").exists()


def test_stray_temporary_files_are_swept(place: Path) -> None:
    cache.remembered("k0", lambda: 0)
    old, fresh = place / ".entry.old", place / ".entry.fresh"
    old.write_bytes(b"half an entry")
    fresh.write_bytes(b"being written")
    os.utime(old, (1, 1))
    cache.remembered("k1", lambda: 1)
    assert not old.exists() and fresh.exists()


def test_a_folder_that_is_a_symbolic_link_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("VERDICT_CACHE", str(link))
    calls: list[int] = []
    cache.remembered("k", lambda: calls.append(1))
    cache.remembered("k", lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.parametrize("value", ["off", "OFF", "no", "0", "", "relative/folder"])
def test_what_verdict_cache_turns_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERDICT_CACHE", value)
    assert cache.folder() is None
    calls: list[int] = []
    cache.remembered("k", lambda: calls.append(1))
    assert not list(tmp_path.rglob("*.pickle"))


def _decide(base: RuleBase) -> Trace:
    from verdict.engine.load.case_file import load_case
    from verdict.engine.load.paths import find_case

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


def test_one_cases_entry_copied_over_anothers_never_gives_its_answer(cli: Cli, place: Path) -> None:
    qosmos = cli("explain", "qosmos", "--format", "json", "--backend", "reference")
    lafarge = cli("explain", "lafarge", "--format", "json", "--backend", "reference")
    assert qosmos.out != lafarge.out
    entries = sorted(place.glob("*.pickle"))
    assert len(entries) >= 2
    stolen = entries[0].read_bytes()
    for entry in entries[1:]:
        entry.write_bytes(stolen)  # every entry now holds the same request's value
    for name, cold in (("qosmos", qosmos), ("lafarge", lafarge)):
        warm = cli("explain", name, "--format", "json", "--backend", "reference")
        assert (warm.code, warm.out) == (0, cold.out)


@pytest.mark.parametrize("payload", [pickle.dumps(42), pickle.dumps(("x", "y")), b"\x80\x05N."])
def test_entries_of_the_wrong_type_never_stop_a_command(cli: Cli, place: Path, payload: bytes) -> None:
    cold = cli("explain", "qosmos", "--format", "json")
    for entry in place.glob("*.pickle"):
        entry.write_bytes(payload)
    for _ in range(2):
        warm = cli("explain", "qosmos", "--format", "json")
        assert (warm.code, warm.out) == (0, cold.out)
