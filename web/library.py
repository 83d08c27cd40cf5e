"""What the web app serves, looked up by name in dictionaries built once at start.

The bundled cases, their overlays and the bundled law variants, and the case files and
folders named on the command line: nothing else. A request names an entry; it never
becomes a file-system path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verdict.engine.errors import VerdictError
from verdict.engine.load.overlay import Overlay, is_overlay, parse_overlay, read
from verdict.engine.load.paths import bundled_facts, bundled_rules
from verdict.engine.model.hints import suggest
from verdict.messages import Join, Message


@dataclass(frozen=True)
class OverlayEntry:
    """An overlay file beside a case, read and validated at start."""

    name: str
    path: Path
    shown: str
    data: Any
    overlay: Overlay
    command: str = ""
    """How a ``verdict whatif --overlay`` names it: a bundled overlay's name, else its path."""


@dataclass(frozen=True)
class CaseEntry:
    """A case the app serves: its file, how a command line names it, and its overlays."""

    name: str
    path: Path
    shown: str
    file: str
    """The case file, relative to a checkout's root when bundled (for an overlay's ``base``)."""
    overlays: dict[str, OverlayEntry] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    """The case's title in each language, as its file gives it (the index lists cases by it)."""
    charges: int = 0
    findings: int = 0
    """How many charges and findings its file held at start (a large case is heavy work)."""

    def title(self, lang: str) -> str:
        """The case's title in ``lang`` (else in English, else its name)."""
        return self.titles.get(lang) or self.titles.get("en") or self.name


@dataclass(frozen=True)
class LawEntry:
    """A rule folder a case may be decided under instead of the bundled law."""

    name: str
    path: Path
    shown: str
    command: str = ""
    """How ``--rules`` names it on a command line: a bundled variant's name, else its path."""


@dataclass(frozen=True)
class Library:
    """Every case and law variant served, by name."""

    cases: dict[str, CaseEntry]
    laws: dict[str, LawEntry]

    def case(self, name: str) -> CaseEntry:
        """The case called ``name``; an error naming the closest ones if there is none."""
        if name not in self.cases:
            raise VerdictError(Message("web.no_case", name=f"'{name}'", hint=suggest(name, self.cases)))
        return self.cases[name]

    def law(self, name: str) -> LawEntry:
        """The law variant called ``name``."""
        if name not in self.laws:
            known = Join(self.laws) if self.laws else Message("web.none")
            raise VerdictError(
                Message("web.unknown_law", name=f"'{name}'", hint=suggest(name, self.laws), variants=known)
            )
        return self.laws[name]


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it lies under it (the repository's layout), else as is."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def _titles(data: dict[str, Any]) -> dict[str, str]:
    title = data.get("title")
    if isinstance(title, str):
        return {"en": title, "fr": title}
    if isinstance(title, dict):
        return {str(k): str(v) for k, v in title.items() if isinstance(v, str)}
    return {}


def _count(items: Any) -> int:
    return len(items) if isinstance(items, list) else 0


def _unique(name: str, taken: dict[str, Any]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


def build(named: list[Path] | None = None, bundled: bool = True) -> Library:
    """The library: the bundled cases (if ``bundled``) and every case file or folder in ``named``."""
    root = bundled_facts().parent
    files: list[tuple[Path, str, bool]] = []  # path, how to name it on a command line, bundled
    if bundled:
        files += [(p, p.stem, True) for p in _yaml_files(bundled_facts())]
    for item in named or []:
        if item.is_dir():
            files += [(p, str(p), False) for p in _yaml_files(item)]
        elif item.is_file():
            files.append((item, str(item), False))
        else:
            raise VerdictError(Message("web.no_such_case_file"), str(item))
    cases: dict[str, CaseEntry] = {}
    overlays: list[tuple[Path, Any, Overlay]] = []
    for path, shown, is_bundled in files:
        data = read(path)
        if is_overlay(data):
            overlays.append((path, data, parse_overlay(data, str(path))))
        elif isinstance(data, dict) and "case" in data:
            name = _unique(path.stem, cases)
            shown = shown if is_bundled else _shown(path, Path.cwd())
            cases[name] = CaseEntry(
                name,
                path,
                shown,
                _shown(path, root) if is_bundled else shown,
                titles=_titles(data),
                charges=_count(data.get("charges")),
                findings=_count(data.get("findings")),
            )
    by_file = {entry.path.resolve(): entry for entry in cases.values()}
    bundled_overlays = {p.resolve() for p in _yaml_files(bundled_facts())} if bundled else set()
    for path, data, overlay in overlays:
        owner = by_file.get((path.parent / overlay.base).resolve())
        if owner is not None:
            name = _unique(overlay.overlay, owner.overlays)
            typed = path.stem if path.resolve() in bundled_overlays else _shown(path, Path.cwd())
            owner.overlays[name] = OverlayEntry(name, path, _shown(path, root), data, overlay, typed)
    variants = bundled_rules() / "variants"
    laws = (
        {
            p.name: LawEntry(p.name, p, _shown(p, root), p.name)
            for p in sorted(variants.iterdir())
            if p.is_dir() and _yaml_files(p)
        }
        if variants.is_dir()
        else {}
    )
    if not cases:
        raise VerdictError(Message("web.no_case_to_serve"))
    return Library(cases, laws)
