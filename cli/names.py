"""Names a user may type for bundled things: cases, overlays and law variants, from any folder."""

from __future__ import annotations

from pathlib import Path


def bundled_cases() -> dict[str, Path]:
    """Every bundled case file by name (overlays excluded), sorted."""
    from verdict.engine.load.paths import bundled_facts

    found = {p.stem: p for p in bundled_facts().rglob("*.yaml") if "overlays" not in p.parts}
    return dict(sorted(found.items()))


def bundled_overlays() -> dict[str, Path]:
    """Every bundled overlay file by name, sorted."""
    from verdict.engine.load.paths import bundled_facts

    found = {p.stem: p for p in bundled_facts().rglob("*.yaml") if "overlays" in p.parts}
    return dict(sorted(found.items()))


def bundled_variants() -> dict[str, Path]:
    """Every bundled law variant (a rule folder under ``variants/``) by name, sorted."""
    from verdict.engine.load.paths import bundled_rules

    folder = bundled_rules() / "variants"
    found = {p.name: p for p in folder.iterdir() if p.is_dir() and any(p.glob("*.yaml"))}
    return dict(sorted(found.items()))


def _looks_like_a_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.startswith(".")


def _given(name: str) -> Path | None:
    path = Path(name)
    return path if path.suffix in (".yaml", ".yml") or path.exists() or _looks_like_a_path(name) else None


def case_path(name: str) -> Path:
    """A case or overlay file: a path, or the name of a bundled case or overlay."""
    from verdict.engine.load.paths import find_case

    if _given(name) is None and name not in bundled_cases() and name in bundled_overlays():
        return bundled_overlays()[name]
    return find_case(name)


def overlay_path(name: str) -> Path:
    """An overlay file: a path, or the name of a bundled overlay."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.model.hints import suggest

    given = _given(name)
    if given is not None:
        return given
    known = bundled_overlays()
    if name in known:
        return known[name]
    from verdict.messages import Message

    raise VerdictError(Message("overlay.no_overlay", name=f"'{name}'", hint=suggest(name, known)))


def rules_path(name: str) -> Path:
    """A rule folder: a path, or the name of a bundled law variant."""
    from verdict.engine.errors import VerdictError
    from verdict.engine.model.hints import suggest

    path = Path(name)
    if path.exists() or _looks_like_a_path(name):
        return path  # the loader says what is wrong with it
    known = bundled_variants()
    if name in known:
        return known[name]
    from verdict.messages import Message

    raise VerdictError(Message("rules.no_rule_folder", name=f"'{name}'", hint=suggest(name, known)))
