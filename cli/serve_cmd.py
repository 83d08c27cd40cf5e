"""The ``serve`` command: the case library as a local web app. Its modules load only when it runs."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Annotated

import typer

from .shared import BackendOpt, app, backend_name


@app.command()
def serve(
    cases: Annotated[
        list[Path] | None,
        typer.Argument(help="Case files or folders to serve besides the bundled cases.", show_default=False),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)] = 8000,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Cut a request whose decision takes longer (seconds).", min=0.01),
    ] = 10.0,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Worker processes deciding what-ifs (default: the cores; 0: in this process, "
            "one at a time, with no time limit).",
            min=0,
            max=256,
            show_default=False,
        ),
    ] = None,
    backend: BackendOpt = None,
) -> None:
    """Serve the cases as a local web app: explanation, picture, and what-ifs in the browser.

    Open http://127.0.0.1:8000/ and pick a case; set findings, an overlay, a law variant, the
    stage or the language, and see the decision, the picture and what changed. Needs the
    web extra: pip install 'verdict[web]'. Examples:

      verdict serve

      verdict serve facts/my_case.yaml --port 8080

      verdict serve --host 0.0.0.0 --workers 4     (for a class: see docs/web.md)
    """
    from verdict.engine.errors import VerdictError

    try:
        import uvicorn

        from verdict.web.app import create_app
        from verdict.web.library import build
        from verdict.web.workers import cores
    except ImportError as err:
        from verdict.messages import Message

        raise VerdictError(Message("serve.needs_web", module=str(err.name))) from None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    from verdict.messages import Message

    from .language import help_lang

    lang = help_lang(sys.argv[1:])
    if not loopback:
        typer.echo(Message("notice.beyond_machine", host=host).text(lang), err=True)
    library = build(list(cases or []))
    count = cores() if workers is None else workers
    web = create_app(library, backend_name(backend), timeout, workers=count)  # type: ignore[arg-type]
    said = Message("notice.serving", n=len(library.cases), url=f"http://{host}:{port}/", workers=count)
    typer.echo(said.text(lang), err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
