"""The pages of ``verdict serve``, made from a request's route and query: no HTTP, no process.

``Site.respond`` turns a ``Job`` (which page, which case, the query's pairs) into a ``Reply``
(status, type, body): the case list, a case page, the overlay download, or an error page. It
runs in a worker process of the server (web/workers.py), or in the server's own process
when it has no workers. Every bad value gives a 400 page carrying the command line's
one-line message in the page's language, with a way back; nothing raises out of it.
"""

from __future__ import annotations

import gzip
import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from verdict.engine.decide.evaluate import Backend
from verdict.engine.errors import VerdictError
from verdict.engine.io.yamlio import quoted
from verdict.engine.model.levels import Level
from verdict.messages import Join, Message
from verdict.render import i18n
from verdict.render.html_page import CSS, SCRIPT, explanation_html, whatif_html

from .decide import Decider, Decision, Heavy, Shared
from .library import Library
from .state import State, command, overlay_yaml, parse

PAGES_KEPT_BYTES = 16 * 1024 * 1024
"""The most bytes of pages a worker keeps, compressed (keyed by the content of their inputs and the
state)."""

PAGE_KEPT_BYTES = 2 * 1024 * 1024
"""A page larger than this, compressed, is not kept."""

PAGES_KEPT = 2048
"""The most pages a worker keeps; the least recently used go first."""

CACHE_HEADER = "X-Verdict-Cache"
"""The header saying whether a page was kept by its worker (``hit``) or made for the request (``miss``)."""

COUNTERFACTUALS_SHOWN = 24
"""Counterfactual sets offered as links on a case page (the first, in rank order)."""

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Job:
    """A request as a page sees it: the route, the case named in the path, the query's pairs."""

    route: str
    """``index``, ``case``, ``overlay`` or ``missing`` (a path that names nothing)."""
    name: str | None
    items: tuple[tuple[str, str], ...]
    path: str = "/"

    def lang(self) -> str:
        """The page's language: the query's ``lang`` when it is one, else English."""
        chosen = next((v.strip() for k, v in self.items if k == "lang"), "en")
        return chosen if chosen in i18n.LANGS else "en"


@dataclass(frozen=True)
class Reply:
    """A page: status, media type, body and headers; or, with ``heavy``, a job for the heavy queue."""

    status: int = 200
    media_type: str = HTML
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    heavy: bool = False
    compressed: bytes = b""
    """The body, gzip-compressed, for a page a worker keeps (``body`` is then empty)."""

    def text(self) -> str:
        """The body, decompressed if need be."""
        return gzip.decompress(self.compressed).decode("utf-8") if self.compressed else self.body


def message(said: Message, lang: str) -> str:
    """A one-line message of the web app's own, from the catalogue, in ``lang``."""
    return i18n.error(VerdictError(said), lang)


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


def _finding_rows(findings: list[dict[str, str]], levels: list[tuple[str, str]], lang: str) -> Markup:
    """The rows of the findings form: each finding's fact, id, and a level to set it to."""
    as_found = escape(i18n.word("as_found", lang) + i18n.colon(lang))
    rows = []
    for f in findings:
        fid, fact = escape(f["id"]), escape(f["fact"])
        options = "".join(
            f'<option value="{fid}={lid}"{" selected" if f["chosen"] == lid else ""}>{escape(name)}</option>'
            for lid, name in levels
        )
        rows.append(
            f"<tr><td><code>{fact}</code></td><td>{fid}</td>\n"
            f'        <td><select name="set" class="set" data-finding="{fid}" data-fact="{fact}" '
            f'aria-label="{fid}">\n          <option value="">{as_found}{escape(f["level"])}</option>\n'
            f"          {options}\n        </select></td></tr>"
        )
    return Markup("\n".join(rows))


class Site:
    """Every page of one library decided on one backend."""

    def __init__(self, library: Library, backend: Backend, shared: Shared | None = None) -> None:
        self.library = library
        self.decider = Decider(library, backend, shared)
        env = Environment(loader=PackageLoader("verdict.web", "templates"), autoescape=select_autoescape())
        self.env = env
        self.levels = [(lv.name_id, lv) for lv in Level]
        self._pages: OrderedDict[tuple[str, ...], Reply] = OrderedDict()
        self._pages_bytes = 0

    def _kept(self, key: tuple[str, ...]) -> Reply | None:
        """The page kept for ``key`` (marked a hit), or None."""
        reply = self._pages.get(key)
        if reply is None:
            return None
        self._pages.move_to_end(key)
        return Reply(reply.status, reply.media_type, "", {**reply.headers, CACHE_HEADER: "hit"}, False,
                     reply.compressed)

    def _keep(self, key: tuple[str, ...], reply: Reply) -> Reply:
        """Keep ``reply`` for ``key``, its body compressed, within the bounds; it is marked a miss."""
        compressed = gzip.compress(reply.body.encode("utf-8"), compresslevel=1, mtime=0)
        if len(compressed) > PAGE_KEPT_BYTES:
            return Reply(reply.status, reply.media_type, reply.body, {**reply.headers, CACHE_HEADER: "miss"})
        kept = Reply(reply.status, reply.media_type, "", reply.headers, False, compressed)
        self._pages[key] = kept
        self._pages_bytes += len(compressed)
        while self._pages_bytes > PAGES_KEPT_BYTES or len(self._pages) > PAGES_KEPT:
            _, old = self._pages.popitem(last=False)
            self._pages_bytes -= len(old.compressed)
        return Reply(reply.status, reply.media_type, "", {**reply.headers, CACHE_HEADER: "miss"}, False,
                     compressed)

    def _common(self, lang: str) -> dict[str, Any]:
        return {
            "lang": lang,
            "colon": i18n.colon(lang),
            "w": lambda key, **kw: i18n.word(key, lang).format(**kw) if kw else i18n.word(key, lang),
            "css": Markup(CSS),
            "script": Markup(SCRIPT),
        }

    def _render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)

    def error(self, status: int, line: str, lang: str, back: str = "/") -> Reply:
        """An error page: the one-line message, in the page's language, with a way back."""
        heading = i18n.WORDS[lang].get(f"status_{status}", i18n.word("status_400", lang))
        context = {
            **self._common(lang),
            "status": status,
            "heading": f"{status} — {heading}",
            "message": line,
            "back": back,
        }
        headers = {"X-Verdict-Error": line.encode("ascii", "backslashreplace").decode("ascii")}
        return Reply(status, HTML, self._render("error.html", context), headers)

    def respond(self, job: Job, light: bool = False) -> Reply:
        """The page for ``job``; with ``light``, a ``heavy`` reply if it needs heavy work."""
        lang = job.lang()
        self.decider.begin()
        try:
            if job.route == "index":
                return self._index(job)
            if job.route == "missing":
                return self.error(404, message(Message("web.nothing_at", path=job.path), lang), lang)
            try:
                entry = self.library.case(job.name or "")
            except VerdictError as err:
                return self.error(404, i18n.error(err, lang), lang)
            state = parse(job.items, self.library, entry)
            key = (job.route, entry.name, *self.decider.digests(entry, state), state.query())
            kept = self._kept(key)
            if kept is not None:
                return kept
            decision = self.decider.decide(entry, state, light)
            if job.route == "overlay":
                reply = Reply(
                    200,
                    "application/yaml",
                    overlay_yaml(decision.state, self.library, entry),
                    {"Content-Disposition": f'attachment; filename="{entry.name}_whatif.yaml"'},
                )
            else:
                reply = self._case(entry.name, decision)
            return self._keep(key, reply)
        except Heavy:
            return Reply(heavy=True)
        except VerdictError as err:
            back = f"/cases/{job.name}" if job.name in self.library.cases else "/"
            back += "?lang=fr" if lang == "fr" else ""
            return self.error(400, i18n.error(err, lang), lang, back)
        except Exception as err:  # a defect: one line on the console, a page for the user
            kind, said = type(err).__name__, " ".join(str(err).split())
            print(f"verdict serve: {job.path}: internal error: {kind}: {said}", file=sys.stderr, flush=True)
            return self.error(500, Message("shown.internal_web", kind=kind, message=said).text(lang), lang)

    def _index(self, job: Job) -> Reply:
        lang = job.lang()
        for key, value in job.items:
            if key != "lang":
                raise VerdictError(
                    Message("web.unknown_parameter", key=quoted(key), hint="", parameters=Join(["lang"]))
                )
            if value.strip() not in i18n.LANGS:
                langs = Join(i18n.LANGS, "join.or")
                raise VerdictError(Message("web.unknown_language", lang=quoted(value.strip()), langs=langs))
        cases = [
            {"name": e.name, "title": e.title(lang), "overlays": len(e.overlays), "shown": e.shown}
            for e in sorted(self.library.cases.values(), key=lambda e: e.title(lang).casefold())
        ]
        return Reply(body=self._render("index.html", {**self._common(lang), "cases": cases}))

    def _case(self, name: str, decision: Decision) -> Reply:
        entry = self.library.cases[name]
        state = decision.state
        lang = state.lang
        e = decision.explanation
        start = self.decider.start(entry, state.overlay, state.rules)
        chosen = {fid: level.name_id for fid, level in state.sets}
        with i18n.stage_words(e.stage.judgment):  # before judgment, no level reads «proven»
            findings = [
                {"id": f.id, "fact": f.fact, "level": i18n.level(f.level, lang),
                 "chosen": chosen.get(f.id, "")}
                for f in sorted(start.case.findings, key=lambda f: (f.fact or "", f.id))
                if f.fact
            ]
            levels = [(lid, i18n.level(lv, lang)) for lid, lv in self.levels]
        shown = {f["id"] for f in findings}
        whole_facts = [f"{fid}={level}" for fid, level in chosen.items() if fid not in shown]
        stages = [(s.id, s.title(lang)) for s in start.base.stages.values()]
        context = {
            **self._common(lang),
            "entry": entry,
            "state": state,
            "title": e.title(lang),
            "meta": f"{e.court(lang)}, {i18n.date(e.date, lang)}"
            + (f" — {e.decision(lang)}" if e.decision else ""),
            "explanation": Markup(explanation_html(e, lang, heading=False)),
            "difference": Markup(whatif_html(decision.whatif, lang)) if decision.whatif else None,
            "findings": findings,
            "finding_rows": _finding_rows(findings, levels, lang),
            "whole_facts": whole_facts,
            "levels": levels,
            "stages": stages,
            "overlays": [(oname, o.overlay.title(lang)) for oname, o in entry.overlays.items()],
            "laws": list(self.library.laws),
            "counterfactuals": _counterfactual_links(decision, state),
            "command": command(state, self.library, entry),
            "query": state.query(),
            "english": state.with_(lang="en").query(),
            "french": state.with_(lang="fr").query(),
            "reset": State(lang=lang).query(),
        }
        return Reply(body=self._render("case.html", context))
