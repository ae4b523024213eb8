"""The documents: the action plan as a PDF download (what `lokalspil plan -o plan.pdf` writes)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.web.pages import download, render, web


async def documents_page(request: Request) -> Response:
    return render(request, "documents.html")


async def plan_pdf(request: Request) -> Response:
    from lokalspil.documents import render_plan, write_rendered
    from lokalspil.paths import user_templates_dir

    path = web(request).db_path
    draft = request.query_params.get("draft") == "1"
    rendered = render_plan(path, "pdf", user_templates_dir(path), draft=draft)

    def write(file: Path) -> None:
        write_rendered([rendered], "pdf", file)

    return download("plan.pdf", "application/pdf", write)


ROUTES = [Route("/documents", documents_page), Route("/documents/plan.pdf", plan_pdf)]
