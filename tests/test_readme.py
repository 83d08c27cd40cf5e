"""Every command the README shows runs, and exits as the README says (0 unless noted here).

Commands run in a scratch folder holding a copy of the bundled ``facts/`` and ``rules/``, so
that the paths the README uses resolve and ``verdict new`` writes nothing in the checkout.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.loader import bundled_facts, bundled_rules

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
    return folder


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs(
    command: str, cli: Callable[..., Any], scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(scratch)
    args = shlex.split(command)[1:]
    if args[:1] == ["check"]:  # the README checks the skeleton it has just written
        assert cli("new", "my_case", "--dir", "facts", "--force").code == 0
    run = cli(*args)
    assert run.code == 0, f"{command}: exit {run.code}: {run.err}"
