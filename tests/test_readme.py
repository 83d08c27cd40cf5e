"""Every command the README shows runs, and exits as the README says (0 unless noted here).

Commands run in a scratch folder holding a copy of the bundled ``facts/`` and ``rules/``, so
that the paths the README uses resolve and ``verdict new`` writes nothing in the checkout.
"""

from __future__ import annotations

import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.load.paths import bundled_facts, bundled_rules

README = Path(__file__).parent.parent / "README.md"


def readme_commands() -> list[str]:
    """Each ``verdict …`` command of the README's shell blocks, without its comment, in order."""
    commands: list[str] = []
    in_shell = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() == "```sh"
            continue
        if not in_shell:
            continue
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words and words[0] in ("verdict", ".venv/bin/verdict"):
                commands.append(shlex.join(["verdict", *words[1:]]))
    return commands


def test_the_readme_shows_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    assert any(c.startswith("verdict whatif") for c in commands)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(bundled_facts(), folder / "facts")
    shutil.copytree(bundled_rules(), folder / "rules")
    (folder / "my_cases").mkdir()  # the README serves "your own case files or folders"
    shutil.copy(bundled_facts() / "textbook_useless_aid.yaml", folder / "my_cases")
    return folder


def serves(args: list[str], folder: Path) -> None:
    """Start ``verdict serve ARGS`` on a free port, wait until it answers, then stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    if "--port" in args:
        del args[args.index("--port") : args.index("--port") + 2]
    command = [sys.executable, "-m", "verdict.cli.app", *args, "--port", str(port)]
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"{command}: exited {server.returncode}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    return
            except OSError:
                assert time.monotonic() < deadline, f"{command}: no answer within 60 s"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs(
    command: str, cli: Callable[..., Any], scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(scratch)
    args = shlex.split(command)[1:]
    if args[:1] == ["serve"]:  # a server: it must start and answer, then it is stopped
        serves(args, scratch)
        return
    if args[:1] == ["check"]:  # the README checks the skeleton it has just written
        assert cli("new", "my_case", "--dir", "facts", "--force").code == 0
    run = cli(*args)
    assert run.code == 0, f"{command}: exit {run.code}: {run.err}"
