"""The web app of ``verdict serve``: the case list, a case page with its picture, and what-ifs.

Starlette routes, Jinja2 templates shipped in the package. Each request's state lives in
its URL (web/state.py); bad input is a 400 (an unknown case a 404) carrying the command
line's one-line message; a decision that takes longer than the app's time limit is cut
with a 503 and a message. No part of a request becomes a path: names are looked up in the
library built at start.
"""

from __future__ import annotations

from typing import Any

import anyio
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from verdict.engine.errors import VerdictError
from verdict.engine.evaluate import Backend
from verdict.engine.levels import Level
from verdict.render import i18n
from verdict.render.html_page import CSS, SCRIPT, explanation_html, whatif_html

from .decide import Decider, Decision
from .library import CaseEntry, Library
from .state import State, command, overlay_yaml, parse

COUNTERFACTUALS_SHOWN = 24
"""Counterfactual sets offered as links on a case page (the first, in rank order)."""


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(f"error: {message}\n", status_code=status)


def _counterfactual_links(decision: Decision, state: State) -> list[dict[str, Any]]:
    links = []
    for cf in decision.counterfactuals.results[:COUNTERFACTUALS_SHOWN]:
        sets = tuple((m.finding, m.after) for m in cf.moves)
        label = ", ".join(f"{m.finding} → {i18n.level(m.after, state.lang)}" for m in cf.moves)
        links.append(
            {
                "query": state.with_(sets=sets).query(),
                "label": label,
                "outcome": i18n.outcome(cf.outcome, state.lang),
            }
        )
    return links


def create_app(library: Library, backend: Backend, timeout: float = 10.0) -> Starlette:
    """The app serving ``library`` on ``backend``; a decision longer than ``timeout`` seconds is cut."""
    decider = Decider(library, backend)
    env = Environment(loader=PackageLoader("verdict.web", "templates"), autoescape=select_autoescape())
    templates = Jinja2Templates(env=env)
    levels = [(lv.name_id, lv) for lv in Level]

    def common(lang: str) -> dict[str, Any]:
        return {
            "lang": lang,
            "colon": i18n.colon(lang),
            "w": lambda key, **kw: i18n.word(key, lang).format(**kw) if kw else i18n.word(key, lang),
            "css": Markup(CSS),
            "script": Markup(SCRIPT),
        }

    async def index(request: Request) -> Response:
        lang = request.query_params.get("lang", "en")
        if lang not in i18n.LANGS:
            return _error(400, f"unknown language '{lang}' (use {' or '.join(i18n.LANGS)})")
        cases = [
            {"name": e.name, "overlays": len(e.overlays), "shown": e.shown} for e in library.cases.values()
        ]
        return templates.TemplateResponse(request, "index.html", {**common(lang), "cases": cases})

    async def decided(request: Request) -> tuple[CaseEntry, State, Decision] | Response:
        try:
            entry = library.case(request.path_params["name"])
        except VerdictError as err:
            return _error(404, str(err))
        try:
            state = parse(request.query_params.multi_items(), library, entry)
            with anyio.fail_after(timeout):
                decision = await anyio.to_thread.run_sync(
                    decider.decide, entry, state, abandon_on_cancel=True
                )
        except VerdictError as err:
            return _error(400, str(err))
        except TimeoutError:
            return _error(503, i18n.word("too_long", "en").format(seconds=f"{timeout:g}"))
        return entry, state, decision

    async def case_page(request: Request) -> Response:
        got = await decided(request)
        if isinstance(got, Response):
            return got
        entry, state, decision = got
        lang = state.lang
        e = decision.explanation
        start = decider.start(entry, state.overlay, state.rules)
        chosen = {name: level.name_id for name, level in state.sets}
        findings = [
            {"id": f.id, "fact": f.fact, "level": i18n.level(f.level, lang), "chosen": chosen.get(f.id, "")}
            for f in sorted(start.case.findings, key=lambda f: (f.fact or "", f.id))
            if f.fact
        ]
        shown = {f["id"] for f in findings}
        whole_facts = [f"{name}={level}" for name, level in chosen.items() if name not in shown]
        stages = [(s.id, s.title(lang)) for s in start.base.stages.values()]
        context = {
            **common(lang),
            "entry": entry,
            "state": state,
            "title": e.title(lang),
            "meta": f"{e.court(lang)}, {i18n.date(e.date, lang)}"
            + (f" — {e.decision(lang)}" if e.decision else ""),
            "explanation": Markup(explanation_html(e, lang, heading=False)),
            "difference": Markup(whatif_html(decision.whatif, lang)) if decision.whatif else None,
            "findings": findings,
            "whole_facts": whole_facts,
            "levels": [(name, i18n.level(lv, lang)) for name, lv in levels],
            "stages": stages,
            "overlays": [(name, o.overlay.title(lang)) for name, o in entry.overlays.items()],
            "laws": list(library.laws),
            "counterfactuals": _counterfactual_links(decision, state),
            "command": command(state, library, entry),
            "query": state.query(),
            "english": state.with_(lang="en").query(),
            "french": state.with_(lang="fr").query(),
            "reset": State(lang=lang).query(),
        }
        return templates.TemplateResponse(request, "case.html", context)

    async def overlay_file(request: Request) -> Response:
        got = await decided(request)
        if isinstance(got, Response):
            return got
        entry, state, _ = got
        return PlainTextResponse(
            overlay_yaml(state, library, entry),
            media_type="application/yaml",
            headers={"Content-Disposition": f'attachment; filename="{entry.name}_whatif.yaml"'},
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        return _error(status, f"nothing at {request.url.path}" if status == 404 else str(exc))

    async def defect(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}")

    routes = [
        Route("/", index),
        Route("/cases/{name}", case_page),
        Route("/cases/{name}/overlay.yaml", overlay_file),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: defect})
