"""The home page: the workspace's status (as `lokalspil status` shows it) and the next follow-ups."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.web.pages import render, web

FOLLOW_UPS_SHOWN = 5


async def home_page(request: Request) -> Response:
    from lokalspil.agenda import agenda
    from lokalspil.overview import status_document, workspace_status
    from lokalspil.workspace import connect

    path = web(request).db_path
    status = workspace_status(path)
    with connect(path) as conn:
        coming = agenda(conn, days=None)[:FOLLOW_UPS_SHOWN]
    return render(request, "home.html", overview=status_document(status), guides=status.guides, items=coming)


ROUTES = [Route("/", home_page)]
