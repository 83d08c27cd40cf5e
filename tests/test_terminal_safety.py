"""Case text cannot drive the terminal nor a Markdown viewer (render/safety.py).

A case whose titles, party names and summaries carry terminal escapes, bidirectional controls
and HTML or link payloads is explained, compared and searched in both languages: the text
output shows every control escaped, the Markdown output holds no HTML tag and no active link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from verdict.engine.load.paths import bundled_facts
from verdict.render.safety import markdown_safe, printable

Cli = Callable[..., Any]

TERMINAL = {
    "clear screen": "\x1b[2J\x1b[H",
    "window title (OSC, BEL)": "\x1b]0;pwned\x07",
    "window title (OSC, ST)": "\x1b]2;pwned\x1b\\",
    "hidden hyperlink": "\x1b]8;;https://evil.example/\x1b\\innocent\x1b]8;;\x1b\\",
    "C1 CSI": "\x9b2J",
    "C1 OSC": "\x9d0;pwned\x9c",
    "NEL": "line\x85break",
    "right-to-left override": "\u202egnp.exe",
    "left-to-right override": "\u202dx",
    "isolates": "\u2066a\u2067b\u2068c\u2069",
    "embeddings": "\u202ax\u202bx\u202c",
    "line separator": "a\u2028b\u2029c",
    "backspace and carriage return": "safe\x08\x08\x08\x08evil\rX",
    "NUL and DEL": "a\x00b\x7f",
}
"""Terminal payloads, each set in a case's text."""

MARKDOWN = {
    "script": "<script>alert(1)</script>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "svg onload": "<svg onload=alert(1)>",
    "details ontoggle": "<details open ontoggle=alert(1)>",
    "javascript link": "[click](javascript:alert(1))",
    "javascript link, mixed case": "[click](JaVaScRiPt:alert(1))",
    "javascript link in brackets": "[click](<javascript:alert(1)>)",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript link": "[click](vbscript:msgbox(1))",
    "entity-encoded scheme": "[click](&#x6a;avascript:alert(1))",
    "entity colon": "[click](javascript&colon;alert(1))",
    "autolink": "<javascript:alert(1)>",
    "link definition": "\n[ref]: javascript:alert(1)\n[click][ref]",
}
"""Markdown payloads, each set in a case's text."""

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ACTIVE = re.compile(r"\]\s*\(\s*<?\s*(?!https?:|mailto:)[a-z][a-z0-9+.\-]*:", re.IGNORECASE)


def _laid_out(text: str) -> str:
    """``text`` as the layout keeps it: rich drops BEL, BS, VT, FF and CR from any text."""
    return re.sub("[\x07\x08\x0b\x0c\r]", "", text)


def _yaml(text: str) -> str:
    """``text`` as the inside of a YAML double-quoted string."""
    return "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


def _hostile(folder: Path, payload: str) -> Path:
    """The textbook case with ``payload`` before every English and French text it holds."""
    source = (bundled_facts() / "textbook_useless_aid.yaml").read_text(encoding="utf-8")
    escaped = _yaml(payload)
    text = re.sub(r'^(\s*(?:en|fr): ")', lambda m: m.group(1) + escaped, source, flags=re.MULTILINE)
    assert text.count(escaped) > 10
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _commands(case: Path, lang: str, fmt: str) -> list[tuple[str, ...]]:
    common = ("--lang", lang, "--format", fmt)
    listed = [
        ("explain", str(case), *common),
        ("whatif", str(case), "--set", "key_did_not_fit=proven", *common),
        ("counterfactuals", str(case), *common),
    ]
    if fmt == "text":
        listed.append(("explain", str(case), "--detail", *common))
    return listed


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(TERMINAL))
def test_text_output_shows_controls_escaped(cli: Cli, tmp_path: Path, name: str, lang: str) -> None:
    case = _hostile(tmp_path, TERMINAL[name])
    for command in _commands(case, lang, "text"):
        run = cli(*command)
        assert run.code == 0, (command, run.err)
        assert not _RAW.search(run.out), (command, _RAW.findall(run.out))
        assert printable(_laid_out(TERMINAL[name])) in run.out, command


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(MARKDOWN) + sorted(TERMINAL))
def test_markdown_output_holds_no_html_nor_active_link(
    cli: Cli, tmp_path: Path, name: str, lang: str
) -> None:
    payload = {**MARKDOWN, **TERMINAL}[name]
    case = _hostile(tmp_path, payload)
    for command in _commands(case, lang, "markdown"):
        run = cli(*command)
        assert run.code == 0, (command, run.err)
        assert "<" not in run.out, command
        assert not _RAW.search(run.out), command
        assert not _ACTIVE.search(run.out), command
        assert "&#" not in run.out.replace("&amp;#", "")
        assert "&colon;" not in run.out.replace("&amp;colon;", "")
        assert not re.search(r"^\s{0,3}\[[^\]^]*\]:\s*javascript", run.out, re.MULTILINE | re.IGNORECASE)


def test_safe_links_and_plain_text_are_kept() -> None:
    kept = "See [the order](https://example.org/a) and [mail](mailto:a@example.org); footnote[^1].\n\n[^1]: x"
    assert markdown_safe(kept) == kept
    plain = "Qosmos : « non-lieu » — café\u202f!\n\tok"
    assert printable(plain) == plain


def test_escapes_name_the_character() -> None:
    assert printable("\x1b[2J") == "\\x1b[2J"
    assert printable("\u202eabc") == "U+202Eabc"
    assert printable("a\x85b") == "a\\x85b"
