"""`lokalspil web`: the workspace in the browser, on this computer only."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from lokalspil.cli.settings import settings
from lokalspil.messages import t


def web_serve(
    ctx: typer.Context,
    port: Annotated[
        int | None,
        typer.Option(
            "--port", help=t("help.opt.web.port"), metavar="PORT", show_default=False, min=1, max=65535
        ),
    ] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=t("help.opt.web.no_browser"))] = False,
) -> None:
    from lokalspil import console
    from lokalspil.messages import get_language
    from lokalspil.web.server import serve

    def tell(
        text: str,
    ) -> None:  # the address whole on its own line (no wrapping), shown before serving starts
        console.print_raw(text)
        sys.stdout.flush()

    serve(settings(ctx).db_path, get_language(), port=port, open_browser=not no_browser, tell=tell)
    console.say(t("web.stopped"))
