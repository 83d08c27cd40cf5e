"""Case text that cannot drive a terminal or a Markdown viewer.

A case file, an overlay or a rule file may hold any character. Shown raw, an ESC or OSC
sequence would set a terminal's title, clear its screen or hide a hyperlink; a C1 control (NEL
among them), a line or paragraph separator, or a bidirectional override or isolate would move
or reorder what the reader sees; in Markdown, raw HTML would run (``<script>``, ``<img
onerror>``) and a ``javascript:`` link would be one click away.

``printable`` shows every such character as an escape (``\\x1b``, ``U+202E``); the text
renderers' output passes through ``terminal_safe``, which applies it to every piece of text
they lay out (never to the styles they add). ``markdown_safe`` does the same for a Markdown
document and escapes HTML, entities and links other than ``http``, ``https`` and ``mailto``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ParamSpec

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional marks, embeddings, overrides and isolates."""

_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
"""Every character that is escaped: C0 controls but tab and line feed, DEL, C1 controls (NEL
included), the line and paragraph separators, and the bidirectional controls."""


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"U+{code:04X}"


def printable(text: str) -> str:
    """``text`` with every control, separator and bidirectional character shown as an escape."""
    return _UNSAFE.sub(_escaped, text)


class _Safe:
    """A rich renderable that lays out another and escapes every piece of text it yields."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        pieces: Iterator[Segment] = iter(console.render(self.inner, options))
        for piece in pieces:
            if piece.control or not _UNSAFE.search(piece.text):
                yield piece
            else:
                yield Segment(printable(piece.text), piece.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.inner)


def terminal_safe(renderable: RenderableType) -> RenderableType:
    """``renderable`` as it prints with every control character of its text escaped."""
    return renderable if isinstance(renderable, _Safe) else _Safe(renderable)


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINK = re.compile(r"(\]\s*)\((\s*(?:<|&lt;)?\s*)([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFINITION = re.compile(
    r"^(\s{0,3})\[([^\]\n]*)\](:\s*(?:<|&lt;)?\s*)([A-Za-z][A-Za-z0-9+.\-]*):", re.MULTILINE
)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def _link(match: re.Match[str]) -> str:
    if match.group(3).lower() in _SAFE_SCHEMES:
        return match.group()
    return f"{match.group(1)}\\({match.group(2)}{match.group(3)}:"  # no longer a link


def _definition(match: re.Match[str]) -> str:
    if match.group(4).lower() in _SAFE_SCHEMES:
        return match.group()
    indent, label, between, scheme = match.groups()
    return f"{indent}\\[{label}]{between}{scheme}:"  # no longer a link definition


def markdown_safe(markdown: str) -> str:
    """A Markdown document with controls escaped (``printable``), no raw HTML (``<`` written
    ``&lt;``), no character references (an ``&`` that would start one written ``&amp;``), and
    no inline link or link definition to a scheme other than http, https and mailto."""
    text = printable(markdown)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _LINK.sub(_link, text)
    return _DEFINITION.sub(_definition, text)


P = ParamSpec("P")


def terminal_output(render: Callable[P, RenderableType]) -> Callable[P, RenderableType]:
    """Decorate a text renderer: what it returns prints with case text escaped (``terminal_safe``)."""

    @functools.wraps(render)
    def safe(*args: P.args, **kwargs: P.kwargs) -> RenderableType:
        return terminal_safe(render(*args, **kwargs))

    return safe


def markdown_output(render: Callable[P, str]) -> Callable[P, str]:
    """Decorate a Markdown renderer: what it returns is made safe (``markdown_safe``)."""

    @functools.wraps(render)
    def safe(*args: P.args, **kwargs: P.kwargs) -> str:
        return markdown_safe(render(*args, **kwargs))

    return safe
