"""What-if changes to a case and to the law, and the overlay files that keep them beside a case.

An overlay is a YAML patch on one case: the case it changes (``base``: a case in the
overlay's folder tree, or a bundled case by name; see ``base_path``), what it changes
(``changes``: findings set, dropped or added; parties and charges added or dropped; the
stage; the rule folder; rules left out), the law that justifies the result it expects
(``rationale``), and that result (``expect``, as in a case). The ``whatif`` command
builds the same ``Changes`` from its options, so both go through one code path: ``apply``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import Field

from verdict.engine.errors import VerdictError
from verdict.engine.io import files, yamlio
from verdict.engine.load.case_file import check_case
from verdict.engine.load.changes import CHANGE_KEYS, Changes, Variant, apply, retitle
from verdict.engine.load.paths import bundled_facts
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.load.validation import _fail, _validate
from verdict.engine.model.base import (
    Identifier,
    Prose,
    Sources,
    Strict,
    Text,
)
from verdict.engine.model.case import Allowance, Case, Expectation
from verdict.engine.model.hints import suggest
from verdict.engine.model.rule_base import RuleBase
from verdict.messages import Message

OVERLAY_KEYS = ("overlay", "base", "title", "rationale", "sources", "changes", "expect", "allow")


class Overlay(Strict):
    """A named what-if on one case, with the law that justifies its expected result."""

    overlay: Identifier
    base: str = Field(min_length=1)
    title: Text
    rationale: Prose
    sources: Sources = Field(default_factory=list)
    changes: Changes = Field(default_factory=Changes)
    expect: list[Expectation] = Field(default_factory=list)
    allow: list[Allowance] = Field(default_factory=list)


def read(path: Path) -> Any:
    """The YAML data of a case or overlay file."""
    return yamlio.load(path)


def is_overlay(data: Any) -> bool:
    """Whether YAML data is an overlay (it has an ``overlay:`` key) rather than a case."""
    return isinstance(data, dict) and "overlay" in data


def _check_keys(data: Any, known: tuple[str, ...], file: str, in_changes: bool) -> None:
    if not isinstance(data, dict):
        return
    said = "key.unknown_in_changes" if in_changes else "key.unknown"
    for key in data:
        if key not in known:
            raise _fail(Message(said, key=f"'{key}'", hint=suggest(str(key), known)), file, data, key)


def parse_overlay(data: Any, file: str) -> Overlay:
    """The overlay in YAML ``data`` read from ``file``, validated; errors name the line."""
    _check_keys(data, OVERLAY_KEYS, file, False)
    if isinstance(data, dict):
        _check_keys(data.get("changes"), CHANGE_KEYS, file, True)
    overlay = _validate(Overlay, data, file)
    _path_like(overlay.base, "base", file, data)
    if overlay.changes.rules is not None:
        _path_like(overlay.changes.rules, "rules", file, data.get("changes"))
    return overlay


def _path_like(value: str, key: str, file: str, container: Any) -> None:
    """Refuse a path-like value that holds a character no file name may hold (a NUL) or should
    (another control character), before it reaches the file system."""
    char = files.forbidden_character(value)
    if char is not None:
        raise _fail(Message("path.forbidden_character", key=key, char=char), file, container, key)


def read_overlay(path: Path) -> tuple[Overlay, Any]:
    """The overlay in the file at ``path`` and its YAML data; a file that is no overlay is
    refused without quoting any of it."""
    data = read(path)
    file = yamlio.path_name(path)
    if not is_overlay(data):
        raise _fail(Message("overlay.not_overlay"), file, data)
    return parse_overlay(data, file), data


def _case(data: Any, file: str, base: RuleBase) -> Case:
    """The case in YAML ``data`` read from ``file``, checked against ``base`` (as ``load_case`` does)."""
    case = _validate(Case, data, file)
    check_case(case, base, file, data)
    return case


def _not_a_case(data: Any) -> bool:
    """Whether YAML data is neither a case nor an overlay: a mapping with neither key."""
    return isinstance(data, dict) and "case" not in data and "overlay" not in data


def library_root(overlay: Path) -> Path:
    """The folder tree an overlay's ``base`` must lie in: the overlay's folder, or for an
    overlay in a folder ``overlays`` (the library layout ``NAME.yaml``, ``NAME/overlays/``),
    the folder that holds ``NAME.yaml``."""
    folder = Path.cwd() if str(overlay) == files.STDIN else overlay.resolve().parent
    return folder.parent.parent if folder.name == "overlays" else folder


def base_path(overlay: Overlay, path: Path, data: Any) -> Path:
    """The case file an overlay's ``base`` names: a case in the overlay's folder tree
    (``library_root``), or a bundled case by name or path; anything else is refused unread."""
    file = yamlio.path_name(path)
    name = overlay.base
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")):
        bundled = {p.stem: p for p in files.yaml_tree(bundled_facts()) if "overlays" not in p.parts}
        if name in bundled:
            return bundled[name]
        message = Message("overlay.base_not_bundled", name=yamlio.quoted(name), hint=suggest(name, bundled))
        raise _fail(message, file, data, "base")
    folder = Path.cwd() if str(path) == files.STDIN else path.parent
    try:
        target = (folder / name).resolve()
    except (OSError, RuntimeError, ValueError):
        raise _fail(Message("overlay.base_bad_name"), file, data, "base") from None
    root = library_root(path)
    if not target.is_relative_to(root) and not target.is_relative_to(bundled_facts().resolve()):
        raise _fail(
            Message("overlay.base_outside", folder=files.display(root)),
            file,
            data,
            "base",
        )
    return folder / name


def _read_base(case_path: Path) -> Any:
    """The YAML data of an overlay's base: a case, else a one-line error that quotes nothing of it."""
    data = yamlio.load(case_path)
    if not isinstance(data, dict) or "case" not in data:
        raise VerdictError(Message("overlay.base_not_case"), yamlio.path_name(case_path))
    return data


@dataclass(frozen=True)
class Opened:
    """A case or overlay file, opened: the baseline it starts from and the variant it makes."""

    path: Path
    overlay: Overlay | None
    baseline: Variant
    variant: Variant


def open_file(path: Path, rules: Path | None = None) -> Opened:
    """Open a case or an overlay file (``-``: standard input); ``rules`` replaces the rule folder
    the variant uses. Each file is read once.

    For a case, baseline and variant are the case itself (under ``rules`` if given).
    For an overlay, the baseline is its base case under the bundled law, and the variant
    is that case with the overlay's changes, carrying the overlay's expectations.
    """
    data = read(path)
    file = yamlio.path_name(path)
    if _not_a_case(data):
        raise _fail(Message("overlay.not_case_or_overlay"), file, data)
    if not is_overlay(data):
        base = load_rules(rules)
        case = _case(data, file, base)
        plain = Variant(base=base, case=case, file=file)
        return Opened(path, None, plain, plain)
    overlay = parse_overlay(data, file)
    case_path = base_path(overlay, path, data)
    case_data = _read_base(case_path)
    case_file = yamlio.path_name(case_path)
    bundled = load_rules()
    baseline = Variant(base=bundled, case=_case(case_data, case_file, bundled), file=case_file)
    changes = overlay.changes
    if rules is not None:
        changes = changes.model_copy(update={"rules": str(rules.resolve())})
    start = baseline
    if changes.rules is not None:
        law = load_rules(path.parent / changes.rules)
        start = Variant(base=law, case=_case(case_data, case_file, law), file=case_file)
        changes = changes.model_copy(update={"rules": None})
    raw_changes = data.get("changes") if isinstance(data, dict) else None
    variant = apply(start, changes, path.parent, file, raw_changes)
    case = retitle(variant.case, overlay.title, list(overlay.expect))
    check_case(case, variant.base, file, data)
    variant = replace(
        variant,
        case=case,
        title=overlay.title,
        rationale=overlay.rationale,
        sources=tuple(overlay.sources),
        file=file,
    )
    return Opened(path, overlay, baseline, variant)


def check_same_case(opened: Opened, overlay: Overlay, path: Path, data: Any) -> None:
    """Refuse an overlay written for another case than the one ``opened`` starts from (its
    ``base``), in one line naming both, instead of failing on a finding the case does not have."""
    if opened.overlay is None and str(opened.path) == files.STDIN:
        return
    case = (opened.path if opened.overlay is None else Path(opened.baseline.file or opened.path)).resolve()
    written_for = base_path(overlay, path, data).resolve()
    if written_for != case:
        message = Message(
            "overlay.other_case",
            base=f"'{yamlio.path_name(written_for)}'",
            case=f"'{yamlio.path_name(case)}'",
            overlay=yamlio.path_name(path),
        )
        raise _fail(message, yamlio.path_name(path), data, "base")
