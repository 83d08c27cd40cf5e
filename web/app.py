"""The web app of ``verdict serve``: HTTP in front of the worker processes that make the pages.

Each request is read into a ``Job`` (web/site.py) and answered by a worker of one of two
pools (web/workers.py): what-ifs go to the light pool; a request that needs heavy work (a
counterfactual search not yet made, a large case) is sent back by the light worker at once
and goes to the heavy pool, so heavy work never starves the what-ifs of other cases. A
request that passes ``timeout`` is cut with a 503 page and its worker killed and replaced.
When every queue that may take a request is full the answer is a 503 with ``Retry-After``.
The server keeps nothing between requests but the workers' caches, keyed by content, so
several servers behind a reverse proxy answer alike.

With ``workers=0`` the pages are made in the server's own process, one at a time and with
no deadline (for tests and the in-process bench).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from verdict.engine.decide.evaluate import Backend
from verdict.messages import Message

from .decide import Shared
from .library import Library
from .site import Job, Reply, Site, message
from .workers import Full, Lost, Pool

RETRY_AFTER = 2
"""Seconds a client told «busy» is asked to wait before it retries."""


def accepts_gzip(request: Request) -> bool:
    """Whether the client takes a gzip-compressed body (``Accept-Encoding``, a zero weight refusing it)."""
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, weight = part.partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            q = weight.strip().lower().removeprefix("q=")
            try:
                return not weight.strip() or float(q) > 0
            except ValueError:
                return False
    return False


def _response(reply: Reply, gzipped: bool = False) -> Response:
    """The HTTP response of a reply: a kept page as compressed as it is kept if the client takes it."""
    if not reply.compressed:
        return Response(reply.body, reply.status, headers=reply.headers, media_type=reply.media_type)
    headers = {**reply.headers, "Vary": "Accept-Encoding"}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
        return Response(reply.compressed, reply.status, headers=headers, media_type=reply.media_type)
    return Response(reply.text(), reply.status, headers=headers, media_type=reply.media_type)


def create_app(
    library: Library,
    backend: Backend,
    timeout: float = 10.0,
    workers: int = 0,
    heavy_workers: int | None = None,
    queue: int = 128,
    heavy_queue: int = 8,
) -> Starlette:
    """The app serving ``library`` on ``backend``: ``workers`` processes for what-ifs (none: in
    this process), ``heavy_workers`` for heavy work (half as many, at least one), each pool with
    a queue of at most ``queue`` / ``heavy_queue`` waiting requests; a request longer than
    ``timeout`` seconds is cut."""
    pools: dict[str, Pool] = {}
    local: list[Site] = []
    folder: list[Path] = []
    heavy_size = max(1, workers // 2) if heavy_workers is None else heavy_workers

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        shared = Path(tempfile.mkdtemp(prefix="verdict-serve-"))  # private: mode 0700
        folder.append(shared)
        try:
            if workers > 0:
                pools["light"] = Pool("light", workers, queue, library, backend, shared)
                pools["heavy"] = Pool("heavy", heavy_size, heavy_queue, library, backend, shared)
                app.state.pools = pools
                await asyncio.gather(*(p.start() for p in pools.values()))
            else:
                local.append(Site(library, backend, Shared(shared)))
            yield
        finally:
            for pool in pools.values():
                await pool.close()
            shutil.rmtree(shared, ignore_errors=True)

    def site() -> Site:
        if not local:  # no lifespan (a test client used without ``with``): make it now
            local.append(Site(library, backend, Shared(None)))
        return local[0]

    async def answer(job: Job, gzipped: bool) -> Response:
        lang = job.lang()
        if not pools:
            return _response(site().respond(job), gzipped)
        light, heavy = pools["light"], pools["heavy"]
        try:
            async with asyncio.timeout(timeout):
                try:
                    reply = await light.run(job, light=True)
                except Full:
                    reply = Reply(heavy=True)
                if reply.heavy:
                    reply = await heavy.run(job, light=False)
        except Full:
            line = message(Message("web.busy", seconds=RETRY_AFTER), lang)
            return _response(site_error(503, line, lang, {"Retry-After": str(RETRY_AFTER)}))
        except TimeoutError:
            return _response(
                site_error(503, message(Message("web.too_long", seconds=f"{timeout:g}"), lang), lang)
            )
        except Lost:
            return _response(site_error(500, message(Message("web.worker_lost"), lang), lang))
        return _response(reply, gzipped)

    def site_error(status: int, line: str, lang: str, headers: dict[str, str] | None = None) -> Reply:
        reply = site().error(status, line, lang)
        return Reply(reply.status, reply.media_type, reply.body, {**reply.headers, **(headers or {})})

    def job(request: Request, route: str) -> Job:
        name = request.path_params.get("name")
        return Job(route, name, tuple(request.query_params.multi_items()), request.url.path)

    async def index(request: Request) -> Response:
        return await answer(job(request, "index"), accepts_gzip(request))

    async def case_page(request: Request) -> Response:
        return await answer(job(request, "case"), accepts_gzip(request))

    async def overlay_file(request: Request) -> Response:
        return await answer(job(request, "overlay"), accepts_gzip(request))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        lang = job(request, "missing").lang()
        if status == 404:
            return _response(site().respond(job(request, "missing")))
        detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return _response(site_error(status, message(Message("web.status", said=str(detail)), lang), lang))

    async def defect(request: Request, exc: Exception) -> Response:
        kind, said = type(exc).__name__, " ".join(str(exc).split())
        lang = job(request, "missing").lang()
        return _response(
            site_error(500, Message("shown.internal_web", kind=kind, message=said).text(lang), lang)
        )

    routes = [
        Route("/", index),
        Route("/cases/{name}", case_page),
        Route("/cases/{name}/overlay.yaml", overlay_file),
    ]
    return Starlette(
        routes=routes, exception_handlers={HTTPException: not_found, Exception: defect}, lifespan=lifespan
    )
