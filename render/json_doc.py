"""The explanation as JSON: the stable, documented shape (docs/json.md)."""

from __future__ import annotations

import json
from typing import Any

from verdict.engine.explain.explanation import Blocking, ChargeExplanation, Condition, Explanation, FindingRef
from verdict.engine.model.base import Text

from . import i18n
from .charges import charge_outcome, offence_phrase

FORMAT = "verdict.explanation/1"


def _finding(f: FindingRef, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "fact": f.fact, "level": f.level.name_id}
    for key in ("date", "quote", "section", "summary", "source", "weighs_against", "voice", "speaker"):
        value = getattr(f, key)
        if value is not None:
            out[key] = value(lang) if isinstance(value, Text) else value
    if f.undecided is not None:
        u = f.undecided
        out["undecided"] = {
            "quote": u.quote,
            "section": u.section(lang) if u.section else None,
            "note": u.note(lang) if u.note else None,
        }
    return out


def _condition(c: Condition, lang: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title(lang),
        "kind": c.kind,
        **({"burden": c.burden} if c.burden else {}),
        "holds": c.holds,
        "status": c.status,
        **({"own_level": c.own_level.name_id} if c.own_level is not None else {}),
        "level": c.level.name_id,
        "required": c.required.name_id,
        "decided": not c.undecided,
        **({"undecided": [f.id for f in c.undecided]} if c.undecided else {}),
        "sources": [s(lang) for s in c.sources],
        "facts": [
            {
                "fact": u.fact,
                "level": u.level.name_id,
                "status": u.status,
                "against": u.against,
                "findings": [f.id for f in u.findings],
            }
            for u in c.facts
        ],
    }


def blocking_dict(b: Blocking) -> dict[str, Any]:
    """A blocking condition and the facts that hold it back, as JSON-ready data."""
    return {
        "element": b.element,
        "primary": b.primary,
        "level": b.level.name_id,
        "required": b.required.name_id,
        "reason": b.reason,
        "because": [
            {
                "fact": w.fact,
                "level": w.level.name_id,
                "needs": w.direction,
                "bound": w.bound.name_id,
                "findings": list(w.findings),
            }
            for w in b.because
        ],
    }


def charge_dict(c: ChargeExplanation, lang: str = "en") -> dict[str, Any]:
    """One charge's explanation as JSON-ready data."""
    return {
        "offence": c.offence,
        "accused": c.accused,
        "charge": offence_phrase(c, lang),
        "accused_name": c.accused_name(lang),
        "accused_kind": c.accused_kind,
        "offence_class": c.offence_class,
        "accused_as": c.accused_as,
        "court": c.court,
        "court_named": c.court_named(lang) if c.court_named is not None else None,
        "outcome": c.outcome,
        "outcome_title": charge_outcome(c, lang),
        "holds": c.holds,
        "level": c.level.name_id,
        "required": c.required.name_id,
        "route": None
        if c.route is None
        else {
            "rule": c.route.id,
            "level": c.route.level.name_id,
            "sources": [s(lang) for s in c.route.sources],
        },
        "elements": [_condition(x, lang) for x in c.elements],
        "blocking": [blocking_dict(b) for b in c.blocking],
        "alternatives": [{"rule": a.id, "level": a.level.name_id} for a in c.alternatives],
        "notes": [
            {"rule": n.id, "level": n.level.name_id, "note": n.note(lang) if n.note else None}
            for n in c.notes
        ],
        "procedure": [
            {
                "id": p.id,
                "kind": p.kind,
                "level": p.level.name_id,
                "outcome": p.outcome,
                "sources": [s(lang) for s in p.sources],
            }
            for p in c.procedure
        ],
        "outside_scope": [
            {
                "rule": x.id,
                "reason": x.note(lang) if x.note else None,
                "sources": [s(lang) for s in x.sources],
            }
            for x in c.scope
        ],
    }


def to_dict(e: Explanation, lang: str = "en") -> dict[str, Any]:
    """The whole explanation as JSON-ready data."""
    cited: dict[str, FindingRef] = {}
    for c in e.charges:
        for x in c.elements:
            for u in x.facts:
                cited.update((f.id, f) for f in u.findings)
    cited.update((f.id, f) for f in e.context)
    return {
        "format": FORMAT,
        "case": e.case,
        "title": e.title(lang),
        "court": e.court(lang),
        "date": e.date,
        "decision": e.decision(lang) if e.decision else None,
        "stage": e.stage.id,
        "required": e.stage.required.name_id,
        "backend": e.backend,
        "rules": e.rule_base,
        "outcome": e.outcome,
        "outcome_title": i18n.outcome(e.outcome, lang),
        "outcome_holds": e.outcome_holds,
        "charges": [charge_dict(c, lang) for c in e.charges],
        "findings": [_finding(f, lang) for f in sorted(cited.values(), key=lambda f: f.id)],
    }


def dumps(data: Any) -> str:
    """JSON text: indented, keys in a fixed order, non-ASCII kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
