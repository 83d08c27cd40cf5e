"""The warnings of a case or overlay file, for `verdict check`, and the one-line hint other
commands give on standard error when a file they read has warnings."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from verdict.engine.explain.case_warnings import CaseWarning
    from verdict.engine.load.overlay import Opened


def opened_warnings(opened: Opened, positions: bool = True) -> list[CaseWarning]:
    """The warnings of an opened case or overlay file; an overlay's are those it adds to its base case.

    With ``positions``, a case file is read again for the line and column of each warning.
    """
    from verdict.engine.explain.case_warnings import case_warnings, silenced
    from verdict.engine.io import yamlio
    from verdict.engine.model.case_law import case_law

    variant = opened.variant
    file = variant.file
    if opened.overlay is None:
        raw = None
        if positions and str(opened.path) != "-":
            raw = yamlio.load(opened.path)
        return case_warnings(variant.case, case_law(variant.base, variant.case), file, raw)
    baseline = opened.baseline
    known = {
        (w.code, w.subject)
        for w in case_warnings(baseline.case, case_law(baseline.base, baseline.case))
    }
    found = case_warnings(variant.case, case_law(variant.base, variant.case), file)
    allow = opened.overlay.allow
    return [w for w in found if (w.code, w.subject) not in known and not silenced(allow, w)]


def hint(opened: Opened, lang: str) -> None:
    """One line on standard error when the file has warnings: how many, and the command that lists
    them (for a file read from standard input, given the same input again)."""
    try:
        count = len(opened_warnings(opened, positions=False))
    except Exception:  # a hint must never stop the command it accompanies
        return
    if not count:
        return
    from verdict.messages import Message

    values = {"file": opened.variant.file, "path": str(opened.path), "count": count}
    if str(opened.path) == "-":  # read already: the same input must be given again
        said = Message("hint.stdin_has_one_warning" if count == 1 else "hint.stdin_has_warnings", **values)
    else:
        said = Message("hint.file_has_one_warning" if count == 1 else "hint.file_has_warnings", **values)
    line = said.text(lang)
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except OSError:
        pass
