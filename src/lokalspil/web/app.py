"""The web app: a Starlette app over the library, guarded as Jupyter guards its notebooks.

- **Host**: only `127.0.0.1:PORT` and `localhost:PORT` are served (400 otherwise), so a web page elsewhere cannot
  reach the workspace through DNS rebinding.
- **Token**: the address printed at start carries a random token. The first request with `?token=...` sets an
  HttpOnly, SameSite=Strict cookie and redirects to the clean address; any request without the cookie (or token)
  gets 403.
- **CSRF**: every form carries a hidden token made for this session; a POST without it, or with another, gets 403
  and nothing is stored.

The pages have a Jinja2 environment of their own rather than `lokalspil.templates.environment`: that one renders
the letters and the plan, reads the user's override folder first and is kept as a sandbox for templates a user
writes; these pages are ours, shipped in the package, and always HTML, so autoescape is on for every template.

Handlers are `async` and call the (synchronous) library inline: one user on one machine, one request at a time,
so the language and the history's command name, both process-wide settings, belong to the request in hand. The
workspace is opened per request (`workspace.connect`), so a command can run beside the web app.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from lokalspil.errors import LokalspilError
from lokalspil.messages import set_language, t
from lokalspil.web import (
    agenda,
    agreements,
    companies,
    company_changes,
    contacts,
    documents,
    guide,
    home,
    imports,
    openings,
    report,
)
from lokalspil.web.pages import Web, plain, render, see


class Guard:
    """The host check and the token, before any page (the pure ASGI middleware Starlette recommends)."""

    def __init__(self, app: ASGIApp, state: Web) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = self.state
        set_language(state.language)
        response: Response | None = None
        if not state.allows_host(request.headers.get("host", "")):
            response = plain(t("web.bad_host"), 400)
        elif (given := request.query_params.get("token")) is not None:
            if secrets.compare_digest(given, state.token):
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                response = see(request.url.path + ("?" + urlencode(rest) if rest else ""))
                response.set_cookie(state.cookie, state.token, httponly=True, samesite="strict", path="/")
            else:
                response = plain(t("web.denied"), 403)
        elif not secrets.compare_digest(request.cookies.get(state.cookie, ""), state.token):
            response = plain(t("web.denied"), 403)
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def refused(request: Request, exc: Exception) -> Response:
    """A LokalspilError a page did not catch itself: its sentence, as the command would say it."""
    return render(request, "error.html", status=400, message=str(exc))


async def stylesheet(request: Request) -> Response:
    from importlib.resources import files

    css = (files("lokalspil.web") / "static" / "style.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css")


def create_app(db_path: Path, token: str, language: str, port: int | None = None) -> Starlette:
    """The app for the workspace at `db_path`; `token` is the secret in the printed address."""
    state = Web(Path(db_path), token, language, port)
    routes = [
        Route("/static/style.css", stylesheet),
        *home.ROUTES,
        *companies.ROUTES,
        *company_changes.ROUTES,
        *agreements.ROUTES,
        *contacts.ROUTES,
        *openings.ROUTES,
        *imports.ROUTES,
        *guide.ROUTES,
        *agenda.ROUTES,
        *report.ROUTES,
        *documents.ROUTES,
    ]
    app = Starlette(routes=routes, exception_handlers={LokalspilError: refused})
    app.state.web = state
    app.add_middleware(Guard, state=state)
    return app
