"""The catalogue of user-facing messages: each has an id and one template per language.

A raise site names the message and its values, ``Message("file.no_such_file")`` or
``Message("case.unknown_offence", name=quoted, hint=suggestion)``; where the message is
shown, ``text(lang)`` puts it in the reader's language. The templates are plain Python
dictionaries, one module per language (``en.py``, ``fr.py``), imported the first time a
message is shown, so that a command that succeeds never loads them. This package imports
nothing of ``verdict``: the engine, the renderers and the frontends all sit above it.

Templates are ``str.format`` strings. A value is text (a name, already quoted as the message
shows it), a number (``{n:,}`` groups thousands: «2,000,000», «2 000 000» in French), another
``Message`` or a ``Term`` (words of the interface, rendered in the same language), a
``Named`` (a name the data gives in each language), or a ``Join`` of such values.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from importlib import import_module
from typing import Any

LANGS = ("en", "fr")
"""The languages of the catalogue; English is the reference (docs/errors.md)."""

NNBSP = "\u202f"
"""The narrow no-break space French typography puts before : ; ! ?"""

_TABLES: dict[str, Mapping[str, str]] = {}


def catalogue(lang: str) -> Mapping[str, str]:
    """The templates of ``lang`` by message id (English for a language the catalogue lacks)."""
    if lang not in LANGS:
        lang = "en"
    table = _TABLES.get(lang)
    if table is None:
        table = _TABLES[lang] = import_module(f"{__name__}.{lang}").MESSAGES
    return table


class Message:
    """A message by id, with its values; its text is made in a language only when shown."""

    __slots__ = ("id", "values")

    def __init__(self, id: str, /, **values: Any) -> None:
        self.id = id
        self.values = values

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        template = catalogue(lang).get(self.id)
        if template is None:
            template = catalogue("en")[self.id]
        return _Formatter(lang).vformat(template, (), self.values)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        values = "".join(f", {key}={value!r}" for key, value in self.values.items())
        return f"Message({self.id!r}{values})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.id, self.values) == (other.id, other.values)

    def __hash__(self) -> int:
        return hash(self.id)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.id, self.values))


def _rebuild(id: str, values: dict[str, Any]) -> Message:
    return Message(id, **values)


class Term:
    """A word given in English where it is made (a system's reason, a parser's words) and
    looked up by ``id`` in another language; it stays as given where the language lacks it."""

    __slots__ = ("english", "id")

    def __init__(self, id: str, english: str) -> None:
        self.id = id
        self.english = english

    def text(self, lang: str = "en") -> str:
        """The word in ``lang``."""
        if lang == "en":
            return self.english
        return catalogue(lang).get(self.id, self.english)

    def __str__(self) -> str:
        return self.english

    def __repr__(self) -> str:
        return f"Term({self.id!r}, {self.english!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and (self.id, self.english) == (other.id, other.english)

    def __hash__(self) -> int:
        return hash(self.id)


class Named:
    """A name the data gives in each language (a court by its title in the rules), shown in the
    message's language."""

    __slots__ = ("names",)

    def __init__(self, **names: str) -> None:
        self.names = names

    def text(self, lang: str = "en") -> str:
        """The name in ``lang`` (in English where the data gives none)."""
        return self.names.get(lang) or self.names["en"]

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Named({', '.join(f'{k}={v!r}' for k, v in self.names.items())})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Named) and self.names == other.names

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.names.items())))


class Join:
    """Values joined by a word of the catalogue: ``Join(names, "join.or")`` is «'a' or 'b'»."""

    __slots__ = ("items", "word")

    def __init__(self, items: Iterable[Any], word: str = "join.comma") -> None:
        self.items = tuple(items)
        self.word = word

    def text(self, lang: str = "en") -> str:
        """The values, each in ``lang``, joined by the word in ``lang``."""
        return catalogue(lang).get(self.word, catalogue("en")[self.word]).join(
            _text(item, lang) for item in self.items
        )

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Join({self.items!r}, {self.word!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Join) and (self.items, self.word) == (other.items, other.word)

    def __hash__(self) -> int:
        return hash(self.items)


def _text(value: Any, lang: str) -> str:
    if isinstance(value, (Message, Term, Named, Join)):
        return value.text(lang)
    return str(value)


class _Formatter(string.Formatter):
    """``str.format`` with the values in the message's language and French digit groups."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, (Message, Term, Named, Join)):
            return format(value.text(self.lang), format_spec)
        shown = format(value, format_spec)
        if self.lang == "fr" and "," in format_spec and isinstance(value, int):
            shown = shown.replace(",", NNBSP)
        return shown
