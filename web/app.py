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
from verdict.messages import Join, Message
from verdict.render import i18n
from verdict.render.html_page import CSS, SCRIPT, explanation_html, whatif_html

from .decide import Decider, Decision
from .library import CaseEntry, Library
from .state import State, command, overlay_yaml, parse

COUNTERFACTUALS_SHOWN = 24
"""Counterfactual sets offered as links on a case page (the first, in rank order)."""


def _error(status: int, message: VerdictError | Message, lang: str = "en") -> PlainTextResponse:
    """The one-line answer to a bad request, in the request's language."""
    if isinstance(message, Message):
        message = VerdictError(message)
    return PlainTextResponse(i18n.error(message, lang) + "\n", status_code=status)


def _lang(request: Request) -> str:
    """The language a request asks for, English when it names none the app speaks."""
    lang = request.query_params.get("lang", "en")
    return lang if lang in i18n.LANGS else "en"


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
            langs = Join(i18n.LANGS, "join.or")
            return _error(400, Message("web.unknown_language", lang=f"'{lang}'", langs=langs))
        cases = [
            {"name": e.name, "overlays": len(e.overlays), "shown": e.shown} for e in library.cases.values()
        ]
        return templates.TemplateResponse(request, "index.html", {**common(lang), "cases": cases})

    async def decided(request: Request) -> tuple[CaseEntry, State, Decision] | Response:
        try:
            entry = library.case(request.path_params["name"])
        except VerdictError as err:
            return _error(404, err, _lang(request))
        try:
            state = parse(request.query_params.multi_items(), library, entry)
            with anyio.fail_after(timeout):
                decision = await anyio.to_thread.run_sync(
                    decider.decide, entry, state, abandon_on_cancel=True
                )
        except VerdictError as err:
            return _error(400, err, _lang(request))
        except TimeoutError:
            return _error(503, Message("web.too_long", seconds=f"{timeout:g}"), _lang(request))
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
        if status == 404:
            return _error(status, Message("web.nothing_at", path=request.url.path), _lang(request))
        return _error(status, Message("web.status", said=str(exc)), _lang(request))

    async def defect(request: Request, exc: Exception) -> Response:
        said = Message("shown.internal_web", kind=type(exc).__name__, message=" ".join(str(exc).split()))
        return PlainTextResponse(said.text(_lang(request)) + "\n", status_code=500)

    routes = [
        Route("/", index),
        Route("/cases/{name}", case_page),
        Route("/cases/{name}/overlay.yaml", overlay_file),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: defect})
