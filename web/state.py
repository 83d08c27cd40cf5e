"""The state of a case page, read from and written to its URL.

``/cases/NAME?set=FINDING=LEVEL&set=…&overlay=NAME&rules=NAME&stage=ID&lang=fr``: the
``set`` pairs are those ``verdict whatif --set`` takes; ``overlay`` and ``rules`` name an
overlay of the case and a law variant of the library. Empty values (an unchanged control
of the form) are ignored; anything else unknown is refused with a one-line message.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import yaml

from verdict.engine.errors import VerdictError
from verdict.engine.load.changes import parse_assignment
from verdict.engine.model.hints import suggest
from verdict.engine.model.levels import Level
from verdict.messages import Join, Message
from verdict.render.i18n import LANGS

from .library import CaseEntry, Library

PARAMETERS = ("set", "overlay", "rules", "stage", "lang")
MAX_SETS = 5000
"""More ``set`` pairs than this is refused (no case needs them; it bounds the work)."""


@dataclass(frozen=True)
class State:
    """What the user changed: findings or facts set, an overlay, a law variant, a stage; the language."""

    sets: tuple[tuple[str, Level], ...] = ()
    overlay: str | None = None
    rules: str | None = None
    stage: str | None = None
    lang: str = "en"

    @property
    def changed(self) -> bool:
        """Whether anything differs from the case as decided."""
        return bool(self.sets or self.overlay or self.rules or self.stage)

    def with_(self, **changes: Any) -> State:
        """This state with some fields replaced."""
        return replace(self, **changes)

    def query(self) -> str:
        """The URL query string of this state (without ``?``); empty for the default state."""
        pairs = [("set", f"{name}={level.name_id}") for name, level in self.sets]
        pairs += [
            (k, v) for k, v in (("overlay", self.overlay), ("rules", self.rules), ("stage", self.stage)) if v
        ]
        if self.lang != "en":
            pairs.append(("lang", self.lang))
        return urlencode(pairs, safe="=")


def parse(items: Iterable[tuple[str, str]], library: Library, entry: CaseEntry) -> State:
    """The state a URL query gives, checked against the library; a ``VerdictError`` if bad."""
    sets: dict[str, Level] = {}
    given: dict[str, str] = {}
    single: dict[str, str] = {}
    for key, value in items:
        value = value.strip()
        if key not in PARAMETERS:
            raise VerdictError(
                Message(
                    "web.unknown_parameter",
                    key=f"'{key}'",
                    hint=suggest(key, PARAMETERS),
                    parameters=Join(PARAMETERS),
                )
            )
        if not value:
            continue
        if key == "set":
            name, level = parse_assignment(value)
            if name in sets:  # the same finding twice, whatever its levels: which one was meant?
                raise VerdictError(
                    Message("web.set_twice", name=f"'{name}'", first=repr(given[name]), second=repr(value))
                )
            sets[name], given[name] = level, value
            if len(sets) > MAX_SETS:
                raise VerdictError(Message("web.too_many_sets", n=MAX_SETS))
        elif key in single:  # even the same value, or one folded alike: a parameter is given once
            twice = Message("web.given_twice", key=f"'{key}'", first=repr(single[key]), second=repr(value))
            raise VerdictError(twice)
        else:
            single[key] = value
    lang = single.get("lang", "en")
    if lang not in LANGS:
        raise VerdictError(Message("web.unknown_language", lang=f"'{lang}'", langs=Join(LANGS, "join.or")))
    overlay = single.get("overlay")
    if overlay is not None and overlay not in entry.overlays:
        known = Join(entry.overlays) if entry.overlays else Message("web.none")
        raise VerdictError(
            Message(
                "web.no_such_overlay",
                case=f"'{entry.name}'",
                overlay=f"'{overlay}'",
                hint=suggest(overlay, entry.overlays),
                overlays=known,
            )
        )
    rules = single.get("rules")
    if rules is not None:
        library.law(rules)
    return State(tuple(sets.items()), overlay, rules, single.get("stage"), lang)


def _plain(data: Any) -> Any:
    """YAML data as read (mappings and lists that keep their positions) as plain Python."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def command(state: State, library: Library, entry: CaseEntry) -> str:
    """The command that shows the same page in a terminal, as it runs from any folder for the
    bundled cases (which it names) and from the server's folder for the others: ``verdict
    whatif`` when anything changed, else ``verdict explain``."""
    if not state.changed:
        words = ["verdict", "explain", entry.shown]
        if state.lang != "en":
            words += ["--lang", state.lang]
        return " ".join(shlex.quote(w) for w in words)
    words = ["verdict", "whatif", entry.shown]
    if state.overlay:
        words += ["--overlay", entry.overlays[state.overlay].command or entry.overlays[state.overlay].shown]
    for name, level in state.sets:
        words += ["--set", f"{name}={level.name_id}"]
    if state.stage:
        words += ["--stage", state.stage]
    if state.rules:
        law = library.laws[state.rules]
        words += ["--rules", law.command or law.shown]
    if state.lang != "en":
        words += ["--lang", state.lang]
    return " ".join(shlex.quote(w) for w in words)


def overlay_yaml(state: State, library: Library, entry: CaseEntry) -> str:
    """The what-if as an overlay file (docs/whatif.md), its paths relative to a checkout's root."""
    changes: dict[str, Any] = {}
    sources: list[Any] = []
    if state.overlay:
        chosen = entry.overlays[state.overlay]
        changes = _plain(chosen.data.get("changes") or {})
        sources = [s.model_dump() if s.en != s.fr else s.en for s in chosen.overlay.sources]
        if "rules" in changes:  # the overlay's own law, relative to the overlay file
            folder = (chosen.path.parent / str(changes["rules"])).resolve()
            known = {law.path.resolve(): law.shown for law in library.laws.values()}
            changes["rules"] = known.get(folder, str(folder))
    if state.sets:
        changes["set"] = {**dict(changes.get("set") or {}), **{n: lv.name_id for n, lv in state.sets}}
    if state.stage:
        changes["stage"] = state.stage
    if state.rules:
        changes["rules"] = library.laws[state.rules].shown
    described = ", ".join(f"{n}={lv.name_id}" for n, lv in state.sets) or "no finding changed"
    data = {
        "overlay": f"{entry.name}_whatif",
        "base": entry.file,
        "title": {"en": f"What if: {described}", "fr": f"Et si : {described}"},
        "rationale": {
            "en": f"Made with verdict serve; the same as: {command(state, library, entry)}",
            "fr": f"Fait avec verdict serve ; équivaut à : {command(state, library, entry)}",
        },
        "sources": sources,
        "changes": changes,
    }
    head = (
        "# A what-if made with `verdict serve`. Paths are relative to this file: save it at the\n"
        "# root of a verdict checkout (or change `base` and `rules`), then: verdict whatif FILE\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
