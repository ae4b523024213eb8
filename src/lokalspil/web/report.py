"""The report: the area's indicators per period beside their targets, as `lokalspil report` counts them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.web.pages import render, web


async def report_page(request: Request) -> Response:
    from lokalspil.report import build_report, report_cells, report_range
    from lokalspil.workspace import connect

    raw = request.query_params.get("year", "").strip()
    if raw and not raw.isdigit():
        raise LokalspilError("web.report.bad_year", value=raw)
    by = request.query_params.get("by", "").strip() or None
    first, last, split = report_range(int(raw) if raw else None, None, None, by)
    with connect(web(request).db_path) as conn:
        report = build_report(conn, first, last, split)
    header, rows = report_cells(report)
    return render(request, "report.html", report=report, header=header, rows=rows, year=first.year, by=split)


ROUTES = [Route("/report", report_page)]
