"""Bad input gets one line naming the file and line, exit code 2, and no traceback."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from generators import TINY_CASE

from verdict.engine.decide.evaluate import durable_available
from verdict.engine.errors import VerdictError
from verdict.engine.load.case_file import load_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.rule_base import RuleBase

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(base: RuleBase, path: Path) -> str:
    with pytest.raises(VerdictError) as caught:
        load_case(path, base)
    return str(caught.value)


def test_good_case_loads(base: RuleBase, tmp_path: Path) -> None:
    assert load_case(write(tmp_path, TINY_CASE), base).case == "tiny"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("fact: principal_act_committed", "fact: principal_act_comitted"),
            "case.yaml:11:5: unknown fact 'principal_act_comitted' (did you mean 'principal_act_committed'?)",
        ),
        (
            lambda t: t.replace("level: proven", "level: certain"),
            "case.yaml:11:49: unknown evidence level 'certain'; the levels are: "
            "disproved, not_shown, plausible, serious, sufficient, proven",
        ),
        (
            lambda t: t.replace("offence: theft", "offence: theift"),
            "case.yaml:9:5: unknown offence 'theift' (did you mean 'theft'?)",
        ),
        (
            lambda t: t.replace("court: Test court\n", "court: Test court\ncourt: Other\n"),
            "case.yaml:4:1: duplicate key 'court' (first at line 3)",
        ),
        (
            lambda t: t + "  - {id: stolen, fact: positive_act_of_aid, level: proven}\n",
            "case.yaml:12:5: duplicate finding id 'stolen'",
        ),
        (
            lambda t: t.replace("sources: [test]", "sources: [test]\nverdict: guilty"),
            "case.yaml:6:1: unknown key 'verdict'",
        ),
        (
            lambda t: t.replace("fact: principal_act_committed", "fact: liable"),
            "case.yaml:11:5: 'liable' is a conclusion the rules draw (rule 'criminal_mandate'), "
            "not a fact a case states; state the facts it reads instead",
        ),
        (
            lambda t: t + "  - {id: refuted, fact: principal_act_committed, level: disproved}\n",
            "case.yaml:12:5: contradiction on 'principal_act_committed' for charge theft/ann: "
            "finding 'stolen' establishes it (proven) while 'refuted' disproves it",
        ),
        (lambda t: t.replace("parties:", "parties: [\n"), "case.yaml:8:3: invalid YAML:"),
        (lambda t: "", "case.yaml:1: file is empty"),
        (lambda t: t.replace("  - {id: ann", "\t- {id: ann"), "case.yaml:7:1: invalid YAML: a tab character"),
    ],
)
def test_bad_case_names_file_and_line(
    base: RuleBase, tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    text = error_of(base, write(tmp_path, edit(TINY_CASE)))
    assert text.startswith(str(tmp_path) + "/")
    assert text.removeprefix(str(tmp_path) + "/").startswith(message), text


def test_unknown_key_suggests(base: RuleBase, tmp_path: Path) -> None:
    text = error_of(base, write(tmp_path, TINY_CASE.replace("level: proven", "levle: proven")))
    assert "unknown key 'levle' (did you mean 'level'?)" in text


def test_not_utf8(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(TINY_CASE.replace("Petit", "P\xe9tit").encode("latin-1"))
    assert error_of(base, path).endswith("case.yaml:2: not UTF-8 text (byte 0xe9); save the file as UTF-8")


def test_byte_order_mark_is_accepted(base: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TINY_CASE.encode())
    assert load_case(path, base).case == "tiny"


def test_unsafe_tag_is_refused_not_run(base: RuleBase, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = TINY_CASE.replace(
        "court: Test court", f"court: !!python/object/apply:os.system ['touch {marker}']"
    )
    assert "unsupported YAML tag" in error_of(base, write(tmp_path, text))
    assert not marker.exists()


def test_alias_bomb_is_refused(base: RuleBase, tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 8):
        bomb += f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]\n"
    assert "too many values" in error_of(base, write(tmp_path, bomb))


def rule_base(tmp_path: Path, rules: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    bundled = Path(str(__import__("verdict.rules", fromlist=["x"]).__path__[0]))
    for name in ("stages.yaml", "offences.yaml", "facts.yaml", "procedure.yaml"):
        (folder / name).write_text((bundled / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "law.yaml").write_text(rules, encoding="utf-8")
    return folder


LIABLE = """\
rules:
  - id: r1
    title: {en: R1, fr: R1}
    sources: [test]
    concludes: liable
    elements:
      - {id: e, title: {en: E, fr: E}, when: %s}
"""


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "positive_act_of_ayd",
            "unknown fact or conclusion 'positive_act_of_ayd' (did you mean 'positive_act_of_aid'?)",
        ),
        ("{all: []}", "'all' takes a non-empty list of conditions"),
        ("{most: [a]}", "a condition is a fact or conclusion name"),
    ],
)
def test_bad_rule(tmp_path: Path, when: str, message: str) -> None:
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, LIABLE % when))
    assert message in str(caught.value)
    assert "law.yaml:" in str(caught.value)


def test_cycle_is_refused(tmp_path: Path) -> None:
    rules = (
        (LIABLE % "{not: other}")
        + """\
  - id: r2
    title: {en: R2, fr: R2}
    sources: [test]
    concludes: other
    elements:
      - {id: e, title: {en: E, fr: E}, when: liable}
"""
    )
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, rules))
    assert "rules depend on each other in a circle: liable -> other -> liable" in str(caught.value)


def test_duplicate_rule_id(tmp_path: Path) -> None:
    rules = LIABLE % "positive_act_of_aid" + (LIABLE % "positive_act_of_aid").removeprefix("rules:\n")
    with pytest.raises(VerdictError) as caught:
        load_rules(rule_base(tmp_path, rules))
    assert "law.yaml:8:5: duplicate rule id 'r1' (first in" in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "no_such_case"],
        ["explain", "qosmos", "--stage", "trial"],
        ["explain", "qosmos", "--rules", "/nonexistent"],
        ["explain", "qosmos", "--format", "pdf"],
        ["explian", "qosmos"],
        ["explain"],
        ["explain", "qosmos", "--no-such-option"],
    ],
)
def test_cli_bad_input_is_one_line_exit_2(cli: Callable[..., object], args: list[str]) -> None:
    run = cli(*args)
    assert run.code == 2  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert run.out == ""  # type: ignore[attr-defined]
    assert len(run.err.strip().splitlines()) == 1  # type: ignore[attr-defined]
    assert run.err.startswith("error: ")  # type: ignore[attr-defined]


def test_cli_error_is_a_single_line(cli: Callable[..., object], tmp_path: Path) -> None:
    path = write(tmp_path, TINY_CASE.replace("level: proven", "level: certain"))
    run = cli("explain", str(path), "--backend", "reference")
    assert run.code == 2  # type: ignore[attr-defined]
    lines = run.err.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:11:49: unknown evidence level")


# ---------------------------------------------------------------- command-line values: exact, one line

LEVEL_LIST = "the levels are: disproved, not_shown, plausible, serious, sufficient, proven"


@pytest.mark.parametrize("stage", ["Judgment", "jugement", "Mise en examen", "témoin assisté"])
def test_stage_names_fold_the_documented_way(cli: Callable[..., Any], stage: str) -> None:
    assert cli("explain", "qosmos", "--stage", stage, "--format", "json").code == 0


@pytest.mark.parametrize("level", ["ſerious", "suﬁcient", "sérieuxx"])
def test_levels_do_not_fold_beyond_ascii_case_and_accents(cli: Callable[..., Any], level: str) -> None:
    run = cli("whatif", "qosmos", "--set", f"aid_effective={level}")
    assert run.code == 2 and run.err.count("\n") == 1 and "unknown evidence level" in run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["whatif", "qosmos", "--stage", "Judgement"],
            "unknown stage 'Judgement' (did you mean 'judgment'?)",
        ),
        (
            ["whatif", "qosmos", "--set", "Aid_Effective=sufficient"],
            "unknown finding or fact 'Aid_Effective' (did you mean 'aid_effective'?)",
        ),
        (
            ["whatif", "qosmos", "--set", "aid effective=sufficient"],
            "unknown finding or fact 'aid effective' (did you mean 'aid_effective'?)",
        ),
        (
            ["whatif", "qosmos", "--set", "aid_effective=ſerious"],
            f"--set 'aid_effective': unknown evidence level 'ſerious' (did you mean 'serious'?); "
            f"{LEVEL_LIST}",
        ),
        (
            ["whatif", "qosmos", "--set", "aid_effective=suﬁcient"],
            f"--set 'aid_effective': unknown evidence level 'suﬁcient' (did you mean 'sufficient'?); "
            f"{LEVEL_LIST}",
        ),
        (["whatif", "qosmos", "--set", "aid_effective"], "--set takes FINDING=LEVEL (e.g. aid_effective="
         "sufficient), not 'aid_effective'"),
        (
            ["whatif", "qosmos", "--without-rule", "Facilitation"],
            "unknown rule 'Facilitation' (did you mean 'facilitation' or 'instigation'?)",
        ),
        (["whatif", "qosmos", "--drop", "no such finding"], "cannot drop unknown finding 'no such finding'"),
        (
            ["whatif", "qosmos", "--stage", "judgment\n"],
            "unknown stage 'judgment\\n' (did you mean 'judgment'?)",
        ),
        (
            ["counterfactuals", "qosmos", "--facts", "Aid_Effective"],
            "--facts: unknown finding or fact 'Aid_Effective' (did you mean 'aid_effective'?)",
        ),
        (["explain", "Qosmos"], "no case 'Qosmos': not a file, nor a bundled case (did you mean 'qosmos'?)"),
        (
            ["new", "Bad Name"],
            "'Bad Name' is not a valid case id (lower-case letters a-z, digits and _, at most 80)",
        ),
    ],
)
def test_command_line_names_match_exactly(cli: Callable[..., Any], args: list[str], message: str) -> None:
    run = cli(*args)
    assert (run.code, run.out, run.err) == (2, "", f"error: {message}\n")


def test_a_level_in_capitals_is_read_as_in_yaml(cli: Callable[..., Any]) -> None:
    upper = cli("whatif", "qosmos", "--set", "aid_effective=SUFFICIENT", "--format", "json")
    lower = cli("whatif", "qosmos", "--set", "aid_effective=sufficient", "--format", "json")
    assert (upper.code, upper.err) == (0, "")
    assert upper.out == lower.out


# ---------------------------------------------------------------- output failures: exit 74, one line

OUTPUT_FAILED = {
    "full": (74, "error: cannot write the output: No space left on device\n"),
    "closed": (74, "error: cannot write the output: standard output is closed\n"),
    "limit": (74, "error: cannot write the output: File too large\n"),
    "pipe": (141, ""),  # the reader has all it wanted: quiet, 128 + SIGPIPE as a shell reports it
}
EVERY_COMMAND = [
    ["--help"],
    ["explain", "textbook_useless_aid", "--backend", "reference"],
    ["explain", "textbook_useless_aid", "--backend", "reference", "--format", "json"],
    ["whatif", "textbook_useless_aid", "--stage", "judgment", "--backend", "reference"],
    ["counterfactuals", "textbook_useless_aid", "--backend", "reference", "--format", "markdown"],
    ["facts", "textbook_useless_aid"],
    ["rules", "--format", "json"],
    ["check", "textbook_useless_aid"],
    ["test", "facts/textbook_useless_aid.yaml", "--backend", "reference"],
    ["new", "fresh_case", "--dir", "{tmp}"],
]


def child(args: list[str], mode: str, tmp_path: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``verdict ARGS`` with its stdout a full disk, closed, a file past the file-size limit
    (``ulimit -f``), or a pipe closed by its reader."""
    command = [sys.executable, "-m", "verdict.cli.entry", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    options: dict[str, Any] = {"stderr": subprocess.PIPE, "env": {**os.environ, **(env or {})}, "cwd": ROOT}
    if mode == "full":
        with open("/dev/full", "wb") as full:
            done = subprocess.run(command, stdout=full, timeout=120, check=False, **options)
        return done.returncode, done.stderr.decode()
    if mode == "limit":  # a 1-byte limit: the first write is short, the next one fails
        with open(tmp_path.parent / f"{tmp_path.name}.out", "wb") as out:
            done = subprocess.run(command, stdout=out, timeout=120, check=False,
                                  preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1)),
                                  **options)
        return done.returncode, done.stderr.decode()
    if mode == "closed":
        done = subprocess.run(command, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1),
                              timeout=120, check=False, **options)
        return done.returncode, done.stderr.decode()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, **options)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first byte
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("mode", sorted(OUTPUT_FAILED))
def test_failed_output_is_one_line_and_exit_74_on_every_command(tmp_path: Path, mode: str) -> None:
    """Every failure is one line and exit 74; a pipe closed by its reader ends quietly (141)."""
    # `new` writes its file before its one line: under a file-size limit the file fails first
    commands = [a for a in EVERY_COMMAND if not (mode == "limit" and a[0] == "new")]
    jobs = [(args, tmp_path / str(i)) for i, args in enumerate(commands)]
    for _, folder in jobs:
        folder.mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: child(job[0], mode, job[1]), jobs))
    for (args, folder), (code, err) in zip(jobs, results, strict=True):
        assert (code, err) == OUTPUT_FAILED[mode], args
        assert list(folder.iterdir()) == [], f"{args}: a file was left behind"


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_an_encoding_that_cannot_hold_the_text_gets_escapes(tmp_path: Path, encoding: str) -> None:
    """Text gets escapes; JSON, Markdown and HTML are UTF-8 whatever the terminal's encoding."""
    for fmt in ("json", "markdown", "html"):
        args = ["explain", "qosmos", "--backend", "reference", "--format", fmt, "--lang", "fr"]
        command = [sys.executable, "-m", "verdict.cli.entry", *args]
        plain = subprocess.run(command, capture_output=True, timeout=120, check=False, cwd=ROOT,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        narrow = subprocess.run(command, capture_output=True, timeout=120, check=False, cwd=ROOT,
                                env={**os.environ, "PYTHONIOENCODING": encoding})
        assert (narrow.returncode, narrow.stderr) == (0, b""), fmt
        assert narrow.stdout == plain.stdout, f"{fmt} is UTF-8 whatever the terminal's encoding"
        assert "é".encode() in narrow.stdout
    listing = [sys.executable, "-m", "verdict.cli.entry", "list", "--format", "json", "--lang", "fr"]
    listed = subprocess.run(listing, capture_output=True, timeout=120, check=False, cwd=ROOT,
                            env={**os.environ, "PYTHONIOENCODING": encoding})
    assert listed.returncode == 0 and json.loads(listed.stdout.decode("utf-8"))
    text = subprocess.run([sys.executable, "-m", "verdict.cli.entry", "explain", "qosmos", "--backend",
                           "reference", "--lang", "fr"],
                          capture_output=True, timeout=120, check=False, cwd=ROOT,
                          env={**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"})
    assert (text.returncode, text.stderr) == (0, b"")
    assert "\\u2014" in text.stdout.decode(encoding) or encoding == "latin-1"


# ---------------------------------------------------------------- files written: whole, or not at all

def test_new_refuses_a_folder_an_existing_file_and_a_missing_folder(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "taken.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    runs = {
        "taken": cli("new", "taken", "--dir", str(tmp_path)),
        "folder": cli("new", "folder", "--dir", str(tmp_path), "--force"),
        "nowhere": cli("new", "x", "--dir", str(tmp_path / "nowhere")),
    }
    assert runs["taken"].err == f"error: {tmp_path}/taken.yaml: already exists; use --force to overwrite it\n"
    assert runs["folder"].err == f"error: {tmp_path}/folder.yaml: is a folder; choose another name\n"
    assert runs["nowhere"].err == f"error: {tmp_path}/nowhere: no such folder\n"
    assert all(run.code == 2 and run.out == "" for run in runs.values())
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.yaml", "taken.yaml"]
    forced = cli("new", "taken", "--dir", str(tmp_path), "--force")
    assert forced.code == 0 and "case: taken" in (tmp_path / "taken.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("call", "errno_", "message"),
    [("open", errno.EACCES, "Permission denied"), ("write", errno.ENOSPC, "No space left on device"),
     ("link", errno.EROFS, "Read-only file system")],
)
def test_new_leaves_nothing_behind_when_writing_fails(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, errno_: int,
    message: str,
) -> None:
    real = getattr(os, call)

    def failing(*args: Any, **kwargs: Any) -> Any:
        if call != "open" or str(args[0]).endswith(".tmp"):
            raise OSError(errno_, os.strerror(errno_))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, call, failing)
    run = cli("new", "fresh", "--dir", str(tmp_path))
    monkeypatch.setattr(os, call, real)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"error: {tmp_path}/fresh.yaml: cannot write: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_new_interrupted_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from verdict.engine.io import files

    def interrupted(fd: int) -> None:
        files.discard_pending()  # what the interrupt handler of the executable does first
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(tmp_path / "case.yaml", "case: x\n")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- Ctrl-C: exit 130, one line

def test_interrupt_inside_a_command_is_one_line(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from verdict.engine.load import rule_folder as loader

    def interrupted(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "load_rules", interrupted)
    run = cli("rules")
    assert (run.code, run.out, run.err) == (130, "", "interrupted\n")
    run = cli("rules", "--lang", "fr")
    assert (run.code, run.out, run.err) == (130, "", "interrompu\n")


def started(pid: int) -> None:
    """Wait until the child runs verdict's own code: it has loaded libyaml's or pydantic's
    extension, which the command line imports after the executable's first lines. (Before them,
    in the interpreter's own start-up, Python answers Ctrl-C itself.)"""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")
            if "_yaml" in maps or "pydantic_core" in maps:
                return
        except OSError:  # it ended already
            return
        time.sleep(0.002)


@pytest.mark.parametrize("cache", ["on", "off"])
@pytest.mark.parametrize("args", [["explain", "qosmos"], ["check", "qosmos"], ["rules"]])
def test_ctrl_c_right_after_start_up_exits_130_in_one_line(args: list[str], cache: str) -> None:
    """Ctrl-C once the child runs verdict's own code (it reports it: libyaml or pydantic is
    loaded), before any output: exit 130, «interrupted». Synchronised on that event, not on time."""
    env = {**os.environ, **({"VERDICT_CACHE": "off"} if cache == "off" else {})}
    proc = subprocess.Popen([sys.executable, "-m", "verdict.cli.entry", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    started(proc.pid)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:  # it finished before `started` saw the extension (a cached case
        assert b"Traceback" not in err  # loads neither): nothing was interrupted, nothing broke
        return
    assert (proc.returncode, out, err) == (130, b"", b"interrupted\n")


CHILD = """
import os, sys, time, importlib
fd, target, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
module, owner, name = target.rsplit(".", 2)
cls = getattr(importlib.import_module(module), owner)
real = getattr(cls, name)
def reached(*a, **k):
    os.write(fd, b"evaluating\\n")  # the event the test waits for: the evaluation is under way
    time.sleep(600)  # Ctrl-C arrives here, inside the evaluation
    return real(*a, **k)
setattr(cls, name, reached)
sys.argv = ["verdict", *args]
from verdict.cli.entry import run
run()
"""
"""A child that runs a command with ``target`` (``module.Class.method``, a step of the evaluation)
replaced by one that reports that the evaluation is under way and then waits for Ctrl-C."""


@pytest.mark.parametrize(
    ("target", "args"),
    [
        ("verdict.engine.decide.durable_backend._Conclude.act",
         ["explain", "qosmos", "--backend", "durable"]),
        ("verdict.engine.decide.reference.Program.run", ["explain", "qosmos", "--backend", "reference"]),
        ("verdict.engine.decide.reference.Program.run",
         ["test", "facts/qosmos.yaml", "--backend", "reference"]),
        ("verdict.engine.decide.reference.Program.run", ["whatif", "qosmos", "--stage", "judgment",
                                                  "--backend", "reference"]),
    ],
    ids=["durable action", "reference charge", "test", "whatif"],
)
def test_ctrl_c_during_the_evaluation_exits_130_in_one_line(target: str, args: list[str]) -> None:
    """Ctrl-C sent once the child reports that it is inside the evaluation (a step of it
    replaced by one that says so, then waits): exit 130, «interrupted», nothing on stdout. The
    test waits for that event, never for a time, so a slow or a fast machine runs it the same."""
    if "durable" in args and not durable_available():
        pytest.skip("durable_rules does not import on this Python")
    read, write = os.pipe()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(write), target, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write,),
                            env={**os.environ, "VERDICT_CACHE": "off"})
    os.close(write)
    with os.fdopen(read, "rb") as events:
        reported = events.readline()  # blocks until the child reports the event (or ends)
    if reported != b"evaluating\n":
        out, err = proc.communicate(timeout=120)
        pytest.fail(f"the child ended before its evaluation: {proc.returncode} {err.decode()[-2000:]}")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out, err) == (130, b"", b"interrupted\n")


def test_new_on_a_file_system_without_hard_links(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: Any) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    run = cli("new", "fresh", "--dir", str(tmp_path))
    assert (run.code, run.err) == (0, "")
    assert [p.name for p in tmp_path.iterdir()] == ["fresh.yaml"]
    assert cli("new", "fresh", "--dir", str(tmp_path)).code == 2  # still never over an existing file


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("thef", "'theft'"),  # a typing slip: the closest ids
        ("vol", "'theft' or 'armed_theft' or 'organised_theft'"),  # the offence by its French title
        ("meurtre", "'murder'"),
        ("gros_vol", ""),  # a word no title holds: no suggestion
    ],
)
def test_an_unknown_offence_suggests_the_catalogue_names_near_it(
    base: RuleBase, tmp_path: Path, written: str, suggested: str
) -> None:
    path = write(tmp_path, TINY_CASE.replace("offence: theft", f"offence: {written}"))
    message = error_of(base, path)
    assert f"unknown offence '{written}'" in message
    assert message.endswith(f"(did you mean {suggested}?)" if suggested else f"'{written}'")
