"""The agenda: open follow-ups and agreement dates, overdue first, and the same as a calendar file."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.web.pages import download, render, web

DAYS = 14


async def agenda_page(request: Request) -> Response:
    from lokalspil.agenda import agenda
    from lokalspil.workspace import connect

    raw = request.query_params.get("days", str(DAYS)).strip()
    if not raw.isdigit():
        raise LokalspilError("web.agenda.bad_days", value=raw)
    days = int(raw)
    with connect(web(request).db_path) as conn:
        items = agenda(conn, days)
    return render(request, "agenda.html", items=items, days=days)


async def agenda_ics(request: Request) -> Response:
    from lokalspil.agenda import calendar_entries, workspace_key, write_ics
    from lokalspil.workspace import connect, read_workspace

    path = web(request).db_path
    with connect(path) as conn:
        # everything open, and what was done lately, as `agenda --ics` writes it
        items = calendar_entries(conn)
        workspace = read_workspace(conn, path)
        key = workspace_key(conn)
    area = workspace.area if workspace else ""
    return download("lokalspil.ics", "text/calendar", lambda file: write_ics(items, file, area, key))


ROUTES = [Route("/agenda", agenda_page), Route("/agenda.ics", agenda_ics)]
